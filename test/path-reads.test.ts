/**
 * The path readers against the fake EC2 over HTTP: what they ask for (filters, chunks of 200, exact call counts) and
 * what they map (blackhole routes, peering states, pending attachments).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPathInventory } from '../rule/ec2-path-reads';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';

const REGION = 'us-east-1';
const SOURCE_VPC = 'vpc-0aaaaaaaaaaaaaaaa';
const TARGET_VPC = 'vpc-0bbbbbbbbbbbbbbbb';
const THIRD_VPC = 'vpc-0cccccccccccccccc';

let fake: FakeAws;
let ec2: EC2Client;

beforeAll(async () => {
  fake = await startFakeAws();
  ec2 = new EC2Client({ region: REGION, endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' }, maxAttempts: 1 });
});

afterAll(async () => {
  ec2.destroy();
  await fake.close();
});

beforeEach(() => {
  fake.setRegion(REGION, {
    routeTables: [
      {
        RouteTableId: 'rtb-main',
        VpcId: SOURCE_VPC,
        Associations: [{ Main: true }, { SubnetId: 'subnet-main-too' }],
        Routes: [
          { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local' },
          { DestinationCidrBlock: '10.2.0.0/16', VpcPeeringConnectionId: 'pcx-active' },
          { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-1' },
        ],
      },
      {
        RouteTableId: 'rtb-subnet',
        VpcId: SOURCE_VPC,
        Associations: [{ SubnetId: 'subnet-1' }],
        Routes: [
          { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local' },
          { DestinationCidrBlock: '10.2.0.0/24', VpcPeeringConnectionId: 'pcx-gone', State: 'blackhole' },
          { DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: 'tgw-1' },
        ],
      },
      { RouteTableId: 'rtb-elsewhere', VpcId: THIRD_VPC, Associations: [{ Main: true }], Routes: [] },
    ],
    vpcPeeringConnections: [
      {
        VpcPeeringConnectionId: 'pcx-active',
        RequesterVpcInfo: { VpcId: SOURCE_VPC, Region: REGION },
        AccepterVpcInfo: { VpcId: TARGET_VPC, Region: REGION },
        Status: { Code: 'active' },
      },
      {
        VpcPeeringConnectionId: 'pcx-gone',
        RequesterVpcInfo: { VpcId: TARGET_VPC, Region: REGION },
        AccepterVpcInfo: { VpcId: SOURCE_VPC, Region: REGION },
        Status: { Code: 'deleted' },
      },
      {
        VpcPeeringConnectionId: 'pcx-unrelated',
        RequesterVpcInfo: { VpcId: SOURCE_VPC, Region: REGION },
        AccepterVpcInfo: { VpcId: THIRD_VPC, Region: REGION },
        Status: { Code: 'active' },
      },
    ],
    transitGatewayAttachments: [
      { TransitGatewayAttachmentId: 'tgw-attach-src', TransitGatewayId: 'tgw-1', VpcId: SOURCE_VPC, State: 'available' },
      { TransitGatewayAttachmentId: 'tgw-attach-tgt', TransitGatewayId: 'tgw-1', VpcId: TARGET_VPC, State: 'pending' },
      { TransitGatewayAttachmentId: 'tgw-attach-3rd', TransitGatewayId: 'tgw-1', VpcId: THIRD_VPC, State: 'available' },
    ],
  });
  fake.resetCalls();
});

describe('readPathInventory', () => {
  it('reads nothing when no source mirrors to another VPC', async () => {
    expect(await readPathInventory(ec2, { sourceSubnetIds: [], sourceVpcIds: [], targetVpcIds: [] })).toEqual({
      routeTables: [],
      vpcPeeringConnections: [],
      transitGatewayVpcAttachments: [],
    });
    expect(fake.calls()).toEqual([]);
  });

  it('reads the subnet and main route tables, the target VPCs attachments, then the peerings the routes name', async () => {
    const inv = await readPathInventory(ec2, { sourceSubnetIds: ['subnet-1', 'subnet-main-too'], sourceVpcIds: [SOURCE_VPC], targetVpcIds: [TARGET_VPC] });
    expect(inv.routeTables).toEqual([
      {
        routeTableId: 'rtb-main',
        vpcId: SOURCE_VPC,
        associations: [{ main: true }, { main: false, subnetId: 'subnet-main-too' }],
        routes: [
          { destinationCidrBlock: '10.1.0.0/16', state: 'active', gatewayId: 'local' },
          { destinationCidrBlock: '10.2.0.0/16', state: 'active', vpcPeeringConnectionId: 'pcx-active' },
        ],
      },
      {
        routeTableId: 'rtb-subnet',
        vpcId: SOURCE_VPC,
        associations: [{ main: false, subnetId: 'subnet-1' }],
        routes: [
          { destinationCidrBlock: '10.1.0.0/16', state: 'active', gatewayId: 'local' },
          { destinationCidrBlock: '10.2.0.0/24', state: 'blackhole', vpcPeeringConnectionId: 'pcx-gone' },
          { destinationCidrBlock: '10.0.0.0/8', state: 'active', transitGatewayId: 'tgw-1' },
        ],
      },
    ]);
    expect(inv.vpcPeeringConnections.map((p) => [p.vpcPeeringConnectionId, p.statusCode]).sort()).toEqual([
      ['pcx-active', 'active'],
      ['pcx-gone', 'deleted'],
    ]);
    expect(inv.transitGatewayVpcAttachments).toEqual([
      { transitGatewayAttachmentId: 'tgw-attach-tgt', transitGatewayId: 'tgw-1', vpcId: TARGET_VPC, state: 'pending' },
    ]);
    expect(fake.callCounts({ service: 'ec2' })).toEqual({
      DescribeRouteTables: 2,
      DescribeTransitGatewayVpcAttachments: 1,
      DescribeVpcPeeringConnections: 1,
    });
    const filtersOf = (operation: string) => fake.calls().filter((c) => c.operation === operation).map((c) => c.params?.Filters);
    expect(filtersOf('DescribeRouteTables')).toEqual(
      expect.arrayContaining([
        [{ Name: 'association.subnet-id', Values: ['subnet-1', 'subnet-main-too'] }],
        [
          { Name: 'association.main', Values: ['true'] },
          { Name: 'vpc-id', Values: [SOURCE_VPC] },
        ],
      ]),
    );
    expect(filtersOf('DescribeVpcPeeringConnections')).toEqual([[{ Name: 'vpc-peering-connection-id', Values: ['pcx-active', 'pcx-gone'] }]]);
  });

  it('reads the source VPCs attachments too when asked (a target VPC of another account)', async () => {
    const inv = await readPathInventory(ec2, { sourceSubnetIds: ['subnet-1'], sourceVpcIds: [SOURCE_VPC], targetVpcIds: [TARGET_VPC], sourceAttachments: true });
    expect(inv.transitGatewayVpcAttachments.map((a) => a.vpcId)).toEqual([SOURCE_VPC, TARGET_VPC]);
    expect(fake.calls().find((c) => c.operation === 'DescribeTransitGatewayVpcAttachments')?.params?.Filters).toEqual([
      { Name: 'vpc-id', Values: [SOURCE_VPC, TARGET_VPC] },
    ]);
  });

  it('asks about 200 subnets a call, whatever the number of sessions', async () => {
    const subnets = Array.from({ length: 401 }, (_, i) => `subnet-${i}`);
    await readPathInventory(ec2, { sourceSubnetIds: [...subnets, ...subnets], sourceVpcIds: [SOURCE_VPC], targetVpcIds: [TARGET_VPC, TARGET_VPC] });
    // ⌈401/200⌉ = 3 listings by subnet + 1 for the main table.
    expect(fake.callCounts({ service: 'ec2' })).toEqual({
      DescribeRouteTables: 4,
      DescribeTransitGatewayVpcAttachments: 1,
      DescribeVpcPeeringConnections: 1,
    });
  });
});
