/**
 * The CLI's flags, validated at the edge with zod. Rule parameters are checked with the rule's own schema and then
 * parsed by parseRuleParameters, and remediation flags with the runbook payload's schema and parseRemediationRequest,
 * so the CLI accepts exactly what the Config rule and the runbook accept. Errors name the flag, the value given and
 * what the flag accepts. Pure: no I/O.
 */
import * as z from 'zod';
import type { RemediationRequest } from '../remediation/request';
import { parseRemediationRequest, remediationRequestSchema } from '../remediation/request';
import type { RuleParameters } from '../rule/rule-definition';
import { parseRuleParameters, ruleParametersSchema } from '../rule/rule-definition';
import { UsageError } from './errors';

export const AUDIT_FORMATS = ['table', 'json', 'csv'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];
export const REMEDIATE_FORMATS = ['text', 'json'] as const;
export type RemediateFormat = (typeof REMEDIATE_FORMATS)[number];

/** Region names: us-east-1, us-gov-west-1, cn-north-1, eusc-de-east-1, ... */
const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const regionName = z.string().regex(REGION_PATTERN, { message: 'accepts an AWS Region name such as us-east-1' });
/** Profile names are section names of the shared config files: anything but blanks and brackets. */
const profileName = z.string().regex(/^[^\s[\]]+$/, { message: 'accepts a profile name from the AWS config files' });
const formatOf = <T extends readonly [string, ...string[]]>(formats: T) =>
  z.enum(formats, { message: `accepts ${formats.join(', ')}` });

const rule = ruleParametersSchema.shape;

/** KEY or KEY=VALUE, split at the first "=" (so a tag key containing "=" cannot be given this way). */
export function splitExemptTag(flag: string): { exemptTagKey?: string; exemptTagValue?: string } {
  const at = flag.indexOf('=');
  return at < 0 ? { exemptTagKey: flag } : { exemptTagKey: flag.slice(0, at), exemptTagValue: flag.slice(at + 1) };
}

const auditFlagsSchema = z
  .object({
    region: z.array(regionName).default([]),
    allRegions: z.boolean().default(false),
    profile: profileName.optional(),
    mode: rule.mode,
    requireAcceptRule: rule.requireAcceptRule,
    verifyTarget: rule.verifyTarget,
    exemptTag: z
      .string()
      .transform(splitExemptTag)
      .pipe(z.object({ exemptTagKey: rule.exemptTagKey, exemptTagValue: rule.exemptTagValue }))
      .optional(),
    ignoreDefaultVpc: z.boolean().default(false),
    format: formatOf(AUDIT_FORMATS).default('table'),
    debug: z.boolean().default(false),
  })
  .strict()
  .refine((f) => !(f.allRegions && f.region.length > 0), {
    message: '--region and --all-regions cannot be used together: give regions, or ask for every enabled region',
  });

const TARGET_FLAGS = ['targetId', 'targetEni', 'targetNlb', 'targetGwlbe'] as const;
const request = remediationRequestSchema.shape;

const remediateFlagsSchema = z
  .object({
    vpc: request.vpcId,
    region: regionName,
    targetId: request.trafficMirrorTargetId,
    targetEni: request.targetNetworkInterfaceId,
    targetNlb: request.targetNetworkLoadBalancerArn,
    targetGwlbe: request.targetGatewayLoadBalancerEndpointId,
    sourceSelection: request.sourceSelection,
    dryRun: z.boolean().default(false),
    profile: profileName.optional(),
    format: formatOf(REMEDIATE_FORMATS).default('text'),
    debug: z.boolean().default(false),
  })
  .strict()
  .refine((f) => TARGET_FLAGS.filter((t) => f[t] !== undefined).length === 1, {
    message: 'Give exactly one target: --target-id, --target-eni, --target-nlb or --target-gwlbe',
  });

/** camelCase option key (as commander names it) → the flag the user typed. */
export const flagName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function describeFlagIssues(error: z.ZodError, flags: Record<string, unknown>): string {
  return error.issues
    .map((issue) => {
      const [key, index] = issue.path;
      if (issue.code === 'unrecognized_keys') return `Unknown option(s) ${issue.keys.map(flagName).join(', ')}`;
      // Checks across flags (no path) say which flags themselves.
      if (key === undefined) return issue.message;
      const given = flags[String(key)];
      const value = Array.isArray(given) && typeof index === 'number' ? given[index] : given;
      const shown = typeof value === 'string' ? ` ${JSON.stringify(value)}` : '';
      return `${flagName(String(key))}${shown}: ${issue.message}`;
    })
    .join('; ');
}

function parseFlags<S extends z.ZodType>(schema: S, flags: Record<string, unknown>): z.output<S> {
  const result = schema.safeParse(flags);
  if (!result.success) throw new UsageError(describeFlagIssues(result.error, flags));
  return result.data;
}

export interface AuditOptions {
  /** Regions named with --region (deduplicated, in the order given); empty when none was. */
  readonly regions: readonly string[];
  readonly allRegions: boolean;
  readonly profile?: string;
  readonly params: RuleParameters;
  readonly format: AuditFormat;
  readonly debug: boolean;
}

/** Commander's option values for `audit` → validated options with the rule's parameters and defaults. */
export function parseAuditOptions(flags: Record<string, unknown>): AuditOptions {
  const f = parseFlags(auditFlagsSchema, flags);
  // The strings Config would deliver as InputParameters, so the rule's parser applies its own defaults.
  const ruleParameters: Record<string, string> = {};
  if (typeof flags.mode === 'string') ruleParameters.mode = flags.mode;
  if (typeof flags.requireAcceptRule === 'string') ruleParameters.requireAcceptRule = flags.requireAcceptRule;
  if (typeof flags.verifyTarget === 'string') ruleParameters.verifyTarget = flags.verifyTarget;
  if (typeof flags.exemptTag === 'string') Object.assign(ruleParameters, splitExemptTag(flags.exemptTag));
  if (f.ignoreDefaultVpc) ruleParameters.ignoreDefaultVpc = 'true';
  let params: RuleParameters;
  try {
    params = parseRuleParameters(ruleParameters);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    regions: [...new Set(f.region)],
    allRegions: f.allRegions,
    ...(f.profile !== undefined ? { profile: f.profile } : {}),
    params,
    format: f.format,
    debug: f.debug,
  };
}

export interface RemediateOptions {
  readonly region: string;
  readonly profile?: string;
  readonly request: RemediationRequest;
  readonly format: RemediateFormat;
  readonly debug: boolean;
}

/**
 * Commander's option values for `remediate` → the runbook's payload, parsed by the runbook's own parser.
 * `runId` scopes the EC2 ClientTokens to this run, as the Automation execution ID does for the runbook.
 */
export function parseRemediateOptions(flags: Record<string, unknown>, runId: string): RemediateOptions {
  const f = parseFlags(remediateFlagsSchema, flags);
  const payload = {
    vpcId: f.vpc,
    trafficMirrorTargetId: f.targetId,
    targetNetworkInterfaceId: f.targetEni,
    targetNetworkLoadBalancerArn: f.targetNlb,
    targetGatewayLoadBalancerEndpointId: f.targetGwlbe,
    sourceSelection: f.sourceSelection,
    dryRun: f.dryRun,
    runId,
  };
  let parsed: RemediationRequest;
  try {
    parsed = parseRemediationRequest(Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    region: f.region,
    ...(f.profile !== undefined ? { profile: f.profile } : {}),
    request: parsed,
    format: f.format,
    debug: f.debug,
  };
}
