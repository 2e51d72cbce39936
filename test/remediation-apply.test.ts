import type { CreateTrafficMirrorSessionCommandInput } from '@aws-sdk/client-ec2';
import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorFilterRuleCommand,
  CreateTrafficMirrorSessionCommand,
  CreateTrafficMirrorTargetCommand,
  DeleteTrafficMirrorFilterCommand,
  DeleteTrafficMirrorFilterRuleCommand,
  DeleteTrafficMirrorSessionCommand,
  DeleteTrafficMirrorTargetCommand,
  EC2Client,
  EC2ServiceException,
  ModifyTrafficMirrorFilterNetworkServicesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, NoMirrorableSourceError, OutOfTimeError, ROLLBACK_MS_PER_RESOURCE, ROLLBACK_RESERVE_MS, TargetSourceLimitError } from '../remediation/apply';
import { planRemediation } from '../remediation/plan';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE, VPC_TAG_KEY } from '../rule/rule-definition';
import { MANAGED, NLB_ARN, VPC, eni, inventory, managedFilter, mirrorSession, mirrorTarget, request } from './support/remediation-builders';

const ec2Mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: 'us-east-1' });
const nlbResource = { kind: 'networkLoadBalancer' as const, id: NLB_ARN, vpcId: VPC };
const TAGS = [
  { Key: MANAGED_BY_TAG_KEY, Value: MANAGED_BY_TAG_VALUE },
  { Key: VPC_TAG_KEY, Value: VPC },
];

const awsError = (code: string, message = `${code} happened`) =>
  new EC2ServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

/** Every EC2 call made, as "Command id-or-source", in order. */
const callLog = () =>
  ec2Mock.calls().map((c) => {
    const command = c.args[0] as unknown as { constructor: { name: string }; input: Record<string, unknown> };
    const input = command.input;
    const subject =
      input.TrafficMirrorSessionId ?? input.TrafficMirrorFilterRuleId ?? input.NetworkInterfaceId ?? input.TrafficMirrorFilterId ?? input.TrafficMirrorTargetId ?? '';
    return `${command.constructor.name.replace(/Command$/, '')} ${String(subject)}`.trim();
  });

/** EC2 that creates everything it is asked to, with predictable IDs; `failFor` makes a source's session fail. */
function answerCreates(failFor: Record<string, Error> = {}) {
  let rule = 0;
  ec2Mock.on(CreateTrafficMirrorTargetCommand).resolves({ TrafficMirrorTarget: { TrafficMirrorTargetId: 'tmt-new' } });
  ec2Mock.on(CreateTrafficMirrorFilterCommand).resolves({ TrafficMirrorFilter: { TrafficMirrorFilterId: 'tmf-new' } });
  ec2Mock.on(CreateTrafficMirrorFilterRuleCommand).callsFake(async () => ({ TrafficMirrorFilterRule: { TrafficMirrorFilterRuleId: `tmfr-${++rule}` } }));
  ec2Mock.on(CreateTrafficMirrorSessionCommand).callsFake(async (input: CreateTrafficMirrorSessionCommandInput) => {
    const failure = failFor[input.NetworkInterfaceId!];
    if (failure) throw failure;
    return { TrafficMirrorSession: { TrafficMirrorSessionId: `tms-${input.NetworkInterfaceId!.slice(4)}` } };
  });
  ec2Mock.on(DeleteTrafficMirrorSessionCommand).resolves({});
  ec2Mock.on(DeleteTrafficMirrorFilterRuleCommand).resolves({});
  ec2Mock.on(DeleteTrafficMirrorFilterCommand).resolves({});
  ec2Mock.on(DeleteTrafficMirrorTargetCommand).resolves({});
  ec2Mock.on(ModifyTrafficMirrorFilterNetworkServicesCommand).resolves({});
}

/** The rollback of a run that created the target, the filter and its 4 rules: newest first. */
const UNDO_FILTER_AND_TARGET = [
  'DeleteTrafficMirrorFilterRule tmfr-4',
  'DeleteTrafficMirrorFilterRule tmfr-3',
  'DeleteTrafficMirrorFilterRule tmfr-2',
  'DeleteTrafficMirrorFilterRule tmfr-1',
  'DeleteTrafficMirrorFilter tmf-new',
  'DeleteTrafficMirrorTarget tmt-new',
];

const freshVpc = (enis = [eni('eni-a'), eni('eni-b')]) => inventory({ networkInterfaces: enis, targetResource: nlbResource });

beforeEach(() => ec2Mock.reset());
afterEach(() => ec2Mock.reset());

describe('applyPlan: happy path', () => {
  it('creates target, filter, its 4 rules and one session, tagged and with the plan ClientTokens', async () => {
    answerCreates();
    const plan = planRemediation(freshVpc(), request());
    const result = await applyPlan(ec2, plan);

    expect(result).toEqual({
      vpcId: VPC,
      dryRun: false,
      sourceSelection: 'one',
      targetId: 'tmt-new',
      filterId: 'tmf-new',
      sessions: [{ sessionId: 'tms-a', networkInterfaceId: 'eni-a' }],
      created: ['tmt-new', 'tmf-new', 'tmfr-1', 'tmfr-2', 'tmfr-3', 'tmfr-4', 'tms-a'],
      reused: [],
      skipped: [],
      wouldCreate: [],
      warnings: [],
    });
    expect(callLog()).toEqual([
      'CreateTrafficMirrorTarget',
      'CreateTrafficMirrorFilter',
      'CreateTrafficMirrorFilterRule tmf-new',
      'CreateTrafficMirrorFilterRule tmf-new',
      'CreateTrafficMirrorFilterRule tmf-new',
      'CreateTrafficMirrorFilterRule tmf-new',
      'CreateTrafficMirrorSession eni-a',
    ]);
    const target = plan.target.action === 'create' ? plan.target.create : undefined;
    expect(ec2Mock.commandCalls(CreateTrafficMirrorTargetCommand)[0]!.args[0].input).toEqual({
      NetworkLoadBalancerArn: NLB_ARN,
      Description: target?.description,
      TagSpecifications: [{ ResourceType: 'traffic-mirror-target', Tags: TAGS }],
      ClientToken: target?.clientToken,
    });
    expect(ec2Mock.commandCalls(CreateTrafficMirrorSessionCommand)[0]!.args[0].input).toEqual({
      NetworkInterfaceId: 'eni-a',
      TrafficMirrorTargetId: 'tmt-new',
      TrafficMirrorFilterId: 'tmf-new',
      SessionNumber: 1,
      Description: `vpc-mirroring-guard: mirrors eni-a of ${VPC}`,
      TagSpecifications: [{ ResourceType: 'traffic-mirror-session', Tags: TAGS }],
      ClientToken: plan.sessionsToCreate[0]!.clientToken,
    });
    expect(ec2Mock.commandCalls(CreateTrafficMirrorFilterRuleCommand).map((c) => c.args[0].input)).toEqual(
      plan.filter.action === 'create'
        ? plan.filter.create.rules.map((r) => ({
            TrafficMirrorFilterId: 'tmf-new',
            TrafficDirection: r.trafficDirection,
            RuleNumber: r.ruleNumber,
            RuleAction: 'accept',
            SourceCidrBlock: r.sourceCidrBlock,
            DestinationCidrBlock: r.destinationCidrBlock,
            Description: r.description,
            TagSpecifications: [{ ResourceType: 'traffic-mirror-filter-rule', Tags: TAGS }],
            ClientToken: r.clientToken,
          }))
        : [],
    );
  });

  it('passes packet length and VXLAN ID, and adds amazon-dns to the filter it created', async () => {
    answerCreates();
    await applyPlan(ec2, planRemediation(freshVpc(), request({ mirrorAmazonDns: true, packetLength: 128, virtualNetworkId: 77 })));
    expect(ec2Mock.commandCalls(ModifyTrafficMirrorFilterNetworkServicesCommand).map((c) => c.args[0].input)).toEqual([
      { TrafficMirrorFilterId: 'tmf-new', AddNetworkServices: ['amazon-dns'] },
    ]);
    expect(ec2Mock.commandCalls(CreateTrafficMirrorSessionCommand)[0]!.args[0].input).toMatchObject({ PacketLength: 128, VirtualNetworkId: 77 });
  });

  it('mode all creates a session for every eligible source and reports them in plan order', async () => {
    answerCreates();
    const enis = ['eni-c', 'eni-a', 'eni-e', 'eni-b', 'eni-d', 'eni-f', 'eni-g'].map((id) => eni(id));
    const result = await applyPlan(ec2, planRemediation(freshVpc(enis), request({ sourceSelection: 'all' })));
    expect(result.sessions.map((s) => s.networkInterfaceId)).toEqual(['eni-a', 'eni-b', 'eni-c', 'eni-d', 'eni-e', 'eni-f', 'eni-g']);
    expect(ec2Mock.commandCalls(CreateTrafficMirrorSessionCommand)).toHaveLength(7);
  });
});

describe('applyPlan: a second run', () => {
  it('creates nothing and returns the same session, target and filter', async () => {
    answerCreates();
    const afterFirstRun = inventory({
      networkInterfaces: [eni('eni-a'), eni('eni-b')],
      targetResource: nlbResource,
      targets: [mirrorTarget('tmt-new', { networkLoadBalancerArn: NLB_ARN, tags: MANAGED })],
      filters: [managedFilter('tmf-new')],
      sessions: [mirrorSession('tms-a', 'eni-a', { trafficMirrorTargetId: 'tmt-new', trafficMirrorFilterId: 'tmf-new', tags: MANAGED })],
    });
    const result = await applyPlan(ec2, planRemediation(afterFirstRun, request()));
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(result).toMatchObject({
      targetId: 'tmt-new',
      filterId: 'tmf-new',
      sessions: [{ sessionId: 'tms-a', networkInterfaceId: 'eni-a' }],
      created: [],
      reused: ['tmt-new', 'tmf-new', 'tms-a'],
    });
  });
});

describe('applyPlan: sources EC2 cannot mirror', () => {
  it('mode one records NetworkInterfaceNotSupported in skipped and uses the next candidate', async () => {
    answerCreates({ 'eni-a': awsError('NetworkInterfaceNotSupported', 'The network interface is not supported for Traffic Mirroring.') });
    const result = await applyPlan(ec2, planRemediation(freshVpc(), request()));
    expect(result.sessions).toEqual([{ sessionId: 'tms-b', networkInterfaceId: 'eni-b' }]);
    expect(result.skipped).toEqual([
      { networkInterfaceId: 'eni-a', reason: 'EC2 cannot mirror this ENI (NetworkInterfaceNotSupported: The network interface is not supported for Traffic Mirroring.)' },
    ]);
    expect(ec2Mock.commandCalls(DeleteTrafficMirrorTargetCommand)).toHaveLength(0);
  });

  it('mode all skips the unsupported sources and keeps the others', async () => {
    answerCreates({ 'eni-b': awsError('NetworkInterfaceNotSupported') });
    const result = await applyPlan(ec2, planRemediation(freshVpc([eni('eni-a'), eni('eni-b'), eni('eni-c')]), request({ sourceSelection: 'all' })));
    expect(result.sessions.map((s) => s.sessionId)).toEqual(['tms-a', 'tms-c']);
    expect(result.skipped.map((s) => s.networkInterfaceId)).toEqual(['eni-b']);
  });

  it('a source that reached its session limit meanwhile is skipped too', async () => {
    answerCreates({ 'eni-a': awsError('TrafficMirrorSessionsPerInterfaceLimitExceeded') });
    const result = await applyPlan(ec2, planRemediation(freshVpc(), request()));
    expect(result.skipped).toEqual([
      { networkInterfaceId: 'eni-a', reason: "it reached AWS's limit of sessions per source ENI (TrafficMirrorSessionsPerInterfaceLimitExceeded)" },
    ]);
  });

  it('when no candidate can be mirrored, fails and deletes the target, filter and rules it created', async () => {
    const notSupported = awsError('NetworkInterfaceNotSupported');
    answerCreates({ 'eni-a': notSupported, 'eni-b': notSupported });
    const run = applyPlan(ec2, planRemediation(freshVpc(), request()));
    await expect(run).rejects.toBeInstanceOf(NoMirrorableSourceError);
    await expect(run).rejects.toThrow(`None of the 2 candidate source(s) of ${VPC} could be mirrored: eni-a: EC2 cannot mirror this ENI`);
    expect(callLog().filter((c) => c.startsWith('Delete'))).toEqual(UNDO_FILTER_AND_TARGET);
  });
});

describe('applyPlan: a failure mid-way', () => {
  it('deletes exactly what this run created, newest first, and rethrows the original error', async () => {
    const boom = awsError('InternalError', 'We encountered an internal error');
    answerCreates({ 'eni-c': boom });
    const enis = [eni('eni-a'), eni('eni-b'), eni('eni-c')];
    const run = applyPlan(ec2, planRemediation(freshVpc(enis), { ...request({ sourceSelection: 'all' }) }));
    await expect(run).rejects.toBe(boom);
    const deletes = callLog().filter((c) => c.startsWith('Delete'));
    // Sessions first (in reverse creation order), then the rules, the filter and the target.
    expect(deletes.slice(0, 2).sort()).toEqual(['DeleteTrafficMirrorSession tms-a', 'DeleteTrafficMirrorSession tms-b']);
    expect(deletes.slice(2)).toEqual(UNDO_FILTER_AND_TARGET);
  });

  it('never deletes what it reused: only the sessions it created', async () => {
    const boom = awsError('UnauthorizedOperation');
    answerCreates({ 'eni-c': boom });
    const inv = inventory({
      networkInterfaces: [eni('eni-a'), eni('eni-b'), eni('eni-c')],
      targetResource: nlbResource,
      targets: [mirrorTarget('tmt-theirs', { networkLoadBalancerArn: NLB_ARN })],
      filters: [managedFilter('tmf-shared')],
      sessions: [mirrorSession('tms-old', 'eni-a', { trafficMirrorTargetId: 'tmt-theirs', trafficMirrorFilterId: 'tmf-shared' })],
    });
    await expect(applyPlan(ec2, planRemediation(inv, request({ sourceSelection: 'all' })))).rejects.toBe(boom);
    expect(callLog().filter((c) => c.startsWith('Delete'))).toEqual(['DeleteTrafficMirrorSession tms-b']);
  });

  it('a failure while creating the filter rules deletes the rules and filter made so far and the target', async () => {
    const boom = awsError('TrafficMirrorFilterRuleLimitExceeded');
    answerCreates();
    ec2Mock.on(CreateTrafficMirrorFilterRuleCommand).resolvesOnce({ TrafficMirrorFilterRule: { TrafficMirrorFilterRuleId: 'tmfr-1' } }).rejects(boom);
    await expect(applyPlan(ec2, planRemediation(freshVpc(), request()))).rejects.toBe(boom);
    expect(callLog().filter((c) => c.startsWith('Delete'))).toEqual([
      'DeleteTrafficMirrorFilterRule tmfr-1',
      'DeleteTrafficMirrorFilter tmf-new',
      'DeleteTrafficMirrorTarget tmt-new',
    ]);
    expect(ec2Mock.commandCalls(CreateTrafficMirrorSessionCommand)).toHaveLength(0);
  });

  it('a failure creating the target deletes nothing', async () => {
    const boom = awsError('InterfaceInUseByTrafficMirrorTarget');
    answerCreates();
    ec2Mock.on(CreateTrafficMirrorTargetCommand).rejects(boom);
    await expect(applyPlan(ec2, planRemediation(freshVpc(), request()))).rejects.toBe(boom);
    expect(callLog()).toEqual(['CreateTrafficMirrorTarget']);
  });

  it('explains the sources-per-target limit and rolls back', async () => {
    answerCreates({ 'eni-b': awsError('TrafficMirrorSourcesPerTargetLimitExceeded', 'Sources per interface-target limit reached (11)') });
    const run = applyPlan(ec2, planRemediation(freshVpc(), request({ sourceSelection: 'all' })));
    await expect(run).rejects.toBeInstanceOf(TargetSourceLimitError);
    await expect(run).rejects.toThrow(
      'Target tmt-new accepts no more sources (TrafficMirrorSourcesPerTargetLimitExceeded: Sources per interface-target limit reached (11)). ' +
        'AWS allows 10 sources per ENI target on most instance types and 100 on the largest ("Traffic Mirroring quotas"); ' +
        'Network Load Balancer and Gateway Load Balancer endpoint targets have no such limit. Nothing created by this run was kept.',
    );
    expect(callLog().filter((c) => c.startsWith('Delete')).at(-1)).toBe('DeleteTrafficMirrorTarget tmt-new');
    expect(callLog()).toContain('DeleteTrafficMirrorSession tms-a');
  });

  it('goes on deleting when a delete fails, treats not-found as deleted, and names what is left in the error', async () => {
    const boom = awsError('InternalError', 'original failure');
    answerCreates({ 'eni-b': boom });
    ec2Mock.on(DeleteTrafficMirrorSessionCommand).rejects(awsError('InvalidTrafficMirrorSessionNotFound'));
    ec2Mock.on(DeleteTrafficMirrorFilterCommand).rejects(awsError('RequestLimitExceeded'));
    const run = applyPlan(ec2, planRemediation(freshVpc(), request({ sourceSelection: 'all' })));
    await expect(run).rejects.toBe(boom);
    await expect(run).rejects.toThrow(
      'original failure (rollback could not delete tmf-new (RequestLimitExceeded): they are tagged vpc-mirroring-guard:managed-by; delete them by hand)',
    );
    expect(callLog()).toContain('DeleteTrafficMirrorTarget tmt-new');
  });
});

describe('applyPlan: running out of time', () => {
  it('stops creating while there is still time to delete what it created, and deletes it', async () => {
    const notSupported = awsError('NetworkInterfaceNotSupported');
    answerCreates({ 'eni-a': notSupported, 'eni-b': notSupported });
    // After target, filter and 4 rules (6 resources), time for two more session attempts (calls 6 and 7), not a third.
    const remainingTimeMs = () => ROLLBACK_RESERVE_MS + 6 * ROLLBACK_MS_PER_RESOURCE + (8 - ec2Mock.calls().length) * 100 - 50;
    const run = applyPlan(ec2, planRemediation(freshVpc([eni('eni-a'), eni('eni-b'), eni('eni-c')]), request()), { remainingTimeMs });
    await expect(run).rejects.toBeInstanceOf(OutOfTimeError);
    await expect(run).rejects.toThrow(/^Stopped with \d+ s left, keeping time to delete the 6 resource\(s\) this run created; nothing was kept/);
    expect(callLog().filter((c) => c.startsWith('CreateTrafficMirrorSession'))).toEqual(['CreateTrafficMirrorSession eni-a', 'CreateTrafficMirrorSession eni-b']);
    expect(callLog().filter((c) => c.startsWith('Delete'))).toEqual(UNDO_FILTER_AND_TARGET);
  });

  it('does not start at all without time for a rollback', async () => {
    answerCreates();
    await expect(applyPlan(ec2, planRemediation(freshVpc(), request()), { remainingTimeMs: () => ROLLBACK_RESERVE_MS - 1 })).rejects.toBeInstanceOf(OutOfTimeError);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('has all the time it needs when nobody says otherwise', async () => {
    answerCreates();
    await expect(applyPlan(ec2, planRemediation(freshVpc(), request()))).resolves.toMatchObject({ sessions: [{ sessionId: 'tms-a' }] });
  });
});

describe('applyPlan: dry run', () => {
  it('calls nothing and reports what it would create', async () => {
    answerCreates();
    const result = await applyPlan(ec2, planRemediation(freshVpc(), request({ dryRun: true })));
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(result).toMatchObject({
      dryRun: true,
      targetId: null,
      filterId: null,
      sessions: [],
      created: [],
      wouldCreate: [
        `traffic mirror target for ${NLB_ARN}`,
        'traffic mirror filter with 4 accept rules',
        'traffic mirror session for eni-a (if EC2 cannot mirror it, the next of 1 other candidates)',
      ],
    });
  });

  it('names the reused resources and every session mode all would create', async () => {
    const inv = inventory({
      networkInterfaces: [eni('eni-a'), eni('eni-b')],
      targetResource: nlbResource,
      targets: [mirrorTarget('tmt-theirs', { networkLoadBalancerArn: NLB_ARN })],
      filters: [managedFilter('tmf-dns', { networkServices: ['amazon-dns'] })],
    });
    const result = await applyPlan(ec2, planRemediation(inv, request({ dryRun: true, sourceSelection: 'all', mirrorAmazonDns: true })));
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(result).toMatchObject({
      targetId: 'tmt-theirs',
      filterId: 'tmf-dns',
      reused: ['tmt-theirs', 'tmf-dns'],
      wouldCreate: ['traffic mirror session for eni-a', 'traffic mirror session for eni-b'],
    });
  });
});
