/** The target check, row by row of issue 11's table, on plain data: no SDK, no mocks. */
import { describe, expect, it } from 'vitest';
import { checkNetworkAclIngress } from '../rule/network-acl-ingress';
import type { TargetInventory } from '../rule/target-inventory';
import { checkTarget, indexTargets } from '../rule/target-check';
import {
  ACCOUNT,
  aclEntry,
  endpointTarget,
  eniTarget,
  loadBalancer,
  networkAcl,
  nlbArn,
  nlbTarget,
  securityGroup,
  sourceEni,
  targetEni,
  targetInventory,
  vpcEndpoint,
  vxlanRule,
} from './support/target-builders';

const check = (inv: TargetInventory, targetId = 'tmt-eni', source = sourceEni()) => checkTarget(targetId, source, indexTargets(inv), ACCOUNT);

describe('checkTarget: any target', () => {
  it('fails when the target no longer exists, naming it', () => {
    expect(check(targetInventory(), 'tmt-gone')).toEqual({ counts: false, reason: 'target tmt-gone was deleted' });
  });

  it('counts a target another account owns (shared through RAM) without verifying it, and says so', () => {
    const inv = targetInventory({ targets: [eniTarget('tmt-shared', 'eni-elsewhere', { ownerId: '222222222222' })], networkInterfaces: [] });
    expect(check(inv, 'tmt-shared')).toEqual({ counts: true, note: 'target tmt-shared of account 222222222222 was not verified' });
  });

  it('verifies a target of the evaluated account, and any target when the account is not known', () => {
    const inv = targetInventory({ networkInterfaces: [] });
    expect(check(inv).counts).toBe(false);
    expect(checkTarget('tmt-eni', sourceEni(), indexTargets(inv), undefined).counts).toBe(false);
  });

  it('fails a target that names no resource', () => {
    expect(check(targetInventory({ targets: [{ trafficMirrorTargetId: 'tmt-odd' }] }), 'tmt-odd')).toEqual({
      counts: false,
      reason: 'target tmt-odd names no ENI, load balancer or endpoint',
    });
  });
});

describe('checkTarget: network-interface targets', () => {
  it('counts an in-use ENI whose group and network ACL admit VXLAN from the source, with where the traffic goes', () => {
    expect(check(targetInventory())).toEqual({
      counts: true,
      destination: {
        trafficMirrorTargetId: 'tmt-eni',
        vpcId: 'vpc-1',
        ownerId: ACCOUNT,
        addresses: ['10.0.9.9'],
        subnetIds: ['subnet-t'],
        networkInterfaceIds: ['eni-t'],
      },
    });
  });

  it('fails when the ENI was deleted, naming it', () => {
    expect(check(targetInventory({ networkInterfaces: [] }))).toEqual({ counts: false, reason: 'target tmt-eni: its ENI eni-t was deleted' });
  });

  it.each(['available', 'attaching', 'detaching'])('fails when the ENI is %s', (status) => {
    expect(check(targetInventory({ networkInterfaces: [targetEni('eni-t', { status })] }))).toEqual({
      counts: false,
      reason: `target tmt-eni: its ENI eni-t is ${status}, not in-use`,
    });
  });

  it('fails when no security group admits UDP 4789 from the source, naming the groups', () => {
    const inv = targetInventory({
      networkInterfaces: [targetEni('eni-t', { securityGroupIds: ['sg-t', 'sg-u'] })],
      securityGroups: [securityGroup('sg-t', vxlanRule({ ipProtocol: 'tcp' })), securityGroup('sg-u', vxlanRule({ ipv4Cidrs: ['192.168.0.0/16'] }))],
    });
    expect(check(inv)).toEqual({ counts: false, reason: 'target tmt-eni: security group(s) sg-t, sg-u of eni-t admit no UDP 4789 from eni-src' });
    const noGroups = targetInventory({ networkInterfaces: [targetEni('eni-t', { securityGroupIds: [] })] });
    expect(check(noGroups)).toEqual({ counts: false, reason: 'target tmt-eni: eni-t has no security group admitting UDP 4789 from eni-src' });
  });

  it('counts a group admitting the source by its security group', () => {
    const inv = targetInventory({ securityGroups: [securityGroup('sg-t', vxlanRule({ ipv4Cidrs: [], sourceGroupIds: ['sg-src'] }))] });
    expect(check(inv).counts).toBe(true);
  });

  it('counts a prefix-list rule as admitting (it cannot be expanded here) and notes it as not verified', () => {
    const inv = targetInventory({ securityGroups: [securityGroup('sg-t', vxlanRule({ ipv4Cidrs: [], prefixListIds: ['pl-1'] }))] });
    expect(check(inv)).toMatchObject({ counts: true, note: 'sg-t admits VXLAN by prefix list pl-1 (not verified)' });
  });

  it('fails when the subnet network ACL denies VXLAN from the source, naming the ACL and its deciding rule', () => {
    const inv = targetInventory({
      networkAcls: [networkAcl('acl-t', ['subnet-t'], aclEntry(90, 'deny', { protocol: '17', portRange: { from: 4789, to: 4789 } }), aclEntry(100, 'allow'))],
    });
    expect(check(inv)).toEqual({ counts: false, reason: 'target tmt-eni: network ACL acl-t rule 90 denies UDP 4789 from 10.0.1.5 into eni-t' });
  });

  it('fails on the default * entry when no numbered entry matches', () => {
    const inv = targetInventory({ networkAcls: [networkAcl('acl-t', ['subnet-t'], aclEntry(100, 'allow', { protocol: '6' }))] });
    expect(check(inv)).toEqual({ counts: false, reason: 'target tmt-eni: network ACL acl-t rule * denies UDP 4789 from 10.0.1.5 into eni-t' });
  });

  it('fails when no network ACL of the target subnet was found', () => {
    expect(check(targetInventory({ networkAcls: [networkAcl('acl-x', ['subnet-x'], aclEntry(100, 'allow'))] }))).toEqual({
      counts: false,
      reason: 'target tmt-eni: no network ACL found for the subnet of eni-t',
    });
  });
});

describe('checkNetworkAclIngress', () => {
  const verdict = (...entries: Parameters<typeof aclEntry>[]) =>
    checkNetworkAclIngress(networkAcl('acl-1', ['subnet-t'], ...entries.map((e) => aclEntry(...e))), '10.0.1.5');

  const cases: [string, Parameters<typeof aclEntry>, boolean, number | '*'][] = [
    ['-1 (every protocol) allows', [100, 'allow', { protocol: '-1' }], true, 100],
    ['17 on 4789 allows', [100, 'allow', { protocol: '17', portRange: { from: 4789, to: 4789 } }], true, 100],
    ['udp (by name) on 4789 allows', [100, 'allow', { protocol: 'udp', portRange: { from: 4789, to: 4789 } }], true, 100],
    ['17 on a range holding 4789 allows', [100, 'allow', { protocol: '17', portRange: { from: 1024, to: 65535 } }], true, 100],
    ['17 on a range ending at 4788 does not match', [100, 'allow', { protocol: '17', portRange: { from: 1, to: 4788 } }], false, '*'],
    ['17 on a range starting at 4790 does not match', [100, 'allow', { protocol: '17', portRange: { from: 4790, to: 65535 } }], false, '*'],
    ['17 without a port range covers every port', [100, 'allow', { protocol: '17' }], true, 100],
    ['6 (TCP) does not match', [100, 'allow', { protocol: '6' }], false, '*'],
    ['another source CIDR does not match', [100, 'allow', { cidrBlock: '192.168.0.0/16' }], false, '*'],
    ['the source /32 matches', [100, 'allow', { cidrBlock: '10.0.1.5/32' }], true, 100],
    ['an IPv6-only entry does not match', [100, 'allow', { cidrBlock: undefined, ipv6CidrBlock: '::/0' }], false, '*'],
    ['a deny on every protocol denies', [100, 'deny'], false, 100],
  ];
  it.each(cases)('%s', (_, entry, allowed, ruleNumber) => {
    expect(verdict(entry)).toEqual({ allowed, networkAclId: 'acl-1', ruleNumber });
  });

  it('evaluates in rule-number order, first match wins: a lower deny beats a higher allow, whatever the list order', () => {
    expect(verdict([200, 'allow'], [100, 'deny', { protocol: '17', portRange: { from: 4789, to: 4789 } }])).toEqual({
      allowed: false,
      networkAclId: 'acl-1',
      ruleNumber: 100,
    });
    expect(verdict([200, 'deny'], [100, 'allow'])).toEqual({ allowed: true, networkAclId: 'acl-1', ruleNumber: 100 });
  });

  it('ignores egress entries', () => {
    expect(verdict([50, 'allow', { egress: true }])).toEqual({ allowed: false, networkAclId: 'acl-1', ruleNumber: '*' });
    expect(verdict([50, 'deny', { egress: true }], [100, 'allow'])).toEqual({ allowed: true, networkAclId: 'acl-1', ruleNumber: 100 });
  });

  it('without a source address, only an entry for 0.0.0.0/0 matches', () => {
    const acl = networkAcl('acl-1', ['s'], aclEntry(100, 'allow', { cidrBlock: '10.0.0.0/8' }), aclEntry(200, 'allow'));
    expect(checkNetworkAclIngress(acl, undefined)).toEqual({ allowed: true, networkAclId: 'acl-1', ruleNumber: 200 });
  });
});

describe('checkTarget: network-load-balancer targets', () => {
  const inv = (lb?: ReturnType<typeof loadBalancer>) =>
    targetInventory({ targets: [nlbTarget('tmt-nlb', 'mirror-nlb')], loadBalancers: lb ? [lb] : [] });

  it.each([['UDP'], ['TCP_UDP']])('counts an active NLB with a %s listener on 4789, with its VPC and addresses', (protocol) => {
    expect(check(inv(loadBalancer('mirror-nlb', { listeners: [{ port: 4789, protocol }] })), 'tmt-nlb')).toEqual({
      counts: true,
      destination: {
        trafficMirrorTargetId: 'tmt-nlb',
        vpcId: 'vpc-appliance',
        ownerId: ACCOUNT,
        addresses: ['10.8.0.10'],
        subnetIds: [],
        networkInterfaceIds: [],
      },
    });
  });

  it('fails when the load balancer was deleted, naming it from its ARN', () => {
    expect(check(inv(), 'tmt-nlb')).toEqual({ counts: false, reason: 'target tmt-nlb: load balancer mirror-nlb was deleted' });
  });

  it.each(['provisioning', 'active_impaired', 'failed'])('fails when its state is %s', (state) => {
    expect(check(inv(loadBalancer('mirror-nlb', { state })), 'tmt-nlb')).toEqual({
      counts: false,
      reason: `target tmt-nlb: load balancer mirror-nlb is ${state}, not active`,
    });
  });

  it.each([
    ['only a TCP listener on 4789', [{ port: 4789, protocol: 'TCP' }], ' (only TCP)'],
    ['a UDP listener on another port', [{ port: 4790, protocol: 'UDP' }], ''],
    ['no listener', [], ''],
  ])('fails with %s, saying what is missing', (_, listeners, has) => {
    expect(check(inv(loadBalancer('mirror-nlb', { listeners })), 'tmt-nlb')).toEqual({
      counts: false,
      reason: `target tmt-nlb: load balancer mirror-nlb has no UDP or TCP_UDP listener on port 4789${has}`,
    });
  });

  it('names an unknown ARN as it is', () => {
    const odd = targetInventory({ targets: [{ trafficMirrorTargetId: 'tmt-x', networkLoadBalancerArn: 'arn:odd' }] });
    expect(check(odd, 'tmt-x')).toEqual({ counts: false, reason: 'target tmt-x: load balancer arn:odd was deleted' });
    expect(nlbArn('a')).toMatch(/loadbalancer\/net\/a\//);
  });
});

describe('checkTarget: gateway-load-balancer-endpoint targets', () => {
  const inv = (endpoint?: ReturnType<typeof vpcEndpoint>) =>
    targetInventory({ targets: [endpointTarget('tmt-gwlbe', 'vpce-1')], vpcEndpoints: endpoint ? [endpoint] : [] });

  it.each(['available', 'Available'])('counts an endpoint in state %s, with its VPC, subnets and ENIs', (state) => {
    expect(check(inv(vpcEndpoint('vpce-1', { state })), 'tmt-gwlbe')).toEqual({
      counts: true,
      destination: {
        trafficMirrorTargetId: 'tmt-gwlbe',
        vpcId: 'vpc-1',
        ownerId: ACCOUNT,
        addresses: [],
        subnetIds: ['subnet-e'],
        networkInterfaceIds: ['eni-endpoint'],
      },
    });
  });

  it('fails when the endpoint was deleted', () => {
    expect(check(inv(), 'tmt-gwlbe')).toEqual({ counts: false, reason: 'target tmt-gwlbe: Gateway Load Balancer endpoint vpce-1 was deleted' });
  });

  it.each(['pending', 'pendingAcceptance', 'deleting', 'deleted', 'rejected', 'failed', 'expired', 'partial'])('fails in state %s', (state) => {
    expect(check(inv(vpcEndpoint('vpce-1', { state })), 'tmt-gwlbe')).toEqual({
      counts: false,
      reason: `target tmt-gwlbe: Gateway Load Balancer endpoint vpce-1 is ${state.toLowerCase()}, not available`,
    });
  });
});
