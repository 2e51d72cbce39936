/**
 * The remediation's decision: a pure function of the inventory and the request. It checks the Conformity rule's
 * preconditions (target reachable from the VPC, VXLAN allowed into an ENI target), picks what to reuse and what to
 * create, and which ENIs can be sources. No SDK, no I/O: the CLI's `remediate` and the Lambda both call it.
 */
import type { TrafficMirrorNetworkService } from '@aws-sdk/client-ec2';
import { filterAcceptsTraffic } from '../rule/filter-check';
import { checkMirrorPath } from '../rule/mirror-path';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE, VPC_TAG_KEY } from '../rule/rule-definition';
import { clientToken } from './client-token';
import type {
  MirrorFilter,
  MirrorSession,
  MirrorTarget,
  RemediationInventory,
  RemediationNetworkInterface,
  Tags,
} from './inventory';
import { MAX_SESSIONS_PER_SOURCE_ENI } from './quotas';
import type { RemediationRequest, SourceSelection, TargetResourceKind, TargetSpec } from './request';
import { describeTarget, requestedResource } from './request';
import type { TargetIndex } from '../rule/target-check';
import { checkTarget, indexTargets } from '../rule/target-check';
import type { VxlanSource } from '../rule/vxlan-ingress';
import { checkVxlanIngress, describeVxlanBlock } from '../rule/vxlan-ingress';

/** Mode `one` tries at most this many sources (each refusal costs a mutating EC2 call). */
export const MAX_SOURCES_TRIED_FOR_ONE = 20;

export interface CreateTarget {
  readonly kind: TargetResourceKind;
  readonly resourceId: string;
  readonly clientToken: string;
  readonly description: string;
  readonly tags: Tags;
}

export interface CreateFilterRule {
  readonly trafficDirection: 'ingress' | 'egress';
  readonly ruleNumber: number;
  readonly ruleAction: 'accept';
  readonly sourceCidrBlock: string;
  readonly destinationCidrBlock: string;
  readonly description: string;
  readonly clientToken: string;
}

export interface CreateFilter {
  readonly clientToken: string;
  readonly description: string;
  readonly tags: Tags;
  readonly rules: readonly CreateFilterRule[];
  /** Added with ModifyTrafficMirrorFilterNetworkServices (CreateTrafficMirrorFilter takes none). */
  readonly networkServices: readonly TrafficMirrorNetworkService[];
}

export interface CreateSession {
  readonly networkInterfaceId: string;
  readonly sessionNumber: number;
  readonly packetLength?: number;
  readonly virtualNetworkId?: number;
  readonly clientToken: string;
  readonly description: string;
  readonly tags: Tags;
}

export interface SessionRef {
  readonly sessionId: string;
  readonly networkInterfaceId: string;
}

export interface SkippedSource {
  readonly networkInterfaceId: string;
  readonly reason: string;
}

export type TargetStep =
  | { readonly action: 'reuse'; readonly trafficMirrorTargetId: string }
  | { readonly action: 'create'; readonly create: CreateTarget };

export type FilterStep =
  | { readonly action: 'reuse'; readonly trafficMirrorFilterId: string }
  | { readonly action: 'create'; readonly create: CreateFilter };

export interface RemediationPlan {
  readonly vpcId: string;
  readonly sourceSelection: SourceSelection;
  readonly dryRun: boolean;
  readonly target: TargetStep;
  readonly filter: FilterStep;
  readonly reusedSessions: readonly SessionRef[];
  /**
   * Mode `one`: candidates in order of preference; the first one EC2 accepts is used, the rest are not tried.
   * Mode `all`: every session to create.
   */
  readonly sessionsToCreate: readonly CreateSession[];
  /** Candidate sources left out, with the reason. */
  readonly skipped: readonly SkippedSource[];
  /** Things the plan could not verify; the run goes on. */
  readonly warnings: readonly string[];
}

/** The request cannot be carried out safely; nothing was created. Each problem says what to fix. */
export class RemediationPreconditionError extends Error {
  override readonly name = 'RemediationPreconditionError';
  constructor(readonly problems: readonly string[]) {
    super(`Remediation not started, nothing was created: ${problems.join('; ')}`);
  }
}

const managedTags = (vpcId: string): Tags => ({ [MANAGED_BY_TAG_KEY]: MANAGED_BY_TAG_VALUE, [VPC_TAG_KEY]: vpcId });
const isManaged = (tags: Tags) => tags[MANAGED_BY_TAG_KEY] === MANAGED_BY_TAG_VALUE;

function targetPointsAt(t: MirrorTarget, resource: { kind: TargetResourceKind; id: string }): boolean {
  switch (resource.kind) {
    case 'networkInterface':
      return t.networkInterfaceId === resource.id;
    case 'networkLoadBalancer':
      return t.networkLoadBalancerArn === resource.id;
    case 'gatewayLoadBalancerEndpoint':
      return t.gatewayLoadBalancerEndpointId === resource.id;
  }
}

interface Decision<T> {
  readonly step?: T;
  readonly problems: string[];
  readonly warnings: string[];
}

function decideTarget(inv: RemediationInventory, req: RemediationRequest): Decision<TargetStep> & { key: string } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const resource = requestedResource(req.target);
  if (resource === undefined) {
    const id = (req.target as Extract<TargetSpec, { kind: 'existingTarget' }>).trafficMirrorTargetId;
    if (!inv.targets.some((t) => t.trafficMirrorTargetId === id)) {
      problems.push(`Traffic mirror target ${id} (TrafficMirrorTargetId) does not exist in this account-region`);
    }
    return { step: { action: 'reuse', trafficMirrorTargetId: id }, key: id, problems, warnings };
  }
  const key = `${resource.kind}:${resource.id}`;
  // Reuse whichever target already points at the resource: EC2 refuses a second one for the same ENI or NLB.
  const existing = [...inv.targets]
    .filter((t) => targetPointsAt(t, resource))
    .sort((a, b) => a.trafficMirrorTargetId.localeCompare(b.trafficMirrorTargetId))[0];
  if (existing) return { step: { action: 'reuse', trafficMirrorTargetId: existing.trafficMirrorTargetId }, key, problems, warnings };
  return {
    step: {
      action: 'create',
      create: {
        kind: resource.kind,
        resourceId: resource.id,
        clientToken: clientToken('target', req.runId, req.vpcId, resource.kind, resource.id),
        description: `vpc-mirroring-guard: mirror target for ${resource.id}`,
        tags: managedTags(req.vpcId),
      },
    },
    key,
    problems,
    warnings,
  };
}

/** Accept everything, both directions, IPv4 and IPv6: 4 of the 10 rules a filter may hold. */
const ACCEPT_ALL: readonly Omit<CreateFilterRule, 'clientToken' | 'description'>[] = [
  { trafficDirection: 'ingress', ruleNumber: 100, ruleAction: 'accept', sourceCidrBlock: '0.0.0.0/0', destinationCidrBlock: '0.0.0.0/0' },
  { trafficDirection: 'ingress', ruleNumber: 200, ruleAction: 'accept', sourceCidrBlock: '::/0', destinationCidrBlock: '::/0' },
  { trafficDirection: 'egress', ruleNumber: 100, ruleAction: 'accept', sourceCidrBlock: '0.0.0.0/0', destinationCidrBlock: '0.0.0.0/0' },
  { trafficDirection: 'egress', ruleNumber: 200, ruleAction: 'accept', sourceCidrBlock: '::/0', destinationCidrBlock: '::/0' },
];

const mirrorsDns = (f: MirrorFilter) => f.networkServices.includes('amazon-dns');

function decideFilter(inv: RemediationInventory, req: RemediationRequest): Decision<FilterStep> & { key: string } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (req.trafficMirrorFilterId !== undefined) {
    const id = req.trafficMirrorFilterId;
    const filter = inv.filters.find((f) => f.trafficMirrorFilterId === id);
    if (!filter) problems.push(`Traffic mirror filter ${id} (TrafficMirrorFilterId) does not exist in this account-region`);
    else if (!filterAcceptsTraffic(filter)) {
      warnings.push(
        `Filter ${id} has no accept rule and does not mirror amazon-dns: the sessions will mirror nothing and the rule ` +
          '(with requireAcceptRule) will keep the VPC NON_COMPLIANT',
      );
    }
    return { step: { action: 'reuse', trafficMirrorFilterId: id }, key: id, problems, warnings };
  }
  const key = `managed-filter:amazon-dns=${req.mirrorAmazonDns}`;
  const managed = inv.filters
    .filter((f) => isManaged(f.tags) && filterAcceptsTraffic(f) && mirrorsDns(f) === req.mirrorAmazonDns)
    .sort((a, b) => a.trafficMirrorFilterId.localeCompare(b.trafficMirrorFilterId))[0];
  if (managed) return { step: { action: 'reuse', trafficMirrorFilterId: managed.trafficMirrorFilterId }, key, problems, warnings };
  const token = clientToken('filter', req.runId, req.vpcId, req.mirrorAmazonDns);
  return {
    step: {
      action: 'create',
      create: {
        clientToken: token,
        description: `vpc-mirroring-guard: accept all traffic${req.mirrorAmazonDns ? ' and amazon-dns' : ''}`,
        tags: managedTags(req.vpcId),
        rules: ACCEPT_ALL.map((r) => ({
          ...r,
          description: `vpc-mirroring-guard: accept all ${r.trafficDirection} ${r.sourceCidrBlock === '::/0' ? 'IPv6' : 'IPv4'}`,
          clientToken: clientToken('filter-rule', token, r.trafficDirection, r.sourceCidrBlock),
        })),
        networkServices: req.mirrorAmazonDns ? ['amazon-dns'] : [],
      },
    },
    key,
    problems,
    warnings,
  };
}

/**
 * A target whose VPC this account cannot see (shared by another account?): the path to it is not checked. When the
 * VPC is visible, the path from each candidate source is (sourcesWithoutPath).
 */
function visibility(inv: RemediationInventory, target: string): Decision<never> {
  const resource = inv.targetResource;
  if (resource?.vpcId !== undefined) return { problems: [], warnings: [] };
  return {
    problems: [],
    warnings: [
      `The VPC of ${resource?.id ?? target} is not visible from this account (a target shared by another account?): ` +
        'whether it is reachable from the source VPC by VPC peering or a transit gateway was not checked',
    ],
  };
}

function targetResourceChecks(inv: RemediationInventory, req: RemediationRequest, target: string): Decision<never> {
  const resource = inv.targetResource;
  const requested = requestedResource(req.target);
  if (requested !== undefined && resource?.vpcId === undefined) {
    if (requested.kind === 'networkInterface') {
      return { problems: [`${target} (TargetNetworkInterfaceId) does not exist in this account-region`], warnings: [] };
    }
    if (requested.kind === 'gatewayLoadBalancerEndpoint') {
      return { problems: [`${target} (TargetGatewayLoadBalancerEndpointId) does not exist in this account-region`], warnings: [] };
    }
  }
  if (resource?.kind === 'networkInterface' && resource.interfaceType !== undefined && resource.interfaceType !== 'interface') {
    return {
      problems: [`${target} is of type ${resource.interfaceType}: only ENIs of type interface can be traffic mirror targets`],
      warnings: [],
    };
  }
  return visibility(inv, target);
}

interface SourceVerdict {
  readonly eni: RemediationNetworkInterface;
  readonly reuse?: MirrorSession;
  readonly skip?: string;
}

function byPreference(a: RemediationNetworkInterface, b: RemediationNetworkInterface): number {
  // ENIs attached to instances first: they carry the workload the rule wants mirrored.
  const attached = Number(b.instanceId !== undefined) - Number(a.instanceId !== undefined);
  return attached !== 0 ? attached : a.networkInterfaceId.localeCompare(b.networkInterfaceId);
}

function judgeSources(
  inv: RemediationInventory,
  req: RemediationRequest,
  target: TargetStep,
  filter: FilterStep,
): SourceVerdict[] {
  const targetEnis = new Set(inv.targets.flatMap((t) => (t.networkInterfaceId ? [t.networkInterfaceId] : [])));
  if (inv.targetResource?.kind === 'networkInterface') targetEnis.add(inv.targetResource.id);
  const sessionsBySource = new Map<string, MirrorSession[]>();
  for (const s of inv.sessions) sessionsBySource.set(s.networkInterfaceId, [...(sessionsBySource.get(s.networkInterfaceId) ?? []), s]);
  const targetId = target.action === 'reuse' ? target.trafficMirrorTargetId : undefined;
  const filterId = filter.action === 'reuse' ? filter.trafficMirrorFilterId : undefined;

  return inv.networkInterfaces
    .filter((eni) => eni.vpcId === req.vpcId && eni.status === 'in-use' && eni.interfaceType === 'interface')
    .sort(byPreference)
    .map((eni): SourceVerdict => {
      const id = eni.networkInterfaceId;
      if (targetEnis.has(id)) {
        return { eni, skip: 'it is a traffic mirror target, and EC2 does not let an ENI be both source and target' };
      }
      const existing = (sessionsBySource.get(id) ?? []).sort((a, b) => a.trafficMirrorSessionId.localeCompare(b.trafficMirrorSessionId));
      const same = existing.find((s) => s.trafficMirrorTargetId === targetId && s.trafficMirrorFilterId === filterId);
      if (same) return { eni, reuse: same };
      const sameTarget = existing.find((s) => s.trafficMirrorTargetId === targetId);
      if (sameTarget) {
        return {
          eni,
          skip: `already mirrored to ${targetId} by ${sameTarget.trafficMirrorSessionId} with filter ${sameTarget.trafficMirrorFilterId}`,
        };
      }
      if (existing.length >= MAX_SESSIONS_PER_SOURCE_ENI) {
        return {
          eni,
          skip: `it already has ${existing.length} sessions, AWS's limit per source ENI (${existing.map((s) => s.trafficMirrorSessionId).join(', ')})`,
        };
      }
      const numbered = existing.find((s) => s.sessionNumber === req.sessionNumber);
      if (numbered) {
        return { eni, skip: `session number ${req.sessionNumber} is already used on it by ${numbered.trafficMirrorSessionId}` };
      }
      return { eni };
    });
}

interface Unroutable {
  readonly eni: RemediationNetworkInterface;
  readonly reason: string;
  readonly routeTableId?: string;
}

/**
 * Candidate sources whose subnet has no usable route to a target in another VPC (the Conformity rule's "route table
 * entry for the traffic mirror target"), by the check the rule uses, so the two cannot disagree.
 */
function sourcesWithoutPath(
  inv: RemediationInventory,
  req: RemediationRequest,
  target: TargetStep,
  candidates: readonly RemediationNetworkInterface[],
): Unroutable[] {
  const resource = inv.targetResource;
  if (resource?.vpcId === undefined || resource.vpcId === req.vpcId) return [];
  const targetVpc = resource.vpcId;
  return candidates.flatMap((eni): Unroutable[] => {
    const verdict = checkMirrorPath(
      {
        source: { networkInterfaceId: eni.networkInterfaceId, vpcId: eni.vpcId, ...(eni.subnetId !== undefined ? { subnetId: eni.subnetId } : {}) },
        target: {
          ...(target.action === 'reuse' ? { trafficMirrorTargetId: target.trafficMirrorTargetId } : {}),
          resourceId: resource.id,
          vpcId: targetVpc,
          addresses: resource.addresses ?? [],
        },
      },
      inv.path,
    );
    if (verdict.reachable) return [];
    return [{ eni, reason: verdict.reason, ...(verdict.routeTableId !== undefined ? { routeTableId: verdict.routeTableId } : {}) }];
  });
}

/** No candidate source can reach the target: name the route tables to fix, and why, once per table. */
function noRouteProblems(req: RemediationRequest, target: string, unroutable: readonly Unroutable[]): string[] {
  const byTable = new Map<string, Unroutable[]>();
  for (const u of unroutable) {
    const key = u.routeTableId ?? '';
    byTable.set(key, [...(byTable.get(key) ?? []), u]);
  }
  const tables = [...byTable.keys()].filter((t) => t !== '');
  const head =
    `No candidate source of ${req.vpcId} has a route to ${target}` +
    (tables.length > 0 ? `: add one to route table(s) ${tables.join(', ')}` : '');
  const details = [...byTable.values()].map((list) => {
    const others = list.length > 1 ? ` (and the same for ${list.length - 1} other source(s))` : '';
    return `${list[0]!.reason}${others}`;
  });
  return [head, ...details];
}

const vxlanSource = (eni: RemediationNetworkInterface): VxlanSource => ({
  networkInterfaceId: eni.networkInterfaceId,
  securityGroupIds: eni.securityGroupIds,
  ...(eni.privateIpAddress !== undefined ? { privateIpAddress: eni.privateIpAddress } : {}),
});

function createSession(req: RemediationRequest, eni: RemediationNetworkInterface, targetKey: string, filterKey: string): CreateSession {
  return {
    networkInterfaceId: eni.networkInterfaceId,
    sessionNumber: req.sessionNumber,
    ...(req.packetLength !== undefined ? { packetLength: req.packetLength } : {}),
    ...(req.virtualNetworkId !== undefined ? { virtualNetworkId: req.virtualNetworkId } : {}),
    clientToken: clientToken(
      'session',
      req.runId,
      req.vpcId,
      eni.networkInterfaceId,
      targetKey,
      filterKey,
      req.sessionNumber,
      req.packetLength,
      req.virtualNetworkId,
    ),
    description: `vpc-mirroring-guard: mirrors ${eni.networkInterfaceId} of ${req.vpcId}`,
    tags: managedTags(req.vpcId),
  };
}

/** The rule's target index of the existing target the plan reuses, when it was read. */
function reusedTargetIndex(inv: RemediationInventory, target: TargetStep): TargetIndex | undefined {
  return target.action === 'reuse' && inv.existingTargets !== undefined ? indexTargets(inv.existingTargets) : undefined;
}

/**
 * An existing target that cannot receive mirrored traffic for any candidate source (gone, its resource deleted or not
 * in use, its NLB without a UDP 4789 listener, its endpoint not available, or VXLAN blocked from every source) is
 * refused, as the rule would not count its sessions: nothing is created. Checked before "already mirrored" too.
 */
function refuseTargetThatCannotReceive(inv: RemediationInventory, req: RemediationRequest, target: TargetStep): void {
  const index = reusedTargetIndex(inv, target);
  if (index === undefined || target.action !== 'reuse') return;
  const candidates = inv.networkInterfaces.filter((eni) => eni.vpcId === req.vpcId && eni.status === 'in-use' && eni.interfaceType === 'interface');
  const verdicts = candidates.map((eni) => checkTarget(target.trafficMirrorTargetId, eni, index, inv.accountId));
  if (verdicts.length === 0 || verdicts.some((v) => v.counts)) return;
  const reasons = [...new Set(verdicts.flatMap((v) => (v.counts ? [] : [v.reason])))];
  throw new RemediationPreconditionError([
    `Traffic mirror target ${target.trafficMirrorTargetId} cannot receive the mirrored traffic, so it is not reused: ${reasons[0]}` +
      (reasons.length > 1 ? ` (and ${reasons.length - 1} other reason(s) for other sources)` : ''),
  ]);
}

/**
 * Why a candidate source cannot mirror to the target, or undefined when it can; undefined altogether when nothing
 * is known to check. A reused target gets the rule's whole target check (security groups and network ACL included);
 * an ENI target about to be created, its security groups' VXLAN ingress.
 */
function sourceBlocker(
  inv: RemediationInventory,
  target: TargetStep,
  warnings: string[],
): ((eni: RemediationNetworkInterface) => string | undefined) | undefined {
  const index = reusedTargetIndex(inv, target);
  if (index !== undefined && target.action === 'reuse') {
    return (eni) => {
      const verdict = checkTarget(target.trafficMirrorTargetId, eni, index, inv.accountId);
      if (!verdict.counts) return `${eni.networkInterfaceId} cannot mirror to ${verdict.reason}`;
      if (verdict.note !== undefined && !warnings.includes(verdict.note)) warnings.push(verdict.note);
      return undefined;
    };
  }
  const resource = inv.targetResource;
  if (resource?.kind !== 'networkInterface' || resource.securityGroups === undefined) return undefined;
  const groups = resource.securityGroups;
  return (eni) => {
    const verdict = checkVxlanIngress(groups, vxlanSource(eni));
    if (!verdict.allowed) return describeVxlanBlock(verdict, resource.id, vxlanSource(eni));
    if (verdict.prefixListIds !== undefined) {
      const note = `${verdict.groupId} admits VXLAN by prefix list ${verdict.prefixListIds.join(', ')}, whose entries were not checked`;
      if (!warnings.includes(note)) warnings.push(note);
    }
    return undefined;
  };
}

/**
 * Decides what to reuse, what to create and which sources to use. Throws RemediationPreconditionError, naming each
 * problem, when the request cannot be carried out safely; the plan it returns is safe to apply.
 */
export function planRemediation(inv: RemediationInventory, req: RemediationRequest): RemediationPlan {
  if (inv.vpc === undefined || inv.vpc.vpcId !== req.vpcId) {
    throw new RemediationPreconditionError([`VPC ${req.vpcId} (VpcId) does not exist in this account-region`]);
  }
  const targetName = describeTarget(req.target);
  const target = decideTarget(inv, req);
  const filter = decideFilter(inv, req);
  const checks = targetResourceChecks(inv, req, targetName);
  const problems = [...target.problems, ...filter.problems, ...checks.problems];
  const warnings = [...target.warnings, ...filter.warnings, ...checks.warnings];
  if (problems.length > 0) throw new RemediationPreconditionError(problems);
  const targetStep = target.step!;
  const filterStep = filter.step!;

  refuseTargetThatCannotReceive(inv, req, targetStep);
  const verdicts = judgeSources(inv, req, targetStep, filterStep);
  const reusable = verdicts.flatMap((v) => (v.reuse ? [{ sessionId: v.reuse.trafficMirrorSessionId, networkInterfaceId: v.eni.networkInterfaceId }] : []));
  const base = { vpcId: req.vpcId, sourceSelection: req.sourceSelection, dryRun: req.dryRun, target: targetStep, filter: filterStep };

  if (req.sourceSelection === 'one' && reusable.length > 0) {
    // Already done: the same target and filter mirror a source of this VPC.
    return { ...base, reusedSessions: reusable.slice(0, 1), sessionsToCreate: [], skipped: [], warnings };
  }

  const skipped: SkippedSource[] = verdicts.flatMap((v) => (v.skip ? [{ networkInterfaceId: v.eni.networkInterfaceId, reason: v.skip }] : []));
  let eligible = verdicts.filter((v) => !v.skip && !v.reuse).map((v) => v.eni);

  const unroutable = sourcesWithoutPath(inv, req, targetStep, eligible);
  if (unroutable.length > 0) {
    eligible = eligible.filter((eni) => !unroutable.some((u) => u.eni === eni));
    if (eligible.length === 0 && reusable.length === 0) throw new RemediationPreconditionError(noRouteProblems(req, targetName, unroutable));
    skipped.push(...unroutable.map((u) => ({ networkInterfaceId: u.eni.networkInterfaceId, reason: u.reason })));
  }

  const blockedBy = sourceBlocker(inv, targetStep, warnings);
  if (blockedBy !== undefined && eligible.length > 0) {
    const blocked = eligible.flatMap((eni) => {
      const message = blockedBy(eni);
      return message === undefined ? [] : [{ eni, message }];
    });
    const allowed = eligible.filter((eni) => !blocked.some((b) => b.eni === eni));
    if (req.sourceSelection === 'all' && blocked.length > 0) {
      throw new RemediationPreconditionError([...new Set(blocked.map((b) => b.message))]);
    }
    if (allowed.length === 0) {
      const others = blocked.length > 1 ? ` (and the same for the ${blocked.length - 1} other candidate source(s))` : '';
      throw new RemediationPreconditionError([`${blocked[0]!.message}${others}`]);
    }
    skipped.push(...blocked.map((b) => ({ networkInterfaceId: b.eni.networkInterfaceId, reason: b.message })));
    eligible = allowed;
  }

  if (eligible.length === 0 && reusable.length === 0) {
    const why = skipped.length === 0 ? 'it has no in-use ENI of type interface' : `every candidate is excluded: ${skipped.map((s) => `${s.networkInterfaceId}: ${s.reason}`).join('; ')}`;
    throw new RemediationPreconditionError([`No ENI of ${req.vpcId} can be a traffic mirror source: ${why}`]);
  }
  const chosen = req.sourceSelection === 'one' ? eligible.slice(0, MAX_SOURCES_TRIED_FOR_ONE) : eligible;
  return {
    ...base,
    reusedSessions: reusable,
    sessionsToCreate: chosen.map((eni) => createSession(req, eni, target.key, filter.key)),
    skipped: skipped.sort((a, b) => a.networkInterfaceId.localeCompare(b.networkInterfaceId)),
    warnings,
  };
}
