/**
 * `remediate --non-compliant` and `remediate --runbook` end to end: the real bin in a child process against the fake
 * Config and SSM endpoints. Runs progress over successive status reads, so every VPC is followed to its end.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkActionsUsedBy } from '../infra/sdk-actions';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';
import { runCliProcess } from './support/cli-process';
import { DOCUMENT, RULE, seedHealthyDeployment } from './support/operate-account';

const REGION = 'us-east-1';
let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.resetCalls();
  seedHealthyDeployment(fake, REGION);
});

const vpcId = (n: number) => `vpc-${String(n).padStart(17, '0')}`;

describe('remediate --non-compliant', () => {
  it('--yes --wait on 250 NON_COMPLIANT VPCs: 3 starts, every VPC followed to its end, the failure with its step and message, exit 1', async () => {
    const vpcs = Array.from({ length: 250 }, (_, i) => vpcId(i + 1));
    fake.seedEvaluations(REGION, RULE, [
      ...vpcs.map((resourceId) => ({ resourceId, complianceType: 'NON_COMPLIANT' as const })),
      { resourceId: vpcId(999), complianceType: 'COMPLIANT' },
    ]);
    const failing = vpcId(137);
    fake.failRemediation([failing], { stepName: 'VerifyTrafficMirroring', message: 'No traffic mirror session from the VPC to tmt-0123456789abcdef0' });

    const run = await runCliProcess(['remediate', '--non-compliant', '--yes', '--wait', '--region', REGION, '--output', 'json'], fake.env(REGION));

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const rows = JSON.parse(run.stdout) as { vpcId: string; state: string; failedStep: string | null; message: string | null }[];
    expect(rows.map((r) => r.vpcId)).toEqual(vpcs);
    expect(rows.filter((r) => r.state === 'SUCCEEDED')).toHaveLength(249);
    expect(rows.find((r) => r.vpcId === failing)).toEqual({
      region: REGION,
      vpcId: failing,
      state: 'FAILED',
      failedStep: 'VerifyTrafficMirroring',
      message: 'No traffic mirror session from the VPC to tmt-0123456789abcdef0',
    });
    const starts = fake.calls().filter((c) => c.operation === 'StartRemediationExecution');
    expect(starts.map((c) => (c.params?.ResourceKeys as unknown[]).length)).toEqual([100, 100, 50]);
    expect(Object.keys(fake.callCounts()).map((op) => `config:${op}`).sort()).toEqual(sdkActionsUsedBy('cli/bulk-remediate-command.ts'));
    expect(fake.callCounts({ service: 'config' })).toEqual({
      GetComplianceDetailsByConfigRule: 3,
      StartRemediationExecution: 3,
      // Three rounds (queued, in progress, final) of three requests of at most 100 keys.
      DescribeRemediationExecutionStatus: 9,
    });
  });

  it('without --yes and with no terminal to ask on: refuses, starts nothing, exit 2', async () => {
    fake.seedEvaluations(REGION, RULE, [{ resourceId: vpcId(1), complianceType: 'NON_COMPLIANT' }]);

    const run = await runCliProcess(['remediate', '--non-compliant', '--region', REGION], fake.env(REGION));

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: Refusing to remediate \d+ VPC\(s\) without confirmation: stdin is not a terminal; pass --yes\n$/);
    expect(fake.callCounts().StartRemediationExecution).toBeUndefined();
  });

  it('reports VPCs Config did not start (FailedItems) as NOT_STARTED with its message; without --wait, exit 1', async () => {
    fake.seedEvaluations('eu-west-1', RULE, [vpcId(1), vpcId(2)].map((resourceId) => ({ resourceId, complianceType: 'NON_COMPLIANT' as const })));
    seedHealthyDeployment(fake, 'eu-west-1');
    fake.rejectRemediationStart([vpcId(2)]);

    const run = await runCliProcess(['remediate', '--non-compliant', '--yes', '--region', 'eu-west-1'], fake.env('eu-west-1'));

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`│ eu-west-1 │ ${vpcId(1)} │ STARTED +│`));
    expect(run.stdout).toMatch(new RegExp(`│ eu-west-1 │ ${vpcId(2)} │ NOT_STARTED │ +│ Remediation could not be started`));
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('2 VPCs: 1 NOT_STARTED, 1 STARTED');
    expect(fake.callCounts().DescribeRemediationExecutionStatus).toBeUndefined();
  });

  it.each([
    [['--vpc', vpcId(1)], 'error: --vpc cannot be used with --non-compliant (the remediation configuration sets the runbook parameters)'],
    [['--timeout', '0'], 'error: --timeout "0": accepts 1 to 43200 seconds'],
  ])('usage error %j: exit 2, no call', async (args, message) => {
    const run = await runCliProcess(['remediate', '--non-compliant', '--yes', '--region', REGION, ...args], fake.env(REGION));
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(message);
    expect(fake.calls()).toEqual([]);
  });
});

describe('remediate --runbook', () => {
  const TARGET = 'tmt-0123456789abcdef0';

  it("starts the deployed runbook for the VPC with the local remediate's parameters, follows it and prints its outputs", async () => {
    fake.ssm.onAutomation(() => ({
      outputs: {
        'ReadRemediationResult.TrafficMirrorTargetId': [TARGET],
        'ReadRemediationResult.TrafficMirrorFilterId': ['tmf-0123456789abcdef0'],
        'ReadRemediationResult.SessionIds': ['tms-0123456789abcdef0'],
        'ReadRemediationResult.Created': ['tmf-0123456789abcdef0', 'tms-0123456789abcdef0'],
        'ReadRemediationResult.Reused': [TARGET],
        'ReadRemediationResult.Skipped': ['eni-0000000000000000b: NetworkInterfaceNotSupported'],
      },
    }));

    const run = await runCliProcess(['remediate', '--vpc', vpcId(1), '--region', REGION, '--target-id', TARGET, '--runbook'], fake.env(REGION));

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [execution] = fake.ssm.automationExecutions().slice(-1);
    expect(execution).toMatchObject({
      documentName: DOCUMENT,
      parameters: { VpcId: [vpcId(1)], TrafficMirrorTargetId: [TARGET], SourceSelection: ['one'], SessionNumber: ['1'], MirrorAmazonDns: ['false'] },
    });
    expect(run.stdout).toBe(
      [
        `${DOCUMENT} run ${execution!.automationExecutionId} for ${vpcId(1)} in ${REGION}: Success`,
        `Target:   ${TARGET}`,
        'Filter:   tmf-0123456789abcdef0',
        'Sessions: tms-0123456789abcdef0',
        'Created:  tmf-0123456789abcdef0, tms-0123456789abcdef0',
        `Reused:   ${TARGET}`,
        'Skipped:  eni-0000000000000000b: NetworkInterfaceNotSupported',
        '',
      ].join('\n'),
    );
    expect(fake.callCounts({ service: 'ssm' })).toEqual({ StartAutomationExecution: 1, GetAutomationExecution: 3 });
    expect(Object.keys(fake.callCounts()).map((op) => `ssm:${op}`).sort()).toEqual(sdkActionsUsedBy('cli/runbook-remediate-command.ts'));
  });

  it('a failed run: the failed step and its message, exit 1', async () => {
    fake.ssm.onAutomation(() => ({ failure: { stepName: 'VerifyTrafficMirroring', message: 'Assertion failed: no session' } }));

    const run = await runCliProcess(['remediate', '--vpc', vpcId(2), '--region', REGION, '--target-id', TARGET, '--runbook', '--format', 'json'], fake.env(REGION));

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'Failed', failedStep: { name: 'VerifyTrafficMirroring', message: 'Assertion failed: no session' } });
  });
});
