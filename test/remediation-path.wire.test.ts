/**
 * The real remediation handler against the fake EC2 over HTTP, mirroring a VPC to a Network Load Balancer in a second
 * VPC: a source whose subnet has no route to the target is skipped with that reason, and a VPC none of whose sources
 * has a route fails, naming the route tables to fix, with nothing created.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RemediationResult } from '../remediation/apply';
import type { FakeNetworkInterface, FakeRegion, FakeRoute } from './support/fake-aws';
import { remediationHandlerOnFakeAws } from './support/handler-on-fake';

const REGION = 'us-east-1';

const wire = remediationHandlerOnFakeAws<RemediationResult>(REGION);
const SOURCE_VPC = 'vpc-0a0a0a0a0a0a0a0a0';
const TARGET_VPC = 'vpc-0b0b0b0b0b0b0b0b0';
const NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mirror/0123456789abcdef';
const STRANDED = 'eni-00000000000000001';
const ROUTED = 'eni-00000000000000002';

const remediate = (payload: Record<string, unknown>) => wire.handler({ ...payload, runId: randomUUID() });

const source = (id: string, subnetId: string): FakeNetworkInterface => ({
  NetworkInterfaceId: id,
  VpcId: SOURCE_VPC,
  SubnetId: subnetId,
  Status: 'in-use',
  InterfaceType: 'interface',
  InstanceId: `i-${id.slice(4)}`,
  PrivateIpAddress: `10.0.${id.slice(-1)}.10`,
  Groups: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0' }],
});

const LOCAL: FakeRoute = { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' };
const TO_TARGET: FakeRoute = { DestinationCidrBlock: '10.9.0.0/16', VpcPeeringConnectionId: 'pcx-0ab0ab0ab0ab0ab0a' };

/** Two sources in their own subnets; only subnet-routed's table sends 10.9.0.0/16 through the active peering. */
function seed(routedTable: FakeRoute[]): FakeRegion {
  return wire.fake.setRegion(REGION, {
    vpcs: [
      { VpcId: SOURCE_VPC, CidrBlock: '10.0.0.0/16' },
      { VpcId: TARGET_VPC, CidrBlock: '10.9.0.0/16' },
    ],
    networkInterfaces: [
      source(STRANDED, 'subnet-stranded'),
      source(ROUTED, 'subnet-routed'),
      {
        NetworkInterfaceId: 'eni-000000000000000ff',
        VpcId: TARGET_VPC,
        SubnetId: 'subnet-target',
        Status: 'in-use',
        InterfaceType: 'network_load_balancer',
        PrivateIpAddress: '10.9.0.9',
        Description: 'ELB net/mirror/0123456789abcdef',
      },
    ],
    routeTables: [
      { RouteTableId: 'rtb-0main0main0main0', VpcId: SOURCE_VPC, Associations: [{ Main: true }], Routes: [LOCAL] },
      { RouteTableId: 'rtb-0routed0routed00', VpcId: SOURCE_VPC, Associations: [{ SubnetId: 'subnet-routed' }], Routes: [LOCAL, ...routedTable] },
    ],
    vpcPeeringConnections: [
      {
        VpcPeeringConnectionId: 'pcx-0ab0ab0ab0ab0ab0a',
        RequesterVpcInfo: { VpcId: SOURCE_VPC, Region: REGION },
        AccepterVpcInfo: { VpcId: TARGET_VPC, Region: REGION },
        Status: { Code: 'active' },
      },
    ],
  });
}

const writes = () => Object.entries(wire.fake.callCounts({ service: 'ec2' })).filter(([op]) => /^(Create|Delete|Modify)/.test(op));


beforeEach(() => wire.fake.resetCalls());

describe('remediation to a target in another VPC, against the fake EC2', () => {
  it('skips the source whose subnet has no route to the target and mirrors the one whose subnet has', async () => {
    const state = seed([TO_TARGET]);
    const result = await remediate({ vpcId: SOURCE_VPC, targetNetworkLoadBalancerArn: NLB, sourceSelection: 'all' });
    expect(state.sessions.map((s) => s.NetworkInterfaceId)).toEqual([ROUTED]);
    expect(result.skipped).toEqual([
      {
        networkInterfaceId: STRANDED,
        reason: `${STRANDED} → ${NLB} (10.9.0.9): route table rtb-0main0main0main0 of subnet-stranded has no route to it`,
      },
    ]);
    // The path costs one listing by subnet, one for the main table, one for the attachments, one for the peering.
    expect(wire.fake.callCounts({ service: 'ec2' })).toMatchObject({
      DescribeRouteTables: 2,
      DescribeTransitGatewayVpcAttachments: 1,
      DescribeVpcPeeringConnections: 1,
    });
  });

  it('fails naming the route tables to fix, creating nothing, when no source has a route', async () => {
    const state = seed([{ ...TO_TARGET, State: 'blackhole' }]);
    await expect(remediate({ vpcId: SOURCE_VPC, targetNetworkLoadBalancerArn: NLB })).rejects.toMatchObject({
      name: 'RemediationPreconditionError',
      message:
        'Remediation not started, nothing was created: ' +
        `No candidate source of ${SOURCE_VPC} has a route to Network Load Balancer ${NLB}: add one to route table(s) rtb-0main0main0main0, rtb-0routed0routed00; ` +
        `${STRANDED} → ${NLB} (10.9.0.9): route table rtb-0main0main0main0 of subnet-stranded has no route to it; ` +
        `${ROUTED} → ${NLB} (10.9.0.9): route table rtb-0routed0routed00 of subnet-routed routes it to a blackhole (10.9.0.0/16 via pcx-0ab0ab0ab0ab0ab0a)`,
    });
    expect(writes()).toEqual([]);
    expect(state.targets).toEqual([]);
    expect(state.filters).toEqual([]);
    expect(state.sessions).toEqual([]);
  });
});
