import { describe, expect, it } from 'vitest';
import type { VxlanSource } from '../rule/vxlan-ingress';
import { checkVxlanIngress, describeVxlanBlock } from '../rule/vxlan-ingress';
import { ipv4CidrContains, parseIpv4 } from '../rule/ipv4';
import { group, udpRule } from './support/remediation-builders';

const source: VxlanSource = { networkInterfaceId: 'eni-src', privateIpAddress: '10.0.1.5', securityGroupIds: ['sg-src', 'sg-app'] };
const allowed = (...rules: Parameters<typeof udpRule>[0][]) => checkVxlanIngress([group('sg-t', ...rules.map((r) => udpRule(r)))], source).allowed;

describe('parseIpv4 and ipv4CidrContains', () => {
  it('parses dotted quads and rejects anything else', () => {
    expect(parseIpv4('10.0.1.5')).toBe(167772421);
    expect(parseIpv4('255.255.255.255')).toBe(4294967295);
    for (const bad of ['10.0.1', '10.0.1.5.6', '10.0.1.256', '10.0.1.x', '', '1..2.3']) expect(parseIpv4(bad)).toBeUndefined();
  });

  it.each([
    ['0.0.0.0/0', '203.0.113.9', true],
    ['10.0.0.0/8', '10.255.0.1', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['10.0.1.0/24', '10.0.1.255', true],
    ['10.0.1.0/24', '10.0.2.0', false],
    ['10.0.1.5/32', '10.0.1.5', true],
    ['10.0.1.5/32', '10.0.1.6', false],
    ['10.0.1.4/31', '10.0.1.5', true],
    ['10.0.1.0/33', '10.0.1.5', false],
    ['10.0.1.0', '10.0.1.5', false],
    ['10.0.1.0/24/1', '10.0.1.5', false],
    ['nonsense/8', '10.0.1.5', false],
    ['10.0.0.0/8', 'not-an-ip', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(ipv4CidrContains(cidr, ip)).toBe(expected);
  });
});

describe('checkVxlanIngress', () => {
  it.each([
    ['udp 4789 from a CIDR holding the source', { ipv4Cidrs: ['10.0.1.0/24'] }, true],
    ['udp 4789 from anywhere', { ipv4Cidrs: ['0.0.0.0/0'] }, true],
    ['udp 4789 from the source /32', { ipv4Cidrs: ['10.0.1.5/32'] }, true],
    ['udp 4789 from another CIDR', { ipv4Cidrs: ['10.0.2.0/24'] }, false],
    ['udp 4789 from IPv6 anywhere only', { ipv6Cidrs: ['::/0'] }, false],
    ['udp 4789 from one of the source groups', { sourceGroupIds: ['sg-app'] }, true],
    ['udp 4789 from another group', { sourceGroupIds: ['sg-other'] }, false],
    ['udp 4789 from a prefix list only (counts: not expanded here)', { prefixListIds: ['pl-1'] }, true],
    ['udp range 4000-5000', { fromPort: 4000, toPort: 5000, ipv4Cidrs: ['0.0.0.0/0'] }, true],
    ['udp range starting at 4789', { fromPort: 4789, toPort: 4800, ipv4Cidrs: ['0.0.0.0/0'] }, true],
    ['udp range ending at 4788', { fromPort: 1, toPort: 4788, ipv4Cidrs: ['0.0.0.0/0'] }, false],
    ['udp range starting at 4790', { fromPort: 4790, toPort: 65535, ipv4Cidrs: ['0.0.0.0/0'] }, false],
    ['udp with every port (-1)', { fromPort: -1, toPort: -1, ipv4Cidrs: ['0.0.0.0/0'] }, true],
    ['udp with no ports given', { fromPort: undefined, toPort: undefined, ipv4Cidrs: ['0.0.0.0/0'] }, true],
    ['protocol number 17 on 4789', { ipProtocol: '17', ipv4Cidrs: ['0.0.0.0/0'] }, true],
    ['UDP in upper case', { ipProtocol: 'UDP', ipv4Cidrs: ['0.0.0.0/0'] }, true],
    ['every protocol (-1), no ports', { ipProtocol: '-1', fromPort: undefined, toPort: undefined, ipv4Cidrs: ['10.0.0.0/8'] }, true],
    ['tcp 4789', { ipProtocol: 'tcp', ipv4Cidrs: ['0.0.0.0/0'] }, false],
    ['protocol 6 (tcp) 4789', { ipProtocol: '6', ipv4Cidrs: ['0.0.0.0/0'] }, false],
    ['icmp', { ipProtocol: 'icmp', fromPort: -1, toPort: -1, ipv4Cidrs: ['0.0.0.0/0'] }, false],
  ] as const)('%s: %s', (_, rule, expected) => {
    expect(allowed(rule)).toBe(expected);
  });

  it('needs port and origin in the same rule', () => {
    expect(allowed({ ipProtocol: 'tcp', ipv4Cidrs: ['10.0.1.0/24'] }, { ipv4Cidrs: ['192.168.0.0/16'] })).toBe(false);
  });

  it('is allowed when any one of several groups admits the source, naming that group', () => {
    const verdict = checkVxlanIngress([group('sg-a', udpRule({ ipv4Cidrs: ['192.168.0.0/16'] })), group('sg-b', udpRule({ sourceGroupIds: ['sg-src'] }))], source);
    expect(verdict).toEqual({ allowed: true, groupId: 'sg-b' });
  });

  it('without a known address, only group references admit the source', () => {
    const noIp: VxlanSource = { networkInterfaceId: 'eni-src', securityGroupIds: ['sg-src'] };
    expect(checkVxlanIngress([group('sg-t', udpRule({ ipv4Cidrs: ['0.0.0.0/0'] }))], noIp).allowed).toBe(false);
    expect(checkVxlanIngress([group('sg-t', udpRule({ sourceGroupIds: ['sg-src'] }))], noIp).allowed).toBe(true);
  });

  it('blocks when the target has no security group or no inbound rule, listing the groups', () => {
    expect(checkVxlanIngress([], source)).toEqual({ allowed: false, groupIds: [] });
    expect(checkVxlanIngress([group('sg-empty')], source)).toEqual({ allowed: false, groupIds: ['sg-empty'] });
  });

  it('counts a prefix-list rule as admitting, naming the lists as unverified, after rules that admit outright', () => {
    const viaList = checkVxlanIngress([group('sg-pl', udpRule({ prefixListIds: ['pl-1', 'pl-2'] })), group('sg-none')], source);
    expect(viaList).toEqual({ allowed: true, groupId: 'sg-pl', prefixListIds: ['pl-1', 'pl-2'] });
    const outright = checkVxlanIngress([group('sg-pl', udpRule({ prefixListIds: ['pl-1'] })), group('sg-ip', udpRule({ ipv4Cidrs: ['10.0.0.0/8'] }))], source);
    expect(outright).toEqual({ allowed: true, groupId: 'sg-ip' });
    expect(checkVxlanIngress([group('sg-pl', udpRule({ ipProtocol: 'tcp', prefixListIds: ['pl-1'] }))], source).allowed).toBe(false);
  });
});

describe('describeVxlanBlock', () => {
  it('names the target, its groups, the source, its address and groups, and the fix', () => {
    const verdict = { allowed: false as const, groupIds: ['sg-a', 'sg-b'] };
    expect(describeVxlanBlock(verdict, 'eni-target', source)).toBe(
      'Target ENI eni-target: security group(s) sg-a, sg-b allow no inbound UDP 4789 (VXLAN) from source eni-src ' +
        "(10.0.1.5, sg-src, sg-app); add an inbound rule for UDP 4789 from the source's address or security group",
    );
    expect(describeVxlanBlock({ allowed: false, groupIds: [] }, 'eni-t', { networkInterfaceId: 'eni-s', securityGroupIds: [] })).toBe(
      "Target ENI eni-t has no security group allowing inbound UDP 4789 (VXLAN) from source eni-s (no address known); add an inbound rule for UDP 4789 from the source's address or security group",
    );
  });
});
