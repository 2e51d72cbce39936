/**
 * Does one traffic mirror session count for its VPC? The checks run in order and the first that fails decides:
 * the filter (requireAcceptRule), then the target (verifyTarget), then, for a target in another VPC than the
 * source, the route from the source's subnet to it (mirror-path.ts, also under verifyTarget). Pure.
 */
import { filterAcceptsTraffic } from './filter-check';
import type { NetworkInterface, TrafficMirrorFilter, TrafficMirrorSession } from './inventory';
import { checkMirrorPath } from './mirror-path';
import type { PathInventory } from './path-inventory';
import type { RuleParameters } from './rule-definition';
import type { MirrorDestination, TargetIndex } from './target-check';
import { checkTarget } from './target-check';

export type SessionVerdict =
  | { readonly counts: true; readonly note?: string; readonly destination?: MirrorDestination }
  /**
   * `cause`: which check failed, so annotations can group sessions that fail the same way. A `path` reason names
   * the session itself (`tms-… → tmt-… (10.20.0.50): route table rtb-… of subnet-… has no route to it`).
   */
  | { readonly counts: false; readonly cause: 'filter' | 'target' | 'path'; readonly reason: string };

export interface SessionContext {
  readonly params: Pick<RuleParameters, 'requireAcceptRule' | 'verifyTarget'>;
  readonly filters: ReadonlyMap<string, TrafficMirrorFilter>;
  /** Required when params.verifyTarget is on. */
  readonly targets?: TargetIndex;
  /** The account evaluated: another account's target is not verified. */
  readonly accountId?: string;
  /** Required when a counted session's target sits in another VPC than its source (see pathReadQueryOf). */
  readonly path?: PathInventory;  /**
   * Owners of the VPCs shared into the account (sharedVpcOwners): a target in one of them has a transit gateway
   * attachment this account cannot see. Known for the VPCs the inventory lists (a sweep lists them all).
   */
  readonly vpcOwners?: ReadonlyMap<string, string>;
}

/** The filter and target checks: everything but the path, which needs the target's destination first. */
export function judgeSessionTarget(session: TrafficMirrorSession, source: NetworkInterface, context: SessionContext): SessionVerdict {
  const { params } = context;
  if (params.requireAcceptRule) {
    const filter = context.filters.get(session.trafficMirrorFilterId);
    if (!filterAcceptsTraffic(filter)) {
      const reason = `filter ${session.trafficMirrorFilterId}${filter === undefined ? ' not found' : ' accepts no traffic'}`;
      return { counts: false, cause: 'filter', reason };
    }
  }
  if (!params.verifyTarget) return { counts: true };
  if (context.targets === undefined) throw new Error('judgeSession: verifyTarget is on but no target inventory was read');
  const target = checkTarget(session.trafficMirrorTargetId, source, context.targets, context.accountId);
  if (!target.counts) return { counts: false, cause: 'target', reason: target.reason };
  return target;
}

/** Does the verdict send the traffic to another VPC than the source's, so the route to it must be checked? */
export const crossesVpcs = (verdict: SessionVerdict, source: NetworkInterface): boolean =>
  verdict.counts && verdict.destination !== undefined && verdict.destination.vpcId !== source.vpcId;

/** The verdict on a session whose source ENI is `source`. */
export function judgeSession(session: TrafficMirrorSession, source: NetworkInterface, context: SessionContext): SessionVerdict {
  const verdict = judgeSessionTarget(session, source, context);
  if (!verdict.counts || verdict.destination === undefined || !crossesVpcs(verdict, source)) return verdict;
  if (context.path === undefined) throw new Error('judgeSession: a target sits in another VPC but no route tables were read');
  const { destination } = verdict;
  const targetVpcOwner = context.vpcOwners?.get(destination.vpcId);
  const path = checkMirrorPath(
    {
      trafficMirrorSessionId: session.trafficMirrorSessionId,
      source: { networkInterfaceId: source.networkInterfaceId, vpcId: source.vpcId, ...(source.subnetId !== undefined ? { subnetId: source.subnetId } : {}) },
      target: {
        trafficMirrorTargetId: destination.trafficMirrorTargetId,
        vpcId: destination.vpcId,
        addresses: destination.addresses,
        ...(targetVpcOwner !== undefined ? { ownerId: targetVpcOwner } : {}),
      },
    },
    context.path,
  );
  if (!path.reachable) return { counts: false, cause: 'path', reason: path.reason };
  const notes = [verdict.note, path.note === undefined ? undefined : `route to ${destination.trafficMirrorTargetId}: ${path.note}`].filter(
    (n): n is string => n !== undefined,
  );
  return { ...verdict, ...(notes.length > 0 ? { note: notes.join('; ') } : {}) };
}
