/** Builders for the target inventory the target check decides on, for tests of the pure core. */
import type { NetworkInterface } from '../../rule/inventory';
import type {
  IngressRule,
  LoadBalancer,
  NetworkAcl,
  NetworkAclEntry,
  SecurityGroup,
  TargetInventory,
  TrafficMirrorTarget,
  VpcEndpoint,
} from '../../rule/target-inventory';
import { EMPTY_TARGET_INVENTORY } from '../../rule/target-inventory';

export const ACCOUNT = '111111111111';

/** A source ENI at 10.0.1.5 in group sg-src. */
export const sourceEni = (extra: Partial<NetworkInterface> = {}): NetworkInterface => ({
  networkInterfaceId: 'eni-src',
  vpcId: 'vpc-1',
  status: 'in-use',
  interfaceType: 'interface',
  instanceId: 'i-src',
  subnetId: 'subnet-src',
  privateIpAddress: '10.0.1.5',
  securityGroupIds: ['sg-src'],
  ...extra,
});

/** A target ENI at 10.0.9.9 in subnet-t with group sg-t. */
export const targetEni = (id = 'eni-t', extra: Partial<NetworkInterface> = {}): NetworkInterface => ({
  networkInterfaceId: id,
  vpcId: 'vpc-1',
  status: 'in-use',
  interfaceType: 'interface',
  instanceId: 'i-appliance',
  subnetId: 'subnet-t',
  privateIpAddress: '10.0.9.9',
  securityGroupIds: ['sg-t'],
  ...extra,
});

export const eniTarget = (id: string, eniId: string, extra: Partial<TrafficMirrorTarget> = {}): TrafficMirrorTarget => ({
  trafficMirrorTargetId: id,
  ownerId: ACCOUNT,
  type: 'network-interface',
  networkInterfaceId: eniId,
  ...extra,
});

export const nlbArn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/net/${name}/0123456789abcdef`;

export const nlbTarget = (id: string, name: string): TrafficMirrorTarget => ({
  trafficMirrorTargetId: id,
  ownerId: ACCOUNT,
  type: 'network-load-balancer',
  networkLoadBalancerArn: nlbArn(name),
});

export const endpointTarget = (id: string, endpointId: string): TrafficMirrorTarget => ({
  trafficMirrorTargetId: id,
  ownerId: ACCOUNT,
  type: 'gateway-load-balancer-endpoint',
  gatewayLoadBalancerEndpointId: endpointId,
});

export const vxlanRule = (extra: Partial<IngressRule> = {}): IngressRule => ({
  ipProtocol: 'udp',
  fromPort: 4789,
  toPort: 4789,
  ipv4Cidrs: ['10.0.0.0/16'],
  ipv6Cidrs: [],
  sourceGroupIds: [],
  prefixListIds: [],
  ...extra,
});

export const securityGroup = (groupId: string, ...ingress: IngressRule[]): SecurityGroup => ({ groupId, ingress });

export const aclEntry = (ruleNumber: number, ruleAction: 'allow' | 'deny', extra: Partial<NetworkAclEntry> = {}): NetworkAclEntry => ({
  ruleNumber,
  protocol: '-1',
  ruleAction,
  egress: false,
  cidrBlock: '0.0.0.0/0',
  ...extra,
});

/** The default `*` entries every network ACL ends with (inbound and outbound). */
export const DEFAULT_DENY: readonly NetworkAclEntry[] = [aclEntry(32767, 'deny'), aclEntry(32767, 'deny', { egress: true })];

export const networkAcl = (networkAclId: string, subnetIds: string[], ...entries: NetworkAclEntry[]): NetworkAcl => ({
  networkAclId,
  subnetIds,
  entries: [...entries, ...DEFAULT_DENY],
});

export const loadBalancer = (name: string, extra: Partial<LoadBalancer> = {}): LoadBalancer => ({
  loadBalancerArn: nlbArn(name),
  loadBalancerName: name,
  state: 'active',
  vpcId: 'vpc-appliance',
  privateIpv4Addresses: ['10.8.0.10'],
  listeners: [{ port: 4789, protocol: 'UDP' }],
  ...extra,
});

export const vpcEndpoint = (vpcEndpointId: string, extra: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  vpcEndpointId,
  state: 'available',
  vpcId: 'vpc-1',
  subnetIds: ['subnet-e'],
  networkInterfaceIds: ['eni-endpoint'],
  ...extra,
});

/** A healthy ENI target tmt-eni (eni-t, sg-t admits 10.0.0.0/16, ACL allows everything) plus whatever is given. */
export const targetInventory = (parts: Partial<TargetInventory> = {}): TargetInventory => ({
  ...EMPTY_TARGET_INVENTORY,
  targets: [eniTarget('tmt-eni', 'eni-t')],
  networkInterfaces: [targetEni()],
  securityGroups: [securityGroup('sg-t', vxlanRule())],
  networkAcls: [networkAcl('acl-t', ['subnet-t'], aclEntry(100, 'allow'))],
  ...parts,
});
