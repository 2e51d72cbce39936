/**
 * Does one traffic mirror session count for its VPC? The checks run in order and the first that fails decides:
 * the filter (requireAcceptRule), then the target (verifyTarget). A further check of where the traffic goes (the
 * route path to a target in another VPC) plugs in after the target check, with the source ENI and the target's
 * MirrorDestination at hand. Pure.
 */
import { filterAcceptsTraffic } from './filter-check';
import type { NetworkInterface, TrafficMirrorFilter, TrafficMirrorSession } from './inventory';
import type { RuleParameters } from './rule-definition';
import type { MirrorDestination, TargetIndex } from './target-check';
import { checkTarget } from './target-check';

export type SessionVerdict =
  | { readonly counts: true; readonly note?: string; readonly destination?: MirrorDestination }
  /** `cause`: which check failed, so annotations can group sessions that fail the same way. */
  | { readonly counts: false; readonly cause: 'filter' | 'target'; readonly reason: string };

export interface SessionContext {
  readonly params: Pick<RuleParameters, 'requireAcceptRule' | 'verifyTarget'>;
  readonly filters: ReadonlyMap<string, TrafficMirrorFilter>;
  /** Required when params.verifyTarget is on. */
  readonly targets?: TargetIndex;
  /** The account evaluated: another account's target is not verified. */
  readonly accountId?: string;
}

/** The verdict on a session whose source ENI is `source`. */
export function judgeSession(session: TrafficMirrorSession, source: NetworkInterface, context: SessionContext): SessionVerdict {
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
