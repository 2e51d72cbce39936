/**
 * The evaluations the benchmark measures, shared with the smoke test in `npm test` so both run the same events
 * against the same Config state and hold them to the same API budgets:
 * - a scheduled sweep of the region, Config holding the previous sweep's evaluation of every VPC plus a few VPCs
 *   that no longer exist (the steady state: GetComplianceDetailsByConfigRule pages are paid for as in production);
 * - a change to one VPC (AWS::EC2::VPC configuration item);
 * - a change to one traffic mirror session (re-evaluates the VPC of its source ENI);
 * each in mode `any` and mode `all`. The events have AWS's documented shapes (test/support/config-events.ts).
 */
import { EC2_FILTER_VALUES_LIMIT, EC2_PAGE_SIZE } from '../rule/ec2-reads';
import { ELBV2_ARNS_PER_CALL } from '../rule/elbv2-reads';
import { COMPLIANCE_DETAILS_PAGE_SIZE, PUT_EVALUATIONS_BATCH_SIZE } from '../rule/config-reports';
import type { RuleMode } from '../rule/rule-definition';
import { RULE_MODES, RULE_NAME, toInputParameters } from '../rule/rule-definition';
import { scheduledEvent, sessionChange, vpcChange } from '../test/support/config-events';
import type { FakeAws, FakeNetworkInterface, FakeRegion, SeedEvaluation } from '../test/support/fake-aws';
import { PATH_CALLS_PER_VPC, pathCalls } from '../test/support/path-budget';

export type ScenarioKind = 'sweep' | 'vpcChange' | 'sessionChange';

export const SCENARIO_LABELS: Readonly<Record<ScenarioKind, string>> = {
  sweep: 'scheduled sweep',
  vpcChange: 'VPC change',
  sessionChange: 'session change',
};

export interface Scenario {
  readonly kind: ScenarioKind;
  readonly mode: RuleMode;
  readonly event: unknown;
  /** The VPC a change event evaluates (absent for sweeps). */
  readonly vpcId?: string;
}

/** When the sweep's scheduled notification was created, and when the changed items were captured (after it). */
export const SWEEP_NOTIFICATION_TIME = '2026-11-21T00:00:00.373Z';
export const CHANGE_CAPTURE_TIME = '2026-11-21T06:00:00.000Z';

/**
 * Mode `any` and mode `all` are two Config rules of the same account-region (a rule's parameters are fixed),
 * so each has its own name and its own previous evaluations.
 */
export const configRuleNameFor = (mode: RuleMode): string => (mode === 'any' ? RULE_NAME : `${RULE_NAME}-all`);

/** IDs of VPCs that hold an evaluation from the previous sweep but have been deleted since. */
export const staleVpcIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `vpc-0de1e7ed${i.toString(16).padStart(9, '0')}`);

const isInstanceEni = (n: FakeNetworkInterface) => n.Status === 'in-use' && n.InterfaceType === 'interface' && n.InstanceId !== undefined;

/**
 * The VPCs a sweep finds COMPLIANT, by the rule's definition written out here rather than taken from
 * rule/evaluate.ts, for the generated inventories (every session's filter accepts traffic): mode `any`, a session's
 * source ENI is in the VPC; mode `all`, also every instance ENI of the VPC is a session source.
 */
export function compliantVpcIds(inventory: FakeRegion, mode: RuleMode): Set<string> {
  const sources = new Set(inventory.sessions.map((s) => s.NetworkInterfaceId));
  const mirrored = new Set(inventory.networkInterfaces.filter((n) => sources.has(n.NetworkInterfaceId)).map((n) => n.VpcId));
  if (mode === 'any') return mirrored;
  const unmirroredInstanceEni = new Set(
    inventory.networkInterfaces.filter((n) => isInstanceEni(n) && !sources.has(n.NetworkInterfaceId)).map((n) => n.VpcId),
  );
  return new Set([...mirrored].filter((vpcId) => !unmirroredInstanceEni.has(vpcId)));
}

/**
 * Config's state after the previous sweep of this mode's rule (the steady state): COMPLIANT where the rule finds a
 * VPC compliant in that mode, the rest and `stale` deleted VPCs NON_COMPLIANT, so the clean-up listings page through
 * each verdict as they would in production. Seeding the sweep's own verdicts also keeps the listing's page count
 * independent of timing: the sweep reports while it lists, and a verdict that changed type mid-listing could move
 * into the page range of the other listing.
 */
export function previousSweepEvaluations(inventory: FakeRegion, stale: number, mode: RuleMode): SeedEvaluation[] {
  const compliant = compliantVpcIds(inventory, mode);
  return [
    ...inventory.vpcs.map((v): SeedEvaluation =>
      compliant.has(v.VpcId)
        ? { resourceId: v.VpcId, complianceType: 'COMPLIANT', annotation: 'Mirrored' }
        : { resourceId: v.VpcId, complianceType: 'NON_COMPLIANT', annotation: 'No traffic mirror session has a source ENI in this VPC' },
    ),
    ...staleVpcIds(stale).map((resourceId): SeedEvaluation => ({
      resourceId,
      complianceType: 'NON_COMPLIANT',
      annotation: 'No traffic mirror session has a source ENI in this VPC',
    })),
  ];
}

export function seedPreviousSweep(fake: FakeAws, region: string, inventory: FakeRegion, mode: RuleMode, stale: number): void {
  fake.seedEvaluations(region, configRuleNameFor(mode), previousSweepEvaluations(inventory, stale, mode));
}

export interface ChangedResources {
  /** The VPC of the `vpcChange` scenario: a typical one, neither the default VPC nor mirrored (most VPCs of a large estate). */
  readonly vpcId: string;
  /** The session of the `sessionChange` scenario, its source ENI, and that ENI's VPC (the VPC it re-evaluates). */
  readonly session: { readonly sessionId: string; readonly networkInterfaceId: string; readonly vpcId: string };
}

export function changedResources(inventory: FakeRegion): ChangedResources {
  const session = inventory.sessions[0];
  const eni = inventory.networkInterfaces.find((n) => n.NetworkInterfaceId === session?.NetworkInterfaceId);
  if (session === undefined || eni === undefined) throw new Error('The inventory needs a session whose source ENI exists');
  const sources = new Set(inventory.sessions.map((s) => s.NetworkInterfaceId));
  const mirroredVpcs = new Set(inventory.networkInterfaces.filter((n) => sources.has(n.NetworkInterfaceId)).map((n) => n.VpcId));
  const unmirrored = inventory.vpcs.find((v) => !v.IsDefault && !mirroredVpcs.has(v.VpcId));
  if (unmirrored === undefined) throw new Error('The inventory needs a VPC that no session mirrors');
  return {
    vpcId: unmirrored.VpcId,
    session: { sessionId: session.TrafficMirrorSessionId, networkInterfaceId: eni.NetworkInterfaceId, vpcId: eni.VpcId },
  };
}

/** Every scenario of one inventory: sweep, VPC change and session change, in each mode. */
export function scenariosFor(fake: FakeAws, inventory: FakeRegion): Scenario[] {
  const changed = changedResources(inventory);
  return RULE_MODES.flatMap((mode) => {
    const configRuleName = configRuleNameFor(mode);
    const common = { ruleParameters: toInputParameters({ mode }), resultToken: fake.resultToken(configRuleName), configRuleName };
    const change = { ...common, captureTime: CHANGE_CAPTURE_TIME };
    return [
      { kind: 'sweep', mode, event: scheduledEvent({ ...common, notificationCreationTime: SWEEP_NOTIFICATION_TIME }) },
      { kind: 'vpcChange', mode, vpcId: changed.vpcId, event: vpcChange(changed.vpcId, change) },
      {
        kind: 'sessionChange',
        mode,
        vpcId: changed.session.vpcId,
        event: sessionChange(changed.session.sessionId, changed.session.networkInterfaceId, change),
      },
    ] satisfies Scenario[];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// API budgets (issue 2, "API budget"; issue 11 for targets), per operation, for the default parameters
// (requireAcceptRule and verifyTarget on).

const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));

export type CallBudget = Record<string, number>;

/**
 * The DescribeNetworkInterfaces listings a mode `all` sweep adds to the lookups by ID (rule/read-inventory.ts): one
 * listing per 200 VPCs holding a source, each a page per 1000 of its in-use `interface` ENIs. How the VPCs fall into
 * batches is the reader's business, so this is the bound that holds for any split: a page per batch plus one per
 * full 1000 ENIs.
 */
export function modeAllListingCalls(inventory: FakeRegion): number {
  const sources = new Set(inventory.sessions.map((s) => s.NetworkInterfaceId));
  const sourceVpcs = new Set(inventory.networkInterfaces.filter((n) => sources.has(n.NetworkInterfaceId)).map((n) => n.VpcId));
  const listed = inventory.networkInterfaces.filter(
    (n) => sourceVpcs.has(n.VpcId) && n.Status === 'in-use' && n.InterfaceType === 'interface',
  ).length;
  return (
    Math.ceil(sourceVpcs.size / EC2_FILTER_VALUES_LIMIT) +
    Math.floor(listed / EC2_PAGE_SIZE)
  );
}

/**
 * What verifying the sessions' targets costs in a sweep (verifyTarget, on by default), growing with targets only:
 * ceil(T/1000) DescribeTrafficMirrorTargets; the target ENIs looked up with the sources (mode `any`; mode `all`
 * lists them anyway), their security groups and subnets' network ACLs, 200 a call; the Gateway Load Balancer
 * endpoints 200 a call; ceil(NLBs/20) DescribeLoadBalancers and one DescribeListeners per NLB. Only targets that a
 * session uses are read; an operation with nothing to read makes no call.
 */
export function targetVerificationBudget(inventory: FakeRegion): { calls: CallBudget; targetEnis: number } {
  const used = new Set(inventory.sessions.map((s) => s.TrafficMirrorTargetId));
  const targets = inventory.targets.filter((t) => used.has(t.TrafficMirrorTargetId));
  const distinct = (values: readonly (string | undefined)[]) => new Set(values.filter((v): v is string => v !== undefined)).size;
  const eniIds = new Set(targets.flatMap((t) => (t.NetworkInterfaceId ? [t.NetworkInterfaceId] : [])));
  const enis = inventory.networkInterfaces.filter((n) => eniIds.has(n.NetworkInterfaceId));
  const batches = (n: number, size: number) => Math.ceil(n / size);
  const nlbs = distinct(targets.map((t) => t.NetworkLoadBalancerArn));
  return {
    targetEnis: eniIds.size,
    calls: {
      DescribeTrafficMirrorTargets: pages(inventory.targets.length, EC2_PAGE_SIZE),
      DescribeSecurityGroups: batches(distinct(enis.flatMap((n) => (n.Groups ?? []).map((g) => g.GroupId))), EC2_FILTER_VALUES_LIMIT),
      DescribeNetworkAcls: batches(distinct(enis.map((n) => n.SubnetId)), EC2_FILTER_VALUES_LIMIT),
      DescribeVpcEndpoints: batches(distinct(targets.map((t) => t.GatewayLoadBalancerEndpointId)), EC2_FILTER_VALUES_LIMIT),
      DescribeLoadBalancers: batches(nlbs, ELBV2_ARNS_PER_CALL),
      DescribeListeners: nlbs,
    },
  };
}

/**
 * A scheduled sweep: ceil(V/1000) DescribeVpcs + ceil(S/1000) DescribeTrafficMirrorSessions + a page of
 * DescribeTrafficMirrorFilters per 1000 filters + one DescribeNetworkInterfaces per 200 session sources and target
 * ENIs (mode `all`: plus the listings of modeAllListingCalls) + the target verification calls + ceil(V/100) PutEvaluations, plus the
 * GetComplianceDetailsByConfigRule pages and the PutEvaluations that clear deleted VPCs.
 */
export function sweepBudget(inventory: FakeRegion, mode: RuleMode, previous: readonly SeedEvaluation[], stale: number): CallBudget {
  const previousOf = (type: string) => previous.filter((e) => e.complianceType === type).length;
  const sources = new Set(inventory.sessions.map((s) => s.NetworkInterfaceId)).size;
  const targets = targetVerificationBudget(inventory);
  return {
    DescribeVpcs: pages(inventory.vpcs.length, EC2_PAGE_SIZE),
    DescribeTrafficMirrorSessions: pages(inventory.sessions.length, EC2_PAGE_SIZE),
    DescribeTrafficMirrorFilters: pages(inventory.filters.length, EC2_PAGE_SIZE),
    // The sources and the target ENIs by ID, 200 a call; mode `all` then lists the source VPCs' instance ENIs.
    DescribeNetworkInterfaces:
      Math.ceil((sources + targets.targetEnis) / EC2_FILTER_VALUES_LIMIT) + (mode === 'all' ? modeAllListingCalls(inventory) : 0),
    ...targets.calls,
    // Issue 14: the route from each counted source's subnet to a target in another VPC (route tables by subnet and
    // main table, the attachments of the VPCs involved, the peerings the routes name).
    ...pathCalls(inventory),
    // One listing per verdict to clear, in parallel; each costs at least one call.
    GetComplianceDetailsByConfigRule:
      pages(previousOf('COMPLIANT'), COMPLIANCE_DETAILS_PAGE_SIZE) + pages(previousOf('NON_COMPLIANT'), COMPLIANCE_DETAILS_PAGE_SIZE),
    PutEvaluations: Math.ceil(inventory.vpcs.length / PUT_EVALUATIONS_BATCH_SIZE) + Math.ceil(stale / PUT_EVALUATIONS_BATCH_SIZE),
  };
}

/** The key under which a change event's reads (EC2 and Elastic Load Balancing) are budgeted together. */
export const READ_CALLS = 'read calls (EC2 and ELB, any operation)';

/** What verifying the target of a changed VPC's session may add (issue 11: "A change to one VPC adds at most 4 calls"). */
export const CHANGE_TARGET_CALLS = 4;

/**
 * A change-triggered evaluation of one VPC: at most 4 reads, 4 more to verify its session's target, 4 more for the
 * route to a target in another VPC (issue 14), and 1 PutEvaluations. Mode `all` lists the VPC's ENIs, still never a
 * call per ENI: a VPC of more than 1000 ENIs may take a page per further 1000.
 */
export function changeBudget(inventory: FakeRegion, mode: RuleMode, vpcId: string): CallBudget {
  const vpcEnis = inventory.networkInterfaces.filter((n) => n.VpcId === vpcId).length;
  const reads = 4 + CHANGE_TARGET_CALLS + PATH_CALLS_PER_VPC + (mode === 'all' ? pages(vpcEnis, EC2_PAGE_SIZE) - 1 : 0);
  return { [READ_CALLS]: reads, PutEvaluations: 1 };
}

/** The budget of one scenario on this inventory. */
export function budgetFor(scenario: Omit<Scenario, 'event'>, inventory: FakeRegion, stale: number): CallBudget {
  if (scenario.kind === 'sweep' || scenario.vpcId === undefined) {
    return sweepBudget(inventory, scenario.mode, previousSweepEvaluations(inventory, stale, scenario.mode), stale);
  }
  return changeBudget(inventory, scenario.mode, scenario.vpcId);
}

/** Calls as the scenario's budget counts them: by operation, a change event's reads (EC2 and ELB) summed. */
export function budgetedCalls(
  kind: ScenarioKind,
  ec2: Record<string, number>,
  config: Record<string, number>,
  elbv2: Record<string, number> = {},
): Record<string, number> {
  if (kind === 'sweep') return { ...ec2, ...elbv2, ...config };
  const reads = [...Object.values(ec2), ...Object.values(elbv2)].reduce((a, b) => a + b, 0);
  return { [READ_CALLS]: reads, ...config };
}

/** Operations whose count exceeds the budget (or that the budget does not allow at all), with both figures. */
export function overBudget(calls: Record<string, number>, budget: CallBudget): Record<string, { calls: number; budget: number }> {
  const over: Record<string, { calls: number; budget: number }> = {};
  for (const [operation, count] of Object.entries(calls)) {
    const allowed = budget[operation] ?? 0;
    if (count > allowed) over[operation] = { calls: count, budget: allowed };
  }
  return over;
}
