/**
 * One fake account for end-to-end remediation tests (Lambda handler and CLI alike): a VPC with an instance EC2
 * cannot mirror (eni-…a, tried first), two it can, and a Network Load Balancer to mirror to, active with a UDP
 * 4789 listener (so a target made for it passes the target check when a later run reuses it).
 */
import type { FakeAws, FakeRegion, FakeVpc } from './fake-aws';

export const REMEDIATION_VPC = 'vpc-0a0a0a0a0a0a0a0a0';

const instanceEni = (id: string, extra: object = {}) => ({
  NetworkInterfaceId: id,
  VpcId: REMEDIATION_VPC,
  SubnetId: 'subnet-0a0a0a0a0a0a0a0a0',
  Status: 'in-use',
  InterfaceType: 'interface',
  InstanceId: `i-${id.slice(4)}`,
  PrivateIpAddress: '10.0.0.10',
  Groups: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0' }],
  ...extra,
});

export const REMEDIATION_NLB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mirror/0123456789abcdef';

export function seedRemediationAccount(fake: FakeAws, region: string, vpc: Partial<FakeVpc> = {}): FakeRegion {
  return fake.setRegion(region, {
    loadBalancers: [{ LoadBalancerArn: REMEDIATION_NLB_ARN, LoadBalancerName: 'mirror', Type: 'network', VpcId: REMEDIATION_VPC, State: 'active' }],
    listeners: [{ ListenerArn: `${REMEDIATION_NLB_ARN.replace(':loadbalancer/', ':listener/')}/1`, LoadBalancerArn: REMEDIATION_NLB_ARN, Port: 4789, Protocol: 'UDP' }],
    vpcs: [{ VpcId: REMEDIATION_VPC, CidrBlock: '10.0.0.0/16', ...vpc }],
    networkInterfaces: [
      instanceEni('eni-0000000000000000a', { mirrorable: false }),
      instanceEni('eni-0000000000000000b'),
      instanceEni('eni-0000000000000000c'),
      {
        NetworkInterfaceId: 'eni-000000000000000ff',
        VpcId: REMEDIATION_VPC,
        Status: 'in-use',
        InterfaceType: 'network_load_balancer',
        Description: 'ELB net/mirror/0123456789abcdef',
      },
    ],
  });
}
