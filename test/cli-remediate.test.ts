/**
 * The CLI's `remediate` end to end: the real bin in a child process against the fake EC2 endpoint. What ends up in
 * the account, what is printed, exit codes, and that an audit afterwards finds the VPC COMPLIANT.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkActionsUsedBy } from '../infra/sdk-actions';
import type { FakeAws, FakeRegion } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';
import { runCliProcess } from './support/cli-process';
import { REMEDIATION_VPC, seedRemediationAccount } from './support/remediation-account';

const REGION = 'us-east-1';
const VPC = REMEDIATION_VPC;
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mirror/0123456789abcdef';
const DENIED = 'You are not authorized to perform this operation.';

let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws();
});
afterAll(() => fake.close());
beforeEach(() => fake.resetCalls());

const freshAccount = (): FakeRegion => seedRemediationAccount(fake, REGION, { Tags: [{ Key: 'Name', Value: 'shop' }] });

const remediate = (args: string[]) => runCliProcess(['remediate', ...args], fake.env(REGION));
const mutatingCalls = () => Object.keys(fake.callCounts()).filter((op) => /^(Create|Delete|Modify)/.test(op));

describe('remediate', () => {
  it('--dry-run prints the plan, creates nothing, exits 0', async () => {
    const state = freshAccount();

    const run = await remediate(['--vpc', VPC, '--region', REGION, '--target-nlb', NLB, '--dry-run']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `Dry run for ${VPC} in ${REGION}: nothing was created.`,
        'A real run would create:',
        `  - traffic mirror target for ${NLB}`,
        '  - traffic mirror filter with 4 accept rules',
        '  - traffic mirror session for eni-0000000000000000a (if EC2 cannot mirror it, the next of 2 other candidates)',
        'Would reuse: none',
        '',
      ].join('\n'),
    );
    expect(mutatingCalls()).toEqual([]);
    expect(state.targets).toEqual([]);
  });

  it('creates the target, filter and session, skipping the ENI EC2 cannot mirror; an audit then finds the VPC COMPLIANT', async () => {
    const state = freshAccount();
    const before = await runCliProcess(['audit', '--region', REGION, '--format', 'json'], fake.env(REGION));
    expect(before.code).toBe(1);

    const run = await remediate(['--vpc', VPC, '--region', REGION, '--target-nlb', NLB]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [target] = state.targets;
    const [filter] = state.filters;
    const [session] = state.sessions;
    expect(state.targets).toHaveLength(1);
    expect(state.sessions).toEqual([expect.objectContaining({ NetworkInterfaceId: 'eni-0000000000000000b' })]);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `Traffic mirroring enabled for ${VPC} in ${REGION}.`,
      `Target:   ${target!.TrafficMirrorTargetId}`,
      `Filter:   ${filter!.TrafficMirrorFilterId}`,
      `Sessions: ${session!.TrafficMirrorSessionId} (source eni-0000000000000000b)`,
    ]);
    expect(lines[4]).toMatch(new RegExp(`^Created:  ${target!.TrafficMirrorTargetId}, ${filter!.TrafficMirrorFilterId}, `));
    expect(lines[5]).toBe('Reused:   none');
    expect(lines[6]).toMatch(/^Skipped eni-0000000000000000a: EC2 cannot mirror this ENI \(NetworkInterfaceNotSupported: /);

    const after = await runCliProcess(['audit', '--region', REGION, '--format', 'json'], fake.env(REGION));
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toEqual([
      {
        accountId: fake.accountId,
        region: REGION,
        vpcId: VPC,
        name: 'shop',
        compliance: 'COMPLIANT',
        annotation: `Mirrored by ${session!.TrafficMirrorSessionId} (source eni-0000000000000000b, target ${target!.TrafficMirrorTargetId})`,
      },
    ]);
  });

  it('a second run reuses everything and says so; --format json prints the result', async () => {
    const state = freshAccount();
    expect((await remediate(['--vpc', VPC, '--region', REGION, '--target-nlb', NLB])).code).toBe(0);
    fake.resetCalls();

    const run = await remediate(['--vpc', VPC, '--region', REGION, '--target-nlb', NLB, '--format', 'json']);

    expect(run.code).toBe(0);
    expect(mutatingCalls()).toEqual([]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      region: REGION,
      vpcId: VPC,
      dryRun: false,
      created: [],
      reused: [state.targets[0]!.TrafficMirrorTargetId, state.filters[0]!.TrafficMirrorFilterId, state.sessions[0]!.TrafficMirrorSessionId],
    });
    const text = await remediate(['--vpc', VPC, '--region', REGION, '--target-nlb', NLB]);
    expect(text.stdout.split('\n')[0]).toBe(`${VPC} in ${REGION} is already mirrored: nothing was created.`);
  });

  it('--source-selection all mirrors every mirrorable instance ENI', async () => {
    const state = freshAccount();
    const run = await remediate(['--vpc', VPC, '--region', REGION, '--target-nlb', NLB, '--source-selection', 'all']);
    expect(run.code).toBe(0);
    expect(state.sessions.map((s) => s.NetworkInterfaceId).sort()).toEqual(['eni-0000000000000000b', 'eni-0000000000000000c']);
  });

  it('a VPC that does not exist: exit 1, the planner says why, nothing created', async () => {
    freshAccount();
    const run = await remediate(['--vpc', 'vpc-0b0b0b0b0b0b0b0b0', '--region', REGION, '--target-nlb', NLB]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: ${REGION}: Remediation not started, nothing was created: VPC vpc-0b0b0b0b0b0b0b0b0 (VpcId) does not exist in this account-region\n`,
    );
    expect(mutatingCalls()).toEqual([]);
  });

  it('EC2 refusing a create: exit 2 naming the call, and what the run created is deleted', async () => {
    const state = freshAccount();
    fake.failNext('CreateTrafficMirrorSession', { code: 'UnauthorizedOperation', status: 403, message: DENIED });

    const run = await remediate(['--vpc', VPC, '--region', REGION, '--target-nlb', NLB]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${REGION}: CreateTrafficMirrorSession failed: UnauthorizedOperation: ${DENIED}\n`);
    expect(state.targets).toEqual([]);
    expect(state.filters).toEqual([]);
    expect(state.sessions).toEqual([]);
  });

  it.each([
    [['--vpc', VPC, '--region', REGION], 'error: Give exactly one target: --target-id, --target-eni, --target-nlb or --target-gwlbe'],
    [
      ['--vpc', VPC, '--region', REGION, '--target-nlb', NLB, '--target-eni', 'eni-0000000000000000c'],
      'error: Give exactly one target: --target-id, --target-eni, --target-nlb or --target-gwlbe',
    ],
    [['--vpc', 'vpc-xyz', '--region', REGION, '--target-nlb', NLB], 'error: --vpc "vpc-xyz": must look like vpc-0123456789abcdef0'],
    [['--vpc', VPC, '--region', REGION, '--target-id', 'tmt-nope'], 'error: --target-id "tmt-nope": must look like tmt-0123456789abcdef0'],
    [['--vpc', VPC, '--region', REGION, '--target-nlb', NLB, '--source-selection', 'some'], 'error: --source-selection "some": must be "one" or "all"'],
    [['--vpc', VPC, '--target-nlb', NLB], "error: required option '--region <region>' not specified"],
  ])('usage error %j: exit 2, no call', async (args, message) => {
    freshAccount();
    const run = await remediate(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(message);
    expect(fake.calls()).toEqual([]);
  });

  it('needs exactly the IAM actions of the remediation Lambda (the policy in docs/cli.md lists them)', () => {
    expect(sdkActionsUsedBy('cli/remediate-command.ts')).toEqual(sdkActionsUsedBy('remediation/handler.ts'));
  });
});
