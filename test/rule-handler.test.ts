/**
 * The Lambda handler end to end over mocked SDK clients: every message type, every parameter's effect on what is
 * read, pagination of every call, batching and retries of PutEvaluations, and failures that must report nothing.
 */
import type { Evaluation as ConfigEvaluation } from '@aws-sdk/client-config-service';
import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeNetworkInterfacesCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as ruleHandler } from '../rule/handler';
import { oversizedEvent, scheduledEvent, sessionChange, vpcChange, withoutTargetVerification } from './support/config-events';
import type { MockEc2Inventory } from './support/sdk-mocks';
import { answerFromInventory, ec2AcceptFilter, ec2Eni, ec2RejectFilter, ec2Session, ec2Vpc } from './support/sdk-mocks';

/**
 * These tests pin what the rule reads and decides about sessions, filters and modes; their mocks hold no traffic
 * mirror targets, so target verification is off unless a test sets it (verifyTarget is tested over the wire).
 */
const handler: typeof ruleHandler = (event, context) =>
  ruleHandler(withoutTargetVerification(event as { ruleParameters: string }), context);

const ec2 = mockClient(EC2Client);
const config = mockClient(ConfigServiceClient);

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
afterAll(() => {
  ec2.restore();
  config.restore();
});

/** vpc-a mirrored (eni-a1 → tms-a), vpc-b not mirrored, vpc-default default, vpc-lab exempt-tagged. */
const baseInventory = (): MockEc2Inventory => ({
  vpcs: [
    ec2Vpc('vpc-a', { Tags: [{ Key: 'Name', Value: 'prod' }] }),
    ec2Vpc('vpc-b'),
    ec2Vpc('vpc-default', { IsDefault: true }),
    ec2Vpc('vpc-lab', { Tags: [{ Key: 'mirroring-exempt', Value: 'true' }] }),
  ],
  networkInterfaces: [ec2Eni('eni-a1', 'vpc-a'), ec2Eni('eni-a2', 'vpc-a'), ec2Eni('eni-b1', 'vpc-b')],
  sessions: [ec2Session('tms-a', 'eni-a1', { TrafficMirrorTargetId: 'tmt-9' })],
  filters: [ec2AcceptFilter, ec2RejectFilter],
});

function reported(): ConfigEvaluation[] {
  return config.commandCalls(PutEvaluationsCommand).flatMap((c) => c.args[0].input.Evaluations ?? []);
}
function verdicts(): Record<string, string> {
  return Object.fromEntries(reported().map((e) => [e.ComplianceResourceId!, e.ComplianceType!]));
}
function ec2Calls() {
  return {
    DescribeVpcs: ec2.commandCalls(DescribeVpcsCommand).length,
    DescribeTrafficMirrorSessions: ec2.commandCalls(DescribeTrafficMirrorSessionsCommand).length,
    DescribeTrafficMirrorFilters: ec2.commandCalls(DescribeTrafficMirrorFiltersCommand).length,
    DescribeNetworkInterfaces: ec2.commandCalls(DescribeNetworkInterfacesCommand).length,
  };
}

beforeEach(() => {
  ec2.reset();
  config.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
});

describe('scheduled notification', () => {
  it('evaluates every VPC of the region with the notification time as OrderingTimestamp', async () => {
    answerFromInventory(ec2, baseInventory());
    const summary = await handler(
      scheduledEvent({ ruleParameters: { exemptTagKey: 'mirroring-exempt' }, notificationCreationTime: '2026-11-21T00:00:00.373Z' }),
    );
    expect(reported()).toEqual([
      {
        ComplianceResourceType: 'AWS::EC2::VPC',
        ComplianceResourceId: 'vpc-a',
        ComplianceType: 'COMPLIANT',
        Annotation: 'Mirrored by tms-a (source eni-a1, target tmt-9)',
        OrderingTimestamp: new Date('2026-11-21T00:00:00.373Z'),
      },
      expect.objectContaining({ ComplianceResourceId: 'vpc-b', ComplianceType: 'NON_COMPLIANT', Annotation: 'No traffic mirror session has a source ENI in this VPC' }),
      expect.objectContaining({ ComplianceResourceId: 'vpc-default', ComplianceType: 'NON_COMPLIANT' }),
      expect.objectContaining({ ComplianceResourceId: 'vpc-lab', ComplianceType: 'NOT_APPLICABLE' }),
    ]);
    expect(config.commandCalls(PutEvaluationsCommand)[0]!.args[0].input.ResultToken).toBe('myResultToken');
    expect(summary.evaluations).toEqual({ COMPLIANT: 1, NON_COMPLIANT: 2, NOT_APPLICABLE: 1 });
    expect(summary.messageType).toBe('ScheduledNotification');
  });

  it('stays within the API budget: one call per listing, ENIs looked up by session source only', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(scheduledEvent());
    expect(ec2Calls()).toEqual({ DescribeVpcs: 1, DescribeTrafficMirrorSessions: 1, DescribeTrafficMirrorFilters: 1, DescribeNetworkInterfaces: 1 });
    const eniQuery = ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input;
    expect(eniQuery.Filters).toEqual([{ Name: 'network-interface-id', Values: ['eni-a1'] }]);
    expect(eniQuery.MaxResults).toBe(1000);
    // Two listings in parallel, one per verdict that may need clearing.
    expect(config.commandCalls(GetComplianceDetailsByConfigRuleCommand).map((c) => c.args[0].input)).toEqual([
      { ConfigRuleName: 'vpc-traffic-mirroring-in-use', ComplianceTypes: ['COMPLIANT'], Limit: 100 },
      { ConfigRuleName: 'vpc-traffic-mirroring-in-use', ComplianceTypes: ['NON_COMPLIANT'], Limit: 100 },
    ]);
  });

  it('reports NOT_APPLICABLE for VPCs that still hold an evaluation but no longer exist (all pages read)', async () => {
    answerFromInventory(ec2, baseInventory());
    const result = (id: string) => ({
      EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'r', ResourceType: 'AWS::EC2::VPC', ResourceId: id } },
      ComplianceType: 'NON_COMPLIANT' as const,
    });
    config
      .on(GetComplianceDetailsByConfigRuleCommand, { ComplianceTypes: ['NON_COMPLIANT'] })
      .resolvesOnce({ EvaluationResults: [result('vpc-a'), result('vpc-gone-1')], NextToken: 'p2' })
      .resolvesOnce({ EvaluationResults: [result('vpc-gone-2')] });
    config
      .on(GetComplianceDetailsByConfigRuleCommand, { ComplianceTypes: ['COMPLIANT'] })
      .resolves({ EvaluationResults: [result('vpc-gone-3')] });
    await handler(scheduledEvent());
    expect(verdicts()).toMatchObject({
      'vpc-a': 'COMPLIANT',
      'vpc-gone-1': 'NOT_APPLICABLE',
      'vpc-gone-2': 'NOT_APPLICABLE',
      'vpc-gone-3': 'NOT_APPLICABLE',
    });
    expect(reported().find((e) => e.ComplianceResourceId === 'vpc-gone-2')!.Annotation).toBe('The VPC no longer exists');
    const nonCompliantPages = config
      .commandCalls(GetComplianceDetailsByConfigRuleCommand)
      .map((c) => c.args[0].input)
      .filter((i) => i.ComplianceTypes?.[0] === 'NON_COMPLIANT');
    expect(nonCompliantPages).toHaveLength(2);
    expect(nonCompliantPages[1]!.NextToken).toBe('p2');
  });

  it('follows NextToken on every EC2 listing', async () => {
    const inventory: MockEc2Inventory = {
      vpcs: Array.from({ length: 5 }, (_, i) => ec2Vpc(`vpc-${i}`)),
      networkInterfaces: Array.from({ length: 5 }, (_, i) => ec2Eni(`eni-${i}`, `vpc-${i}`)),
      sessions: [0, 1, 2, 3].map((i) => ec2Session(`tms-${i}`, `eni-${i}`)),
      filters: [ec2RejectFilter, { ...ec2RejectFilter, TrafficMirrorFilterId: 'tmf-x' }, ec2AcceptFilter],
    };
    answerFromInventory(ec2, inventory, 2);
    await handler(scheduledEvent());
    expect(ec2Calls()).toEqual({ DescribeVpcs: 3, DescribeTrafficMirrorSessions: 2, DescribeTrafficMirrorFilters: 2, DescribeNetworkInterfaces: 2 });
    expect(verdicts()).toEqual({
      'vpc-0': 'COMPLIANT',
      'vpc-1': 'COMPLIANT',
      'vpc-2': 'COMPLIANT',
      'vpc-3': 'COMPLIANT',
      'vpc-4': 'NON_COMPLIANT',
    });
  });

  it('reports 250 VPCs in 3 PutEvaluations calls of at most 100', async () => {
    answerFromInventory(ec2, { ...baseInventory(), vpcs: Array.from({ length: 250 }, (_, i) => ec2Vpc(`vpc-${i}`)) });
    await handler(scheduledEvent());
    const sizes = config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations!.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(reported().map((e) => e.ComplianceResourceId)).size).toBe(250);
  });

  it('looks up session sources 200 at a time', async () => {
    const n = 450;
    answerFromInventory(ec2, {
      vpcs: [ec2Vpc('vpc-1')],
      networkInterfaces: Array.from({ length: n }, (_, i) => ec2Eni(`eni-${i}`, 'vpc-1')),
      sessions: Array.from({ length: n }, (_, i) => ec2Session(`tms-${i}`, `eni-${i}`)),
      filters: [ec2AcceptFilter],
    });
    await handler(scheduledEvent());
    const sizes = ec2.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters![0]!.Values!.length);
    expect(sizes.sort((a, b) => b - a)).toEqual([200, 200, 50]);
    expect(verdicts()).toEqual({ 'vpc-1': 'COMPLIANT' });
  });

  it('does not count a session whose source ENI no longer exists', async () => {
    const inventory = baseInventory();
    inventory.sessions = [ec2Session('tms-orphan', 'eni-deleted')];
    answerFromInventory(ec2, inventory);
    await handler(scheduledEvent());
    expect(verdicts()['vpc-a']).toBe('NON_COMPLIANT');
  });

  it('in mode all, lists every ENI of the region instead of looking up sources', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(scheduledEvent({ ruleParameters: { mode: 'all' } }));
    expect(ec2Calls().DescribeNetworkInterfaces).toBe(1);
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input.Filters).toBeUndefined();
    const a = reported().find((e) => e.ComplianceResourceId === 'vpc-a')!;
    expect(a).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: '1 of 2 instance ENIs are not mirrored: eni-a2' });
  });

  it('skips the filter listing when requireAcceptRule is false', async () => {
    const inventory = baseInventory();
    inventory.sessions = [ec2Session('tms-a', 'eni-a1', { TrafficMirrorFilterId: 'tmf-reject' })];
    answerFromInventory(ec2, inventory);
    await handler(scheduledEvent({ ruleParameters: { requireAcceptRule: 'false' } }));
    expect(ec2Calls().DescribeTrafficMirrorFilters).toBe(0);
    expect(verdicts()['vpc-a']).toBe('COMPLIANT');
  });

  it("reports a VPC shared into the event's account by its owner NOT_APPLICABLE", async () => {
    const inventory = baseInventory();
    inventory.vpcs.push(ec2Vpc('vpc-shared', { OwnerId: '999999999999' }));
    answerFromInventory(ec2, inventory);
    await handler(scheduledEvent());
    expect(reported().find((e) => e.ComplianceResourceId === 'vpc-shared')).toMatchObject({
      ComplianceType: 'NOT_APPLICABLE',
      Annotation: 'Shared with this account by 999999999999, which owns it and evaluates it',
    });
    expect(verdicts()['vpc-b']).toBe('NON_COMPLIANT');
  });

  it('applies ignoreDefaultVpc', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(scheduledEvent({ ruleParameters: { ignoreDefaultVpc: 'true' } }));
    expect(verdicts()['vpc-default']).toBe('NOT_APPLICABLE');
  });
});

describe('configuration change notification', () => {
  it('evaluates only the changed VPC in 4 EC2 calls and 1 PutEvaluations, at the capture time', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(vpcChange('vpc-a', { captureTime: '2026-11-20T10:00:00.000Z' }));
    expect(reported()).toEqual([
      {
        ComplianceResourceType: 'AWS::EC2::VPC',
        ComplianceResourceId: 'vpc-a',
        ComplianceType: 'COMPLIANT',
        Annotation: 'Mirrored by tms-a (source eni-a1, target tmt-9)',
        OrderingTimestamp: new Date('2026-11-20T10:00:00.000Z'),
      },
    ]);
    expect(ec2Calls()).toEqual({ DescribeVpcs: 1, DescribeTrafficMirrorSessions: 1, DescribeTrafficMirrorFilters: 1, DescribeNetworkInterfaces: 1 });
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(1);
    expect(config.commandCalls(GetComplianceDetailsByConfigRuleCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DescribeVpcsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'vpc-id', Values: ['vpc-a'] }]);
    // The VPC's own ENIs, not a lookup of every session source: independent of the region's session count.
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'vpc-id', Values: ['vpc-a'] }]);
  });

  it('in mode all, lists the VPC ENIs in parallel: still 4 EC2 calls', async () => {
    const inventory = baseInventory();
    inventory.sessions.push(ec2Session('tms-a2', 'eni-a2'));
    answerFromInventory(ec2, inventory);
    await handler(vpcChange('vpc-a', { ruleParameters: { mode: 'all' } }));
    expect(ec2Calls()).toEqual({ DescribeVpcs: 1, DescribeTrafficMirrorSessions: 1, DescribeTrafficMirrorFilters: 1, DescribeNetworkInterfaces: 1 });
    expect(reported()[0]).toMatchObject({ ComplianceType: 'COMPLIANT', Annotation: expect.stringMatching(/^All 2 instance ENIs are mirrored/) });
  });

  it('reports a deleted VPC NOT_APPLICABLE without reading EC2', async () => {
    await handler(vpcChange('vpc-x', { status: 'ResourceDeleted', captureTime: '2026-11-20T09:00:00.000Z' }));
    expect(reported()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'vpc-x', ComplianceType: 'NOT_APPLICABLE', Annotation: 'The VPC was deleted' }),
    ]);
    expect(Object.values(ec2Calls()).every((n) => n === 0)).toBe(true);
  });

  it('reports a VPC that left the scope NOT_APPLICABLE', async () => {
    await handler(vpcChange('vpc-a', { eventLeftScope: true }));
    expect(verdicts()).toEqual({ 'vpc-a': 'NOT_APPLICABLE' });
  });

  it('reports a VPC that is gone by the time it is read NOT_APPLICABLE', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(vpcChange('vpc-vanished'));
    expect(reported()).toEqual([expect.objectContaining({ ComplianceResourceId: 'vpc-vanished', ComplianceType: 'NOT_APPLICABLE', Annotation: 'The VPC no longer exists' })]);
  });

  it('re-evaluates the VPC of a changed session source and reports it against the VPC', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(sessionChange('tms-a', 'eni-a1'));
    expect(reported()).toEqual([expect.objectContaining({ ComplianceResourceType: 'AWS::EC2::VPC', ComplianceResourceId: 'vpc-a', ComplianceType: 'COMPLIANT' })]);
    // One lookup finds the VPC of the changed ENI and of every other source.
    expect(ec2Calls()).toEqual({ DescribeVpcs: 1, DescribeTrafficMirrorSessions: 1, DescribeTrafficMirrorFilters: 1, DescribeNetworkInterfaces: 1 });
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'network-interface-id', Values: ['eni-a1'] },
    ]);
  });

  it('with 200 or more sources, finds the VPC of a changed session and then lists its ENIs: 5 EC2 calls', async () => {
    const n = 250;
    answerFromInventory(ec2, {
      vpcs: [ec2Vpc('vpc-1'), ec2Vpc('vpc-2')],
      networkInterfaces: [ec2Eni('eni-x', 'vpc-1'), ...Array.from({ length: n }, (_, i) => ec2Eni(`eni-${i}`, 'vpc-2'))],
      sessions: [ec2Session('tms-x', 'eni-x', { TrafficMirrorFilterId: 'tmf-reject' }), ...Array.from({ length: n }, (_, i) => ec2Session(`tms-${i}`, `eni-${i}`))],
      filters: [ec2AcceptFilter, ec2RejectFilter],
    });
    await handler(sessionChange('tms-x', 'eni-x'));
    expect(ec2Calls()).toEqual({ DescribeVpcs: 1, DescribeTrafficMirrorSessions: 1, DescribeTrafficMirrorFilters: 1, DescribeNetworkInterfaces: 2 });
    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toEqual([
      [{ Name: 'network-interface-id', Values: ['eni-x'] }],
      [{ Name: 'vpc-id', Values: ['vpc-1'] }],
    ]);
    expect(reported()).toEqual([expect.objectContaining({ ComplianceResourceId: 'vpc-1', ComplianceType: 'NON_COMPLIANT' })]);
  });

  it('evaluates one VPC in 4 EC2 calls however many sessions the rest of the region has', async () => {
    const n = 900;
    answerFromInventory(ec2, {
      vpcs: [ec2Vpc('vpc-1'), ec2Vpc('vpc-2')],
      networkInterfaces: [ec2Eni('eni-x', 'vpc-1'), ...Array.from({ length: n }, (_, i) => ec2Eni(`eni-${i}`, 'vpc-2'))],
      sessions: Array.from({ length: n }, (_, i) => ec2Session(`tms-${i}`, `eni-${i}`)),
      filters: [ec2AcceptFilter],
    });
    await handler(vpcChange('vpc-1'));
    expect(ec2Calls()).toEqual({ DescribeVpcs: 1, DescribeTrafficMirrorSessions: 1, DescribeTrafficMirrorFilters: 1, DescribeNetworkInterfaces: 1 });
    expect(verdicts()).toEqual({ 'vpc-1': 'NON_COMPLIANT' });
  });

  it('re-evaluates the VPC when a session is created on a source whose session later vanished', async () => {
    // The event names eni-b1 but no session has it as source any more: vpc-b is NON_COMPLIANT.
    answerFromInventory(ec2, baseInventory());
    await handler(sessionChange('tms-new', 'eni-b1'));
    expect(verdicts()).toEqual({ 'vpc-b': 'NON_COMPLIANT' });
  });

  it('re-evaluates the whole region when a session was deleted, without touching stale evaluations', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(sessionChange('tms-a', undefined, { status: 'ResourceDeleted' }));
    expect(Object.keys(verdicts()).sort()).toEqual(['vpc-a', 'vpc-b', 'vpc-default', 'vpc-lab']);
    expect(config.commandCalls(GetComplianceDetailsByConfigRuleCommand)).toHaveLength(0);
  });

  it('re-evaluates the whole region when the session source ENI is gone too', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(sessionChange('tms-z', 'eni-gone'));
    expect(Object.keys(verdicts()).sort()).toEqual(['vpc-a', 'vpc-b', 'vpc-default', 'vpc-lab']);
  });
});

describe('oversized configuration item change notification', () => {
  it('evaluates the VPC named in the summary', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(oversizedEvent({ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-b', captureTime: '2026-11-20T11:00:00.000Z' }));
    expect(reported()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'vpc-b', ComplianceType: 'NON_COMPLIANT', OrderingTimestamp: new Date('2026-11-20T11:00:00.000Z') }),
    ]);
  });

  it('re-evaluates the region for an oversized session item', async () => {
    answerFromInventory(ec2, baseInventory());
    await handler(oversizedEvent({ resourceType: 'AWS::EC2::TrafficMirrorSession', resourceId: 'tms-a' }));
    expect(Object.keys(verdicts())).toHaveLength(4);
  });
});

describe('failures report nothing wrong', () => {
  it('rejects invalid parameters before any call, naming the parameter', async () => {
    await expect(handler(scheduledEvent({ ruleParameters: { mode: 'some' } }))).rejects.toThrowError(
      `Rule parameter 'mode' accepts "any" or "all"`,
    );
    expect(Object.values(ec2Calls()).every((n) => n === 0)).toBe(true);
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it('rejects a malformed event before any call', async () => {
    await expect(handler({ ...scheduledEvent(), resultToken: '' })).rejects.toThrowError('resultToken');
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it('fails the invocation and reports nothing when a read is denied', async () => {
    answerFromInventory(ec2, baseInventory());
    ec2.on(DescribeTrafficMirrorSessionsCommand).rejects(
      new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', $metadata: {}, message: 'You are not authorized' }),
    );
    await expect(handler(scheduledEvent())).rejects.toThrowError('You are not authorized');
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it('sends FailedEvaluations again until Config records them', async () => {
    answerFromInventory(ec2, baseInventory());
    config
      .on(PutEvaluationsCommand)
      .callsFakeOnce((input) => ({ FailedEvaluations: input.Evaluations.filter((e: ConfigEvaluation) => e.ComplianceResourceId === 'vpc-b') }))
      .resolves({ FailedEvaluations: [] });
    await handler(vpcChange('vpc-b'));
    const calls = config.commandCalls(PutEvaluationsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.Evaluations).toEqual([expect.objectContaining({ ComplianceResourceId: 'vpc-b', ComplianceType: 'NON_COMPLIANT' })]);
  });

  it('fails the invocation, naming the VPCs, when Config keeps refusing an evaluation', async () => {
    answerFromInventory(ec2, baseInventory());
    config.on(PutEvaluationsCommand).callsFake((input) => ({ FailedEvaluations: input.Evaluations }));
    await expect(handler(vpcChange('vpc-b'))).rejects.toThrowError('Config did not record 1 evaluation(s) after 5 attempts: vpc-b');
  }, 20_000);
});
