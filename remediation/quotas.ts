/**
 * AWS's Traffic Mirroring limits and error codes the remediation plans around.
 * Quotas: Amazon VPC Traffic Mirroring guide, "Traffic Mirroring quotas"
 * (https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-quotas.html); none is adjustable.
 * Error codes: EC2 API Reference, "Error codes for the Amazon EC2 API"
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
 */

/** "Maximum number of sessions per source network interface: 3". */
export const MAX_SESSIONS_PER_SOURCE_ENI = 3;

/**
 * "Maximum number of sources per target: 100 or 10 depending on the instance type" (10 on all but the largest
 * sizes); Network Load Balancer and Gateway Load Balancer endpoint targets have no limit. Which size the target
 * instance is cannot be known from the ENI alone, so the remediation does not refuse in advance: it reports EC2's
 * TrafficMirrorSourcesPerTargetLimitExceeded with this explanation.
 */
export const ENI_TARGET_SOURCES_LIMIT_MOST_SIZES = 10;
export const ENI_TARGET_SOURCES_LIMIT_LARGEST_SIZES = 100;

/** "Maximum number of filter rules per filter: 10". The managed filter uses 4 (ingress/egress × IPv4/IPv6). */
export const MAX_RULES_PER_FILTER = 10;


/** "The network interface is not supported for Traffic Mirroring." Returned for sources AWS cannot mirror. */
export const NETWORK_INTERFACE_NOT_SUPPORTED = 'NetworkInterfaceNotSupported';
/** "The maximum number of Traffic Mirror sources for the specified Traffic Mirror target has been exceeded." */
export const SOURCES_PER_TARGET_LIMIT_EXCEEDED = 'TrafficMirrorSourcesPerTargetLimitExceeded';
/** "The allowed number of Traffic Mirror sessions for the specified network interface has been exceeded." */
export const SESSIONS_PER_INTERFACE_LIMIT_EXCEEDED = 'TrafficMirrorSessionsPerInterfaceLimitExceeded';

/**
 * Not-found errors a rollback treats as "already gone". The EC2 error list spells them
 * InvalidTrafficMirrorSessionNotFound, InvalidTrafficMirrorFilterNotFound, InvalidTrafficMirrorFilterRuleNotFound
 * and (sic) InvalidTrafficMirrorTargetNoFound; EC2's usual ID pattern (InvalidXxxId.NotFound) is accepted too.
 */
export function isTrafficMirrorNotFound(code: string | undefined): boolean {
  return code !== undefined && /^InvalidTrafficMirror[A-Za-z]*(\.NotFound|NotFound|NoFound)$/.test(code);
}
