/**
 * The fake AWS endpoint's target-resource calls, through the real SDK clients: DescribeNetworkAcls and
 * DescribeVpcEndpoints (EC2 Query) and Elastic Load Balancing v2's DescribeLoadBalancers and DescribeListeners
 * (awsQuery, `member` lists, Marker/NextMarker paging, PageSize and ARN-count limits, LoadBalancerNotFound).
 */
import { DescribeNetworkAclsCommand, DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws, FakeLoadBalancer } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' };
let fake: FakeAws;
let ec2: EC2Client;
let elbv2: ElasticLoadBalancingV2Client;

const arn = (n: number) => `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/nlb-${n}/${String(n).padStart(16, '0')}`;
const lb = (n: number): FakeLoadBalancer => ({
  LoadBalancerArn: arn(n),
  LoadBalancerName: `nlb-${n}`,
  Type: 'network',
  VpcId: 'vpc-00000000000000001',
  State: n % 2 === 0 ? 'active' : 'provisioning',
  AvailabilityZones: [{ ZoneName: 'us-east-1a', SubnetId: 'subnet-00000000000000001', PrivateIPv4Address: `10.0.0.${n}` }],
});

beforeAll(async () => {
  fake = await startFakeAws();
  ec2 = new EC2Client({ region: REGION, endpoint: fake.endpoint, credentials, maxAttempts: 1 });
  elbv2 = new ElasticLoadBalancingV2Client({ region: REGION, endpoint: fake.endpoint, credentials, maxAttempts: 1 });
  fake.setRegion(REGION, {
    networkAcls: [
      {
        NetworkAclId: 'acl-00000000000000001',
        VpcId: 'vpc-00000000000000001',
        SubnetIds: ['subnet-00000000000000001', 'subnet-00000000000000002'],
        Entries: [{ RuleNumber: 100, Protocol: '17', RuleAction: 'deny', Egress: false, CidrBlock: '10.0.0.0/8', PortRange: { From: 4789, To: 4789 } }],
      },
      { NetworkAclId: 'acl-00000000000000002', VpcId: 'vpc-00000000000000002', SubnetIds: ['subnet-00000000000000003'], Entries: [] },
    ],
    vpcEndpoints: [
      { VpcEndpointId: 'vpce-00000000000000001', VpcEndpointType: 'GatewayLoadBalancer', VpcId: 'vpc-00000000000000001', State: 'pending', SubnetIds: ['subnet-00000000000000001'], NetworkInterfaceIds: ['eni-00000000000000001'] },
    ],
    loadBalancers: Array.from({ length: 25 }, (_, i) => lb(i + 1)),
    listeners: [
      { ListenerArn: `${arn(2).replace(':loadbalancer/', ':listener/')}/a`, LoadBalancerArn: arn(2), Port: 4789, Protocol: 'TCP_UDP' },
      { ListenerArn: `${arn(2).replace(':loadbalancer/', ':listener/')}/b`, LoadBalancerArn: arn(2), Port: 80, Protocol: 'TCP' },
    ],
  });
});
afterAll(async () => {
  ec2.destroy();
  elbv2.destroy();
  await fake.close();
});

describe('DescribeNetworkAcls', () => {
  it('finds the ACL of a subnet by association.subnet-id, with its entries, associations and the * entries', async () => {
    const out = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: ['subnet-00000000000000002'] }] }));
    expect(out.NetworkAcls).toHaveLength(1);
    const acl = out.NetworkAcls![0]!;
    expect(acl.NetworkAclId).toBe('acl-00000000000000001');
    expect(acl.Associations?.map((a) => a.SubnetId)).toEqual(['subnet-00000000000000001', 'subnet-00000000000000002']);
    expect(acl.Entries).toEqual([
      { RuleNumber: 100, Protocol: '17', RuleAction: 'deny', Egress: false, CidrBlock: '10.0.0.0/8', PortRange: { From: 4789, To: 4789 } },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' },
    ]);
  });
});

describe('DescribeVpcEndpoints', () => {
  it('describes an endpoint by filter with its state, subnets and ENIs; an unknown ID matches nothing', async () => {
    const out = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-endpoint-id', Values: ['vpce-00000000000000001', 'vpce-0000000000000dead'] }] }));
    expect(out.VpcEndpoints).toEqual([
      expect.objectContaining({
        VpcEndpointId: 'vpce-00000000000000001',
        VpcEndpointType: 'GatewayLoadBalancer',
        State: 'pending',
        VpcId: 'vpc-00000000000000001',
        SubnetIds: ['subnet-00000000000000001'],
        NetworkInterfaceIds: ['eni-00000000000000001'],
      }),
    ]);
  });
});

describe('Elastic Load Balancing v2', () => {
  it('describes load balancers by ARN with state, VPC and node addresses', async () => {
    const out = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn(2), arn(3)] }));
    expect(out.LoadBalancers?.map((l) => [l.LoadBalancerName, l.State?.Code, l.VpcId, l.AvailabilityZones?.[0]?.LoadBalancerAddresses?.[0]?.PrivateIPv4Address])).toEqual([
      ['nlb-2', 'active', 'vpc-00000000000000001', '10.0.0.2'],
      ['nlb-3', 'provisioning', 'vpc-00000000000000001', '10.0.0.3'],
    ]);
  });

  it('pages with Marker/NextMarker at the PageSize asked for (an input member: the paginator has no page-size token)', async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeLoadBalancers({ client: elbv2 }, { PageSize: 10 })) {
      pages++;
      names.push(...(page.LoadBalancers ?? []).map((l) => l.LoadBalancerName!));
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
  });

  it('refuses a PageSize above 400 and more than 20 ARNs, as ELB does', async () => {
    await expect(elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 401 }))).rejects.toMatchObject({ name: 'ValidationError' });
    const arns = Array.from({ length: 21 }, (_, i) => arn(i + 1));
    await expect(elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: arns }))).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('fails the whole call with LoadBalancerNotFound when one ARN names no load balancer', async () => {
    const error = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn(2), arn(99)] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadBalancerNotFoundException);
    await expect(elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn(99) }))).rejects.toBeInstanceOf(LoadBalancerNotFoundException);
  });

  it("lists a load balancer's listeners with port and protocol", async () => {
    const out = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn(2) }));
    expect(out.Listeners?.map((l) => [l.Port, l.Protocol])).toEqual([
      [4789, 'TCP_UDP'],
      [80, 'TCP'],
    ]);
    expect((await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: arn(4) }))).Listeners).toEqual([]);
  });
});
