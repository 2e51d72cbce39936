/**
 * The real rule handler, with the real SDK clients it builds itself, against the local fake AWS endpoint over
 * HTTP (AWS_ENDPOINT_URL_EC2 / _CONFIG_SERVICE). Events are shaped like AWS's documented examples
 * (support/config-events.ts). Asserts what Config stored, and the exact API calls each kind of event costs.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeRegion, StoredEvaluation } from './support/fake-aws';
import { ruleHandlerOnFakeAws } from './support/handler-on-fake';
import { generateInventory } from './support/generate-inventory';
import { PATH_CALLS_PER_VPC, pathCalls } from './support/path-budget';
import { changeEvent, oversizedEvent, scheduledEvent, sessionChange, vpcChange } from './support/config-events';
import { compliantVpcIds } from '../bench/scenarios';

const REGION = 'us-east-1';
const SCHEDULED_AT = '2026-11-21T00:00:00.373Z';
const CAPTURED_AT = '2026-11-20T10:00:00.000Z';
const NO_SESSION = 'No traffic mirror session has a source ENI in this VPC';
/** EC2 and Config page and batch sizes (EC2 MaxResults 1000, 200 filter values; PutEvaluations 100). */
const EC2_PAGE = 1000;
const FILTER_VALUES = 200;
const PUT_BATCH = 100;


let ruleCount = 0;
/** A fresh rule name per test, so evaluations stored by one test never meet another's. */
let rule: string;

// Metrics on: one test checks the EMF line printed beside the log line.
const wire = ruleHandlerOnFakeAws<{ evaluations: Record<string, number>; apiCallsByOperation: Record<string, number> }>(REGION, { env: { POWERTOOLS_METRICS_DISABLED: 'false' } });

beforeEach(() => {
  rule = `vpc-traffic-mirroring-in-use-${++ruleCount}`;
  wire.fake.resetCalls();
});

const events = () => ({ resultToken: wire.fake.resultToken(rule), configRuleName: rule });
const stored = (): StoredEvaluation[] => wire.fake.evaluations(REGION).filter((e) => e.configRuleName === rule);

/**
 * The rule's definition (mode "any", requireAcceptRule on), written out independently of rule/evaluate.ts:
 * a VPC complies when a session's source ENI is in it and the session's filter accepts some traffic.
 */
function mirroredVpcIds(state: FakeRegion): Set<string> {
  const eniVpc = new Map(state.networkInterfaces.map((n) => [n.NetworkInterfaceId, n.VpcId]));
  const accepting = new Set(
    state.filters
      .filter(
        (f) =>
          [...f.IngressFilterRules, ...f.EgressFilterRules].some((r) => r.RuleAction === 'accept') ||
          f.NetworkServices.includes('amazon-dns'),
      )
      .map((f) => f.TrafficMirrorFilterId),
  );
  const out = new Set<string>();
  for (const s of state.sessions) {
    const vpcId = eniVpc.get(s.NetworkInterfaceId);
    if (vpcId !== undefined && accepting.has(s.TrafficMirrorFilterId)) out.add(vpcId);
  }
  return out;
}

/** Calls that read (EC2 and ELBv2); a VPC's session has one target here, which verifyTarget checks in at most 4. */
const readCalls = () =>
  [...Object.values(wire.fake.callCounts({ service: 'ec2' })), ...Object.values(wire.fake.callCounts({ service: 'elbv2' }))].reduce((a, b) => a + b, 0);
const TARGET_CALLS = 4;

const sourcesOf = (state: FakeRegion) => new Set(state.sessions.map((s) => s.NetworkInterfaceId));
const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

function expectVerdict(e: StoredEvaluation | undefined, state: FakeRegion, orderingTimestamp: string): void {
  expect(e).toBeDefined();
  if (!e) return;
  expect(e.resourceType).toBe('AWS::EC2::VPC');
  expect(e.orderingTimestamp).toBe(orderingTimestamp);
  if (mirroredVpcIds(state).has(e.resourceId)) {
    expect(e.complianceType).toBe('COMPLIANT');
    // Names a session whose source is in this VPC.
    const inVpc = new Set(state.networkInterfaces.filter((n) => n.VpcId === e.resourceId).map((n) => n.NetworkInterfaceId));
    const named = /^Mirrored by (tms-[0-9a-f]{17}) \(source (eni-[0-9a-f]{17}), target (tmt-[0-9a-f]{17})\)/.exec(e.annotation ?? '');
    expect(named, e.annotation).not.toBeNull();
    expect(inVpc.has(named?.[2] ?? '')).toBe(true);
    expect(state.sessions.some((s) => s.TrafficMirrorSessionId === named?.[1] && s.NetworkInterfaceId === named?.[2])).toBe(true);
  } else {
    expect(e.complianceType).toBe('NON_COMPLIANT');
    expect(e.annotation).toBe(NO_SESSION);
  }
}

describe('scheduled sweep', () => {
  it('evaluates every VPC once and clears a deleted VPC, within the call budget', async () => {
    const state = wire.fake.setRegion(REGION, generateInventory({ vpcs: 1500, networkInterfaces: 4000, sessions: 1200, seed: 7 }));
    const deletedVpc = 'vpc-0000000000000dead';
    wire.fake.seedEvaluations(REGION, rule, [{ resourceId: deletedVpc, complianceType: 'NON_COMPLIANT', annotation: NO_SESSION }]);

    const summary = await wire.handler(scheduledEvent({ ...events(), notificationCreationTime: SCHEDULED_AT }));

    const evaluations = stored();
    expect(evaluations).toHaveLength(state.vpcs.length + 1);
    for (const vpc of state.vpcs) expectVerdict(evaluations.find((e) => e.resourceId === vpc.VpcId), state, SCHEDULED_AT);
    expect(evaluations.find((e) => e.resourceId === deletedVpc)).toMatchObject({
      complianceType: 'NOT_APPLICABLE',
      annotation: 'The VPC no longer exists',
      orderingTimestamp: SCHEDULED_AT,
    });
    const compliant = evaluations.filter((e) => e.complianceType === 'COMPLIANT').length;
    expect(compliant).toBe(mirroredVpcIds(state).size);
    expect(compliant).toBeGreaterThan(1000);

    // verifyTarget (on by default) adds calls that grow with targets only: the target list, then the target ENIs
    // looked up with the sources, their security groups and network ACLs, the endpoints, the NLBs and listeners.
    const targetEnis = state.targets.flatMap((t) => (t.NetworkInterfaceId ? [t.NetworkInterfaceId] : []));
    expect(wire.fake.callCounts({ service: 'ec2' })).toEqual({
      DescribeVpcs: pages(state.vpcs.length, EC2_PAGE),
      DescribeTrafficMirrorSessions: pages(state.sessions.length, EC2_PAGE),
      DescribeTrafficMirrorFilters: pages(state.filters.length, EC2_PAGE),
      DescribeNetworkInterfaces: pages(new Set([...sourcesOf(state), ...targetEnis]).size, FILTER_VALUES),
      DescribeTrafficMirrorTargets: pages(state.targets.length, EC2_PAGE),
      DescribeSecurityGroups: 1,
      DescribeNetworkAcls: 1,
      DescribeVpcEndpoints: 1,
      // Every target sits in the last VPC: the route from each counted source's subnet is read (issue 14).
      ...pathCalls(state),
    });
    expect(wire.fake.callCounts({ service: 'elbv2' })).toEqual({
      DescribeLoadBalancers: pages(state.loadBalancers.length, 20),
      DescribeListeners: state.loadBalancers.length,
    });
    expect(wire.fake.callCounts({ service: 'config' })).toEqual({
      PutEvaluations: pages(state.vpcs.length, PUT_BATCH) + 1,
      // One listing per verdict to clear (COMPLIANT, NON_COMPLIANT), each one page here.
      GetComplianceDetailsByConfigRule: 2,
    });
    // The handler's own count (what it logs) agrees with what reached the wire.
    expect(summary.apiCallsByOperation).toEqual(wire.fake.callCounts());
    expect(summary.evaluations).toEqual({
      COMPLIANT: compliant,
      NON_COMPLIANT: state.vpcs.length - compliant,
      NOT_APPLICABLE: 1,
    });
  });

  it('logs one JSON line per invocation: message type, counts by compliance, API calls made', async () => {
    wire.fake.setRegion(REGION, generateInventory({ vpcs: 30, networkInterfaces: 90, sessions: 10, seed: 9 }));
    const { logger } = await import('../rule/handler');
    logger.setLogLevel('INFO');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const summary = await wire.handler(scheduledEvent({ ...events(), notificationCreationTime: SCHEDULED_AT }));
      const printed = write.mock.calls.map(([chunk]) => String(chunk)).filter((l) => l.includes('vpc-mirroring-guard-rule'));
      // The log line, and the invocation's metrics in embedded metric format (test/rule-metrics.test.ts).
      const lines = printed.filter((l) => !l.includes('"_aws"'));
      expect(lines).toHaveLength(1);
      expect(printed.filter((l) => l.includes('"_aws"'))).toHaveLength(1);
      const line = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(line).toMatchObject({
        level: 'INFO',
        message: 'Evaluation reported',
        messageType: 'ScheduledNotification',
        evaluations: summary.evaluations,
        apiCallsByOperation: wire.fake.callCounts(),
      });
      expect(line.apiCalls).toBe(Object.values(wire.fake.callCounts()).reduce((a, b) => a + b, 0));
    } finally {
      write.mockRestore();
      logger.setLogLevel('SILENT');
    }
  });

  it('turns stale verdicts of VPCs that no longer exist NOT_APPLICABLE, and replaces old verdicts of existing ones', async () => {
    const state = wire.fake.setRegion(REGION, generateInventory({ vpcs: 20, networkInterfaces: 60, sessions: 5, seed: 3 }));
    const existing = state.vpcs[5]?.VpcId ?? '';
    wire.fake.seedEvaluations(REGION, rule, [
      { resourceId: 'vpc-00000000000000001', complianceType: 'NON_COMPLIANT', annotation: NO_SESSION },
      { resourceId: 'vpc-00000000000000002', complianceType: 'COMPLIANT', annotation: 'Mirrored by tms-00000000000000001' },
      { resourceId: 'vpc-00000000000000003', complianceType: 'NOT_APPLICABLE', annotation: 'The VPC was deleted' },
      { resourceId: existing, complianceType: 'NOT_APPLICABLE', annotation: 'stale' },
    ]);

    await wire.handler(scheduledEvent({ ...events(), notificationCreationTime: SCHEDULED_AT }));

    const byId = new Map(stored().map((e) => [e.resourceId, e]));
    for (const id of ['vpc-00000000000000001', 'vpc-00000000000000002']) {
      expect(byId.get(id)).toMatchObject({ complianceType: 'NOT_APPLICABLE', annotation: 'The VPC no longer exists', orderingTimestamp: SCHEDULED_AT });
    }
    // Already NOT_APPLICABLE: nothing to clear, so it keeps its verdict and time.
    expect(byId.get('vpc-00000000000000003')).toMatchObject({ annotation: 'The VPC was deleted', orderingTimestamp: new Date(0).toISOString() });
    expectVerdict(byId.get(existing), state, SCHEDULED_AT);
  });

  it('resends evaluations Config reports as failed', async () => {
    const state = wire.fake.setRegion(REGION, generateInventory({ vpcs: 30, networkInterfaces: 60, sessions: 10, seed: 5 }));
    const flaky = state.vpcs[3]?.VpcId ?? '';
    wire.fake.failEvaluations([flaky], 1);

    await wire.handler(scheduledEvent({ ...events(), notificationCreationTime: SCHEDULED_AT }));

    expectVerdict(stored().find((e) => e.resourceId === flaky), state, SCHEDULED_AT);
    expect(stored()).toHaveLength(state.vpcs.length);
    expect(wire.fake.callCounts({ service: 'config' }).PutEvaluations).toBe(pages(state.vpcs.length, PUT_BATCH) + 1);
  });
});

describe('scheduled sweep, mode all', () => {
  const instanceEnis = (state: FakeRegion, vpcId: string) =>
    state.networkInterfaces.filter((n) => n.VpcId === vpcId && n.Status === 'in-use' && n.InterfaceType === 'interface' && n.InstanceId);
  const sourceVpcIds = (state: FakeRegion) => {
    const sources = sourcesOf(state);
    return new Set(state.networkInterfaces.filter((n) => sources.has(n.NetworkInterfaceId)).map((n) => n.VpcId));
  };

  /** Each VPC's verdict by the mode-all definition; every unmirrored instance ENI of the VPC named or counted. */
  function expectModeAllVerdicts(state: FakeRegion): void {
    const compliant = compliantVpcIds(state, 'all');
    const sources = sourcesOf(state);
    const evaluations = stored();
    expect(evaluations).toHaveLength(state.vpcs.length);
    for (const vpc of state.vpcs) {
      const e = evaluations.find((x) => x.resourceId === vpc.VpcId);
      const enis = instanceEnis(state, vpc.VpcId);
      const unmirrored = enis.filter((n) => !sources.has(n.NetworkInterfaceId));
      if (compliant.has(vpc.VpcId)) {
        expect(e).toMatchObject({ complianceType: 'COMPLIANT' });
        expect(e?.annotation).toMatch(new RegExp(`^All ${enis.length} instance ENIs? (is|are) mirrored`));
      } else if (sourceVpcIds(state).has(vpc.VpcId)) {
        expect(e).toMatchObject({ complianceType: 'NON_COMPLIANT' });
        expect(e?.annotation).toMatch(new RegExp(`^${unmirrored.length} of ${enis.length} instance ENIs? (is|are) not mirrored: `));
      } else {
        expect(e).toMatchObject({ complianceType: 'NON_COMPLIANT', annotation: NO_SESSION });
      }
    }
  }

  it('lists the instance ENIs of the VPCs holding a source only, 200 VPCs a call, with the verdicts of a full listing', async () => {
    // 250 sessions in 250 of 500 VPCs of about 1.8 ENIs: some VPCs fully mirrored, some partly, some not at all.
    const state = wire.fake.setRegion(REGION, generateInventory({ vpcs: 500, networkInterfaces: 900, sessions: 250, seed: 13 }));
    const mirroredVpcs = sourceVpcIds(state);
    expect(mirroredVpcs.size).toBeGreaterThan(FILTER_VALUES);
    expect(mirroredVpcs.size).toBeLessThan(state.vpcs.length);
    expect(compliantVpcIds(state, 'all').size).toBeGreaterThan(0);
    expect(compliantVpcIds(state, 'all').size).toBeLessThan(mirroredVpcs.size);
    // The mirrored VPCs hold fewer than 1000 ENIs in all, so each batch of them is listed in one page.
    expect(state.networkInterfaces.filter((n) => mirroredVpcs.has(n.VpcId)).length).toBeLessThan(EC2_PAGE);

    // The ENI listing is what is counted here; the calls verifyTarget adds are counted in rule-targets.wire.test.ts.
    await wire.handler(
      scheduledEvent({ ...events(), ruleParameters: { mode: 'all', verifyTarget: 'false' }, notificationCreationTime: SCHEDULED_AT }),
    );

    expectModeAllVerdicts(state);
    expect(wire.fake.callCounts({ service: 'ec2' })).toEqual({
      DescribeVpcs: 1,
      DescribeTrafficMirrorSessions: 1,
      DescribeTrafficMirrorFilters: 1,
      // The sources by ID, then the VPCs holding one by vpc-id: 200 values a call each, never a call per ENI.
      DescribeNetworkInterfaces: pages(sourcesOf(state).size, FILTER_VALUES) + pages(mirroredVpcs.size, FILTER_VALUES),
    });
  });

  it('pages a listing of VPCs whose instance ENIs exceed one page', async () => {
    // 3 VPCs with about 870 ENIs each, all three holding a source: one batch of VPCs, several pages.
    const state = wire.fake.setRegion(REGION, generateInventory({ vpcs: 3, networkInterfaces: 2600, sessions: 3, seed: 17 }));
    const listed = state.networkInterfaces.filter((n) => n.Status === 'in-use' && n.InterfaceType === 'interface').length;
    expect(listed).toBeGreaterThan(2 * EC2_PAGE);

    await wire.handler(scheduledEvent({ ...events(), ruleParameters: { mode: 'all' }, notificationCreationTime: SCHEDULED_AT }));

    expectModeAllVerdicts(state);
    expect(wire.fake.callCounts({ service: 'ec2' }).DescribeNetworkInterfaces).toBe(1 + pages(listed, EC2_PAGE));
  });
});

describe('configuration change', () => {
  // ≤ 200 session sources: one DescribeNetworkInterfaces call resolves them all.
  const smallRegion = () => wire.fake.setRegion(REGION, generateInventory({ vpcs: 300, networkInterfaces: 900, sessions: 150, seed: 11 }));

  it.each([
    ['a mirrored VPC', true],
    ['an unmirrored VPC', false],
  ])('of %s evaluates that VPC alone with at most 4 EC2 calls (+4 to verify a target, +4 for the route to it) and 1 PutEvaluations', async (_label, mirrored) => {
    const state = smallRegion();
    const mirroredIds = mirroredVpcIds(state);
    const vpc = state.vpcs.find((v) => mirroredIds.has(v.VpcId) === mirrored);
    expect(vpc).toBeDefined();

    await wire.handler(vpcChange(vpc?.VpcId ?? '', { ...events(), captureTime: CAPTURED_AT }));

    expect(stored()).toHaveLength(1);
    expectVerdict(stored()[0], state, CAPTURED_AT);
    expect(stored()[0]?.resourceId).toBe(vpc?.VpcId);
    expect(readCalls()).toBeLessThanOrEqual(4 + TARGET_CALLS + PATH_CALLS_PER_VPC);
    expect(wire.fake.callCounts({ service: 'config' })).toEqual({ PutEvaluations: 1 });
  });

  // A VPC change lists that VPC's ENIs instead of resolving every session source: 4 calls at up to 1000 sessions.
  it('of one VPC stays within 4 EC2 calls (+4 to verify a target, +4 for the route to it) when the region has 1000 sessions and 1000 sources', async () => {
    const state = wire.fake.setRegion(REGION, generateInventory({ vpcs: 1500, networkInterfaces: 4000, sessions: 1000, seed: 7 }));
    const vpc = state.vpcs[3]?.VpcId ?? '';

    await wire.handler(vpcChange(vpc, { ...events(), captureTime: CAPTURED_AT }));

    expectVerdict(stored()[0], state, CAPTURED_AT);
    expect(readCalls()).toBeLessThanOrEqual(4 + TARGET_CALLS + PATH_CALLS_PER_VPC);
  });

  it('of an oversized VPC item evaluates that VPC from the summary', async () => {
    const state = smallRegion();
    const vpc = state.vpcs[42]?.VpcId ?? '';

    await wire.handler(oversizedEvent({ resourceType: 'AWS::EC2::VPC', resourceId: vpc, captureTime: CAPTURED_AT, ...events() }));

    expect(stored().map((e) => e.resourceId)).toEqual([vpc]);
    expectVerdict(stored()[0], state, CAPTURED_AT);
    expect(wire.fake.callCounts({ service: 'config' })).toEqual({ PutEvaluations: 1 });
  });

  it('of a deleted VPC reports NOT_APPLICABLE without reading EC2', async () => {
    smallRegion();
    await wire.handler(vpcChange('vpc-0000000000000dead', { ...events(), status: 'ResourceDeleted', captureTime: CAPTURED_AT }));

    expect(stored()).toEqual([
      {
        region: REGION,
        configRuleName: rule,
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0000000000000dead',
        complianceType: 'NOT_APPLICABLE',
        annotation: 'The VPC was deleted',
        orderingTimestamp: CAPTURED_AT,
      },
    ]);
    expect(wire.fake.callCounts()).toEqual({ PutEvaluations: 1 });
  });

  it('of a traffic mirror session re-evaluates the VPC of its source ENI', async () => {
    const state = smallRegion();
    const session = state.sessions[7];
    const sourceVpc = state.networkInterfaces.find((n) => n.NetworkInterfaceId === session?.NetworkInterfaceId)?.VpcId;
    expect(sourceVpc).toBeDefined();

    await wire.handler(sessionChange(session?.TrafficMirrorSessionId ?? '', session?.NetworkInterfaceId, { ...events(), captureTime: CAPTURED_AT }));

    expect(stored().map((e) => e.resourceId)).toEqual([sourceVpc]);
    expectVerdict(stored()[0], state, CAPTURED_AT);
    expect(stored()[0]?.complianceType).toBe('COMPLIANT');
  });

  it('rejects an event for a resource type outside the rule, calling nothing', async () => {
    smallRegion();
    await expect(wire.handler(changeEvent({ resourceType: 'AWS::EC2::Instance', resourceId: 'i-00000000', ...events() }))).rejects.toThrow(
      /Unsupported resourceType AWS::EC2::Instance/,
    );
    expect(wire.fake.calls()).toEqual([]);
  });
});

describe('failures', () => {
  const region = () => wire.fake.setRegion(REGION, generateInventory({ vpcs: 50, networkInterfaces: 150, sessions: 20, seed: 13 }));

  it('fails the invocation on an access-denied read and stores nothing', async () => {
    region();
    wire.fake.failNext('DescribeTrafficMirrorSessions', {
      code: 'UnauthorizedOperation',
      status: 403,
      message: 'You are not authorized to perform this operation.',
    });

    await expect(wire.handler(scheduledEvent({ ...events(), notificationCreationTime: SCHEDULED_AT }))).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
    });

    expect(stored()).toEqual([]);
    expect(wire.fake.callCounts({ service: 'config' }).PutEvaluations).toBeUndefined();
    // Not retried: an authorization error does not go away by asking again.
    expect(wire.fake.callCounts().DescribeTrafficMirrorSessions).toBe(1);
  });

  it('retries a throttled EC2 read and completes the sweep', async () => {
    const state = region();
    wire.fake.failNext('DescribeVpcs', { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' });

    const summary = await wire.handler(scheduledEvent({ ...events(), notificationCreationTime: SCHEDULED_AT }));

    expect(wire.fake.calls().filter((c) => c.operation === 'DescribeVpcs').map((c) => c.errorCode)).toEqual([
      'RequestLimitExceeded',
      undefined,
    ]);
    expect(stored()).toHaveLength(state.vpcs.length);
    for (const vpc of state.vpcs) expectVerdict(stored().find((e) => e.resourceId === vpc.VpcId), state, SCHEDULED_AT);
    // The handler counts logical calls; the retry is one more request on the wire.
    expect(summary.apiCallsByOperation.DescribeVpcs).toBe(1);
  });

  it('retries a throttled PutEvaluations', async () => {
    const state = region();
    wire.fake.failNext('PutEvaluations', { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' });

    await wire.handler(scheduledEvent({ ...events(), notificationCreationTime: SCHEDULED_AT }));

    expect(stored()).toHaveLength(state.vpcs.length);
    expect(wire.fake.callCounts().PutEvaluations).toBe(pages(state.vpcs.length, PUT_BATCH) + 1);
  });
});
