/**
 * Does the network ACL of a target ENI's subnet let the mirrored VXLAN in? EC2 evaluates a network ACL's inbound
 * entries "starting with the lowest numbered rule ... As soon as a rule matches traffic, it's applied regardless of
 * any higher-numbered rule that might contradict it", and the last entry, `*`, denies what no numbered rule
 * matched (Amazon VPC User Guide, "Network ACL rules"). Pure: entries in, verdict out.
 */
import { ipv4CidrContains } from './ipv4';
import type { NetworkAcl, NetworkAclEntry } from './target-inventory';
import { UDP_PROTOCOL_NUMBER, VXLAN_UDP_PORT } from './vxlan';

/** The rule number DescribeNetworkAcls reports for the `*` entry every network ACL ends with. */
export const DEFAULT_NETWORK_ACL_RULE_NUMBER = 32767;

export interface NetworkAclVerdict {
  readonly allowed: boolean;
  readonly networkAclId: string;
  /** The entry that decided; `*` when none matched (or the `*` entry itself). */
  readonly ruleNumber: number | '*';
}

function coversVxlan(entry: NetworkAclEntry): boolean {
  const protocol = entry.protocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== UDP_PROTOCOL_NUMBER && protocol !== 'udp') return false;
  // An entry for UDP without a port range covers every port.
  const range = entry.portRange;
  return range === undefined || (range.from <= VXLAN_UDP_PORT && VXLAN_UDP_PORT <= range.to);
}

/** Does the entry match traffic from this address? Without a known address, only 0.0.0.0/0 does. */
function matchesSource(entry: NetworkAclEntry, sourceIp: string | undefined): boolean {
  if (entry.cidrBlock === undefined) return false;
  return sourceIp === undefined ? entry.cidrBlock === '0.0.0.0/0' : ipv4CidrContains(entry.cidrBlock, sourceIp);
}

/** The inbound verdict on UDP 4789 from `sourceIp`: first matching entry in rule-number order; egress entries ignored. */
export function checkNetworkAclIngress(acl: NetworkAcl, sourceIp: string | undefined): NetworkAclVerdict {
  const inbound = acl.entries.filter((e) => !e.egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  const decisive = inbound.find((e) => coversVxlan(e) && matchesSource(e, sourceIp));
  if (decisive === undefined || decisive.ruleNumber >= DEFAULT_NETWORK_ACL_RULE_NUMBER) {
    return { allowed: decisive?.ruleAction === 'allow', networkAclId: acl.networkAclId, ruleNumber: '*' };
  }
  return { allowed: decisive.ruleAction === 'allow', networkAclId: acl.networkAclId, ruleNumber: decisive.ruleNumber };
}
