/**
 * The real remediation handler and SDK client against the local fake AWS endpoint over HTTP: what ends up in the
 * account after a run, a second run, a run EC2 refuses half-way, and a dry run.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RemediationResult } from '../remediation/apply';
import { InvalidRemediationRequestError } from '../remediation/request';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE, VPC_TAG_KEY } from '../rule/rule-definition';
import type { FakeRegion } from './support/fake-aws';
import { remediationHandlerOnFakeAws } from './support/handler-on-fake';
import { REMEDIATION_VPC, seedRemediationAccount } from './support/remediation-account';

const REGION = 'us-east-1';

const wire = remediationHandlerOnFakeAws<RemediationResult>(REGION);
const VPC = REMEDIATION_VPC;
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mirror/0123456789abcdef';
const TAGS = [
  { Key: MANAGED_BY_TAG_KEY, Value: MANAGED_BY_TAG_VALUE },
  { Key: VPC_TAG_KEY, Value: VPC },
];

/** One Automation execution: the runbook passes its execution ID as runId. */
const remediate = (payload: Record<string, unknown>, runId = randomUUID()) => wire.handler({ ...payload, runId });

const freshAccount = (): FakeRegion => seedRemediationAccount(wire.fake, REGION);

const creates = () => Object.entries(wire.fake.callCounts({ service: 'ec2' })).filter(([op]) => /^(Create|Delete|Modify)/.test(op));


beforeEach(() => wire.fake.resetCalls());

describe('remediation against the fake EC2', () => {
  it('creates a tagged target, filter and session, skipping the ENI EC2 cannot mirror; a second run creates nothing', async () => {
    const state = freshAccount();
    const first = await remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB });

    expect(state.targets).toEqual([expect.objectContaining({ NetworkLoadBalancerArn: NLB, Tags: TAGS })]);
    expect(state.filters).toHaveLength(1);
    expect(state.filters[0]!.Tags).toEqual(TAGS);
    expect([...state.filters[0]!.IngressFilterRules, ...state.filters[0]!.EgressFilterRules].map((r) => [r.TrafficDirection, r.RuleAction, r.SourceCidrBlock])).toEqual([
      ['ingress', 'accept', '0.0.0.0/0'],
      ['ingress', 'accept', '::/0'],
      ['egress', 'accept', '0.0.0.0/0'],
      ['egress', 'accept', '::/0'],
    ]);
    expect(state.sessions).toEqual([
      expect.objectContaining({
        NetworkInterfaceId: 'eni-0000000000000000b',
        TrafficMirrorTargetId: state.targets[0]!.TrafficMirrorTargetId,
        TrafficMirrorFilterId: state.filters[0]!.TrafficMirrorFilterId,
        SessionNumber: 1,
        Tags: TAGS,
      }),
    ]);
    expect(first).toMatchObject({
      vpcId: VPC,
      targetId: state.targets[0]!.TrafficMirrorTargetId,
      filterId: state.filters[0]!.TrafficMirrorFilterId,
      sessions: [{ sessionId: state.sessions[0]!.TrafficMirrorSessionId, networkInterfaceId: 'eni-0000000000000000b' }],
      reused: [],
      skipped: [{ networkInterfaceId: 'eni-0000000000000000a', reason: expect.stringMatching(/^EC2 cannot mirror this ENI \(NetworkInterfaceNotSupported: /) }],
    });
    expect(first.created).toHaveLength(7);

    wire.fake.resetCalls();
    const second = await remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB });
    expect(creates()).toEqual([]);
    expect(second).toMatchObject({ created: [], sessions: first.sessions, targetId: first.targetId, filterId: first.filterId });
    expect(second.reused).toEqual([first.targetId, first.filterId, first.sessions[0]!.sessionId]);
    expect(state.sessions).toHaveLength(1);
  });

  it('mode all mirrors every mirrorable ENI, reusing what a mode-one run made', async () => {
    const state = freshAccount();
    await remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB });
    const all = await remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB, sourceSelection: 'all' });
    expect(state.sessions.map((s) => s.NetworkInterfaceId).sort()).toEqual(['eni-0000000000000000b', 'eni-0000000000000000c']);
    expect(all.created).toEqual([state.sessions[1]!.TrafficMirrorSessionId]);
    expect(all.skipped.map((s) => s.networkInterfaceId)).toEqual(['eni-0000000000000000a']);
  });

  it('leaves nothing behind when EC2 refuses a session half-way, and fails with EC2 error', async () => {
    const state = freshAccount();
    wire.fake.failNext('CreateTrafficMirrorSession', { code: 'UnauthorizedOperation', status: 403, message: 'You are not authorized to perform this operation.' });
    await expect(remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB, sourceSelection: 'all' })).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
    });
    expect(state.targets).toEqual([]);
    expect(state.filters).toEqual([]);
    expect(state.sessions).toEqual([]);
  });

  it('a new execution after a rolled-back one creates working resources, not the deleted ones EC2 remembers', async () => {
    const state = freshAccount();
    wire.fake.failNext('CreateTrafficMirrorSession', { code: 'UnauthorizedOperation', status: 403 });
    await expect(remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB })).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(state.targets).toEqual([]);
    const retry = await remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB });
    expect(state.sessions.map((s) => s.TrafficMirrorSessionId)).toEqual([retry.sessions[0]!.sessionId]);
    expect(state.targets.map((t) => t.TrafficMirrorTargetId)).toEqual([retry.targetId]);
  });

  it('a dry run changes nothing and says what it would create', async () => {
    const state = freshAccount();
    const result = await remediate({ vpcId: VPC, targetNetworkLoadBalancerArn: NLB, dryRun: 'true' });
    expect(creates()).toEqual([]);
    expect(state.targets).toEqual([]);
    expect(result.wouldCreate).toEqual([
      `traffic mirror target for ${NLB}`,
      'traffic mirror filter with 4 accept rules',
      'traffic mirror session for eni-0000000000000000a (if EC2 cannot mirror it, the next of 2 other candidates)',
    ]);
  });

  it('rejects a bad payload before calling EC2', async () => {
    freshAccount();
    await expect(wire.handler({ vpcId: VPC })).rejects.toBeInstanceOf(InvalidRemediationRequestError);
    expect(wire.fake.calls()).toEqual([]);
  });
});
