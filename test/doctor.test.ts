/** doctor's decisions, from plain facts: every check's ok, warn and fail, and the fix each failure names. No mocks. */
import { describe, expect, it } from 'vitest';
import type { DoctorFacts, RecorderFacts } from '../cli/doctor';
import { REQUIRED_RECORDED_TYPES, diagnose, doctorExitCode, recordsType } from '../cli/doctor';

const REGION = 'eu-west-1';
const RULE = 'vpc-traffic-mirroring-in-use';
const NOW = new Date('2026-11-30T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

const recorder = (extra: Partial<RecorderFacts> = {}): RecorderFacts => ({
  name: 'default',
  roleArn: 'arn:aws:iam::111122223333:role/config',
  recording: true,
  lastStatus: 'Success',
  allSupported: true,
  resourceTypes: [],
  excludedResourceTypes: [],
  ...extra,
});

const healthy = (extra: Partial<DoctorFacts> = {}): DoctorFacts => ({
  region: REGION,
  ruleName: RULE,
  recorders: [recorder()],
  rule: { state: 'ACTIVE', owner: 'CUSTOM_LAMBDA', sourceIdentifier: 'arn:aws:lambda:eu-west-1:111122223333:function:rule-fn', maximumExecutionFrequency: 'TwentyFour_Hours' },
  ruleStatus: { lastSuccessfulInvocationTime: hoursAgo(1) },
  remediation: { documentName: 'EnableVpcTrafficMirroring', documentStatus: 'Active' },
  counts: { COMPLIANT: 3, NON_COMPLIANT: 0, NOT_APPLICABLE: 1, INSUFFICIENT_DATA: 0 },
  ...extra,
});

const run = (facts: DoctorFacts) => diagnose(facts, { now: NOW, defaultRuleName: RULE });
const rowOf = (facts: DoctorFacts, check: string) => run(facts).find((r) => r.check === check);

describe('recordsType', () => {
  it.each([
    ['every supported type', recorder({ strategy: 'ALL_SUPPORTED_RESOURCE_TYPES' }), true],
    ['allSupported without a strategy', recorder({ allSupported: true }), true],
    ['a list that names it', recorder({ allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::TrafficMirrorSession'] }), true],
    ['a list that does not', recorder({ allSupported: false, strategy: 'INCLUSION_BY_RESOURCE_TYPES', resourceTypes: ['AWS::EC2::VPC'] }), false],
    ['an exclusion of other types', recorder({ allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::S3::Bucket'] }), true],
    ['an exclusion of it', recorder({ allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::EC2::TrafficMirrorSession'] }), false],
  ])('%s: %s', (_, r, expected) => {
    expect(recordsType(r, 'AWS::EC2::TrafficMirrorSession')).toBe(expected);
  });
});

describe('diagnose', () => {
  it('a healthy region: every check ok, exit 0', () => {
    const rows = run(healthy());
    expect(rows.map((r) => `${r.check}:${r.status}`)).toEqual([
      'recorder:ok',
      'recorded-types:ok',
      'rule:ok',
      'last-invocation:ok',
      'remediation:ok',
      'runbook:ok',
      'compliance:ok',
    ]);
    expect(rows.every((r) => r.fix === '')).toBe(true);
    expect(doctorExitCode(rows)).toBe(0);
  });

  it('no recorder (or only a service-linked one): both recorder checks fail', () => {
    for (const recorders of [[], [recorder({ servicePrincipal: 'config-conforms.amazonaws.com' })]]) {
      const rows = run(healthy({ recorders }));
      expect(rows.slice(0, 2).map((r) => `${r.check}:${r.status}`)).toEqual(['recorder:fail', 'recorded-types:fail']);
      expect(rows[1]!.detail).toBe(`Not recorded: ${REQUIRED_RECORDED_TYPES.join(', ')}`);
    }
  });

  it('a recorder that is not recording: fail with the command that starts it', () => {
    expect(rowOf(healthy({ recorders: [recorder({ recording: false })] }), 'recorder')).toMatchObject({
      status: 'fail',
      fix: `aws configservice start-configuration-recorder --configuration-recorder-name default --region ${REGION}`,
    });
  });

  it('an exclusion that leaves out a needed type: the fix keeps the other exclusions', () => {
    const r = recorder({ allSupported: false, strategy: 'EXCLUSION_BY_RESOURCE_TYPES', excludedResourceTypes: ['AWS::S3::Bucket', 'AWS::EC2::TrafficMirrorTarget'] });
    const row = rowOf(healthy({ recorders: [r] }), 'recorded-types')!;
    expect(row.status).toBe('fail');
    expect(row.detail).toMatch(/does not record AWS::EC2::TrafficMirrorTarget:/);
    expect(row.fix).toContain(
      `'{"allSupported":false,"exclusionByResourceTypes":{"resourceTypes":["AWS::S3::Bucket"]},"recordingStrategy":{"useOnly":"EXCLUSION_BY_RESOURCE_TYPES"}}'`,
    );
  });

  it('a rule that is missing, not ACTIVE or not a Lambda rule fails; checks needing the rule are left out when missing', () => {
    expect(run(healthy({ rule: undefined })).map((r) => r.check)).toEqual(['recorder', 'recorded-types', 'rule']);
    expect(rowOf(healthy({ rule: undefined }), 'rule')!.fix).toBe(
      `Deploy the stack in ${REGION}: AWS_REGION=${REGION} npx cdk deploy (from this repository; see docs/operating.md)`,
    );
    expect(rowOf(healthy({ rule: { state: 'DELETING', owner: 'CUSTOM_POLICY' } }), 'rule')).toMatchObject({
      status: 'fail',
      detail: `${RULE} is DELETING, not ACTIVE and is a CUSTOM_POLICY rule, not CUSTOM_LAMBDA`,
    });
  });

  it('last invocation: a failure newer than the last success fails with the error; an older one is ok', () => {
    const failed = healthy({
      ruleStatus: { lastSuccessfulInvocationTime: hoursAgo(5), lastFailedInvocationTime: hoursAgo(1), lastErrorCode: 'ThrottlingException', lastErrorMessage: 'Rate exceeded' },
    });
    expect(rowOf(failed, 'last-invocation')).toMatchObject({
      status: 'fail',
      detail: `Last invocation failed at ${hoursAgo(1).toISOString()} (last success ${hoursAgo(5).toISOString()}): ThrottlingException: Rate exceeded`,
      fix:
        `Read the rule Lambda's log: aws logs tail "$(aws lambda get-function-configuration --function-name rule-fn --region ${REGION} ` +
        `--query LoggingConfig.LogGroup --output text)" --since 1d --region ${REGION}; then ` +
        `aws configservice start-config-rules-evaluation --config-rule-names ${RULE} --region ${REGION}`,
    });
    expect(rowOf(healthy({ ruleStatus: { lastSuccessfulInvocationTime: hoursAgo(1), lastFailedInvocationTime: hoursAgo(5) } }), 'last-invocation')?.status).toBe('ok');
    expect(rowOf(healthy({ ruleStatus: { lastFailedInvocationTime: hoursAgo(5) } }), 'last-invocation')!.detail).toMatch(/, and none succeeded: no error given$/);
  });

  it('last invocation: warn when never invoked, or when the last success is older than twice the frequency', () => {
    expect(rowOf(healthy({ ruleStatus: {} }), 'last-invocation')?.status).toBe('warn');
    expect(rowOf(healthy({ ruleStatus: { lastSuccessfulInvocationTime: hoursAgo(48) } }), 'last-invocation')?.status).toBe('ok');
    expect(rowOf(healthy({ ruleStatus: { lastSuccessfulInvocationTime: hoursAgo(48.1) } }), 'last-invocation')).toMatchObject({
      status: 'warn',
      fix: `aws configservice start-config-rules-evaluation --config-rule-names ${RULE} --region ${REGION}`,
    });
    const hourly = healthy({ rule: { ...healthy().rule!, maximumExecutionFrequency: 'One_Hour' }, ruleStatus: { lastSuccessfulInvocationTime: hoursAgo(3) } });
    expect(rowOf(hourly, 'last-invocation')?.status).toBe('warn');
    const changeTriggeredOnly = healthy({ rule: { state: 'ACTIVE', owner: 'CUSTOM_LAMBDA' }, ruleStatus: { lastSuccessfulInvocationTime: hoursAgo(1000) } });
    expect(rowOf(changeTriggeredOnly, 'last-invocation')?.status).toBe('ok');
  });

  it('remediation: none is a warning; a runbook missing or not Active fails', () => {
    const none = run(healthy({ remediation: undefined }));
    expect(none.find((r) => r.check === 'remediation')?.status).toBe('warn');
    expect(none.find((r) => r.check === 'runbook')).toBeUndefined();
    expect(doctorExitCode(none)).toBe(0);
    expect(rowOf(healthy({ remediation: { documentName: 'Doc' } }), 'runbook')?.status).toBe('fail');
    expect(rowOf(healthy({ remediation: { documentName: 'Doc', documentStatus: 'Updating' } }), 'runbook')).toMatchObject({
      status: 'fail',
      detail: 'SSM document Doc is Updating, not Active: remediations fail until it is',
    });
  });

  it('compliance: counts, and the bulk remediation as the fix when some VPC is NON_COMPLIANT (naming a non-default rule)', () => {
    const counts = { COMPLIANT: 1, NON_COMPLIANT: 2, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 1 };
    expect(rowOf(healthy({ counts }), 'compliance')).toMatchObject({
      status: 'ok',
      detail: '1 COMPLIANT, 2 NON_COMPLIANT, 0 NOT_APPLICABLE, 1 INSUFFICIENT_DATA',
      fix: `vpc-mirroring-guard remediate --non-compliant --region ${REGION}`,
    });
    expect(rowOf(healthy({ counts, ruleName: 'my-rule' }), 'compliance')?.fix).toBe(`vpc-mirroring-guard remediate --non-compliant --region ${REGION} --rule-name my-rule`);
  });
});
