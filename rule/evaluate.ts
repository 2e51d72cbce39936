/**
 * The rule's decision: a pure function of the inventory and the rule parameters. No SDK, no I/O.
 * The Lambda handler and the CLI both call evaluateVpcs, so they give the same verdict on the same data.
 */
import { annotateWithList, fitAnnotation } from './annotation';
import type {
  Evaluation,
  Inventory,
  NetworkInterface,
  TrafficMirrorFilter,
  TrafficMirrorSession,
  Vpc,
} from './inventory';
import { isInstanceInterface, sharedVpcOwners } from './inventory';
import type { RuleParameters } from './rule-definition';
import type { SessionContext, SessionVerdict } from './session-verdict';
import { judgeSession } from './session-verdict';
import { indexTargets } from './target-check';

export interface EvaluateOptions {
  /** Config's OrderingTimestamp for every evaluation produced. */
  readonly orderingTimestamp: Date;
  /**
   * The VPCs to report on. Absent: every VPC in the inventory. A listed VPC that the inventory does not hold
   * no longer exists and is reported NOT_APPLICABLE.
   */
  readonly vpcIds?: readonly string[];
  /**
   * The account being evaluated. A VPC another account owns and shares with it (AWS RAM) is NOT_APPLICABLE here:
   * its sessions live in the owner's account, which evaluates it. Absent: every VPC is evaluated.
   */
  readonly accountId?: string;
}

/** Indexes built once per call, so a sweep of V VPCs costs O(V + sessions + ENIs), not O(V × sessions). */
interface Index {
  readonly filters: ReadonlyMap<string, TrafficMirrorFilter>;
  /** Each VPC's sessions (by source ENI) with their source ENI. */
  readonly sessionsByVpc: ReadonlyMap<string, SourcedSession[]>;
  readonly instanceEnisByVpc: ReadonlyMap<string, NetworkInterface[]>;
}

interface SourcedSession {
  readonly session: TrafficMirrorSession;
  readonly source: NetworkInterface;
}

interface JudgedSession extends SourcedSession {
  readonly verdict: SessionVerdict;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildIndex(inventory: Inventory): Index {
  const enis = new Map<string, NetworkInterface>();
  const instanceEnisByVpc = new Map<string, NetworkInterface[]>();
  for (const eni of inventory.networkInterfaces) {
    enis.set(eni.networkInterfaceId, eni);
    if (isInstanceInterface(eni)) push(instanceEnisByVpc, eni.vpcId, eni);
  }
  const sessionsByVpc = new Map<string, SourcedSession[]>();
  const sorted = [...inventory.sessions].sort((a, b) => a.trafficMirrorSessionId.localeCompare(b.trafficMirrorSessionId));
  for (const session of sorted) {
    // A session whose source ENI no longer exists mirrors nothing: it belongs to no VPC.
    const source = enis.get(session.networkInterfaceId);
    if (source !== undefined) push(sessionsByVpc, source.vpcId, { session, source });
  }
  return {
    filters: new Map(inventory.filters.map((f) => [f.trafficMirrorFilterId, f])),
    sessionsByVpc,
    instanceEnisByVpc,
  };
}

function exemption(vpc: Vpc, params: RuleParameters): string | undefined {
  if (params.exemptTagKey !== undefined) {
    const value = vpc.tags[params.exemptTagKey];
    if (value !== undefined && (params.exemptTagValue === undefined || value === params.exemptTagValue)) {
      return `Exempt: the VPC is tagged ${params.exemptTagKey}=${value} (rule parameter exemptTagKey)`;
    }
  }
  if (params.ignoreDefaultVpc && vpc.isDefault) {
    return 'Default VPC, not evaluated because rule parameter ignoreDefaultVpc is true';
  }
  return undefined;
}

function describeSession(s: TrafficMirrorSession): string {
  return `${s.trafficMirrorSessionId} (source ${s.networkInterfaceId}, target ${s.trafficMirrorTargetId})`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const NO_SESSION = 'No traffic mirror session has a source ENI in this VPC';

function noCountingSession(judged: readonly JudgedSession[]): string {
  if (judged.length === 0) return NO_SESSION;
  const failures = judged.flatMap((j) => (j.verdict.counts ? [] : [{ id: j.session.trafficMirrorSessionId, verdict: j.verdict }]));
  if (failures.every((f) => f.verdict.cause === 'filter')) {
    const items = judged.map(({ session: s, verdict }) => {
      const missing = !verdict.counts && verdict.reason.endsWith('not found');
      return `${s.trafficMirrorSessionId} (filter ${s.trafficMirrorFilterId}${missing ? ' not found' : ''})`;
    });
    const prefix =
      judged.length === 1
        ? '1 session has its source in this VPC, but its filter accepts no traffic'
        : `${judged.length} sessions have their source in this VPC, but their filters accept no traffic`;
    return annotateWithList(`${prefix} (no accept rule, no amazon-dns): `, items);
  }
  const prefix =
    judged.length === 1
      ? '1 session has its source in this VPC, but no mirrored traffic can arrive: '
      : `${judged.length} sessions have their source in this VPC, but no mirrored traffic can arrive: `;
  const items = failures.map((f) => failureText(f.id, f.verdict));
  const listed = annotateWithList(prefix, items, undefined, '; ');
  const [first] = items;
  // A reason too long to follow the prefix (a route reason names a session, a target, a table and a subnet) says
  // more than a count of sessions: give it alone, each reason naming its session.
  if (first === undefined || listed.includes(first)) return listed;
  return items.length === 1 ? first : `${items.length} sessions cannot deliver, e.g. ${first}`;
}

/** "tms-…: why", except for a route failure, whose reason already reads "tms-… → tmt-… (address): …". */
function failureText(sessionId: string, verdict: Extract<SessionVerdict, { counts: false }>): string {
  return verdict.cause === 'path' ? verdict.reason : `${sessionId}: ${verdict.reason}`;
}

/**
 * The first target or route failure among these ENIs' sessions, to say why they are not mirrored although a session
 * exists. (A filter failure is left unsaid, as before verifyTarget existed, so verdicts without it read as they did.)
 */
function firstTargetFailureOf(judged: readonly JudgedSession[], eniIds: ReadonlySet<string>): string | undefined {
  for (const j of judged) {
    if (!j.verdict.counts && j.verdict.cause !== 'filter' && eniIds.has(j.source.networkInterfaceId)) {
      return failureText(j.session.trafficMirrorSessionId, j.verdict);
    }
  }
  return undefined;
}

function evaluateOne(vpc: Vpc, index: Index, params: RuleParameters, context: SessionContext, options: EvaluateOptions): Evaluation {
  const { orderingTimestamp } = options;
  const verdict = (compliance: Evaluation['compliance'], annotation: string): Evaluation => ({
    vpcId: vpc.vpcId,
    compliance,
    annotation: fitAnnotation(annotation),
    orderingTimestamp,
  });

  if (options.accountId !== undefined && vpc.ownerId !== undefined && vpc.ownerId !== options.accountId) {
    return verdict('NOT_APPLICABLE', `Shared with this account by ${vpc.ownerId}, which owns it and evaluates it`);
  }
  const exempt = exemption(vpc, params);
  if (exempt !== undefined) return verdict('NOT_APPLICABLE', exempt);

  const judged: JudgedSession[] = (index.sessionsByVpc.get(vpc.vpcId) ?? []).map((s) => ({
    ...s,
    verdict: judgeSession(s.session, s.source, context),
  }));
  const counting = judged.filter((j) => j.verdict.counts);
  const [first] = counting;
  if (first === undefined) return verdict('NON_COMPLIANT', noCountingSession(judged));
  const note = counting.flatMap((j) => (j.verdict.counts && j.verdict.note !== undefined ? [j.verdict.note] : []))[0];
  const withNote = (text: string) => (note === undefined ? text : `${text}; ${note}`);

  if (params.mode === 'any') {
    const more = counting.length > 1 ? ` and ${plural(counting.length - 1, 'more session', 'more sessions')}` : '';
    return verdict('COMPLIANT', withNote(`Mirrored by ${describeSession(first.session)}${more}`));
  }

  const mirrored = new Set(counting.map((j) => j.session.networkInterfaceId));
  const instanceEnis = index.instanceEnisByVpc.get(vpc.vpcId) ?? [];
  const notMirrored = instanceEnis
    .filter((eni) => !mirrored.has(eni.networkInterfaceId))
    .map((eni) => eni.networkInterfaceId)
    .sort();
  if (notMirrored.length > 0) {
    const why = firstTargetFailureOf(judged, new Set(notMirrored));
    return verdict(
      'NON_COMPLIANT',
      annotateWithList(
        `${notMirrored.length} of ${plural(instanceEnis.length, 'instance ENI is', 'instance ENIs are')} not mirrored` +
          `${why === undefined ? '' : ` (${why})`}: `,
        notMirrored,
      ),
    );
  }
  return verdict(
    'COMPLIANT',
    withNote(
      `All ${plural(instanceEnis.length, 'instance ENI is', 'instance ENIs are')} mirrored, e.g. by ${describeSession(first.session)}`,
    ),
  );
}

/** Evaluates each VPC: COMPLIANT, NON_COMPLIANT or NOT_APPLICABLE, with an annotation that says why. */
export function evaluateVpcs(inventory: Inventory, params: RuleParameters, options: EvaluateOptions): Evaluation[] {
  const index = buildIndex(inventory);
  if (params.verifyTarget && inventory.targets === undefined) {
    throw new Error('evaluateVpcs: rule parameter verifyTarget is on but the inventory holds no targets (read them first)');
  }
  const context: SessionContext = {
    params,
    filters: index.filters,
    ...(inventory.targets !== undefined ? { targets: indexTargets(inventory.targets) } : {}),
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
    ...(inventory.path !== undefined ? { path: inventory.path } : {}),
    vpcOwners: sharedVpcOwners(inventory.vpcs, options.accountId),
  };
  const { orderingTimestamp } = options;
  if (options.vpcIds === undefined) {
    return inventory.vpcs.map((vpc) => evaluateOne(vpc, index, params, context, options));
  }
  const vpcs = new Map(inventory.vpcs.map((v) => [v.vpcId, v]));
  return options.vpcIds.map((vpcId) => {
    const vpc = vpcs.get(vpcId);
    if (vpc === undefined) return notApplicable(vpcId, 'The VPC no longer exists', orderingTimestamp);
    return evaluateOne(vpc, index, params, context, options);
  });
}

/** A NOT_APPLICABLE verdict, for VPCs that were deleted or left the rule's scope. */
export function notApplicable(vpcId: string, annotation: string, orderingTimestamp: Date): Evaluation {
  return { vpcId, compliance: 'NOT_APPLICABLE', annotation: fitAnnotation(annotation), orderingTimestamp };
}

/**
 * NOT_APPLICABLE for every VPC that still holds an evaluation from this rule but is not among the VPCs just
 * evaluated (so it no longer exists): a deleted VPC must not stay NON_COMPLIANT forever.
 */
export function evaluateDeletedVpcs(
  previouslyEvaluatedVpcIds: readonly string[],
  current: readonly Evaluation[],
  orderingTimestamp: Date,
): Evaluation[] {
  const existing = new Set(current.map((e) => e.vpcId));
  return [...new Set(previouslyEvaluatedVpcIds)]
    .filter((id) => !existing.has(id))
    .map((id) => notApplicable(id, 'The VPC no longer exists', orderingTimestamp));
}

/** Counts of evaluations by compliance type, for logs and summaries. */
export function countByCompliance(evaluations: readonly Evaluation[]): Record<Evaluation['compliance'], number> {
  const counts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
  for (const e of evaluations) counts[e.compliance]++;
  return counts;
}
