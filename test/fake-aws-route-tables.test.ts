/**
 * The fake's DescribeRouteTables through the real SDK client: the SDK parses what the fake writes (associationSet,
 * routeSet, route states), the documented filters select what EC2 would, and MaxResults stops at 100 for this call.
 */
import { DescribeRouteTablesCommand, EC2Client, paginateDescribeRouteTables } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws, FakeRouteTable } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';

const REGION = 'us-east-1';
const VPC_A = 'vpc-0aaaaaaaaaaaaaaaa';
const VPC_B = 'vpc-0bbbbbbbbbbbbbbbb';

let fake: FakeAws;
let ec2: EC2Client;

const table = (n: number, vpcId: string, extra: Partial<FakeRouteTable> = {}): FakeRouteTable => ({
  RouteTableId: `rtb-${String(n).padStart(17, '0')}`,
  VpcId: vpcId,
  Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }],
  ...extra,
});

beforeAll(async () => {
  fake = await startFakeAws();
  ec2 = new EC2Client({ region: REGION, endpoint: fake.endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' }, maxAttempts: 1 });
});

afterAll(async () => {
  ec2.destroy();
  await fake.close();
});

describe('fake EC2 DescribeRouteTables', () => {
  it('serves associations and routes in the shapes the SDK parses, with EC2 defaults', async () => {
    fake.setRegion(REGION, {
      routeTables: [
        table(1, VPC_A, {
          Associations: [{ SubnetId: 'subnet-1' }],
          Routes: [
            { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
            { DestinationCidrBlock: '10.20.0.0/16', VpcPeeringConnectionId: 'pcx-1', State: 'blackhole' },
            { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' },
          ],
        }),
      ],
    });
    const out = await ec2.send(new DescribeRouteTablesCommand({}));
    expect(out.RouteTables).toEqual([
      {
        RouteTableId: 'rtb-00000000000000001',
        VpcId: VPC_A,
        OwnerId: '123456789012',
        Associations: [
          {
            Main: false,
            RouteTableAssociationId: 'rtbassoc-000000000000000010',
            RouteTableId: 'rtb-00000000000000001',
            SubnetId: 'subnet-1',
            AssociationState: { State: 'associated' },
          },
        ],
        PropagatingVgws: [],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
          { DestinationCidrBlock: '10.20.0.0/16', VpcPeeringConnectionId: 'pcx-1', Origin: 'CreateRoute', State: 'blackhole' },
          { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1', Origin: 'CreateRoute', State: 'active' },
        ],
      },
    ]);
  });

  it('selects by association.subnet-id, and main tables by association.main with vpc-id', async () => {
    fake.setRegion(REGION, {
      routeTables: [
        table(1, VPC_A, { Associations: [{ Main: true }] }),
        table(2, VPC_A, { Associations: [{ SubnetId: 'subnet-a1' }, { SubnetId: 'subnet-a2' }] }),
        table(3, VPC_B, { Associations: [{ Main: true }, { SubnetId: 'subnet-b1' }] }),
        table(4, VPC_B), // no association: never returned for association.* filters
      ],
    });
    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeRouteTablesCommand({ Filters: filters }))).RouteTables ?? []).map((t) => t.RouteTableId?.slice(-1));
    expect(await ids([{ Name: 'association.subnet-id', Values: ['subnet-a2', 'subnet-b1', 'subnet-none'] }])).toEqual(['2', '3']);
    expect(await ids([{ Name: 'association.main', Values: ['true'] }, { Name: 'vpc-id', Values: [VPC_B] }])).toEqual(['3']);
    expect(await ids([{ Name: 'association.main', Values: ['false'] }])).toEqual(['2', '3']);
    expect(await ids([{ Name: 'route.gateway-id', Values: ['local'] }, { Name: 'vpc-id', Values: [VPC_B] }])).toEqual(['3', '4']);
  });

  it('pages at most 100 tables a call and refuses a larger MaxResults', async () => {
    fake.setRegion(REGION, { routeTables: Array.from({ length: 150 }, (_, i) => table(i, VPC_A)) });
    fake.resetCalls();
    let count = 0;
    for await (const page of paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, {})) count += page.RouteTables?.length ?? 0;
    expect(count).toBe(150);
    expect(fake.callCounts({ service: 'ec2' })).toEqual({ DescribeRouteTables: 2 });
    await expect(ec2.send(new DescribeRouteTablesCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: 'Value ( 101 ) for parameter maxResults is invalid. Expecting a value between 5 and 100.',
    });
  });
});
