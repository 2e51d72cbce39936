/**
 * The plain data that decides whether a traffic mirror target can receive mirrored traffic (rule parameter
 * verifyTarget). Readers (rule/read-targets.ts, the remediation, tests) build it; rule/target-check.ts decides on it.
 * Field names follow the EC2 and Elastic Load Balancing API names.
 */
import type { NetworkInterface } from './inventory';

/** EC2's TrafficMirrorTargetType values. */
export type TrafficMirrorTargetType = 'network-interface' | 'network-load-balancer' | 'gateway-load-balancer-endpoint';

/** A traffic mirror target as DescribeTrafficMirrorTargets describes it (own targets and those shared through RAM). */
export interface TrafficMirrorTarget {
  readonly trafficMirrorTargetId: string;
  /** The account that owns it; another account's target was shared with this one through AWS RAM. */
  readonly ownerId?: string;
  readonly type?: TrafficMirrorTargetType;
  readonly networkInterfaceId?: string;
  readonly networkLoadBalancerArn?: string;
  readonly gatewayLoadBalancerEndpointId?: string;
}

/** One inbound security group rule, as DescribeSecurityGroups' IpPermissions describe it. */
export interface IngressRule {
  /** "-1" (all), "udp", "tcp", "icmp", or a protocol number such as "17". */
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipv4Cidrs: readonly string[];
  readonly ipv6Cidrs: readonly string[];
  /** Security groups whose members are allowed. */
  readonly sourceGroupIds: readonly string[];
  readonly prefixListIds: readonly string[];
}

export interface SecurityGroup {
  readonly groupId: string;
  readonly ingress: readonly IngressRule[];
}

/** One network ACL entry, as DescribeNetworkAcls' Entries describe it. */
export interface NetworkAclEntry {
  readonly ruleNumber: number;
  /** "-1" (all), or a protocol number such as "17" (UDP); EC2 reports numbers here, never names. */
  readonly protocol: string;
  readonly ruleAction: 'allow' | 'deny';
  /** True for outbound entries, which do not decide what a target receives. */
  readonly egress: boolean;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  /** Absent for protocols without ports ("-1"): every port. */
  readonly portRange?: { readonly from: number; readonly to: number };
}

export interface NetworkAcl {
  readonly networkAclId: string;
  /** The subnets it is associated with. */
  readonly subnetIds: readonly string[];
  readonly entries: readonly NetworkAclEntry[];
}

export interface Listener {
  readonly port: number;
  /** ELBv2's Protocol: "TCP", "UDP", "TCP_UDP", "TLS", ... */
  readonly protocol: string;
}

/** A load balancer behind a `network-load-balancer` target, with its listeners. */
export interface LoadBalancer {
  readonly loadBalancerArn: string;
  readonly loadBalancerName: string;
  /** ELBv2's State.Code: "active", "provisioning", "active_impaired", "failed". */
  readonly state: string;
  readonly vpcId?: string;
  /** Private IPv4 addresses of its nodes, where DescribeLoadBalancers reports them. */
  readonly privateIpv4Addresses: readonly string[];
  readonly listeners: readonly Listener[];
}

/** A VPC endpoint behind a `gateway-load-balancer-endpoint` target. */
export interface VpcEndpoint {
  readonly vpcEndpointId: string;
  /** EC2's State: "available", "pending", ... (compared without regard to case: the wire sends lower case). */
  readonly state: string;
  readonly vpcId?: string;
  readonly subnetIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
}

/**
 * Everything known about the targets of the sessions being evaluated. A resource a target points at that is absent
 * here no longer exists (or, for another account's target, is not visible, which the check handles first).
 * - `networkInterfaces`: the target ENIs that exist.
 * - `securityGroups`: the target ENIs' groups. `networkAcls`: the ACLs of the target ENIs' subnets.
 */
export interface TargetInventory {
  readonly targets: readonly TrafficMirrorTarget[];
  readonly networkInterfaces: readonly NetworkInterface[];
  readonly securityGroups: readonly SecurityGroup[];
  readonly networkAcls: readonly NetworkAcl[];
  readonly loadBalancers: readonly LoadBalancer[];
  readonly vpcEndpoints: readonly VpcEndpoint[];
}

export const EMPTY_TARGET_INVENTORY: TargetInventory = {
  targets: [],
  networkInterfaces: [],
  securityGroups: [],
  networkAcls: [],
  loadBalancers: [],
  vpcEndpoints: [],
};
