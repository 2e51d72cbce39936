/**
 * Do an ENI target's security groups let the mirrored traffic in? Sessions carry VXLAN on UDP 4789 from the source
 * ENI's primary private IPv4 address, and AWS requires the target's security group to allow it ("Create or delete a
 * traffic mirror target": "You must configure a security group for the traffic mirror target that allows VXLAN
 * traffic (UDP port 4789) from the traffic mirror source"). Pure: security group rules in, verdict out. The rule's
 * target check and the remediation's precondition both use it, so they cannot disagree.
 */
import { ipv4CidrContains } from './ipv4';
import type { IngressRule, SecurityGroup } from './target-inventory';
import { UDP_PROTOCOL_NUMBER, VXLAN_UDP_PORT } from './vxlan';

export interface VxlanSource {
  readonly networkInterfaceId: string;
  readonly privateIpAddress?: string;
  readonly securityGroupIds: readonly string[];
}

export type VxlanVerdict =
  | {
      readonly allowed: true;
      readonly groupId: string;
      /**
       * Set when only a rule referencing these prefix lists admits the traffic. A prefix list's entries are not
       * read here, so such a rule counts as admitting (the owner chose to allow that list) but is not verified.
       */
      readonly prefixListIds?: readonly string[];
    }
  | {
      readonly allowed: false;
      /** The target's groups, none of which allows the traffic. */
      readonly groupIds: readonly string[];
    };

function coversVxlan(rule: IngressRule): boolean {
  const protocol = rule.ipProtocol.toLowerCase();
  // "-1" is every protocol and every port; EC2 reports no ports for it.
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'udp' && protocol !== UDP_PROTOCOL_NUMBER) return false;
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

/**
 * Allowed when some inbound rule of some group admits UDP 4789 from the source's IP or one of its groups; failing
 * that, when a rule covering UDP 4789 references a prefix list (allowed, with the lists named as unverified).
 */
export function checkVxlanIngress(groups: readonly SecurityGroup[], source: VxlanSource): VxlanVerdict {
  for (const group of groups) {
    if (group.ingress.some((rule) => coversVxlan(rule) && admitsSource(rule, source))) {
      return { allowed: true, groupId: group.groupId };
    }
  }
  for (const group of groups) {
    const lists = group.ingress.filter(coversVxlan).flatMap((r) => r.prefixListIds);
    if (lists.length > 0) return { allowed: true, groupId: group.groupId, prefixListIds: [...new Set(lists)] };
  }
  return { allowed: false, groupIds: groups.map((g) => g.groupId) };
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
  return `${head}; add an inbound rule for UDP ${VXLAN_UDP_PORT} from the source's address or security group`;
}
