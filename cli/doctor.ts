/**
 * `doctor`'s decisions: from what Config and SSM say about one region (plain data, read by doctor-reads.ts), one row
 * per check with a status and the command or setting that fixes it. Pure: no SDK, no I/O, no clock.
 */
import { MAXIMUM_EXECUTION_FREQUENCY_HOURS } from '../rule/rule-definition';

export const DOCTOR_STATUSES = ['ok', 'warn', 'fail'] as const;
export type DoctorStatus = (typeof DOCTOR_STATUSES)[number];

/** The checks, in the order they are printed. */
export const DOCTOR_CHECKS = ['recorder', 'recorded-types', 'rule', 'last-invocation', 'remediation', 'runbook', 'compliance'] as const;
export type DoctorCheck = (typeof DOCTOR_CHECKS)[number];

export interface DoctorRow {
  readonly region: string;
  readonly check: DoctorCheck;
  readonly status: DoctorStatus;
  readonly detail: string;
  /** The command or setting that repairs it; empty when there is nothing to do. */
  readonly fix: string;
}

/**
 * The resource types the rule needs recorded: VPCs (what it evaluates), sessions (their changes trigger it) and
 * targets (a target deleted or changed makes a session useless).
 */
export const REQUIRED_RECORDED_TYPES = ['AWS::EC2::VPC', 'AWS::EC2::TrafficMirrorSession', 'AWS::EC2::TrafficMirrorTarget'] as const;

export interface RecorderFacts {
  readonly name: string;
  readonly roleArn?: string;
  /** Set for a service-linked recorder (e.g. one another AWS service manages); such a recorder is not ours to change. */
  readonly servicePrincipal?: string;
  readonly recording: boolean;
  readonly lastStatus?: string;
  readonly allSupported: boolean;
  readonly includeGlobalResourceTypes?: boolean;
  readonly resourceTypes: readonly string[];
  /** The recording strategy's useOnly: ALL_SUPPORTED_RESOURCE_TYPES, INCLUSION_BY_RESOURCE_TYPES, EXCLUSION_BY_RESOURCE_TYPES. */
  readonly strategy?: string;
  readonly excludedResourceTypes: readonly string[];
}

export interface RuleFacts {
  readonly state?: string;
  readonly owner?: string;
  /** The rule's Lambda (Source.SourceIdentifier), for the log command in a fix. */
  readonly sourceIdentifier?: string;
  /** One_Hour, Three_Hours, Six_Hours, Twelve_Hours or TwentyFour_Hours; absent for a change-triggered-only rule. */
  readonly maximumExecutionFrequency?: string;
}

export interface RuleStatusFacts {
  readonly lastSuccessfulInvocationTime?: Date;
  readonly lastFailedInvocationTime?: Date;
  readonly lastErrorCode?: string;
  readonly lastErrorMessage?: string;
}

export interface RemediationFacts {
  /** The SSM document the remediation configuration runs (TargetId). */
  readonly documentName: string;
  /** DescribeDocument's Status; undefined when the document does not exist. */
  readonly documentStatus?: string;
}

export const COMPLIANCE_COUNT_TYPES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'] as const;
export type ComplianceCounts = Record<(typeof COMPLIANCE_COUNT_TYPES)[number], number>;

/** Everything doctor reads about one region. */
export interface DoctorFacts {
  readonly region: string;
  readonly ruleName: string;
  readonly recorders: readonly RecorderFacts[];
  /** undefined: the rule does not exist. */
  readonly rule?: RuleFacts;
  readonly ruleStatus?: RuleStatusFacts;
  /** undefined: no remediation configuration (read only when the rule exists). */
  readonly remediation?: RemediationFacts;
  readonly counts?: ComplianceCounts;
}


const HOUR_MS = 3_600_000;

/** Whether a recorder's recording group records a resource type. */
export function recordsType(recorder: RecorderFacts, type: string): boolean {
  if (recorder.strategy === 'ALL_SUPPORTED_RESOURCE_TYPES' || (recorder.strategy === undefined && recorder.allSupported)) return true;
  if (recorder.strategy === 'EXCLUSION_BY_RESOURCE_TYPES') return !recorder.excludedResourceTypes.includes(type);
  if (recorder.allSupported) return true;
  return recorder.resourceTypes.includes(type);
}

/** The recording group that records what it did plus `missing`, as the JSON `--recording-group` of put-configuration-recorder takes it. */
function repairedRecordingGroup(recorder: RecorderFacts, missing: readonly string[]): object {
  if (recorder.strategy === 'EXCLUSION_BY_RESOURCE_TYPES') {
    return {
      allSupported: false,
      exclusionByResourceTypes: { resourceTypes: recorder.excludedResourceTypes.filter((t) => !missing.includes(t)) },
      recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
    };
  }
  return {
    allSupported: false,
    includeGlobalResourceTypes: false,
    resourceTypes: [...new Set([...recorder.resourceTypes, ...missing])],
    recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
  };
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const list = (items: readonly string[]) => items.join(', ');

/** The recorders a user manages (service-linked ones are another service's). */
const ownRecorders = (facts: DoctorFacts) => facts.recorders.filter((r) => r.servicePrincipal === undefined);

function recorderRows(facts: DoctorFacts): DoctorRow[] {
  const { region } = facts;
  const recorders = ownRecorders(facts);
  const [recorder] = recorders;
  if (recorder === undefined) {
    const fix =
      'Set up AWS Config recording in this region: Config console → Settings, or aws configservice put-configuration-recorder ' +
      `and start-configuration-recorder --region ${region}`;
    return [
      { region, check: 'recorder', status: 'fail', detail: 'No configuration recorder: Config records nothing, so the rule is never triggered', fix },
      { region, check: 'recorded-types', status: 'fail', detail: `Not recorded: ${list(REQUIRED_RECORDED_TYPES)}`, fix },
    ];
  }
  const rows: DoctorRow[] = [];
  rows.push(
    recorder.recording
      ? { region, check: 'recorder', status: 'ok', detail: `Recorder ${recorder.name} is recording (last status ${recorder.lastStatus ?? 'unknown'})`, fix: '' }
      : {
          region,
          check: 'recorder',
          status: 'fail',
          detail: `Recorder ${recorder.name} is not recording: configuration changes are not recorded, so the rule is not triggered by them`,
          fix: `aws configservice start-configuration-recorder --configuration-recorder-name ${recorder.name} --region ${region}`,
        },
  );
  const missing = REQUIRED_RECORDED_TYPES.filter((t) => !recordsType(recorder, t));
  rows.push(
    missing.length === 0
      ? { region, check: 'recorded-types', status: 'ok', detail: `Records ${list(REQUIRED_RECORDED_TYPES)}`, fix: '' }
      : {
          region,
          check: 'recorded-types',
          status: 'fail',
          detail: `Recorder ${recorder.name} does not record ${list(missing)}: changes to them never trigger the rule`,
          fix:
            `aws configservice put-configuration-recorder --region ${region} --configuration-recorder ` +
            `name=${recorder.name},roleARN=${recorder.roleArn ?? 'ROLE_ARN'} --recording-group ${shellQuote(JSON.stringify(repairedRecordingGroup(recorder, missing)))}`,
        },
  );
  return rows;
}

function ruleRow(facts: DoctorFacts, deployFix: string): DoctorRow {
  const { region, ruleName, rule } = facts;
  if (rule === undefined) return { region, check: 'rule', status: 'fail', detail: `Config rule ${ruleName} does not exist in ${region}`, fix: deployFix };
  const problems: string[] = [];
  if (rule.state !== 'ACTIVE') problems.push(`is ${rule.state ?? 'in no state'}, not ACTIVE`);
  if (rule.owner !== 'CUSTOM_LAMBDA') problems.push(`is a ${rule.owner ?? 'sourceless'} rule, not CUSTOM_LAMBDA`);
  return problems.length === 0
    ? { region, check: 'rule', status: 'ok', detail: `${ruleName} is ACTIVE, CUSTOM_LAMBDA`, fix: '' }
    : { region, check: 'rule', status: 'fail', detail: `${ruleName} ${problems.join(' and ')}`, fix: `Redeploy the stack, or pass --rule-name with the deployed rule's name (${deployFix})` };
}

/**
 * A command that prints the function's last day of log. The stack gives each function its own log group (not
 * /aws/lambda/NAME), so the command asks Lambda where the function logs (LoggingConfig.LogGroup).
 */
export const tailFunctionLog = (functionName: string, region: string) =>
  `aws logs tail "$(aws lambda get-function-configuration --function-name ${functionName} --region ${region} ` +
  `--query LoggingConfig.LogGroup --output text)" --since 1d --region ${region}`;

/** The function name of a Lambda ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]). */
const functionNameOf = (arn: string | undefined) => (arn ? (/:function:([^:]+)/.exec(arn)?.[1] ?? arn) : undefined);

function lastInvocationRow(facts: DoctorFacts, now: Date): DoctorRow {
  const { region, ruleName, rule } = facts;
  const status = facts.ruleStatus ?? {};
  const success = status.lastSuccessfulInvocationTime;
  const failure = status.lastFailedInvocationTime;
  const fn = functionNameOf(rule?.sourceIdentifier);
  const reevaluate = `aws configservice start-config-rules-evaluation --config-rule-names ${ruleName} --region ${region}`;
  if (failure !== undefined && (success === undefined || failure.getTime() > success.getTime())) {
    const error = [status.lastErrorCode, status.lastErrorMessage].filter((s) => s !== undefined && s !== '').join(': ');
    return {
      region,
      check: 'last-invocation',
      status: 'fail',
      detail: `Last invocation failed at ${failure.toISOString()}${success ? ` (last success ${success.toISOString()})` : ', and none succeeded'}: ${error || 'no error given'}`,
      fix: `${fn ? `Read the rule Lambda's log: ${tailFunctionLog(fn, region)}; then ` : ''}${reevaluate}`,
    };
  }
  if (success === undefined) {
    return { region, check: 'last-invocation', status: 'warn', detail: 'The rule has not been invoked yet', fix: reevaluate };
  }
  const hours = rule?.maximumExecutionFrequency !== undefined ? MAXIMUM_EXECUTION_FREQUENCY_HOURS[rule.maximumExecutionFrequency] : undefined;
  if (hours !== undefined && now.getTime() - success.getTime() > 2 * hours * HOUR_MS) {
    return {
      region,
      check: 'last-invocation',
      status: 'warn',
      detail: `Last successful invocation ${success.toISOString()} is older than twice the rule's ${rule?.maximumExecutionFrequency} frequency: verdicts may be stale`,
      fix: reevaluate,
    };
  }
  return { region, check: 'last-invocation', status: 'ok', detail: `Last successful invocation ${success.toISOString()}`, fix: '' };
}

function remediationRows(facts: DoctorFacts, deployFix: string): DoctorRow[] {
  const { region, ruleName, remediation } = facts;
  if (remediation === undefined) {
    return [
      {
        region,
        check: 'remediation',
        status: 'warn',
        detail: `No remediation configuration for ${ruleName}: NON_COMPLIANT VPCs can only be remediated with the CLI's local remediate`,
        fix: `AWS_REGION=${region} npx cdk deploy -c remediationTarget=TARGET (a tmt-, eni-, vpce- ID or an NLB ARN; see docs/operating.md)`,
      },
    ];
  }
  const { documentName, documentStatus } = remediation;
  const runbook: DoctorRow =
    documentStatus === 'Active'
      ? { region, check: 'runbook', status: 'ok', detail: `SSM document ${documentName} is Active`, fix: '' }
      : {
          region,
          check: 'runbook',
          status: 'fail',
          detail:
            documentStatus === undefined
              ? `The remediation runs SSM document ${documentName}, which does not exist in ${region}: every remediation fails`
              : `SSM document ${documentName} is ${documentStatus}, not Active: remediations fail until it is`,
          fix: deployFix,
        };
  return [{ region, check: 'remediation', status: 'ok', detail: `Remediation runs SSM document ${documentName}`, fix: '' }, runbook];
}

function complianceRow(facts: DoctorFacts, defaultRuleName: string): DoctorRow {
  const counts = facts.counts ?? { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
  const detail = `${counts.COMPLIANT} COMPLIANT, ${counts.NON_COMPLIANT} NON_COMPLIANT, ${counts.NOT_APPLICABLE} NOT_APPLICABLE, ${counts.INSUFFICIENT_DATA} INSUFFICIENT_DATA`;
  const fix =
    counts.NON_COMPLIANT > 0
      ? `vpc-mirroring-guard remediate --non-compliant --region ${facts.region}${facts.ruleName !== defaultRuleName ? ` --rule-name ${facts.ruleName}` : ''}`
      : '';
  return { region: facts.region, check: 'compliance', status: 'ok', detail, fix };
}

export interface DiagnoseOptions {
  readonly now: Date;
  /** The rule name assumed without --rule-name: a fix repeats --rule-name only for another one. */
  readonly defaultRuleName: string;
}

/** The rows of one region, in DOCTOR_CHECKS order. Checks that need the rule are left out when it does not exist. */
export function diagnose(facts: DoctorFacts, { now, defaultRuleName }: DiagnoseOptions): DoctorRow[] {
  const deployFix = `Deploy the stack in ${facts.region}: AWS_REGION=${facts.region} npx cdk deploy (from this repository; see docs/operating.md)`;
  const rows = [...recorderRows(facts), ruleRow(facts, deployFix)];
  if (facts.rule === undefined) return rows;
  return [...rows, lastInvocationRow(facts, now), ...remediationRows(facts, deployFix), complianceRow(facts, defaultRuleName)];
}

/** 0 when no check failed, 1 when one did. Pure. */
export function doctorExitCode(rows: readonly DoctorRow[]): 0 | 1 {
  return rows.some((r) => r.status === 'fail') ? 1 : 0;
}
