/**
 * The deploy-time choices of the CDK app, read from CDK context (`npx cdk deploy -c mode=all -c ...`) and
 * validated at the edge: an unknown key or a bad value stops the synth with a message naming it.
 */
import { aws_config as config, aws_logs as logs } from 'aws-cdk-lib';
import { z } from 'zod';
import { parseRuleParameters } from '../rule/rule-definition';
import type { VpcMirroringGuardStackProps } from './stack';
import type { RemediationTarget } from './traffic-mirroring-remediation';

const FREQUENCIES = Object.values(config.MaximumExecutionFrequency) as string[];
const RETENTION_DAYS = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number');

/** Context keys that set the rule's parameters; values as Config stores them (strings). */
const RULE_PARAMETER_KEYS = ['mode', 'requireAcceptRule', 'exemptTagKey', 'exemptTagValue', 'ignoreDefaultVpc', 'verifyTarget'] as const;
/** Every context key the app reads. */
export const APP_CONTEXT_KEYS = [
  ...RULE_PARAMETER_KEYS,
  'ruleName',
  'maximumExecutionFrequency',
  'logRetentionDays',
  'vpcId',
  'subnetIds',
  'logEncryptionKeyArn',
  'remediationTarget',
  'remediationSourceSelection',
  'automaticRemediation',
] as const;

/** EC2 IDs: a prefix and 8 or 17 hex digits. */
const VPC_ID = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** A log group's KmsKeyId must be a key ARN (CloudWatch Logs AssociateKmsKey). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/;

/** `-c key=value` gives strings; cdk.json or --context JSON may give booleans and numbers. */
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const appContextSchema = z.object({
  ruleName: z.string().optional(),
  maximumExecutionFrequency: z
    .string()
    .refine((v) => FREQUENCIES.includes(v), { message: `Context 'maximumExecutionFrequency' accepts ${FREQUENCIES.join(', ')}` })
    .optional(),
  logRetentionDays: scalar
    .transform(Number)
    .refine((v) => RETENTION_DAYS.includes(v), { message: `Context 'logRetentionDays' accepts ${RETENTION_DAYS.join(', ')}` })
    .optional(),
  vpcId: z.string().regex(VPC_ID, { message: "Context 'vpcId' accepts a VPC ID such as vpc-0123456789abcdef0" }).optional(),
  // `-c subnetIds=subnet-a,subnet-b` or a JSON array in cdk.json.
  subnetIds: z
    .union([z.string().transform((v) => v.split(',').map((s) => s.trim())), z.array(z.string())])
    .pipe(
      z
        .array(z.string().regex(SUBNET_ID, { message: "Context 'subnetIds' accepts subnet IDs such as subnet-0123456789abcdef0, comma-separated" }))
        .min(1, { message: "Context 'subnetIds' needs at least one subnet ID" }),
    )
    .optional(),
  logEncryptionKeyArn: z
    .string()
    .regex(KMS_KEY_ARN, { message: "Context 'logEncryptionKeyArn' accepts a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)" })
    .optional(),
  // One key for the four kinds of target, told apart by their ID's form; the construct validates the value itself.
  remediationTarget: z
    .string()
    .refine((v) => remediationTargetOf(v) !== undefined, {
      message:
        "Context 'remediationTarget' accepts a traffic mirror target (tmt-…), an ENI (eni-…), a Network Load Balancer ARN " +
        '(arn:…:loadbalancer/net/…) or a Gateway Load Balancer endpoint (vpce-…)',
    })
    .optional(),
  remediationSourceSelection: z
    .enum(['one', 'all'], { message: "Context 'remediationSourceSelection' accepts one or all" })
    .optional(),
  automaticRemediation: scalar
    .refine((v) => v === 'true' || v === 'false', { message: "Context 'automaticRemediation' accepts true or false" })
    .transform((v) => v === 'true')
    .optional(),
  ...Object.fromEntries(RULE_PARAMETER_KEYS.map((k) => [k, scalar.optional()])),
}).refine((c) => (c.vpcId === undefined) === (c.subnetIds === undefined), {
  message: "Context 'vpcId' and 'subnetIds' go together: the functions run in those subnets of that VPC",
});

export class InvalidAppContextError extends Error {
  override readonly name = 'InvalidAppContextError';
}

export type AppConfig = Pick<VpcMirroringGuardStackProps, 'rule' | 'existingNetwork' | 'logEncryptionKeyArn' | 'remediation'>;

/** The remediation target a context value names, by the form of its ID. */
export function remediationTargetOf(value: string): RemediationTarget | undefined {
  if (/^tmt-[0-9a-f]+$/.test(value)) return { trafficMirrorTargetId: value };
  if (/^eni-[0-9a-f]+$/.test(value)) return { networkInterfaceId: value };
  if (/^vpce-[0-9a-f]+$/.test(value)) return { gatewayLoadBalancerEndpointId: value };
  if (/^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/net\//.test(value)) return { networkLoadBalancerArn: value };
  return undefined;
}

/** Reads the app's context keys (others, such as CDK's own, are not ours to judge) into construct props. */
export function appConfigFromContext(tryGetContext: (key: string) => unknown): AppConfig {
  const raw = Object.fromEntries(
    APP_CONTEXT_KEYS.map((k) => [k, tryGetContext(k)]).filter(([, v]) => v !== undefined),
  );
  const parsed = appContextSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InvalidAppContextError(parsed.error.issues.map((i) => i.message).join('; '));
  }
  const ctx = parsed.data as Record<string, string | number | undefined>;
  const ruleParameterValues = Object.fromEntries(RULE_PARAMETER_KEYS.filter((k) => ctx[k] !== undefined).map((k) => [k, ctx[k]]));
  const { mode, requireAcceptRule, ignoreDefaultVpc, verifyTarget, exemptTagKey, exemptTagValue } = ruleParametersFromContext(ruleParameterValues);
  const remediation = [
    ['target', parsed.data.remediationTarget === undefined ? undefined : remediationTargetOf(parsed.data.remediationTarget)],
    ['sourceSelection', parsed.data.remediationSourceSelection],
    ['automatic', parsed.data.automaticRemediation],
  ].filter(([, v]) => v !== undefined);
  return {
    rule: {
      mode,
      requireAcceptRule,
      ignoreDefaultVpc,
      verifyTarget,
      ...(exemptTagKey !== undefined ? { exemptTagKey } : {}),
      ...(exemptTagValue !== undefined ? { exemptTagValue } : {}),
      ...(parsed.data.ruleName !== undefined ? { ruleName: parsed.data.ruleName } : {}),
      ...(parsed.data.maximumExecutionFrequency !== undefined
        ? { maximumExecutionFrequency: parsed.data.maximumExecutionFrequency as config.MaximumExecutionFrequency }
        : {}),
      ...(parsed.data.logRetentionDays !== undefined ? { logRetention: parsed.data.logRetentionDays as logs.RetentionDays } : {}),
    },
    ...(parsed.data.vpcId !== undefined && parsed.data.subnetIds !== undefined
      ? { existingNetwork: { vpcId: parsed.data.vpcId, subnetIds: parsed.data.subnetIds } }
      : {}),
    ...(parsed.data.logEncryptionKeyArn !== undefined ? { logEncryptionKeyArn: parsed.data.logEncryptionKeyArn } : {}),
    ...(remediation.length > 0 ? { remediation: Object.fromEntries(remediation) } : {}),
  };
}

function ruleParametersFromContext(values: Record<string, unknown>) {
  try {
    return parseRuleParameters(values);
  } catch (e) {
    throw new InvalidAppContextError(`Invalid context: ${(e as Error).message}`);
  }
}

/** `npm run synth -- -c key=value ...`, as `npx cdk synth -c key=value` takes them. */
export function contextFromArgs(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg !== '-c' && arg !== '--context') throw new InvalidAppContextError(`Unknown argument ${arg}: npm run synth -- -c key=value ...`);
    const pair = args[++i] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidAppContextError(`${arg} needs key=value, got "${pair}"`);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}
