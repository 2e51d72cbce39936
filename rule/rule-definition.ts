/**
 * The one place that defines the rule: its name, scope, triggers and parameters.
 * The Lambda code, the CDK stack, the conformance pack and the CLI all import it, so they cannot drift.
 * No AWS SDK and no I/O here: infra/ imports this module at synth time.
 */
// Namespace import: esbuild tree-shakes zod to what is used (about 85 KB instead of 445 KB in the bundle).
import * as z from 'zod';

export const RULE_NAME = 'vpc-traffic-mirroring-in-use';

/** Config accepts at most 256 characters (AWS::Config::ConfigRule Description); infra's synth fails above that. */
export const RULE_DESCRIPTION =
  'Checks that every VPC has VPC Traffic Mirroring in use: a traffic mirror session has a source network ' +
  'interface in the VPC (mode "any"), or every in-use instance interface is mirrored (mode "all"). ' +
  'NON_COMPLIANT VPCs: run EnableVpcTrafficMirroring.';

/** The resource type this rule reports on. */
export const EVALUATED_RESOURCE_TYPE = 'AWS::EC2::VPC';
/** The resource types whose configuration changes trigger an evaluation. */
export const TRAFFIC_MIRROR_SESSION_RESOURCE_TYPE = 'AWS::EC2::TrafficMirrorSession';
/** A target's change (its deletion above all) re-evaluates the VPCs whose sessions use it. */
export const TRAFFIC_MIRROR_TARGET_RESOURCE_TYPE = 'AWS::EC2::TrafficMirrorTarget';
export const RULE_SCOPE_RESOURCE_TYPES = [
  EVALUATED_RESOURCE_TYPE,
  TRAFFIC_MIRROR_SESSION_RESOURCE_TYPE,
  TRAFFIC_MIRROR_TARGET_RESOURCE_TYPE,
] as const;

/** The Config message types the rule is triggered by (the rule's Source.SourceDetails). */
export const RULE_MESSAGE_TYPES = [
  'ConfigurationItemChangeNotification',
  'OversizedConfigurationItemChangeNotification',
  'ScheduledNotification',
] as const;

/** Default periodic frequency of the scheduled sweep. */
export const DEFAULT_MAXIMUM_EXECUTION_FREQUENCY = 'TwentyFour_Hours';

/** Name of the SSM Automation runbook that remediates a NON_COMPLIANT VPC. */
export const REMEDIATION_DOCUMENT_NAME = 'EnableVpcTrafficMirroring';

/** Tag key put on everything the remediation creates, so it (and people) can recognise its own resources. */
export const MANAGED_BY_TAG_KEY = 'vpc-mirroring-guard:managed-by';
export const MANAGED_BY_TAG_VALUE = 'vpc-mirroring-guard';
/** Tag key naming the VPC a remediation-created resource was created for. */
export const VPC_TAG_KEY = 'vpc-mirroring-guard:vpc-id';

export const RULE_MODES = ['any', 'all'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

/** The rule's parameters once validated, with defaults applied. */
export interface RuleParameters {
  /** `any`: one mirrored source ENI in the VPC is enough. `all`: every in-use instance ENI must be mirrored. */
  readonly mode: RuleMode;
  /** A session counts only if its filter accepts some traffic (an accept rule, or the amazon-dns service). */
  readonly requireAcceptRule: boolean;
  /** A VPC with this tag key is NOT_APPLICABLE. */
  readonly exemptTagKey?: string;
  /** With exemptTagKey: only this tag value exempts. Absent: any value exempts. */
  readonly exemptTagValue?: string;
  /** Default VPCs are NOT_APPLICABLE. */
  readonly ignoreDefaultVpc: boolean;
  /**
   * A session counts only if its target can receive the traffic: the target and its resource exist, an ENI is in
   * use and its security groups and network ACL admit VXLAN from the source, an NLB is active with a UDP listener
   * on 4789, a Gateway Load Balancer endpoint is available. Another account's target counts unverified.
   */
  readonly verifyTarget: boolean;
  /** Organization deployments: the role the central Lambda assumes in a member account. */
  readonly executionRoleName?: string;
}

export const DEFAULT_RULE_PARAMETERS: RuleParameters = {
  mode: 'any',
  requireAcceptRule: true,
  ignoreDefaultVpc: false,
  verifyTarget: true,
};

/** IAM role names: up to 64 characters of letters, digits and +=,.@_- (IAM quotas page, "Role name"). */
export const IAM_ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

const booleanString = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === 'true' || v === 'false', {
      message: `Rule parameter '${name}' accepts "true" or "false"`,
    })
    .transform((v) => v === 'true');

/**
 * Config delivers every parameter value as a string. The schema is strict: an unknown key (a typo such as
 * "Mode") is an error, because silently ignoring it could turn into a wrong COMPLIANT.
 */
export const ruleParametersSchema = z
  .object({
    mode: z
      .string()
      .trim()
      .toLowerCase()
      .refine((v): v is RuleMode => (RULE_MODES as readonly string[]).includes(v), {
        message: `Rule parameter 'mode' accepts ${RULE_MODES.map((m) => `"${m}"`).join(' or ')}`,
      })
      .optional(),
    requireAcceptRule: booleanString('requireAcceptRule').optional(),
    // Tag keys: 1-128 characters; tag values: 0-256 characters (EC2 tag restrictions).
    exemptTagKey: z
      .string()
      .min(1, { message: "Rule parameter 'exemptTagKey' accepts a tag key of 1 to 128 characters" })
      .max(128, { message: "Rule parameter 'exemptTagKey' accepts a tag key of 1 to 128 characters" })
      .optional(),
    exemptTagValue: z
      .string()
      .max(256, { message: "Rule parameter 'exemptTagValue' accepts a tag value of up to 256 characters" })
      .optional(),
    ignoreDefaultVpc: booleanString('ignoreDefaultVpc').optional(),
    verifyTarget: booleanString('verifyTarget').optional(),
    executionRoleName: z
      .string()
      .regex(IAM_ROLE_NAME_PATTERN, {
        message: "Rule parameter 'executionRoleName' accepts an IAM role name (1-64 of letters, digits, +=,.@_-)",
      })
      .optional(),
  })
  .strict()
  .refine((p) => p.exemptTagValue === undefined || p.exemptTagKey !== undefined, {
    message: "Rule parameter 'exemptTagValue' needs 'exemptTagKey': a tag value without a key exempts nothing",
    path: ['exemptTagValue'],
  });

/** Thrown when the rule parameters are invalid; the message names the parameter and what it accepts. */
export class InvalidRuleParametersError extends Error {
  override readonly name = 'InvalidRuleParametersError';
}

const ACCEPTED_KEYS = Object.keys(ruleParametersSchema.shape).join(', ');

/** Turns zod issues into one sentence per problem, each naming the parameter. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `Unknown rule parameter(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}; accepted: ${ACCEPTED_KEYS}`;
      }
      if (issue.code === 'invalid_type') {
        return `Rule parameter '${issue.path.join('.')}' must be a string (Config delivers every value as a string)`;
      }
      return issue.message;
    })
    .join('; ');
}

/**
 * Validates the rule parameters as Config delivers them (a JSON string, possibly absent or "{}")
 * and applies the defaults.
 */
export function parseRuleParameters(ruleParameters: string | Record<string, unknown> | undefined): RuleParameters {
  let raw: unknown = ruleParameters ?? {};
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') raw = {};
    else {
      try {
        raw = JSON.parse(text);
      } catch {
        throw new InvalidRuleParametersError('ruleParameters is not valid JSON: it must be a JSON object of strings');
      }
    }
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InvalidRuleParametersError('ruleParameters must be a JSON object of strings');
  }
  // Config drops empty values in the console; treat "" as "not set" for optional parameters.
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  const result = ruleParametersSchema.safeParse(cleaned);
  if (!result.success) throw new InvalidRuleParametersError(describeIssues(result.error));
  const p = result.data;
  return {
    mode: (p.mode as RuleMode | undefined) ?? DEFAULT_RULE_PARAMETERS.mode,
    requireAcceptRule: p.requireAcceptRule ?? DEFAULT_RULE_PARAMETERS.requireAcceptRule,
    ignoreDefaultVpc: p.ignoreDefaultVpc ?? DEFAULT_RULE_PARAMETERS.ignoreDefaultVpc,
    verifyTarget: p.verifyTarget ?? DEFAULT_RULE_PARAMETERS.verifyTarget,
    ...(p.exemptTagKey !== undefined ? { exemptTagKey: p.exemptTagKey } : {}),
    ...(p.exemptTagValue !== undefined ? { exemptTagValue: p.exemptTagValue } : {}),
    ...(p.executionRoleName !== undefined ? { executionRoleName: p.executionRoleName } : {}),
  };
}

/**
 * The rule's InputParameters as Config stores them (every value a string). Only parameters that are set
 * appear, so the console shows what was chosen; parseRuleParameters(toInputParameters(p)) returns p.
 */
export function toInputParameters(params: Partial<RuleParameters>): Record<string, string> {
  const full = { ...DEFAULT_RULE_PARAMETERS, ...params };
  const out: Record<string, string> = {
    mode: full.mode,
    requireAcceptRule: String(full.requireAcceptRule),
    ignoreDefaultVpc: String(full.ignoreDefaultVpc),
    verifyTarget: String(full.verifyTarget),
  };
  if (full.exemptTagKey !== undefined) out.exemptTagKey = full.exemptTagKey;
  if (full.exemptTagValue !== undefined) out.exemptTagValue = full.exemptTagValue;
  if (full.executionRoleName !== undefined) out.executionRoleName = full.executionRoleName;
  // Validate what we emit, so a bad construct prop fails at synth instead of in every evaluation.
  parseRuleParameters(out);
  return out;
}
