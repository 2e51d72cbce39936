/**
 * verifyTarget end to end: the real rule handler and its real SDK clients against the fake AWS endpoint (EC2 and
 * Elastic Load Balancing over their wire protocols). One region holds six sessions, each the only one of its VPC,
 * whose targets fail (or pass) in each way issue 11 names; each VPC gets its verdict and an annotation naming why.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FakeNetworkAclEntry, FakeRegion, StoredEvaluation } from './support/fake-aws';
import { ruleHandlerOnFakeAws } from './support/handler-on-fake';
import { changeEvent, scheduledEvent, vpcChange } from './support/config-events';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '999999999999';
const AT = '2026-11-21T00:00:00.373Z';

let ruleCount = 0;
let rule: string;

const wire = ruleHandlerOnFakeAws<{ apiCallsByOperation: Record<string, number> }>(REGION, { fake: { accountId: ACCOUNT } });
beforeEach(() => {
  rule = `verify-target-${++ruleCount}`;
  wire.fake.resetCalls();
});

const events = () => ({ resultToken: wire.fake.resultToken(rule), configRuleName: rule });
const stored = (): Record<string, StoredEvaluation> =>
  Object.fromEntries(wire.fake.evaluations(REGION).filter((e) => e.configRuleName === rule).map((e) => [e.resourceId, e]));

const hex = (n: number) => n.toString(16).padStart(17, '0');
const nlbArn = (name: string) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/${name}/0123456789abcdef`;
const allowAll = (Egress: boolean): FakeNetworkAclEntry => ({ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress, CidrBlock: '0.0.0.0/0' });

/** The VPCs, by what their one session's target does. */
const VPC = {
  deletedEni: `vpc-${hex(1)}`,
  tcpOnlyNlb: `vpc-${hex(2)}`,
  tcpUdpNlb: `vpc-${hex(3)}`,
  aclDenies: `vpc-${hex(4)}`,
  pendingEndpoint: `vpc-${hex(5)}`,
  otherAccount: `vpc-${hex(6)}`,
} as const;
const APPLIANCE_VPC = `vpc-${hex(0xa)}`;

/** Six VPCs with one instance ENI (10.0.N.10) and one session each; the targets live in an appliance VPC. */
function sixSessions(): FakeRegion {
  const state = wire.fake.setRegion(REGION, {});
  const vpcIds = Object.values(VPC);
  vpcIds.forEach((vpcId, i) => {
    const n = i + 1;
    state.vpcs.push({ VpcId: vpcId, CidrBlock: `10.0.${n}.0/24` });
    state.subnets.push({ SubnetId: `subnet-${hex(n)}`, VpcId: vpcId, CidrBlock: `10.0.${n}.0/24` });
    state.networkAcls.push({ NetworkAclId: `acl-${hex(n)}`, VpcId: vpcId, SubnetIds: [`subnet-${hex(n)}`], Entries: [allowAll(false), allowAll(true)] });
    // Each VPC is peered with the appliance VPC and routes to it, so the route check (issue 14) passes.
    state.routeTables.push({
      RouteTableId: `rtb-${hex(n)}`,
      VpcId: vpcId,
      Associations: [{ Main: true }],
      Routes: [{ DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: `pcx-${hex(n)}` }],
    });
    state.vpcPeeringConnections.push({
      VpcPeeringConnectionId: `pcx-${hex(n)}`,
      RequesterVpcInfo: { VpcId: vpcId, Region: REGION },
      AccepterVpcInfo: { VpcId: APPLIANCE_VPC, Region: REGION },
      Status: { Code: 'active' },
    });
    state.networkInterfaces.push({
      NetworkInterfaceId: `eni-${hex(n)}`,
      VpcId: vpcId,
      SubnetId: `subnet-${hex(n)}`,
      PrivateIpAddress: `10.0.${n}.10`,
      Status: 'in-use',
      InterfaceType: 'interface',
      InstanceId: `i-${hex(n)}`,
      Groups: [{ GroupId: `sg-${hex(n)}` }],
    });
    state.sessions.push({
      TrafficMirrorSessionId: `tms-${hex(n)}`,
      NetworkInterfaceId: `eni-${hex(n)}`,
      TrafficMirrorTargetId: `tmt-${hex(n)}`,
      TrafficMirrorFilterId: 'tmf-00000000000000001',
      SessionNumber: 1,
    });
  });
  state.filters.push({
    TrafficMirrorFilterId: 'tmf-00000000000000001',
    IngressFilterRules: [
      {
        TrafficMirrorFilterRuleId: 'tmfr-00000000000000001',
        TrafficMirrorFilterId: 'tmf-00000000000000001',
        TrafficDirection: 'ingress',
        RuleNumber: 100,
        RuleAction: 'accept',
        SourceCidrBlock: '0.0.0.0/0',
        DestinationCidrBlock: '0.0.0.0/0',
      },
    ],
    EgressFilterRules: [],
    NetworkServices: [],
  });

  // The appliance VPC: an ENI whose group admits VXLAN from 10.0.0.0/16 but whose subnet's ACL denies it first.
  state.vpcs.push({ VpcId: APPLIANCE_VPC, CidrBlock: '10.9.0.0/16' });
  state.subnets.push({ SubnetId: 'subnet-0000000000000000a', VpcId: APPLIANCE_VPC });
  state.networkAcls.push({
    NetworkAclId: 'acl-0000000000000000a',
    VpcId: APPLIANCE_VPC,
    SubnetIds: ['subnet-0000000000000000a'],
    Entries: [
      { RuleNumber: 90, Protocol: '17', RuleAction: 'deny', Egress: false, CidrBlock: '10.0.0.0/16', PortRange: { From: 4789, To: 4789 } },
      allowAll(false),
      allowAll(true),
    ],
  });
  state.securityGroups.push({
    GroupId: 'sg-0000000000000000a',
    VpcId: APPLIANCE_VPC,
    IpPermissions: [{ IpProtocol: 'udp', FromPort: 4789, ToPort: 4789, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
  });
  state.networkInterfaces.push({
    NetworkInterfaceId: 'eni-0000000000000000a',
    VpcId: APPLIANCE_VPC,
    SubnetId: 'subnet-0000000000000000a',
    PrivateIpAddress: '10.9.0.10',
    Status: 'in-use',
    InterfaceType: 'interface',
    InstanceId: 'i-0000000000000000a',
    Groups: [{ GroupId: 'sg-0000000000000000a' }],
  });
  state.loadBalancers.push(
    { LoadBalancerArn: nlbArn('tcp-only'), LoadBalancerName: 'tcp-only', Type: 'network', VpcId: APPLIANCE_VPC, State: 'active' },
    {
      LoadBalancerArn: nlbArn('tcp-udp'),
      LoadBalancerName: 'tcp-udp',
      Type: 'network',
      VpcId: APPLIANCE_VPC,
      State: 'active',
      AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-0000000000000000a', PrivateIPv4Address: '10.9.0.20' }],
    },
  );
  state.listeners.push(
    { ListenerArn: `${nlbArn('tcp-only').replace(':loadbalancer/', ':listener/')}/1`, LoadBalancerArn: nlbArn('tcp-only'), Port: 4789, Protocol: 'TCP' },
    { ListenerArn: `${nlbArn('tcp-udp').replace(':loadbalancer/', ':listener/')}/2`, LoadBalancerArn: nlbArn('tcp-udp'), Port: 4789, Protocol: 'TCP_UDP' },
  );
  state.vpcEndpoints.push({
    VpcEndpointId: 'vpce-00000000000000005',
    VpcEndpointType: 'GatewayLoadBalancer',
    VpcId: APPLIANCE_VPC,
    State: 'pending',
    SubnetIds: ['subnet-0000000000000000a'],
  });
  state.targets.push(
    { TrafficMirrorTargetId: `tmt-${hex(1)}`, Type: 'network-interface', NetworkInterfaceId: 'eni-0000000000000dead' },
    { TrafficMirrorTargetId: `tmt-${hex(2)}`, Type: 'network-load-balancer', NetworkLoadBalancerArn: nlbArn('tcp-only') },
    { TrafficMirrorTargetId: `tmt-${hex(3)}`, Type: 'network-load-balancer', NetworkLoadBalancerArn: nlbArn('tcp-udp') },
    { TrafficMirrorTargetId: `tmt-${hex(4)}`, Type: 'network-interface', NetworkInterfaceId: 'eni-0000000000000000a' },
    { TrafficMirrorTargetId: `tmt-${hex(5)}`, Type: 'gateway-load-balancer-endpoint', GatewayLoadBalancerEndpointId: 'vpce-00000000000000005' },
    { TrafficMirrorTargetId: `tmt-${hex(6)}`, Type: 'network-interface', NetworkInterfaceId: 'eni-0000000000000beef', OwnerId: OTHER_ACCOUNT },
  );
  return state;
}

const EXPECTED: Record<keyof typeof VPC, { complianceType: string; annotation: string }> = {
  deletedEni: {
    complianceType: 'NON_COMPLIANT',
    annotation: `1 session has its source in this VPC, but no mirrored traffic can arrive: tms-${hex(1)}: target tmt-${hex(1)}: its ENI eni-0000000000000dead was deleted`,
  },
  tcpOnlyNlb: {
    complianceType: 'NON_COMPLIANT',
    annotation:
      `1 session has its source in this VPC, but no mirrored traffic can arrive: tms-${hex(2)}: target tmt-${hex(2)}: ` +
      'load balancer tcp-only has no UDP or TCP_UDP listener on port 4789 (only TCP)',
  },
  tcpUdpNlb: { complianceType: 'COMPLIANT', annotation: `Mirrored by tms-${hex(3)} (source eni-${hex(3)}, target tmt-${hex(3)})` },
  aclDenies: {
    complianceType: 'NON_COMPLIANT',
    annotation:
      `1 session has its source in this VPC, but no mirrored traffic can arrive: tms-${hex(4)}: target tmt-${hex(4)}: ` +
      'network ACL acl-0000000000000000a rule 90 denies UDP 4789 from 10.0.4.10 into eni-0000000000000000a',
  },
  pendingEndpoint: {
    complianceType: 'NON_COMPLIANT',
    annotation:
      `1 session has its source in this VPC, but no mirrored traffic can arrive: tms-${hex(5)}: target tmt-${hex(5)}: ` +
      'Gateway Load Balancer endpoint vpce-00000000000000005 is pending, not available',
  },
  otherAccount: {
    complianceType: 'COMPLIANT',
    annotation: `Mirrored by tms-${hex(6)} (source eni-${hex(6)}, target tmt-${hex(6)}); target tmt-${hex(6)} of account ${OTHER_ACCOUNT} was not verified`,
  },
};

describe('verifyTarget (default on), six sessions in one region', () => {
  it('gives each VPC the verdict its target deserves, naming the cause, with calls that grow with targets only', async () => {
    sixSessions();
    const summary = await wire.handler(scheduledEvent({ ...events(), notificationCreationTime: AT }));

    const byVpc = stored();
    for (const [key, vpcId] of Object.entries(VPC)) {
      expect(byVpc[vpcId], key).toMatchObject(EXPECTED[key as keyof typeof VPC]);
    }
    // The appliance VPC has no session of its own.
    expect(byVpc[APPLIANCE_VPC]).toMatchObject({ complianceType: 'NON_COMPLIANT' });

    expect(wire.fake.callCounts({ service: 'ec2' })).toEqual({
      DescribeVpcs: 1,
      DescribeTrafficMirrorSessions: 1,
      DescribeTrafficMirrorFilters: 1,
      DescribeTrafficMirrorTargets: 1,
      // Sources and target ENIs in one lookup; the other account's target ENI is not looked up.
      DescribeNetworkInterfaces: 1,
      DescribeSecurityGroups: 1,
      DescribeNetworkAcls: 1,
      DescribeVpcEndpoints: 1,
      // The route to the one target that passes (tcp-udp, in the appliance VPC) from its source's subnet.
      DescribeRouteTables: 2,
      DescribeTransitGatewayVpcAttachments: 1,
      DescribeVpcPeeringConnections: 1,
    });
    expect(wire.fake.callCounts({ service: 'elbv2' })).toEqual({ DescribeLoadBalancers: 1, DescribeListeners: 2 });
    const eniLookup = wire.fake.calls().find((c) => c.operation === 'DescribeNetworkInterfaces')?.params as { Filters: { Values: string[] }[] };
    expect(eniLookup.Filters[0]?.Values).not.toContain('eni-0000000000000beef');
    expect(summary.apiCallsByOperation).toEqual(wire.fake.callCounts());
  });

  it('verifyTarget "false" gives the verdicts of sessions and filters alone, reading no target', async () => {
    sixSessions();
    await wire.handler(scheduledEvent({ ...events(), ruleParameters: { verifyTarget: 'false' } }));
    for (const vpcId of Object.values(VPC)) expect(stored()[vpcId]?.complianceType).toBe('COMPLIANT');
    const calls = Object.keys(wire.fake.callCounts());
    for (const op of ['DescribeTrafficMirrorTargets', 'DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeVpcEndpoints', 'DescribeLoadBalancers']) {
      expect(calls).not.toContain(op);
    }
  });

  it('verifyTarget "maybe" fails the invocation naming the parameter, and reports nothing', async () => {
    sixSessions();
    await expect(wire.handler(scheduledEvent({ ...events(), ruleParameters: { verifyTarget: 'maybe' } }))).rejects.toThrow(
      `Rule parameter 'verifyTarget' accepts "true" or "false"`,
    );
    expect(wire.fake.calls()).toEqual([]);
  });

  it('a change to one VPC adds at most 4 calls to verify its target', async () => {
    sixSessions();
    await wire.handler(vpcChange(VPC.aclDenies, { ...events(), captureTime: AT }));
    expect(stored()[VPC.aclDenies]).toMatchObject(EXPECTED.aclDenies);
    const withoutTargets = ['DescribeVpcs', 'DescribeTrafficMirrorSessions', 'DescribeTrafficMirrorFilters', 'DescribeNetworkInterfaces'];
    const counts = { ...wire.fake.callCounts({ service: 'ec2' }), ...wire.fake.callCounts({ service: 'elbv2' }) };
    // Target list, the target ENI (in another VPC), its security group ‖ its subnet's network ACL.
    expect(counts).toEqual({ ...Object.fromEntries(withoutTargets.map((op) => [op, 1])), DescribeNetworkInterfaces: 2, DescribeTrafficMirrorTargets: 1, DescribeSecurityGroups: 1, DescribeNetworkAcls: 1 });
  });

  it.each(['OK', 'ResourceDeleted'] as const)(
    'a traffic mirror target item (%s) re-evaluates the VPCs whose sessions use it, and those only',
    async (status) => {
      const state = sixSessions();
      // The load balancer behind tmt-3 is deleted; tms-3 still points at its target.
      state.loadBalancers.splice(state.loadBalancers.findIndex((lb) => lb.LoadBalancerName === 'tcp-udp'), 1);
      const event = changeEvent({ ...events(), resourceType: 'AWS::EC2::TrafficMirrorTarget', resourceId: `tmt-${hex(3)}`, status, captureTime: AT });
      await wire.handler(event);
      expect(Object.keys(stored())).toEqual([VPC.tcpUdpNlb]);
      expect(stored()[VPC.tcpUdpNlb]).toMatchObject({
        complianceType: 'NON_COMPLIANT',
        annotation: `1 session has its source in this VPC, but no mirrored traffic can arrive: tms-${hex(3)}: target tmt-${hex(3)}: load balancer tcp-udp was deleted`,
        orderingTimestamp: AT,
      });
    },
  );
});
