/**
 * Carries out a plan: creates the target, filter (and its rules) and sessions it calls for, with the plan's
 * ClientTokens and tags. Sources EC2 cannot mirror are skipped, not fatal. Any other failure after something was
 * created deletes exactly what this run created, newest first, and rethrows the original error: from the user's
 * view a run either finishes or leaves nothing behind. Reused resources are never modified or deleted.
 */
import type { EC2Client, Tag, TagSpecification } from '@aws-sdk/client-ec2';
import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorFilterRuleCommand,
  CreateTrafficMirrorSessionCommand,
  CreateTrafficMirrorTargetCommand,
  DeleteTrafficMirrorFilterCommand,
  DeleteTrafficMirrorFilterRuleCommand,
  DeleteTrafficMirrorSessionCommand,
  DeleteTrafficMirrorTargetCommand,
  ModifyTrafficMirrorFilterNetworkServicesCommand,
} from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import { MANAGED_BY_TAG_KEY } from '../rule/rule-definition';
import type { Tags } from './inventory';
import type { CreateFilter, CreateSession, CreateTarget, RemediationPlan, SessionRef, SkippedSource } from './plan';
import {
  ENI_TARGET_SOURCES_LIMIT_LARGEST_SIZES,
  ENI_TARGET_SOURCES_LIMIT_MOST_SIZES,
  NETWORK_INTERFACE_NOT_SUPPORTED,
  isTrafficMirrorNotFound,
  SESSIONS_PER_INTERFACE_LIMIT_EXCEEDED,
  SOURCES_PER_TARGET_LIMIT_EXCEEDED,
} from './quotas';
import type { SourceSelection } from './request';

/** Sessions created at once in mode `all`: well inside EC2's mutating-call bucket, which adaptive retry rides out. */
export const SESSION_CREATE_CONCURRENCY = 5;

/** What a run did (or, in a dry run, would do). The runbook's output and the CLI's report. */
export interface RemediationResult {
  readonly vpcId: string;
  readonly dryRun: boolean;
  readonly sourceSelection: SourceSelection;
  /** null in a dry run that would create the target. */
  readonly targetId: string | null;
  /** null in a dry run that would create the filter. */
  readonly filterId: string | null;
  readonly sessions: readonly SessionRef[];
  /** IDs this run created, in creation order. */
  readonly created: readonly string[];
  /** IDs this run found and used as they were. */
  readonly reused: readonly string[];
  readonly skipped: readonly SkippedSource[];
  /** Dry run: what a real run would create. */
  readonly wouldCreate: readonly string[];
  readonly warnings: readonly string[];
}

/** No candidate source could be mirrored; what this run created was deleted. */
export class NoMirrorableSourceError extends Error {
  override readonly name = 'NoMirrorableSourceError';
}

/** The Lambda was about to run out of time; it stopped creating and deleted what it had created. */
export class OutOfTimeError extends Error {
  override readonly name = 'OutOfTimeError';
}

/**
 * Time kept back for the rollback: a fixed margin plus a delete's worth per resource created so far, so a run that
 * must stop still has the time to undo itself instead of being cut off half-built by the Lambda timeout.
 */
export const ROLLBACK_RESERVE_MS = 10_000;
export const ROLLBACK_MS_PER_RESOURCE = 250;

export interface ApplyOptions {
  /** Milliseconds left before the caller is stopped (the Lambda context's getRemainingTimeInMillis). */
  readonly remainingTimeMs?: () => number;
}

/** The target accepts no more sources; what this run created was deleted. */
export class TargetSourceLimitError extends Error {
  override readonly name = 'TargetSourceLimitError';
}

type Created = { readonly kind: 'target' | 'filter' | 'filterRule' | 'session'; readonly id: string };

export const errorCode = (e: unknown): string | undefined => {
  if (typeof e !== 'object' || e === null) return undefined;
  const { Code, name } = e as { Code?: unknown; name?: unknown };
  return typeof Code === 'string' ? Code : typeof name === 'string' ? name : undefined;
};
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

const tagSpecifications = (resourceType: TagSpecification['ResourceType'], tags: Tags): TagSpecification[] => [
  { ResourceType: resourceType, Tags: Object.entries(tags).map(([Key, Value]): Tag => ({ Key, Value })) },
];

async function createTarget(ec2: EC2Client, t: CreateTarget): Promise<string> {
  const resource =
    t.kind === 'networkInterface'
      ? { NetworkInterfaceId: t.resourceId }
      : t.kind === 'networkLoadBalancer'
        ? { NetworkLoadBalancerArn: t.resourceId }
        : { GatewayLoadBalancerEndpointId: t.resourceId };
  const out = await ec2.send(
    new CreateTrafficMirrorTargetCommand({
      ...resource,
      Description: t.description,
      TagSpecifications: tagSpecifications('traffic-mirror-target', t.tags),
      ClientToken: t.clientToken,
    }),
  );
  const id = out.TrafficMirrorTarget?.TrafficMirrorTargetId;
  if (!id) throw new Error('CreateTrafficMirrorTarget returned no TrafficMirrorTargetId');
  return id;
}

async function createFilter(ec2: EC2Client, f: CreateFilter, created: Created[]): Promise<string> {
  const out = await ec2.send(
    new CreateTrafficMirrorFilterCommand({
      Description: f.description,
      TagSpecifications: tagSpecifications('traffic-mirror-filter', f.tags),
      ClientToken: f.clientToken,
    }),
  );
  const filterId = out.TrafficMirrorFilter?.TrafficMirrorFilterId;
  if (!filterId) throw new Error('CreateTrafficMirrorFilter returned no TrafficMirrorFilterId');
  created.push({ kind: 'filter', id: filterId });
  for (const r of f.rules) {
    const rule = await ec2.send(
      new CreateTrafficMirrorFilterRuleCommand({
        TrafficMirrorFilterId: filterId,
        TrafficDirection: r.trafficDirection,
        RuleNumber: r.ruleNumber,
        RuleAction: r.ruleAction,
        SourceCidrBlock: r.sourceCidrBlock,
        DestinationCidrBlock: r.destinationCidrBlock,
        Description: r.description,
        TagSpecifications: tagSpecifications('traffic-mirror-filter-rule', f.tags),
        ClientToken: r.clientToken,
      }),
    );
    const ruleId = rule.TrafficMirrorFilterRule?.TrafficMirrorFilterRuleId;
    if (!ruleId) throw new Error('CreateTrafficMirrorFilterRule returned no TrafficMirrorFilterRuleId');
    created.push({ kind: 'filterRule', id: ruleId });
  }
  if (f.networkServices.length > 0) {
    // Only ever on the filter this run just created.
    await ec2.send(
      new ModifyTrafficMirrorFilterNetworkServicesCommand({ TrafficMirrorFilterId: filterId, AddNetworkServices: [...f.networkServices] }),
    );
  }
  return filterId;
}

async function createSession(ec2: EC2Client, s: CreateSession, targetId: string, filterId: string): Promise<string> {
  const out = await ec2.send(
    new CreateTrafficMirrorSessionCommand({
      NetworkInterfaceId: s.networkInterfaceId,
      TrafficMirrorTargetId: targetId,
      TrafficMirrorFilterId: filterId,
      SessionNumber: s.sessionNumber,
      ...(s.packetLength !== undefined ? { PacketLength: s.packetLength } : {}),
      ...(s.virtualNetworkId !== undefined ? { VirtualNetworkId: s.virtualNetworkId } : {}),
      Description: s.description,
      TagSpecifications: tagSpecifications('traffic-mirror-session', s.tags),
      ClientToken: s.clientToken,
    }),
  );
  const id = out.TrafficMirrorSession?.TrafficMirrorSessionId;
  if (!id) throw new Error('CreateTrafficMirrorSession returned no TrafficMirrorSessionId');
  return id;
}

/** Per-source refusals: the source is skipped and the next one tried. Anything else fails the run. */
function skipReason(e: unknown): string | undefined {
  const code = errorCode(e);
  if (code === NETWORK_INTERFACE_NOT_SUPPORTED) return `EC2 cannot mirror this ENI (${code}: ${messageOf(e)})`;
  if (code === SESSIONS_PER_INTERFACE_LIMIT_EXCEEDED) return `it reached AWS's limit of sessions per source ENI (${code})`;
  return undefined;
}

function explainLimit(e: unknown, targetId: string): Error {
  if (errorCode(e) !== SOURCES_PER_TARGET_LIMIT_EXCEEDED) return e as Error;
  return new TargetSourceLimitError(
    `Target ${targetId} accepts no more sources (${SOURCES_PER_TARGET_LIMIT_EXCEEDED}: ${messageOf(e)}). ` +
      `AWS allows ${ENI_TARGET_SOURCES_LIMIT_MOST_SIZES} sources per ENI target on most instance types and ` +
      `${ENI_TARGET_SOURCES_LIMIT_LARGEST_SIZES} on the largest ("Traffic Mirroring quotas"); Network Load Balancer ` +
      'and Gateway Load Balancer endpoint targets have no such limit. ' +
      'Nothing created by this run was kept.',
    { cause: e },
  );
}

interface SessionOutcome {
  readonly sessions: SessionRef[];
  readonly skipped: SkippedSource[];
}

async function createSessions(
  ec2: EC2Client,
  plan: RemediationPlan,
  targetId: string,
  filterId: string,
  created: Created[],
  checkTime: () => void,
): Promise<SessionOutcome> {
  const sessions: SessionRef[] = [];
  const skipped: SkippedSource[] = [];
  const attempt = async (s: CreateSession): Promise<boolean> => {
    checkTime();
    try {
      const sessionId = await createSession(ec2, s, targetId, filterId);
      created.push({ kind: 'session', id: sessionId });
      sessions.push({ sessionId, networkInterfaceId: s.networkInterfaceId });
      return true;
    } catch (e) {
      const reason = skipReason(e);
      if (reason === undefined) throw explainLimit(e, targetId);
      skipped.push({ networkInterfaceId: s.networkInterfaceId, reason });
      return false;
    }
  };
  if (plan.sourceSelection === 'one') {
    for (const s of plan.sessionsToCreate) if (await attempt(s)) break;
    return { sessions, skipped };
  }
  // Mode `all`: a bounded number in flight; after the first failure nothing new starts, and the ones in flight
  // settle before the rollback so that none is left behind.
  const limit = pLimit(SESSION_CREATE_CONCURRENCY);
  let failure: { error: unknown } | undefined;
  await Promise.all(
    plan.sessionsToCreate.map((s) =>
      limit(async () => {
        if (failure) return;
        try {
          await attempt(s);
        } catch (error) {
          failure ??= { error };
        }
      }),
    ),
  );
  if (failure) throw failure.error;
  const order = new Map(plan.sessionsToCreate.map((s, i) => [s.networkInterfaceId, i]));
  sessions.sort((a, b) => order.get(a.networkInterfaceId)! - order.get(b.networkInterfaceId)!);
  return { sessions, skipped };
}

async function deleteCreated(ec2: EC2Client, resource: Created): Promise<void> {
  switch (resource.kind) {
    case 'session':
      await ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: resource.id }));
      return;
    case 'filterRule':
      await ec2.send(new DeleteTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: resource.id }));
      return;
    case 'filter':
      await ec2.send(new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: resource.id }));
      return;
    case 'target':
      await ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: resource.id }));
      return;
  }
}

/**
 * Deletes what this run created, newest first (sessions before the filter and target they use). Every delete is
 * attempted; the ones that fail are returned so the error can name what is left.
 */
export async function rollBack(ec2: EC2Client, created: readonly Created[]): Promise<string[]> {
  const leftovers: string[] = [];
  for (const resource of [...created].reverse()) {
    try {
      await deleteCreated(ec2, resource);
    } catch (e) {
      if (!isTrafficMirrorNotFound(errorCode(e))) leftovers.push(`${resource.id} (${errorCode(e) ?? messageOf(e)})`);
    }
  }
  return leftovers;
}

function wouldCreate(plan: RemediationPlan): string[] {
  const out: string[] = [];
  if (plan.target.action === 'create') out.push(`traffic mirror target for ${plan.target.create.resourceId}`);
  if (plan.filter.action === 'create') {
    const f = plan.filter.create;
    out.push(
      `traffic mirror filter with ${f.rules.length} accept rules${f.networkServices.length > 0 ? ` and ${f.networkServices.join(', ')}` : ''}`,
    );
  }
  const [first, ...rest] = plan.sessionsToCreate;
  if (plan.sourceSelection === 'one' && first) {
    const fallback = rest.length > 0 ? ` (if EC2 cannot mirror it, the next of ${rest.length} other candidates)` : '';
    out.push(`traffic mirror session for ${first.networkInterfaceId}${fallback}`);
  } else {
    out.push(...plan.sessionsToCreate.map((s) => `traffic mirror session for ${s.networkInterfaceId}`));
  }
  return out;
}

function reusedIds(plan: RemediationPlan): string[] {
  return [
    ...(plan.target.action === 'reuse' ? [plan.target.trafficMirrorTargetId] : []),
    ...(plan.filter.action === 'reuse' ? [plan.filter.trafficMirrorFilterId] : []),
    ...plan.reusedSessions.map((s) => s.sessionId),
  ];
}

/** Applies the plan (or, with plan.dryRun, only reports what it would do). */
export async function applyPlan(ec2: EC2Client, plan: RemediationPlan, options: ApplyOptions = {}): Promise<RemediationResult> {
  const common = { vpcId: plan.vpcId, dryRun: plan.dryRun, sourceSelection: plan.sourceSelection, reused: reusedIds(plan), warnings: [...plan.warnings] };
  if (plan.dryRun) {
    return {
      ...common,
      targetId: plan.target.action === 'reuse' ? plan.target.trafficMirrorTargetId : null,
      filterId: plan.filter.action === 'reuse' ? plan.filter.trafficMirrorFilterId : null,
      sessions: [...plan.reusedSessions],
      created: [],
      skipped: [...plan.skipped],
      wouldCreate: wouldCreate(plan),
    };
  }

  const created: Created[] = [];
  const checkTime = () => {
    const remaining = options.remainingTimeMs?.();
    const reserve = ROLLBACK_RESERVE_MS + created.length * ROLLBACK_MS_PER_RESOURCE;
    if (remaining !== undefined && remaining < reserve) {
      throw new OutOfTimeError(
        `Stopped with ${Math.round(remaining / 1000)} s left, keeping time to delete the ${created.length} resource(s) this run ` +
          `created; nothing was kept. Mirror fewer sources per run (SourceSelection=one), or run again: sessions that exist are reused.`,
      );
    }
  };
  try {
    let targetId: string;
    if (plan.target.action === 'reuse') targetId = plan.target.trafficMirrorTargetId;
    else {
      checkTime();
      targetId = await createTarget(ec2, plan.target.create);
      created.push({ kind: 'target', id: targetId });
    }
    if (plan.filter.action === 'create') checkTime();
    const filterId = plan.filter.action === 'reuse' ? plan.filter.trafficMirrorFilterId : await createFilter(ec2, plan.filter.create, created);
    const outcome = await createSessions(ec2, plan, targetId, filterId, created, checkTime);
    const sessions = [...plan.reusedSessions, ...outcome.sessions];
    const skipped = [...plan.skipped, ...outcome.skipped].sort((a, b) => a.networkInterfaceId.localeCompare(b.networkInterfaceId));
    if (sessions.length === 0) {
      throw new NoMirrorableSourceError(
        `None of the ${plan.sessionsToCreate.length} candidate source(s) of ${plan.vpcId} could be mirrored: ` +
          `${outcome.skipped.map((s) => `${s.networkInterfaceId}: ${s.reason}`).join('; ')}. Nothing created by this run was kept.`,
      );
    }
    return { ...common, targetId, filterId, sessions, created: created.map((c) => c.id), skipped, wouldCreate: [] };
  } catch (error) {
    const leftovers = await rollBack(ec2, created);
    if (leftovers.length > 0 && error instanceof Error) {
      error.message += ` (rollback could not delete ${leftovers.join(', ')}: they are tagged ${MANAGED_BY_TAG_KEY}; delete them by hand)`;
    }
    throw error;
  }
}
