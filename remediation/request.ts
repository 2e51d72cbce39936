/**
 * What a remediation is asked to do: the payload the EnableVpcTrafficMirroring runbook sends to the remediation
 * Lambda (and the CLI's `remediate` command builds), validated at the edge with zod. An error names the field, the
 * runbook parameter it comes from, and what it accepts. No SDK and no I/O: infra/ and the runbook test import it.
 */
// Namespace import: esbuild tree-shakes zod to what is used (about 85 KB instead of 445 KB in the bundle).
import * as z from 'zod';

/** EC2 resource IDs: a prefix and 8 (older resources) or 17 hexadecimal characters. */
const ec2Id = (prefix: string) => `^${prefix}-[0-9a-f]{8,17}$`;

/**
 * The patterns each field (and the runbook parameter it comes from) accepts. The runbook's allowedPatterns are
 * these, made optional where the parameter is; test/runbook.test.ts checks that they stay equal.
 */
export const REQUEST_PATTERNS = {
  vpcId: ec2Id('vpc'),
  trafficMirrorTargetId: ec2Id('tmt'),
  targetNetworkInterfaceId: ec2Id('eni'),
  // Network Load Balancer ARNs: arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/net/NAME/ID,
  // NAME up to 32 letters, digits and hyphens, ID 16 hex characters.
  targetNetworkLoadBalancerArn:
    '^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:loadbalancer/net/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$',
  targetGatewayLoadBalancerEndpointId: ec2Id('vpce'),
  trafficMirrorFilterId: ec2Id('tmf'),
} as const;

export const SOURCE_SELECTIONS = ['one', 'all'] as const;
export type SourceSelection = (typeof SOURCE_SELECTIONS)[number];

/** CreateTrafficMirrorSession's SessionNumber: "Valid values are 1-32766" (EC2 API Reference). */
export const SESSION_NUMBER_RANGE = { min: 1, max: 32766 } as const;
/** CreateTrafficMirrorSession's PacketLength: "Valid values are 1-8500" (EC2 API Reference). */
export const PACKET_LENGTH_RANGE = { min: 1, max: 8500 } as const;
/** A VXLAN Network Identifier is 24 bits (RFC 7348, section 5). */
export const VIRTUAL_NETWORK_ID_RANGE = { min: 0, max: 16_777_215 } as const;

export const REQUEST_DEFAULTS = {
  mirrorAmazonDns: false,
  sourceSelection: 'one',
  sessionNumber: 1,
  dryRun: false,
} as const satisfies { mirrorAmazonDns: boolean; sourceSelection: SourceSelection; sessionNumber: number; dryRun: boolean };

/** The runbook parameter each payload field comes from, so errors can name what the user typed. */
export const RUNBOOK_PARAMETER_OF = {
  vpcId: 'VpcId',
  trafficMirrorTargetId: 'TrafficMirrorTargetId',
  targetNetworkInterfaceId: 'TargetNetworkInterfaceId',
  targetNetworkLoadBalancerArn: 'TargetNetworkLoadBalancerArn',
  targetGatewayLoadBalancerEndpointId: 'TargetGatewayLoadBalancerEndpointId',
  trafficMirrorFilterId: 'TrafficMirrorFilterId',
  mirrorAmazonDns: 'MirrorAmazonDns',
  sourceSelection: 'SourceSelection',
  sessionNumber: 'SessionNumber',
  packetLength: 'PacketLength',
  virtualNetworkId: 'VirtualNetworkId',
  dryRun: 'DryRun',
} as const;
export type RequestField = keyof typeof RUNBOOK_PARAMETER_OF;

/**
 * Payload fields the runbook fills from Automation's own variables rather than from a parameter. runId scopes the
 * ClientTokens to one Automation execution: see client-token.ts for why. accountId is the account the runbook runs
 * in: an organization's central function works there through the member role (remediation/organization-handler.ts).
 */
export const RUNBOOK_VARIABLE_OF = { runId: 'automation:EXECUTION_ID', accountId: 'global:ACCOUNT_ID' } as const;

/** Run IDs: SSM execution IDs are UUIDs; anything of 1-64 letters, digits and hyphens is accepted. */
export const RUN_ID_PATTERN = '^[A-Za-z0-9-]{1,64}$';
/** AWS account IDs: 12 digits. */
export const ACCOUNT_ID_PATTERN = '^[0-9]{12}$';

/** The four ways to name the target; exactly one must be given. */
export const TARGET_FIELDS = [
  'trafficMirrorTargetId',
  'targetNetworkInterfaceId',
  'targetNetworkLoadBalancerArn',
  'targetGatewayLoadBalancerEndpointId',
] as const satisfies readonly RequestField[];

// SSM passes an unset optional String parameter as "" (its default): treat it as absent.
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const idField = (field: keyof typeof REQUEST_PATTERNS, example: string) =>
  z.string().regex(new RegExp(REQUEST_PATTERNS[field]), { message: `must look like ${example}` });

const optionalId = (field: keyof typeof REQUEST_PATTERNS, example: string) =>
  z.preprocess(blankToUndefined, idField(field, example).optional());

// SSM substitutes Boolean and Integer parameters into InputPayload either typed or as text: accept both.
const flag = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : blankToUndefined(v)),
  z.boolean({ message: 'must be true or false' }).optional(),
);

const integerIn = (range: { min: number; max: number }) =>
  z.preprocess(
    (v) => {
      const b = blankToUndefined(v);
      return typeof b === 'string' && /^-?\d+$/.test(b.trim()) ? Number(b) : b;
    },
    z
      .number({ message: `must be a whole number from ${range.min} to ${range.max}` })
      .int({ message: `must be a whole number from ${range.min} to ${range.max}` })
      .min(range.min, { message: `must be a whole number from ${range.min} to ${range.max}` })
      .max(range.max, { message: `must be a whole number from ${range.min} to ${range.max}` })
      .optional(),
  );

/** The payload as the runbook sends it. Strict: an unknown field is a typo that would otherwise be ignored. */
export const remediationRequestSchema = z
  .object({
    vpcId: idField('vpcId', 'vpc-0123456789abcdef0'),
    trafficMirrorTargetId: optionalId('trafficMirrorTargetId', 'tmt-0123456789abcdef0'),
    targetNetworkInterfaceId: optionalId('targetNetworkInterfaceId', 'eni-0123456789abcdef0'),
    targetNetworkLoadBalancerArn: optionalId(
      'targetNetworkLoadBalancerArn',
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/0123456789abcdef',
    ),
    targetGatewayLoadBalancerEndpointId: optionalId('targetGatewayLoadBalancerEndpointId', 'vpce-0123456789abcdef0'),
    trafficMirrorFilterId: optionalId('trafficMirrorFilterId', 'tmf-0123456789abcdef0'),
    mirrorAmazonDns: flag,
    sourceSelection: z.preprocess(
      blankToUndefined,
      z.enum(SOURCE_SELECTIONS, { message: `must be ${SOURCE_SELECTIONS.map((s) => `"${s}"`).join(' or ')}` }).optional(),
    ),
    sessionNumber: integerIn(SESSION_NUMBER_RANGE),
    packetLength: integerIn(PACKET_LENGTH_RANGE),
    virtualNetworkId: integerIn(VIRTUAL_NETWORK_ID_RANGE),
    dryRun: flag,
    runId: z.preprocess(
      blankToUndefined,
      z.string().regex(new RegExp(RUN_ID_PATTERN), { message: 'must be 1 to 64 letters, digits and hyphens' }).optional(),
    ),
    accountId: z.preprocess(
      blankToUndefined,
      z.string().regex(new RegExp(ACCOUNT_ID_PATTERN), { message: 'must be a 12-digit AWS account ID' }).optional(),
    ),
  })
  .strict();

/** Which resource the mirrored traffic goes to. */
export type TargetSpec =
  | { readonly kind: 'existingTarget'; readonly trafficMirrorTargetId: string }
  | { readonly kind: 'networkInterface'; readonly networkInterfaceId: string }
  | { readonly kind: 'networkLoadBalancer'; readonly networkLoadBalancerArn: string }
  | { readonly kind: 'gatewayLoadBalancerEndpoint'; readonly gatewayLoadBalancerEndpointId: string };

/** A validated request, defaults applied. */
export interface RemediationRequest {
  readonly vpcId: string;
  readonly target: TargetSpec;
  /** Reuse this filter; absent: the project's managed filter (reused, or created once per account-region). */
  readonly trafficMirrorFilterId?: string;
  readonly mirrorAmazonDns: boolean;
  readonly sourceSelection: SourceSelection;
  readonly sessionNumber: number;
  readonly packetLength?: number;
  readonly virtualNetworkId?: number;
  readonly dryRun: boolean;
  /** Scopes the ClientTokens to one run (the Automation execution ID); absent: tokens depend on the request only. */
  readonly runId?: string;
  /** The account to remediate in (the runbook's); absent: the function's own account. */
  readonly accountId?: string;
}

export class InvalidRemediationRequestError extends Error {
  override readonly name = 'InvalidRemediationRequestError';
}

const fieldName = (field: string) => {
  const parameter = (RUNBOOK_PARAMETER_OF as Record<string, string>)[field];
  return parameter === undefined ? field : `${field} (runbook parameter ${parameter})`;
};
const ACCEPTED_FIELDS = [...Object.keys(RUNBOOK_PARAMETER_OF), ...Object.keys(RUNBOOK_VARIABLE_OF)].join(', ');

function describeIssues(error: z.ZodError, payload: unknown): string {
  const given = (field: string) => typeof payload === 'object' && payload !== null && (payload as Record<string, unknown>)[field] !== undefined;
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `Unknown field(s) ${issue.keys.join(', ')}; accepted: ${ACCEPTED_FIELDS}`;
      }
      const [field] = issue.path;
      if (field === undefined) return 'The remediation payload must be a JSON object';
      if (issue.code === 'invalid_type' && !given(String(field))) return `${fieldName(String(field))} is required`;
      return `${fieldName(String(field))} ${issue.message}`;
    })
    .join('; ');
}

function targetOf(p: z.infer<typeof remediationRequestSchema>): TargetSpec {
  const given = TARGET_FIELDS.filter((f) => p[f] !== undefined);
  if (given.length !== 1) {
    const names = TARGET_FIELDS.map((f) => RUNBOOK_PARAMETER_OF[f]).join(', ');
    throw new InvalidRemediationRequestError(
      given.length === 0
        ? `No target given: set exactly one of ${names}`
        : `Several targets given (${given.map((f) => RUNBOOK_PARAMETER_OF[f]).join(', ')}): set exactly one of ${names}`,
    );
  }
  if (p.trafficMirrorTargetId) return { kind: 'existingTarget', trafficMirrorTargetId: p.trafficMirrorTargetId };
  if (p.targetNetworkInterfaceId) return { kind: 'networkInterface', networkInterfaceId: p.targetNetworkInterfaceId };
  if (p.targetNetworkLoadBalancerArn) {
    return { kind: 'networkLoadBalancer', networkLoadBalancerArn: p.targetNetworkLoadBalancerArn };
  }
  return { kind: 'gatewayLoadBalancerEndpoint', gatewayLoadBalancerEndpointId: p.targetGatewayLoadBalancerEndpointId! };
}

/** Validates the payload and applies the defaults; the error names every field that is wrong. */
export function parseRemediationRequest(payload: unknown): RemediationRequest {
  const result = remediationRequestSchema.safeParse(payload);
  if (!result.success) {
    throw new InvalidRemediationRequestError(`Invalid remediation request: ${describeIssues(result.error, payload)}`);
  }
  const p = result.data;
  return {
    vpcId: p.vpcId,
    target: targetOf(p),
    ...(p.trafficMirrorFilterId !== undefined ? { trafficMirrorFilterId: p.trafficMirrorFilterId } : {}),
    mirrorAmazonDns: p.mirrorAmazonDns ?? REQUEST_DEFAULTS.mirrorAmazonDns,
    sourceSelection: p.sourceSelection ?? REQUEST_DEFAULTS.sourceSelection,
    sessionNumber: p.sessionNumber ?? REQUEST_DEFAULTS.sessionNumber,
    ...(p.packetLength !== undefined ? { packetLength: p.packetLength } : {}),
    ...(p.virtualNetworkId !== undefined ? { virtualNetworkId: p.virtualNetworkId } : {}),
    dryRun: p.dryRun ?? REQUEST_DEFAULTS.dryRun,
    ...(p.runId !== undefined ? { runId: p.runId } : {}),
    ...(p.accountId !== undefined ? { accountId: p.accountId } : {}),
  };
}

export type TargetResourceKind = 'networkInterface' | 'networkLoadBalancer' | 'gatewayLoadBalancerEndpoint';

/** The resource (ENI, NLB, GWLB endpoint) the request names directly; undefined for an existing target's ID. */
export function requestedResource(target: TargetSpec): { readonly kind: TargetResourceKind; readonly id: string } | undefined {
  switch (target.kind) {
    case 'networkInterface':
      return { kind: 'networkInterface', id: target.networkInterfaceId };
    case 'networkLoadBalancer':
      return { kind: 'networkLoadBalancer', id: target.networkLoadBalancerArn };
    case 'gatewayLoadBalancerEndpoint':
      return { kind: 'gatewayLoadBalancerEndpoint', id: target.gatewayLoadBalancerEndpointId };
    case 'existingTarget':
      return undefined;
  }
}

/** A short name of the target for messages: "ENI eni-…", "target tmt-…". */
export function describeTarget(target: TargetSpec): string {
  switch (target.kind) {
    case 'existingTarget':
      return `traffic mirror target ${target.trafficMirrorTargetId}`;
    case 'networkInterface':
      return `ENI ${target.networkInterfaceId}`;
    case 'networkLoadBalancer':
      return `Network Load Balancer ${target.networkLoadBalancerArn}`;
    case 'gatewayLoadBalancerEndpoint':
      return `Gateway Load Balancer endpoint ${target.gatewayLoadBalancerEndpointId}`;
  }
}
