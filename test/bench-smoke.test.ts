/**
 * The benchmark's small size at zero latency, inside `npm test`: the same scenarios as `npm run bench`
 * (bench/scenarios.ts), through the real handler and SDK over HTTP against the fake endpoint, each held to the
 * issue-2 API budget computed from the inventory, so a regression in API calls fails CI. Time and memory are
 * left to the benchmark: no timed assertion here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RuleInvocationSummary } from '../rule/handler';
import type { Scenario } from '../bench/scenarios';
import {
  budgetedCalls,
  budgetFor,
  CHANGE_CAPTURE_TIME,
  changedResources,
  configRuleNameFor,
  overBudget,
  READ_CALLS,
  scenariosFor,
  sweepBudget,
  seedPreviousSweep,
  staleVpcIds,
} from '../bench/scenarios';
import { BENCH_REGION, INVENTORY_SEED, STALE_EVALUATIONS, sizeByName } from '../bench/sizes';
import type { FakeAws, FakeRegion } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';
import { generateInventory } from './support/generate-inventory';
import { scheduledEvent } from './support/config-events';

const size = sizeByName('small');
let fake: FakeAws;
let inventory: FakeRegion;
let scenarios: Scenario[];
let handler: (event: unknown) => Promise<RuleInvocationSummary>;
let savedEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  inventory = generateInventory({ ...size, seed: INVENTORY_SEED });
  fake = await startFakeAws({ regions: { [BENCH_REGION]: inventory } });
  scenarios = scenariosFor(fake, inventory);
  savedEnv = { ...process.env };
  // Before the handler module loads: its clients read the endpoints and region from the environment.
  Object.assign(process.env, fake.env(BENCH_REGION), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
  ({ handler } = await import('../rule/handler'));
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

beforeEach(() => fake.resetCalls());

function scenario(kind: Scenario['kind'], mode: Scenario['mode']): Scenario {
  const found = scenarios.find((s) => s.kind === kind && s.mode === mode);
  if (!found) throw new Error(`no ${kind} scenario in mode ${mode}`);
  return found;
}

/** Runs a scenario and returns the calls the endpoint served, as its budget counts them, and the budget. */
async function run(s: Scenario): Promise<{ summary: RuleInvocationSummary; calls: Record<string, number>; budget: Record<string, number> }> {
  const summary = await handler(s.event);
  const calls = budgetedCalls(s.kind, fake.callCounts({ service: 'ec2' }), fake.callCounts({ service: 'config' }), fake.callCounts({ service: 'elbv2' }));
  return { summary, calls, budget: budgetFor(s, inventory, STALE_EVALUATIONS) };
}

const stored = (mode: Scenario['mode']) => fake.evaluations(BENCH_REGION).filter((e) => e.configRuleName === configRuleNameFor(mode));

describe.each(['any', 'all'] as const)('benchmark scenarios at the small size, mode %s', (mode) => {
  it('scheduled sweep: within the budget, every VPC reported and every deleted VPC cleared', async () => {
    seedPreviousSweep(fake, BENCH_REGION, inventory, mode, STALE_EVALUATIONS);
    const { summary, calls, budget } = await run(scenario('sweep', mode));

    expect(overBudget(calls, budget)).toEqual({});
    expect(calls).toEqual(budget);
    // The small size fits every listing in one page: the budget is one call per operation, plus the clean-up put;
    // its 3 targets (an NLB, a Gateway Load Balancer endpoint, an appliance ENI) cost one call per kind of read;
    // mode `all` adds one listing of the instance ENIs of the (5) VPCs that hold a session source.
    expect(budget).toEqual({
      DescribeVpcs: 1,
      DescribeTrafficMirrorSessions: 1,
      DescribeTrafficMirrorFilters: 1,
      DescribeNetworkInterfaces: mode === 'any' ? 1 : 2,
      DescribeTrafficMirrorTargets: 1,
      DescribeSecurityGroups: 1,
      DescribeNetworkAcls: 1,
      DescribeVpcEndpoints: 1,
      DescribeLoadBalancers: 1,
      DescribeListeners: 1,
      // The targets sit in the last VPC: the route from the other sources' subnets (issue 14). No subnet has a
      // table of its own, so the listing by subnet and the one of main tables, both VPCs' attachments, the peering.
      DescribeRouteTables: 2,
      DescribeTransitGatewayVpcAttachments: 1,
      DescribeVpcPeeringConnections: 1,
      GetComplianceDetailsByConfigRule: 2,
      PutEvaluations: 2,
    });
    expect(calls).toEqual(budget);
    expect(summary.apiCalls).toBe(Object.values(calls).reduce((a, b) => a + b, 0));
    const evaluations = stored(mode);
    expect(evaluations).toHaveLength(size.vpcs + STALE_EVALUATIONS);
    for (const id of staleVpcIds(STALE_EVALUATIONS)) {
      expect(evaluations.find((e) => e.resourceId === id)).toMatchObject({ complianceType: 'NOT_APPLICABLE' });
    }
    if (mode === 'any') {
      // The generator puts each session's source in a distinct VPC, behind a filter that accepts traffic.
      expect(summary.evaluations).toEqual({ COMPLIANT: size.sessions, NON_COMPLIANT: size.vpcs - size.sessions, NOT_APPLICABLE: STALE_EVALUATIONS });
    }
  });

  it('change to one VPC: at most 4 reads (+4 to verify a target, +4 for the route to it) and 1 PutEvaluations, only that VPC reported', async () => {
    const s = scenario('vpcChange', mode);
    const { calls, budget } = await run(s);

    expect(budget).toEqual({ [READ_CALLS]: 12, PutEvaluations: 1 });
    expect(overBudget(calls, budget)).toEqual({});
    expect(stored(mode).find((e) => e.resourceId === s.vpcId)).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      orderingTimestamp: CHANGE_CAPTURE_TIME,
    });
  });
});

describe('change to one traffic mirror session, mode any', () => {
  it('re-evaluates the VPC of its source ENI within 4 EC2 calls and 1 PutEvaluations', async () => {
    const s = scenario('sessionChange', 'any');
    const { calls, budget } = await run(s);

    expect(overBudget(calls, budget)).toEqual({});
    expect(s.vpcId).toBe(changedResources(inventory).session.vpcId);
    expect(stored('any').find((e) => e.resourceId === s.vpcId)).toMatchObject({
      complianceType: 'COMPLIANT',
      orderingTimestamp: CHANGE_CAPTURE_TIME,
    });
  });
});

describe('verifying targets costs calls that grow with targets, never with ENIs or VPCs (mode any and all)', () => {
  /** The sweep's calls on an inventory, through the real handler, counted by operation. */
  async function sweepCalls(spec: Parameters<typeof generateInventory>[0], mode: Scenario['mode']) {
    const region = generateInventory(spec);
    fake.setRegion(BENCH_REGION, region);
    fake.resetCalls();
    const rule = `targets-${mode}-${spec.vpcs}-${spec.targets ?? 3}`;
    await handler(scheduledEvent({ ruleParameters: { mode }, resultToken: fake.resultToken(rule), configRuleName: rule }));
    const calls = budgetedCalls('sweep', fake.callCounts({ service: 'ec2' }), fake.callCounts({ service: 'config' }), fake.callCounts({ service: 'elbv2' }));
    return { calls, budget: sweepBudget(region, mode, [], 0) };
  }
  const TARGET_OPERATIONS = ['DescribeTrafficMirrorTargets', 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeVpcEndpoints', 'DescribeLoadBalancers', 'DescribeListeners'];
  const targetCalls = (calls: Record<string, number>) => Object.fromEntries(TARGET_OPERATIONS.map((op) => [op, calls[op] ?? 0]));

  afterAll(() => fake.setRegion(BENCH_REGION, inventory));

  it.each(['any', 'all'] as const)('mode %s: 20 targets of all three kinds cost the same whatever the number of ENIs and VPCs', async (mode) => {
    const smaller = await sweepCalls({ vpcs: 60, networkInterfaces: 300, sessions: 40, targets: 20, seed: 31 }, mode);
    const larger = await sweepCalls({ vpcs: 240, networkInterfaces: 2400, sessions: 40, targets: 20, seed: 32 }, mode);
    for (const { calls, budget } of [smaller, larger]) {
      expect(calls).toMatchObject(targetCalls(budget));
      expect(overBudget(calls, budget)).toEqual({});
    }
    // 7 NLBs (one DescribeLoadBalancers, a DescribeListeners each), 7 endpoints, 6 appliance ENIs sharing one group.
    expect(targetCalls(smaller.calls)).toEqual({
      DescribeTrafficMirrorTargets: 1,
      DescribeSecurityGroups: 1,
      DescribeNetworkAcls: 1,
      DescribeVpcEndpoints: 1,
      DescribeLoadBalancers: 1,
      DescribeListeners: 7,
    });
    expect(targetCalls(larger.calls)).toEqual(targetCalls(smaller.calls));
  });
});
