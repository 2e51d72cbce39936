/**
 * `doctor` end to end: the real bin in a child process against the fake Config and SSM endpoints, as a user runs it
 * after `cdk deploy`. Rows, exit codes, and the exact calls made.
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

interface Row {
  region: string;
  check: string;
  status: string;
  detail: string;
  fix: string;
}
const doctor = async (args: string[] = []) => {
  const run = await runCliProcess(['doctor', '--region', REGION, '--output', 'json', ...args], fake.env(REGION));
  return { ...run, rows: run.code === 2 ? [] : (JSON.parse(run.stdout) as Row[]) };
};
const row = (rows: Row[], check: string) => rows.find((r) => r.check === check);

describe('doctor', () => {
  it('a healthy deployment: every check ok, the counts by compliance, exit 0', async () => {
    fake.seedEvaluations(REGION, RULE, [
      { resourceId: 'vpc-00000000000000001', complianceType: 'COMPLIANT' },
      { resourceId: 'vpc-00000000000000002', complianceType: 'NON_COMPLIANT' },
    ]);

    const run = await doctor();

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.rows.map((r) => [r.check, r.status])).toEqual([
      ['recorder', 'ok'],
      ['recorded-types', 'ok'],
      ['rule', 'ok'],
      ['last-invocation', 'ok'],
      ['remediation', 'ok'],
      ['runbook', 'ok'],
      ['compliance', 'ok'],
    ]);
    expect(row(run.rows, 'compliance')).toMatchObject({
      detail: '1 COMPLIANT, 1 NON_COMPLIANT, 0 NOT_APPLICABLE, 0 INSUFFICIENT_DATA',
      fix: `vpc-mirroring-guard remediate --non-compliant --region ${REGION}`,
    });
    expect(fake.callCounts({ service: 'ssm' })).toEqual({ DescribeDocument: 1 });
    expect(fake.callCounts({ service: 'config' })).toEqual({
      DescribeConfigurationRecorders: 1,
      DescribeConfigurationRecorderStatus: 1,
      DescribeConfigRules: 1,
      DescribeConfigRuleEvaluationStatus: 1,
      DescribeRemediationConfigurations: 1,
      // One listing per compliance type.
      GetComplianceDetailsByConfigRule: 4,
    });
  });

  it('a recorder that records only AWS::EC2::VPC: fail naming the missing types, and the command that adds them', async () => {
    const recorder = fake.configSetup(REGION).recorders[0]!;
    recorder.recordingGroup = { allSupported: false, resourceTypes: ['AWS::EC2::VPC'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } };

    const run = await doctor();

    expect(run.code).toBe(1);
    const types = row(run.rows, 'recorded-types')!;
    expect(types.status).toBe('fail');
    expect(types.detail).toBe(
      'Recorder default does not record AWS::EC2::TrafficMirrorSession, AWS::EC2::TrafficMirrorTarget: changes to them never trigger the rule',
    );
    expect(types.fix).toBe(
      `aws configservice put-configuration-recorder --region ${REGION} --configuration-recorder name=default,roleARN=${recorder.roleARN} ` +
        `--recording-group '{"allSupported":false,"includeGlobalResourceTypes":false,"resourceTypes":["AWS::EC2::VPC","AWS::EC2::TrafficMirrorSession","AWS::EC2::TrafficMirrorTarget"],"recordingStrategy":{"useOnly":"INCLUSION_BY_RESOURCE_TYPES"}}'`,
    );
    expect(run.rows.filter((r) => r.status === 'fail').map((r) => r.check)).toEqual(['recorded-types']);
  });

  it('a rule whose last invocation failed: fail naming the error code and message, and where to read the log', async () => {
    const status = fake.configSetup(REGION).ruleStatuses[0]!;
    status.LastFailedInvocationTime = new Date();
    status.LastErrorCode = 'InsufficientPermissionsException';
    status.LastErrorMessage = 'The rule Lambda is not authorized to perform ec2:DescribeVpcs';

    const run = await doctor();

    expect(run.code).toBe(1);
    const last = row(run.rows, 'last-invocation')!;
    expect(last.status).toBe('fail');
    expect(last.detail).toContain('InsufficientPermissionsException: The rule Lambda is not authorized to perform ec2:DescribeVpcs');
    expect(last.fix).toContain(`aws lambda get-function-configuration --function-name VpcMirroringGuard-RuleFunction --region ${REGION}`);
  });

  it('a missing runbook: fail naming the document; a missing remediation configuration is only a warning', async () => {
    fake.ssm.deleteDocument(REGION, DOCUMENT);

    const missing = await doctor();

    expect(missing.code).toBe(1);
    expect(row(missing.rows, 'runbook')).toMatchObject({
      status: 'fail',
      detail: `The remediation runs SSM document ${DOCUMENT}, which does not exist in ${REGION}: every remediation fails`,
    });

    fake.configSetup(REGION).remediationConfigurations.length = 0;
    const none = await doctor();
    expect(none.code).toBe(0);
    expect(row(none.rows, 'remediation')?.status).toBe('warn');
    expect(row(none.rows, 'runbook')).toBeUndefined();
  });

  it('a rule that does not exist: fail with the deploy command, and nothing that needs the rule is read', async () => {
    fake.configSetup(REGION).rules.length = 0;

    const run = await doctor();

    expect(run.code).toBe(1);
    expect(run.rows.map((r) => [r.check, r.status])).toEqual([
      ['recorder', 'ok'],
      ['recorded-types', 'ok'],
      ['rule', 'fail'],
    ]);
    expect(fake.callCounts({ service: 'ssm' })).toEqual({});
  });

  it('--all-regions: every enabled region (DescribeRegions), each with its own rows', async () => {
    seedHealthyDeployment(fake, 'eu-west-1');
    fake.configSetup('eu-west-1').recorderStatuses[0]!.recording = false;

    const run = await runCliProcess(['doctor', '--all-regions', '--output', 'json'], fake.env(REGION));

    expect(run.code).toBe(1);
    const rows = JSON.parse(run.stdout) as Row[];
    expect(rows.filter((r) => r.status === 'fail').map((r) => `${r.region}:${r.check}`)).toEqual(['eu-west-1:recorder']);
    expect(new Set(rows.map((r) => r.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
    expect(fake.callCounts({ service: 'ec2' })).toEqual({ DescribeRegions: 1 });
  });

  it('an AWS error: exit 2 naming the region and the call', async () => {
    fake.failNext('DescribeConfigurationRecorders', { code: 'AccessDeniedException', message: 'no', status: 400 });

    const run = await runCliProcess(['doctor', '--region', REGION], fake.env(REGION));

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${REGION}: DescribeConfigurationRecorders failed: AccessDeniedException: no\n`);
  });

  it('prints a table by default, with a summary line', async () => {
    const run = await runCliProcess(['doctor', '--region', REGION], fake.env(REGION));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/│ us-east-1 │ recorder +│ ok +│ Recorder default is recording/);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('7 checks in 1 region: 7 ok, 0 warn, 0 fail');
  });

  it('makes exactly the calls its code can make, DescribeRegions only for --all-regions (docs/operating.md lists them)', async () => {
    await doctor();
    const made = [...new Set(fake.calls().map((c) => `${c.service}:${c.operation}`))].sort();
    expect(made).toEqual(sdkActionsUsedBy('cli/doctor-command.ts').filter((a) => a !== 'ec2:DescribeRegions'));
  });
});
