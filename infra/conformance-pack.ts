/**
 * The organization conformance pack (`npm run synth` writes cdk.out/conformance-pack.yaml): the Config rule and its
 * remediation for every member account, pointed at the central Lambdas.
 *
 * The rule is the single-account stack's rule as synthesized in the same app (name, description, scope, triggers,
 * parameters), so the two cannot drift; only its Lambda becomes the central one and executionRoleName is added. The
 * remediation's runbook parameters come from the same function the single-account remediation uses.
 *
 * What a pack template may hold, and what this one keeps to:
 * - resources of two types only, AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration (PutConformancePack,
 *   TemplateBody);
 * - Parameters (at most 60 input parameters: ConformancePackInputParameters) and `Ref` to them, as AWS's own sample
 *   packs do ("Operational Best Practices for Amazon S3 with Remediation": `Ref: S3TargetBucketNameForEnableLogging`).
 *   AWS documents no pseudo parameter (AWS::AccountId) for packs, so none is used: the per-account automation role
 *   is the runbook's default in each member account (set by the StackSet), not a remediation parameter;
 * - at most 51,200 bytes (PutConformancePack and PutOrganizationConformancePack, TemplateBody).
 * conformancePackProblems() checks all of this; the synth fails on any problem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { EVALUATED_RESOURCE_TYPE, REMEDIATION_DOCUMENT_NAME } from '../rule/rule-definition';
import type { CfnResource, CfnTemplate } from './synth-summary';
import type { TrafficMirroringRemediationProps } from './traffic-mirroring-remediation';
import { DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS, DEFAULT_RETRY_ATTEMPT_SECONDS, remediationParameters } from './traffic-mirroring-remediation';

export const CONFORMANCE_PACK_FILE = 'conformance-pack.yaml';
export const CONFORMANCE_PACK_RESOURCE_TYPES = ['AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration'] as const;
/** PutConformancePack / PutOrganizationConformancePack TemplateBody: at most 51,200 bytes. */
export const CONFORMANCE_PACK_MAX_BYTES = 51_200;
/** ConformancePackInputParameters: at most 60. */
export const CONFORMANCE_PACK_MAX_PARAMETERS = 60;

/** The pack's parameters: what differs per deployment, set with --conformance-pack-input-parameters. */
export const PACK_PARAMETERS = {
  ruleFunctionArn: 'RuleFunctionArn',
  executionRoleName: 'ExecutionRoleName',
  trafficMirrorTargetId: 'TrafficMirrorTargetId',
} as const;
export const PACK_RULE_ID = 'VpcTrafficMirroringInUse';
export const PACK_REMEDIATION_ID = 'VpcTrafficMirroringInUseRemediation';

export interface PackParameter {
  readonly Type: 'String';
  readonly Description: string;
  readonly Default?: string;
}
export interface ConformancePackTemplate {
  readonly Parameters: Record<string, PackParameter>;
  readonly Resources: Record<string, CfnResource & { readonly DependsOn?: string }>;
}

export interface ConformancePackOptions {
  /** The single-account stack's synthesized template: the pack's rule is its rule. */
  readonly singleAccountTemplate: CfnTemplate;
  /** The member role the rule assumes (the StackSet's rule role). */
  readonly executionRoleName: string;
  /** The app's remediation choices (target, source selection, automatic, ...), as the single-account stack takes them. */
  readonly remediation?: Omit<TrafficMirroringRemediationProps, 'configRule' | 'vpc' | 'vpcSubnets' | 'logEncryptionKey'>;
}

const ref = (parameter: string) => ({ Ref: parameter });

/** The one Config rule of the single-account template. */
function singleAccountRule(template: CfnTemplate): Record<string, unknown> {
  const rules = Object.values(template.Resources ?? {}).filter((r) => r.Type === 'AWS::Config::ConfigRule');
  if (rules.length !== 1 || !rules[0]?.Properties) throw new Error(`Expected one AWS::Config::ConfigRule in the single-account template, found ${rules.length}`);
  return rules[0].Properties;
}

export function buildConformancePack(options: ConformancePackOptions): ConformancePackTemplate {
  const rule = singleAccountRule(options.singleAccountTemplate);
  const source = rule.Source as Record<string, unknown>;
  const ruleName = rule.ConfigRuleName as string;
  const remediation = options.remediation ?? {};
  // One target for every member account: a traffic mirror target shared with the organization through AWS RAM has
  // the same ID everywhere; an ENI, load balancer or endpoint exists in one account only.
  const sharedTarget = remediation.target && 'trafficMirrorTargetId' in remediation.target ? remediation.target.trafficMirrorTargetId : undefined;
  const automatic = remediation.automatic ?? false;

  // The same runbook parameters as the single-account remediation; the target becomes a pack parameter, and the
  // automation role the member runbook's default.
  const { AutomationAssumeRole: _perAccount, TrafficMirrorTargetId: _target, ...runbookParameters } = remediationParameters(
    remediation,
    { trafficMirrorTargetId: sharedTarget ?? 'tmt-00000000' },
    '',
  );

  return {
    Parameters: {
      [PACK_PARAMETERS.ruleFunctionArn]: {
        Type: 'String',
        Description: 'ARN of the central rule Lambda: output RuleFunctionArn of the VpcMirroringGuardOrganization stack',
      },
      [PACK_PARAMETERS.executionRoleName]: {
        Type: 'String',
        Description: 'The role the central Lambda assumes in each member account (deployed by the StackSet)',
        Default: options.executionRoleName,
      },
      [PACK_PARAMETERS.trafficMirrorTargetId]: {
        Type: 'String',
        Description: 'Traffic mirror target (tmt-...) shared with the organization through AWS RAM, where remediation mirrors to',
        ...(sharedTarget !== undefined ? { Default: sharedTarget } : {}),
      },
    },
    Resources: {
      [PACK_RULE_ID]: {
        Type: 'AWS::Config::ConfigRule',
        Properties: {
          ...rule,
          InputParameters: { ...(rule.InputParameters as Record<string, string>), executionRoleName: ref(PACK_PARAMETERS.executionRoleName) },
          Source: { ...source, SourceIdentifier: ref(PACK_PARAMETERS.ruleFunctionArn) },
        },
      },
      [PACK_REMEDIATION_ID]: {
        Type: 'AWS::Config::RemediationConfiguration',
        DependsOn: PACK_RULE_ID,
        Properties: {
          ConfigRuleName: ruleName,
          ResourceType: EVALUATED_RESOURCE_TYPE,
          TargetType: 'SSM_DOCUMENT',
          TargetId: REMEDIATION_DOCUMENT_NAME,
          Parameters: { ...runbookParameters, TrafficMirrorTargetId: { StaticValue: { Values: [ref(PACK_PARAMETERS.trafficMirrorTargetId)] } } },
          Automatic: automatic,
          ...(automatic
            ? {
                MaximumAutomaticAttempts: remediation.maximumAutomaticAttempts ?? DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS,
                RetryAttemptSeconds: remediation.retryAttemptSeconds ?? DEFAULT_RETRY_ATTEMPT_SECONDS,
              }
            : {}),
        },
      },
    },
  };
}

/** Every intrinsic function in a value, as [path, function name, argument]. */
function intrinsics(value: unknown, path: string): [string, string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => intrinsics(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value);
  const fn = entries.find(([k]) => k === 'Ref' || k.startsWith('Fn::'));
  if (fn && entries.length === 1) return [[path, fn[0], fn[1]]];
  return entries.flatMap(([k, v]) => intrinsics(v, `${path}.${k}`));
}

/** What in the template a conformance pack does not support (see the module comment); empty when it is deployable. */
export function conformancePackProblems(template: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(template)) {
    if (key !== 'Parameters' && key !== 'Resources') problems.push(`Top-level section ${key}: a pack template holds Parameters and Resources`);
  }
  const parameters = (template.Parameters ?? {}) as Record<string, { Type?: unknown }>;
  if (Object.keys(parameters).length > CONFORMANCE_PACK_MAX_PARAMETERS) problems.push(`More than ${CONFORMANCE_PACK_MAX_PARAMETERS} parameters`);
  for (const [name, p] of Object.entries(parameters)) if (p.Type !== 'String') problems.push(`Parameter ${name} is not of Type String`);
  const resources = (template.Resources ?? {}) as Record<string, CfnResource>;
  const ruleNames = new Set<unknown>();
  for (const [id, r] of Object.entries(resources)) {
    if (!(CONFORMANCE_PACK_RESOURCE_TYPES as readonly string[]).includes(r.Type)) problems.push(`${id} is a ${r.Type}; packs hold only ${CONFORMANCE_PACK_RESOURCE_TYPES.join(' and ')}`);
    if (r.Type === 'AWS::Config::ConfigRule') ruleNames.add(r.Properties?.ConfigRuleName);
  }
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::Config::RemediationConfiguration' && !ruleNames.has(r.Properties?.ConfigRuleName)) {
      problems.push(`${id} remediates ${String(r.Properties?.ConfigRuleName)}, which is not a rule of the pack`);
    }
  }
  for (const [path, fn, argument] of intrinsics(resources, 'Resources')) {
    if (fn !== 'Ref') problems.push(`${path} uses ${fn}; only Ref to a pack parameter is used`);
    else if (typeof argument !== 'string' || !(argument in parameters)) problems.push(`${path} refers to ${String(argument)}, which is not a pack parameter`);
  }
  const bytes = Buffer.byteLength(conformancePackYaml(template), 'utf8');
  if (bytes > CONFORMANCE_PACK_MAX_BYTES) problems.push(`The template is ${bytes} bytes; a pack takes at most ${CONFORMANCE_PACK_MAX_BYTES}`);
  return problems;
}

export function conformancePackYaml(template: object): string {
  return stringify(template, { lineWidth: 0 });
}

/** Writes the pack into the cloud assembly directory, after checking it; returns its path. */
export function writeConformancePack(outdir: string, template: ConformancePackTemplate): string {
  const problems = conformancePackProblems(template as unknown as Record<string, unknown>);
  if (problems.length > 0) throw new Error(`The conformance pack is not deployable: ${problems.join('; ')}`);
  mkdirSync(outdir, { recursive: true });
  const path = join(outdir, CONFORMANCE_PACK_FILE);
  const header =
    '# vpc-mirroring-guard organization conformance pack, generated by `npm run synth` (infra/conformance-pack.ts).\n' +
    '# Deploy: aws configservice put-organization-conformance-pack --organization-conformance-pack-name VpcMirroringGuard \\\n' +
    '#   --template-body file://cdk.out/conformance-pack.yaml --conformance-pack-input-parameters ParameterName=RuleFunctionArn,ParameterValue=<arn> ...\n';
  writeFileSync(path, header + conformancePackYaml(template));
  return path;
}
