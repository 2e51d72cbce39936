/**
 * readRemediationInventory over a mocked EC2 client: which calls each kind of target costs, and how EC2's
 * answers map to the planner's plain data.
 */
import type { Filter } from '@aws-sdk/client-ec2';
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeTrafficMirrorTargetsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { nlbEniDescription, readRemediationInventory } from '../remediation/read-inventory';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE } from '../rule/rule-definition';
import { NLB_ARN, OTHER_VPC, VPC, request } from './support/remediation-builders';

const ec2Mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: 'us-east-1' });
const elbv2Mock = mockClient(ElasticLoadBalancingV2Client);
const clients = { ec2, elbv2: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }) };
const TARGET_ENI = 'eni-0feedfeedfeedfeed';
const GWLBE = 'vpce-0123456789abcdef0';
const TMT = 'tmt-0123456789abcdef0';

const valueOf = (filters: Filter[] | undefined, name: string) => filters?.find((f) => f.Name === name)?.Values ?? [];

/** An EC2 holding one VPC with a source ENI, the target ENI (in `targetVpc`) and an NLB's ENI (in OTHER_VPC). */
function answer(targetVpc = VPC) {
  const enis = [
    {
      NetworkInterfaceId: 'eni-a',
      VpcId: VPC,
      SubnetId: 'subnet-1',
      Status: 'in-use',
      InterfaceType: 'interface',
      PrivateIpAddress: '10.0.0.5',
      Groups: [{ GroupId: 'sg-src' }],
      Attachment: { InstanceId: 'i-a' },
    },
    { NetworkInterfaceId: TARGET_ENI, VpcId: targetVpc, Status: 'in-use', InterfaceType: 'interface', Groups: [{ GroupId: 'sg-target' }] },
    { NetworkInterfaceId: 'eni-nlb', VpcId: OTHER_VPC, Status: 'in-use', InterfaceType: 'network_load_balancer', Description: nlbEniDescription(NLB_ARN) },
  ];
  ec2Mock.on(DescribeVpcsCommand).callsFake((input) => ({ Vpcs: valueOf(input.Filters, 'vpc-id').includes(VPC) ? [{ VpcId: VPC, IsDefault: false }] : [] }));
  ec2Mock.on(DescribeNetworkInterfacesCommand).callsFake((input) => ({
    NetworkInterfaces: enis.filter(
      (n) =>
        (input.Filters as Filter[]).every((f) => {
          const field = { 'vpc-id': n.VpcId, 'network-interface-id': n.NetworkInterfaceId, description: n.Description }[f.Name as string];
          return (f.Values ?? []).includes(field ?? '');
        }),
    ),
  }));
  ec2Mock.on(DescribeTrafficMirrorSessionsCommand).resolves({
    TrafficMirrorSessions: [
      { TrafficMirrorSessionId: 'tms-1', NetworkInterfaceId: 'eni-a', TrafficMirrorTargetId: TMT, TrafficMirrorFilterId: 'tmf-1', SessionNumber: 2, Tags: [{ Key: 'team', Value: 'net' }] },
    ],
  });
  ec2Mock.on(DescribeTrafficMirrorTargetsCommand).resolves({ TrafficMirrorTargets: [{ TrafficMirrorTargetId: TMT, NetworkInterfaceId: TARGET_ENI }] });
  ec2Mock.on(DescribeTrafficMirrorFiltersCommand).resolves({
    TrafficMirrorFilters: [
      {
        TrafficMirrorFilterId: 'tmf-1',
        IngressFilterRules: [{ RuleAction: 'accept' }],
        EgressFilterRules: [],
        NetworkServices: ['amazon-dns'],
        Tags: [{ Key: MANAGED_BY_TAG_KEY, Value: MANAGED_BY_TAG_VALUE }],
      },
    ],
  });
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [
      {
        GroupId: 'sg-target',
        IpPermissions: [
          { IpProtocol: 'udp', FromPort: 4789, ToPort: 4789, IpRanges: [{ CidrIp: '10.0.0.0/16' }], UserIdGroupPairs: [{ GroupId: 'sg-src' }], PrefixListIds: [{ PrefixListId: 'pl-1' }] },
          { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        ],
      },
    ],
  });
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: GWLBE, VpcId: OTHER_VPC }] });
  ec2Mock.on(DescribeVpcPeeringConnectionsCommand).callsFake((input) =>
    valueOf(input.Filters, 'accepter-vpc-info.vpc-id').length > 0
      ? { VpcPeeringConnections: [{ RequesterVpcInfo: { VpcId: OTHER_VPC, Region: 'us-east-1' }, AccepterVpcInfo: { VpcId: VPC, Region: 'us-east-1' } }] }
      : { VpcPeeringConnections: [] },
  );
  ec2Mock.on(DescribeTransitGatewayVpcAttachmentsCommand).resolves({
    TransitGatewayVpcAttachments: [
      { VpcId: VPC, TransitGatewayId: 'tgw-1' },
      { VpcId: OTHER_VPC, TransitGatewayId: 'tgw-1' },
    ],
  });
}

const operations = () =>
  ec2Mock
    .calls()
    .map((c) => (c.args[0] as unknown as { constructor: { name: string } }).constructor.name.replace(/Command$/, ''))
    .sort();

beforeEach(() => {
  ec2Mock.reset();
  elbv2Mock.reset();
});

describe('readRemediationInventory', () => {
  it('for an ENI target in the VPC: reads the VPC, its ENIs, sessions, targets, filters and the target groups, and no connectivity', async () => {
    answer();
    const inv = await readRemediationInventory(clients, request({ targetNetworkInterfaceId: TARGET_ENI }));
    const targetGroups = [
      {
        groupId: 'sg-target',
        ingress: [
          { ipProtocol: 'udp', fromPort: 4789, toPort: 4789, ipv4Cidrs: ['10.0.0.0/16'], ipv6Cidrs: [], sourceGroupIds: ['sg-src'], prefixListIds: ['pl-1'] },
          { ipProtocol: '-1', ipv4Cidrs: [], ipv6Cidrs: ['::/0'], sourceGroupIds: [], prefixListIds: [] },
        ],
      },
    ];
    expect(operations()).toEqual([
      'DescribeNetworkInterfaces',
      'DescribeSecurityGroups',
      'DescribeTrafficMirrorFilters',
      'DescribeTrafficMirrorSessions',
      'DescribeTrafficMirrorTargets',
      'DescribeVpcs',
    ]);
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input).toMatchObject({ Filters: [{ Name: 'vpc-id', Values: [VPC] }], MaxResults: 1000 });
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'group-id', Values: ['sg-target'] }]);
    expect(inv).toEqual({
      vpc: { vpcId: VPC, isDefault: false, tags: {} },
      networkInterfaces: [
        { networkInterfaceId: 'eni-a', vpcId: VPC, status: 'in-use', interfaceType: 'interface', instanceId: 'i-a', privateIpAddress: '10.0.0.5', subnetId: 'subnet-1', securityGroupIds: ['sg-src'] },
        { networkInterfaceId: TARGET_ENI, vpcId: VPC, status: 'in-use', interfaceType: 'interface', securityGroupIds: ['sg-target'] },
      ],
      sessions: [{ trafficMirrorSessionId: 'tms-1', networkInterfaceId: 'eni-a', trafficMirrorTargetId: TMT, trafficMirrorFilterId: 'tmf-1', sessionNumber: 2, tags: { team: 'net' } }],
      targets: [{ trafficMirrorTargetId: TMT, networkInterfaceId: TARGET_ENI, tags: {} }],
      filters: [{ trafficMirrorFilterId: 'tmf-1', hasAcceptRule: true, networkServices: ['amazon-dns'], tags: { [MANAGED_BY_TAG_KEY]: MANAGED_BY_TAG_VALUE } }],
      targetResource: {
        kind: 'networkInterface',
        id: TARGET_ENI,
        vpcId: VPC,
        interfaceType: 'interface',
        securityGroups: targetGroups,
      },
      // TMT already points at the ENI, so it may be reused: what the rule's target check needs, its groups read once.
      existingTargets: {
        targets: [{ trafficMirrorTargetId: TMT, networkInterfaceId: TARGET_ENI, tags: {} }],
        networkInterfaces: [{ networkInterfaceId: TARGET_ENI, vpcId: VPC, status: 'in-use', interfaceType: 'interface', securityGroupIds: ['sg-target'] }],
        securityGroups: targetGroups,
        networkAcls: [],
        loadBalancers: [],
        vpcEndpoints: [],
      },
      peerings: [],
      transitGatewayAttachments: [],
    });
  });

  it('for an NLB in another VPC: finds the NLB by its ENIs description, then reads peering (both sides) and transit gateway attachments', async () => {
    answer();
    const inv = await readRemediationInventory(clients, request({ targetNetworkLoadBalancerArn: NLB_ARN }));
    expect(inv.targetResource).toEqual({ kind: 'networkLoadBalancer', id: NLB_ARN, vpcId: OTHER_VPC });
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toContainEqual([
      { Name: 'description', Values: ['ELB net/mirror/0123456789abcdef'] },
    ]);
    expect(ec2Mock.commandCalls(DescribeVpcPeeringConnectionsCommand).map((c) => c.args[0].input.Filters)).toEqual([
      [
        { Name: 'requester-vpc-info.vpc-id', Values: [VPC] },
        { Name: 'status-code', Values: ['active'] },
      ],
      [
        { Name: 'accepter-vpc-info.vpc-id', Values: [VPC] },
        { Name: 'status-code', Values: ['active'] },
      ],
    ]);
    expect(ec2Mock.commandCalls(DescribeTransitGatewayVpcAttachmentsCommand)[0]!.args[0].input.Filters).toEqual([
      { Name: 'vpc-id', Values: [VPC, OTHER_VPC] },
      { Name: 'state', Values: ['available'] },
    ]);
    expect(inv.peerings).toEqual([{ requesterVpcId: OTHER_VPC, accepterVpcId: VPC, requesterRegion: 'us-east-1', accepterRegion: 'us-east-1' }]);
    expect(inv.transitGatewayAttachments).toEqual([
      { vpcId: VPC, transitGatewayId: 'tgw-1' },
      { vpcId: OTHER_VPC, transitGatewayId: 'tgw-1' },
    ]);
    expect(operations()).not.toContain('DescribeSecurityGroups');
  });

  it('for a GWLB endpoint: reads the endpoint VPC', async () => {
    answer();
    const inv = await readRemediationInventory(clients, request({ targetGatewayLoadBalancerEndpointId: GWLBE }));
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'vpc-endpoint-id', Values: [GWLBE] }]);
    expect(inv.targetResource).toEqual({ kind: 'gatewayLoadBalancerEndpoint', id: GWLBE, vpcId: OTHER_VPC });
  });

  it('for an existing target: resolves the resource it points at (an ENI outside the VPC is looked up by ID)', async () => {
    answer(OTHER_VPC);
    const inv = await readRemediationInventory(clients, request({ trafficMirrorTargetId: TMT }));
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toContainEqual([
      { Name: 'network-interface-id', Values: [TARGET_ENI] },
    ]);
    expect(inv.targetResource).toMatchObject({ kind: 'networkInterface', id: TARGET_ENI, vpcId: OTHER_VPC, interfaceType: 'interface' });
  });

  it('reads no target or connectivity when the VPC does not exist', async () => {
    answer();
    const inv = await readRemediationInventory(clients, request({ vpcId: 'vpc-0ddddddddddddddd0', targetNetworkLoadBalancerArn: NLB_ARN }));
    expect(inv.vpc).toBeUndefined();
    expect(inv.targetResource).toBeUndefined();
    expect(operations()).toEqual(['DescribeNetworkInterfaces', 'DescribeTrafficMirrorFilters', 'DescribeTrafficMirrorSessions', 'DescribeTrafficMirrorTargets', 'DescribeVpcs']);
  });

  it('leaves the VPC of an NLB it cannot see unknown, for the planner to warn about', async () => {
    answer();
    const other = 'arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/net/theirs/fedcba9876543210';
    const inv = await readRemediationInventory(clients, request({ targetNetworkLoadBalancerArn: other }));
    expect(inv.targetResource).toEqual({ kind: 'networkLoadBalancer', id: other });
    expect(operations()).not.toContain('DescribeVpcPeeringConnections');
  });
});

describe('nlbEniDescription', () => {
  it('is "ELB net/NAME/ID" for an NLB ARN and undefined for anything else', () => {
    expect(nlbEniDescription(NLB_ARN)).toBe('ELB net/mirror/0123456789abcdef');
    expect(nlbEniDescription('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef')).toBeUndefined();
  });
});
