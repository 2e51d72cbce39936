/**
 * Flags of the commands that operate a deployment: `doctor`, `remediate --non-compliant` and `remediate --runbook`.
 * Validated with zod as options.ts validates audit's: errors name the flag, the value given and what it accepts.
 * Pure: no I/O.
 */
import * as z from 'zod';
import type { RemediationRequest } from '../remediation/request';
import { REMEDIATION_DOCUMENT_NAME, RULE_NAME } from '../rule/rule-definition';
import { UsageError } from './errors';
import type { RemediateOptions } from './options';
import { formatOf, parseFlags, parseRemediateOptions, profileName, regionName } from './options';

export const DOCTOR_OUTPUTS = ['table', 'json'] as const;
export type DoctorOutput = (typeof DOCTOR_OUTPUTS)[number];
export const BULK_REMEDIATE_OUTPUTS = ['table', 'json'] as const;
export type BulkRemediateOutput = (typeof BULK_REMEDIATE_OUTPUTS)[number];

/** Config rule names: 1-128 characters with something other than blanks (Config API Reference, ConfigRule.ConfigRuleName). */
const ruleName = z
  .string()
  .min(1)
  .max(128)
  .regex(/\S/, { message: 'accepts a Config rule name of 1-128 characters' });
/** SSM document names: letters, digits, _ . - (3-128), or a document ARN (SSM API Reference, StartAutomationExecution). */
const documentName = z.string().regex(/^(arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:document\/)?[a-zA-Z0-9_.-]{3,128}$/, {
  message: 'accepts an SSM document name (3-128 letters, digits, _ . -) or its ARN',
});
const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, { message: 'accepts an IAM role ARN' });
/** Seconds to follow runs before giving up on them: 1 s to 12 h. */
const timeoutSeconds = z.coerce
  .number({ message: 'accepts a number of seconds' })
  .int({ message: 'accepts a whole number of seconds' })
  .min(1, { message: 'accepts 1 to 43200 seconds' })
  .max(43_200, { message: 'accepts 1 to 43200 seconds' });

/** How long --wait and --runbook follow runs by default: a run of the runbook takes well under a minute. */
export const DEFAULT_TIMEOUT_SECONDS = 900;

const doctorFlagsSchema = z
  .object({
    region: z.array(regionName).default([]),
    allRegions: z.boolean().default(false),
    profile: profileName.optional(),
    ruleName: ruleName.default(RULE_NAME),
    output: formatOf(DOCTOR_OUTPUTS).default('table'),
    debug: z.boolean().default(false),
  })
  .strict()
  .refine((f) => !(f.allRegions && f.region.length > 0), {
    message: '--region and --all-regions cannot be used together: give regions, or ask for every enabled region',
  });

export interface DoctorOptions {
  readonly regions: readonly string[];
  readonly allRegions: boolean;
  readonly ruleName: string;
  readonly output: DoctorOutput;
  readonly debug: boolean;
}

export function parseDoctorOptions(flags: Record<string, unknown>): DoctorOptions {
  const f = parseFlags(doctorFlagsSchema, flags);
  return { regions: [...new Set(f.region)], allRegions: f.allRegions, ruleName: f.ruleName, output: f.output, debug: f.debug };
}

/** The flags of `remediate --non-compliant`; the single-VPC flags are refused with it. */
const bulkFlagsSchema = z
  .object({
    nonCompliant: z.literal(true),
    region: regionName.optional(),
    profile: profileName.optional(),
    ruleName: ruleName.default(RULE_NAME),
    yes: z.boolean().default(false),
    wait: z.boolean().default(false),
    timeout: timeoutSeconds.default(DEFAULT_TIMEOUT_SECONDS),
    output: formatOf(BULK_REMEDIATE_OUTPUTS).default('table'),
    debug: z.boolean().default(false),
  })
  .strict();

export interface BulkRemediateOptions {
  /** undefined: the configured region (AWS_REGION or the profile's). */
  readonly region?: string;
  readonly ruleName: string;
  readonly yes: boolean;
  readonly wait: boolean;
  readonly timeoutSeconds: number;
  readonly output: BulkRemediateOutput;
  readonly debug: boolean;
}

export function parseBulkRemediateOptions(flags: Record<string, unknown>): BulkRemediateOptions {
  const f = parseFlags(bulkFlagsSchema, flags);
  return {
    ...(f.region !== undefined ? { region: f.region } : {}),
    ruleName: f.ruleName,
    yes: f.yes,
    wait: f.wait,
    timeoutSeconds: f.timeout,
    output: f.output,
    debug: f.debug,
  };
}

export interface RunbookRemediateOptions extends RemediateOptions {
  readonly documentName: string;
  readonly automationAssumeRole?: string;
  readonly timeoutSeconds: number;
}

/** The flags `remediate --runbook` adds to the single-VPC ones. */
const runbookFlagsSchema = z.object({
  documentName: documentName.default(REMEDIATION_DOCUMENT_NAME),
  automationAssumeRole: roleArn.optional(),
  timeout: timeoutSeconds.default(DEFAULT_TIMEOUT_SECONDS),
});

/**
 * `remediate --vpc … --runbook`: the same target and source flags as the local remediate (parsed by its parser,
 * so both accept exactly the same), plus the document, the role Automation assumes and how long to follow the run.
 */
export function parseRunbookRemediateOptions(flags: Record<string, unknown>, runId: string): RunbookRemediateOptions {
  const { runbook: _runbook, documentName: _d, automationAssumeRole: _r, timeout: _t, ...local } = flags;
  const extra = parseFlags(runbookFlagsSchema, { documentName: flags.documentName, automationAssumeRole: flags.automationAssumeRole, timeout: flags.timeout });
  const options = parseRemediateOptions(local, runId);
  if (options.request.dryRun) throw new UsageError('--dry-run and --runbook cannot be used together: the runbook is a real run');
  return {
    ...options,
    documentName: extra.documentName,
    ...(extra.automationAssumeRole !== undefined ? { automationAssumeRole: extra.automationAssumeRole } : {}),
    timeoutSeconds: extra.timeout,
  };
}

/** The runbook's parameters (SSM takes every value as a list of strings) for a request. Pure. */
export function runbookParameters(request: RemediationRequest, automationAssumeRole?: string): Record<string, string[]> {
  const target = request.target;
  const parameters: Record<string, string> = {
    VpcId: request.vpcId,
    SourceSelection: request.sourceSelection,
    SessionNumber: String(request.sessionNumber),
    MirrorAmazonDns: String(request.mirrorAmazonDns),
  };
  switch (target.kind) {
    case 'existingTarget':
      parameters.TrafficMirrorTargetId = target.trafficMirrorTargetId;
      break;
    case 'networkInterface':
      parameters.TargetNetworkInterfaceId = target.networkInterfaceId;
      break;
    case 'networkLoadBalancer':
      parameters.TargetNetworkLoadBalancerArn = target.networkLoadBalancerArn;
      break;
    case 'gatewayLoadBalancerEndpoint':
      parameters.TargetGatewayLoadBalancerEndpointId = target.gatewayLoadBalancerEndpointId;
      break;
  }
  if (request.trafficMirrorFilterId !== undefined) parameters.TrafficMirrorFilterId = request.trafficMirrorFilterId;
  if (request.packetLength !== undefined) parameters.PacketLength = String(request.packetLength);
  if (request.virtualNetworkId !== undefined) parameters.VirtualNetworkId = String(request.virtualNetworkId);
  if (automationAssumeRole !== undefined) parameters.AutomationAssumeRole = automationAssumeRole;
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, [v]]));
}
