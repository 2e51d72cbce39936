/**
 * readRemediationInventory over a mocked EC2 client: which calls each kind of target costs, and how EC2's
 * answers map to the planner's plain data.
 */
import type { Filter } from '@aws-sdk/client-ec2';
import {
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
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
    { NetworkInterfaceId: TARGET_ENI, VpcId: targetVpc, Status: 'in-use', InterfaceType: 'interface', PrivateIpAddress: '10.0.0.99', Groups: [{ GroupId: 'sg-target' }] },
    { NetworkInterfaceId: 'eni-nlb', VpcId: OTHER_VPC, Status: 'in-use', InterfaceType: 'network_load_balancer', PrivateIpAddress: '10.9.0.9', Description: nlbEniDescription(NLB_ARN) },
    { NetworkInterfaceId: 'eni-gwlbe', VpcId: OTHER_VPC, Status: 'in-use', InterfaceType: 'gateway_load_balancer_endpoint', PrivateIpAddress: '10.9.1.1' },
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
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: GWLBE, VpcId: OTHER_VPC, NetworkInterfaceIds: ['eni-gwlbe'] }] });
  ec2Mock.on(DescribeRouteTablesCommand).callsFake((input) => ({
    RouteTables: valueOf(input.Filters, 'association.subnet-id').includes('subnet-1')
      ? [
          {
            RouteTableId: 'rtb-1',
            VpcId: VPC,
            Associations: [{ SubnetId: 'subnet-1', Main: false }],
            Routes: [{ DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-1', State: 'active' }],
          },
        ]
      : [],
  }));
  ec2Mock.on(DescribeVpcPeeringConnectionsCommand).resolves({
    VpcPeeringConnections: [
      {
        VpcPeeringConnectionId: 'pcx-1',
        RequesterVpcInfo: { VpcId: OTHER_VPC, Region: 'us-east-1' },
        AccepterVpcInfo: { VpcId: VPC, Region: 'us-east-1' },
        Status: { Code: 'active' },
      },
    ],
  });
  ec2Mock.on(DescribeTransitGatewayVpcAttachmentsCommand).resolves({
    TransitGatewayVpcAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1', VpcId: OTHER_VPC, TransitGatewayId: 'tgw-1', State: 'pending' }],
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
        { networkInterfaceId: TARGET_ENI, vpcId: VPC, status: 'in-use', interfaceType: 'interface', privateIpAddress: '10.0.0.99', securityGroupIds: ['sg-target'] },
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
        addresses: ['10.0.0.99'],
      },
      // TMT already points at the ENI, so it may be reused: what the rule's target check needs, its groups read once.
      existingTargets: {
        targets: [{ trafficMirrorTargetId: TMT, networkInterfaceId: TARGET_ENI, tags: {} }],
        networkInterfaces: [
          { networkInterfaceId: TARGET_ENI, vpcId: VPC, status: 'in-use', interfaceType: 'interface', privateIpAddress: '10.0.0.99', securityGroupIds: ['sg-target'] },
        ],
        securityGroups: targetGroups,
        networkAcls: [],
        loadBalancers: [],
        vpcEndpoints: [],
      },
      path: { routeTables: [], vpcPeeringConnections: [], transitGatewayVpcAttachments: [] },
    });
  });

  it('for an NLB in another VPC: finds the NLB and its addresses by its ENIs description, then reads the path from the source subnets', async () => {
    answer();
    const inv = await readRemediationInventory(clients, request({ targetNetworkLoadBalancerArn: NLB_ARN }));
    expect(inv.targetResource).toEqual({ kind: 'networkLoadBalancer', id: NLB_ARN, vpcId: OTHER_VPC, addresses: ['10.9.0.9'] });
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toContainEqual([
      { Name: 'description', Values: ['ELB net/mirror/0123456789abcdef'] },
    ]);
    expect(ec2Mock.commandCalls(DescribeRouteTablesCommand).map((c) => c.args[0].input.Filters)).toEqual([
      [{ Name: 'association.subnet-id', Values: ['subnet-1'] }],
      [
        { Name: 'association.main', Values: ['true'] },
        { Name: 'vpc-id', Values: [VPC] },
      ],
    ]);
    expect(ec2Mock.commandCalls(DescribeTransitGatewayVpcAttachmentsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'vpc-id', Values: [OTHER_VPC] }]);
    expect(ec2Mock.commandCalls(DescribeVpcPeeringConnectionsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'vpc-peering-connection-id', Values: ['pcx-1'] }]);
    expect(inv.path).toEqual({
      routeTables: [
        {
          routeTableId: 'rtb-1',
          vpcId: VPC,
          associations: [{ main: false, subnetId: 'subnet-1' }],
          routes: [{ destinationCidrBlock: '10.9.0.0/16', state: 'active', vpcPeeringConnectionId: 'pcx-1' }],
        },
      ],
      vpcPeeringConnections: [
        { vpcPeeringConnectionId: 'pcx-1', requesterVpcId: OTHER_VPC, accepterVpcId: VPC, requesterRegion: 'us-east-1', accepterRegion: 'us-east-1', statusCode: 'active' },
      ],
      transitGatewayVpcAttachments: [{ transitGatewayAttachmentId: 'tgw-attach-1', transitGatewayId: 'tgw-1', vpcId: OTHER_VPC, state: 'pending' }],
    });
    expect(operations()).not.toContain('DescribeSecurityGroups');
  });

  it('for a GWLB endpoint: reads the endpoint VPC and the addresses of its network interfaces', async () => {
    answer();
    const inv = await readRemediationInventory(clients, request({ targetGatewayLoadBalancerEndpointId: GWLBE }));
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0]!.args[0].input.Filters).toEqual([{ Name: 'vpc-endpoint-id', Values: [GWLBE] }]);
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand).map((c) => c.args[0].input.Filters)).toContainEqual([
      { Name: 'network-interface-id', Values: ['eni-gwlbe'] },
    ]);
    expect(inv.targetResource).toEqual({ kind: 'gatewayLoadBalancerEndpoint', id: GWLBE, vpcId: OTHER_VPC, addresses: ['10.9.1.1'] });
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
    expect(operations()).not.toContain('DescribeRouteTables');
    expect(operations()).not.toContain('DescribeVpcPeeringConnections');
  });
});

describe('nlbEniDescription', () => {
  it('is "ELB net/NAME/ID" for an NLB ARN and undefined for anything else', () => {
    expect(nlbEniDescription(NLB_ARN)).toBe('ELB net/mirror/0123456789abcdef');
    expect(nlbEniDescription('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/0123456789abcdef')).toBeUndefined();
  });
});
