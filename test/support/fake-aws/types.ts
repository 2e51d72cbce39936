/**
 * The fake's state and options. Resource fields use the EC2 API's member names (PascalCase, as in the SDK's
 * types), so a fixture reads like a DescribeX response; a few fake-only knobs are camelCase (`mirrorable`).
 */

/** An EC2 tag. */
export interface FakeTag {
  Key: string;
  Value: string;
}

export interface FakeVpc {
  VpcId: string;
  /** Default: the fake's account ID. */
  OwnerId?: string;
  IsDefault?: boolean;
  CidrBlock?: string;
  /** Default: 'available'. */
  State?: 'pending' | 'available';
  Tags?: FakeTag[];
}

export interface FakeSubnet {
  SubnetId: string;
  VpcId: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
  /** Default: 'available'. */
  State?: 'pending' | 'available';
  OwnerId?: string;
  Tags?: FakeTag[];
}

export interface FakeGroupIdentifier {
  GroupId: string;
  GroupName?: string;
}

export interface FakeNetworkInterface {
  NetworkInterfaceId: string;
  VpcId: string;
  SubnetId?: string;
  /** EC2's Status: 'in-use', 'available', 'attaching', 'detaching', 'associated'. */
  Status: string;
  /** EC2's InterfaceType: 'interface', 'network_load_balancer', 'vpc_endpoint', 'nat_gateway', ... */
  InterfaceType: string;
  /** The instance it is attached to (served as Attachment.InstanceId). */
  InstanceId?: string;
  Groups?: FakeGroupIdentifier[];
  Description?: string;
  PrivateIpAddress?: string;
  AvailabilityZone?: string;
  /** Default: the fake's account ID. */
  OwnerId?: string;
  /** Served as the SDK's `TagSet`. */
  Tags?: FakeTag[];
  /**
   * Fake-only. `false`: CreateTrafficMirrorSession with this ENI as source fails with
   * `NetworkInterfaceNotSupported`, as EC2 refuses sources on instance types that do not support mirroring.
   */
  mirrorable?: boolean;
}

export interface FakePortRange {
  FromPort?: number;
  ToPort?: number;
}

export interface FakeFilterRule {
  TrafficMirrorFilterRuleId: string;
  TrafficMirrorFilterId: string;
  TrafficDirection: 'ingress' | 'egress';
  RuleNumber: number;
  RuleAction: 'accept' | 'reject';
  /** IANA protocol number; absent means all protocols. */
  Protocol?: number;
  DestinationCidrBlock: string;
  SourceCidrBlock: string;
  DestinationPortRange?: FakePortRange;
  SourcePortRange?: FakePortRange;
  Description?: string;
  Tags?: FakeTag[];
}

export interface FakeFilter {
  TrafficMirrorFilterId: string;
  IngressFilterRules: FakeFilterRule[];
  EgressFilterRules: FakeFilterRule[];
  /** e.g. 'amazon-dns'. */
  NetworkServices: string[];
  Description?: string;
  Tags?: FakeTag[];
}

export type FakeTargetType = 'network-interface' | 'network-load-balancer' | 'gateway-load-balancer-endpoint';

export interface FakeTarget {
  TrafficMirrorTargetId: string;
  Type: FakeTargetType;
  NetworkInterfaceId?: string;
  NetworkLoadBalancerArn?: string;
  GatewayLoadBalancerEndpointId?: string;
  Description?: string;
  OwnerId?: string;
  Tags?: FakeTag[];
}

export interface FakeSession {
  TrafficMirrorSessionId: string;
  /** The source ENI. */
  NetworkInterfaceId: string;
  TrafficMirrorTargetId: string;
  TrafficMirrorFilterId: string;
  SessionNumber: number;
  PacketLength?: number;
  VirtualNetworkId?: number;
  Description?: string;
  OwnerId?: string;
  Tags?: FakeTag[];
}

export interface FakeIpPermission {
  /** '-1' for all, or 'tcp' / 'udp' / 'icmp' / a protocol number. */
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId: string; UserId?: string }[];
}

export interface FakeSecurityGroup {
  GroupId: string;
  VpcId: string;
  GroupName?: string;
  Description?: string;
  OwnerId?: string;
  IpPermissions: FakeIpPermission[];
  IpPermissionsEgress?: FakeIpPermission[];
  Tags?: FakeTag[];
}

export interface FakePeeringVpcInfo {
  VpcId: string;
  OwnerId?: string;
  CidrBlock?: string;
  Region?: string;
}

export interface FakeVpcPeering {
  VpcPeeringConnectionId: string;
  RequesterVpcInfo: FakePeeringVpcInfo;
  AccepterVpcInfo: FakePeeringVpcInfo;
  /** Code 'active' for a working peering; also 'pending-acceptance', 'deleted', 'rejected', ... */
  Status: { Code: string; Message?: string };
  Tags?: FakeTag[];
}

/** A transit gateway VPC attachment; DescribeTransitGatewayAttachments serves it as ResourceType 'vpc'. */
export interface FakeTransitGatewayAttachment {
  TransitGatewayAttachmentId: string;
  TransitGatewayId: string;
  VpcId: string;
  VpcOwnerId?: string;
  /** 'available' when it carries traffic. */
  State: string;
  SubnetIds?: string[];
  Tags?: FakeTag[];
}

/** A route of a route table; EC2's Route members. */
export interface FakeRoute {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  DestinationPrefixListId?: string;
  /** 'local', igw-, vgw-, vpce- ... */
  GatewayId?: string;
  NatGatewayId?: string;
  TransitGatewayId?: string;
  VpcPeeringConnectionId?: string;
  NetworkInterfaceId?: string;
  InstanceId?: string;
  /** Default: 'active'. */
  State?: 'active' | 'blackhole';
  /** Default: 'CreateRoute' ('CreateRouteTable' for the local route). */
  Origin?: string;
}

export interface FakeRouteTableAssociation {
  /** Default: derived from the table and subnet IDs. */
  RouteTableAssociationId?: string;
  SubnetId?: string;
  /** True for the association that makes the table its VPC's main route table. */
  Main?: boolean;
}

export interface FakeRouteTable {
  RouteTableId: string;
  VpcId: string;
  Associations?: FakeRouteTableAssociation[];
  Routes?: FakeRoute[];
  OwnerId?: string;
  Tags?: FakeTag[];
}

/** One network ACL entry, in DescribeNetworkAcls' member names. */
export interface FakeNetworkAclEntry {
  RuleNumber: number;
  /** '-1' for all, or a protocol number such as '17' (EC2 reports numbers). */
  Protocol: string;
  RuleAction: 'allow' | 'deny';
  Egress: boolean;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From: number; To: number };
}

export interface FakeNetworkAcl {
  NetworkAclId: string;
  VpcId: string;
  IsDefault?: boolean;
  /** The subnets it is associated with (served as Associations). */
  SubnetIds: string[];
  /** Numbered entries; the fake appends the `*` (32767) deny entries both ways, as EC2 shows them. */
  Entries: FakeNetworkAclEntry[];
  OwnerId?: string;
  Tags?: FakeTag[];
}

export interface FakeVpcEndpoint {
  VpcEndpointId: string;
  /** 'GatewayLoadBalancer' for a mirror target; also 'Interface', 'Gateway'. */
  VpcEndpointType: string;
  VpcId: string;
  ServiceName?: string;
  /** As the wire sends it: 'available', 'pending', 'pendingAcceptance', 'deleting', ... */
  State: string;
  SubnetIds?: string[];
  NetworkInterfaceIds?: string[];
  OwnerId?: string;
  Tags?: FakeTag[];
}

/** An Elastic Load Balancing (v2) load balancer, in DescribeLoadBalancers' member names. */
export interface FakeLoadBalancer {
  LoadBalancerArn: string;
  LoadBalancerName: string;
  /** 'network', 'application' or 'gateway'. */
  Type: string;
  VpcId: string;
  /** State.Code: 'active', 'provisioning', 'active_impaired', 'failed'. */
  State: string;
  Scheme?: 'internal' | 'internet-facing';
  AvailabilityZones?: { ZoneName: string; SubnetId: string; PrivateIPv4Address?: string }[];
}

export interface FakeListener {
  ListenerArn: string;
  LoadBalancerArn: string;
  Port: number;
  /** 'TCP', 'UDP', 'TCP_UDP', 'TLS', ... */
  Protocol: string;
}

/**
 * Everything the fake holds for one account-region. The arrays are live: tests may push, splice or replace
 * them between calls. After changing an ID or VpcId of an element in place, call `FakeAws.reindex()`.
 */
export interface FakeRegion {
  vpcs: FakeVpc[];
  subnets: FakeSubnet[];
  networkInterfaces: FakeNetworkInterface[];
  sessions: FakeSession[];
  filters: FakeFilter[];
  targets: FakeTarget[];
  securityGroups: FakeSecurityGroup[];
  vpcPeeringConnections: FakeVpcPeering[];
  transitGatewayAttachments: FakeTransitGatewayAttachment[];
  routeTables: FakeRouteTable[];
  networkAcls: FakeNetworkAcl[];
  vpcEndpoints: FakeVpcEndpoint[];
  /** Elastic Load Balancing (v2). */
  loadBalancers: FakeLoadBalancer[];
  listeners: FakeListener[];
}

export interface FakeAwsOptions {
  /** Delay before every response, in milliseconds (default 0). */
  latencyMs?: number;
  /** The account the fake answers for (default '123456789012'). */
  accountId?: string;
  /** Regions DescribeRegions lists (default ['us-east-1', 'eu-west-1']). */
  enabledRegions?: string[];
  /** Initial state by region name; missing lists start empty. */
  regions?: Record<string, Partial<FakeRegion>>;
}

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

/** An evaluation as the fake Config service stored it (the latest per region, rule and resource). */
export interface StoredEvaluation {
  region: string;
  configRuleName: string;
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  annotation?: string;
  /** ISO 8601, as sent in PutEvaluations' OrderingTimestamp. */
  orderingTimestamp: string;
}

/** An evaluation to preload with `FakeAws.seedEvaluations`. */
export interface SeedEvaluation {
  resourceId: string;
  complianceType: ComplianceType;
  /** Default 'AWS::EC2::VPC'. */
  resourceType?: string;
  annotation?: string;
  /** Default: the Unix epoch, so anything the rule reports later supersedes it. */
  orderingTimestamp?: string;
}

export type FakeService = 'ec2' | 'config' | 'sts' | 'elbv2' | 'ssm';

/** One request the fake answered (including the ones it failed on purpose). */
export interface CallRecord {
  service: FakeService;
  operation: string;
  region: string;
  /** The decoded request input (SDK member names). */
  params?: Record<string, unknown>;
  /** For calls signed with credentials from the fake's AssumeRole: the role assumed. */
  roleArn?: string;
  /** The error code returned, if the call failed. */
  errorCode?: string;
}

/** A fault to inject with `FakeAws.failNext`. */
export interface FailureSpec {
  /** AWS error code, e.g. 'UnauthorizedOperation', 'RequestLimitExceeded', 'ThrottlingException'. */
  code: string;
  message?: string;
  /** HTTP status (default 400; use 503 for EC2's RequestLimitExceeded, 403 for UnauthorizedOperation). */
  status?: number;
  /** How many calls in a row fail (default 1). */
  times?: number;
}
