/**
 * Does an ENI target's security groups let the mirrored traffic in? Sessions carry VXLAN on UDP 4789 from the source
 * ENI's primary private IPv4 address, and AWS requires the target's security group to allow it ("Create or delete a
 * traffic mirror target": "You must configure a security group for the traffic mirror target that allows VXLAN
 * traffic (UDP port 4789) from the traffic mirror source"). Pure: security group rules in, verdict out.
 */
import type { IngressRule, SecurityGroup } from './inventory';
import { ipv4CidrContains } from '../rule/ipv4';
import { VXLAN_UDP_PORT } from './quotas';

export interface VxlanSource {
  readonly networkInterfaceId: string;
  readonly privateIpAddress?: string;
  readonly securityGroupIds: readonly string[];
}

export type VxlanVerdict =
  | { readonly allowed: true; readonly groupId: string }
  | {
      readonly allowed: false;
      /** The target's groups, none of which allows the traffic. */
      readonly groupIds: readonly string[];
      /** Groups with rules that reference prefix lists, which this check does not expand. */
      readonly unevaluatedPrefixListGroupIds: readonly string[];
    };

const UDP_PROTOCOLS = new Set(['udp', '17']);

function coversVxlan(rule: IngressRule): boolean {
  const protocol = rule.ipProtocol.toLowerCase();
  // "-1" is every protocol and every port; EC2 reports no ports for it.
  if (protocol === '-1' || protocol === 'all') return true;
  if (!UDP_PROTOCOLS.has(protocol)) return false;
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= VXLAN_UDP_PORT && VXLAN_UDP_PORT <= to;
}

function admitsSource(rule: IngressRule, source: VxlanSource): boolean {
  if (rule.sourceGroupIds.some((g) => source.securityGroupIds.includes(g))) return true;
  const ip = source.privateIpAddress;
  return ip !== undefined && rule.ipv4Cidrs.some((cidr) => ipv4CidrContains(cidr, ip));
}

/** Allowed when some inbound rule of some group admits UDP 4789 from the source's IP or one of its groups. */
export function checkVxlanIngress(groups: readonly SecurityGroup[], source: VxlanSource): VxlanVerdict {
  for (const group of groups) {
    if (group.ingress.some((rule) => coversVxlan(rule) && admitsSource(rule, source))) {
      return { allowed: true, groupId: group.groupId };
    }
  }
  return {
    allowed: false,
    groupIds: groups.map((g) => g.groupId),
    unevaluatedPrefixListGroupIds: groups
      .filter((g) => g.ingress.some((r) => coversVxlan(r) && r.prefixListIds.length > 0))
      .map((g) => g.groupId),
  };
}

/** "sg-1, sg-2 of the target allow no inbound UDP 4789 from eni-… (10.0.1.5, sg-…)": what to fix, named. */
export function describeVxlanBlock(
  verdict: Extract<VxlanVerdict, { allowed: false }>,
  targetEniId: string,
  source: VxlanSource,
): string {
  const from = [source.privateIpAddress, ...source.securityGroupIds].filter(Boolean).join(', ');
  const what = `inbound UDP ${VXLAN_UDP_PORT} (VXLAN) from source ${source.networkInterfaceId} (${from || 'no address known'})`;
  const head =
    verdict.groupIds.length === 0
      ? `Target ENI ${targetEniId} has no security group allowing ${what}`
      : `Target ENI ${targetEniId}: security group(s) ${verdict.groupIds.join(', ')} allow no ${what}`;
  const prefixLists =
    verdict.unevaluatedPrefixListGroupIds.length > 0
      ? ` (rules of ${verdict.unevaluatedPrefixListGroupIds.join(', ')} that reference prefix lists are not evaluated)`
      : '';
  return `${head}; add an inbound rule for UDP ${VXLAN_UDP_PORT} from the source's address or security group${prefixLists}`;
}
