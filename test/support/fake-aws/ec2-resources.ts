/**
 * The EC2 resource kinds the fake serves: the filters EC2 documents for each Describe call (EC2 API Reference,
 * "Filter.N" of each action) and how a fake resource is rendered in the SDK's output shape.
 */
import type { DescribeContext, ResourceKind } from './ec2-describe';
import type {
  FakeFilter,
  FakeIpPermission,
  FakeNetworkInterface,
  FakeSecurityGroup,
  FakeSession,
  FakeSubnet,
  FakeTag,
  FakeTarget,
  FakeTransitGatewayAttachment,
  FakeVpc,
  FakeVpcPeering,
} from './types';

const tags = (t: readonly FakeTag[] | undefined) => (t && t.length > 0 ? t : undefined);
const owner = (id: string | undefined, ctx: DescribeContext) => id ?? ctx.accountId;

export const vpcKind: ResourceKind<FakeVpc> = {
  noun: 'vpc ID',
  notFoundCode: 'InvalidVpcID.NotFound',
  idFilter: 'vpc-id',
  idOf: (v) => v.VpcId,
  tagsOf: (v) => v.Tags,
  filters: {
    'vpc-id': (v) => v.VpcId,
    'owner-id': (v, ctx) => owner(v.OwnerId, ctx),
    'is-default': (v) => v.IsDefault === true,
    state: (v) => v.State ?? 'available',
    cidr: (v) => v.CidrBlock,
    'cidr-block-association.cidr-block': (v) => v.CidrBlock,
  },
};

export const vpcToWire = (v: FakeVpc, ctx: DescribeContext) => ({
  VpcId: v.VpcId,
  OwnerId: owner(v.OwnerId, ctx),
  IsDefault: v.IsDefault === true,
  CidrBlock: v.CidrBlock ?? '10.0.0.0/16',
  State: v.State ?? 'available',
  InstanceTenancy: 'default',
  Tags: tags(v.Tags),
});

export const subnetKind: ResourceKind<FakeSubnet> = {
  noun: 'subnet ID',
  notFoundCode: 'InvalidSubnetID.NotFound',
  idFilter: 'subnet-id',
  idOf: (s) => s.SubnetId,
  indexedFilters: ['vpc-id'],
  tagsOf: (s) => s.Tags,
  filters: {
    'subnet-id': (s) => s.SubnetId,
    'vpc-id': (s) => s.VpcId,
    'cidr-block': (s) => s.CidrBlock,
    'availability-zone': (s) => s.AvailabilityZone,
    'owner-id': (s, ctx) => owner(s.OwnerId, ctx),
    state: (s) => s.State ?? 'available',
  },
};

export const subnetToWire = (s: FakeSubnet, ctx: DescribeContext) => ({
  SubnetId: s.SubnetId,
  VpcId: s.VpcId,
  CidrBlock: s.CidrBlock,
  AvailabilityZone: s.AvailabilityZone,
  State: s.State ?? 'available',
  OwnerId: owner(s.OwnerId, ctx),
  Tags: tags(s.Tags),
});

export const networkInterfaceKind: ResourceKind<FakeNetworkInterface> = {
  noun: 'networkInterface ID',
  notFoundCode: 'InvalidNetworkInterfaceID.NotFound',
  idFilter: 'network-interface-id',
  idOf: (n) => n.NetworkInterfaceId,
  indexedFilters: ['vpc-id', 'attachment.instance-id'],
  tagsOf: (n) => n.Tags,
  filters: {
    'network-interface-id': (n) => n.NetworkInterfaceId,
    'vpc-id': (n) => n.VpcId,
    'subnet-id': (n) => n.SubnetId,
    'owner-id': (n, ctx) => owner(n.OwnerId, ctx),
    status: (n) => n.Status,
    'interface-type': (n) => n.InterfaceType,
    'attachment.instance-id': (n) => n.InstanceId,
    'attachment.status': (n) => (n.InstanceId ? 'attached' : undefined),
    'group-id': (n) => (n.Groups ?? []).map((g) => g.GroupId),
    'group-name': (n) => (n.Groups ?? []).map((g) => g.GroupName),
    description: (n) => n.Description,
    'availability-zone': (n) => n.AvailabilityZone,
    'private-ip-address': (n) => n.PrivateIpAddress,
    'requester-managed': (n) => n.InterfaceType !== 'interface',
  },
};

export const networkInterfaceToWire = (n: FakeNetworkInterface, ctx: DescribeContext) => ({
  NetworkInterfaceId: n.NetworkInterfaceId,
  VpcId: n.VpcId,
  SubnetId: n.SubnetId,
  Status: n.Status,
  InterfaceType: n.InterfaceType,
  OwnerId: owner(n.OwnerId, ctx),
  Description: n.Description ?? '',
  PrivateIpAddress: n.PrivateIpAddress,
  AvailabilityZone: n.AvailabilityZone,
  RequesterManaged: n.InterfaceType !== 'interface',
  SourceDestCheck: true,
  Groups: n.Groups,
  Attachment: n.InstanceId
    ? {
        AttachmentId: `eni-attach-${n.NetworkInterfaceId.slice(4)}`,
        InstanceId: n.InstanceId,
        InstanceOwnerId: owner(n.OwnerId, ctx),
        DeviceIndex: 0,
        Status: 'attached',
        DeleteOnTermination: true,
      }
    : undefined,
  TagSet: tags(n.Tags),
});

export const sessionKind: ResourceKind<FakeSession> = {
  noun: 'traffic mirror session ID',
  notFoundCode: 'InvalidTrafficMirrorSessionId.NotFound',
  idFilter: 'traffic-mirror-session-id',
  idOf: (s) => s.TrafficMirrorSessionId,
  indexedFilters: ['network-interface-id'],
  filters: {
    'traffic-mirror-session-id': (s) => s.TrafficMirrorSessionId,
    'traffic-mirror-target-id': (s) => s.TrafficMirrorTargetId,
    'traffic-mirror-filter-id': (s) => s.TrafficMirrorFilterId,
    'network-interface-id': (s) => s.NetworkInterfaceId,
    'owner-id': (s, ctx) => owner(s.OwnerId, ctx),
    'session-number': (s) => s.SessionNumber,
    'packet-length': (s) => s.PacketLength,
    'virtual-network-id': (s) => s.VirtualNetworkId,
    description: (s) => s.Description,
  },
};

export const sessionToWire = (s: FakeSession, ctx: DescribeContext) => ({
  ...s,
  OwnerId: owner(s.OwnerId, ctx),
  Tags: tags(s.Tags),
});

export const filterKind: ResourceKind<FakeFilter> = {
  noun: 'traffic mirror filter ID',
  notFoundCode: 'InvalidTrafficMirrorFilterId.NotFound',
  idFilter: 'traffic-mirror-filter-id',
  idOf: (f) => f.TrafficMirrorFilterId,
  filters: {
    'traffic-mirror-filter-id': (f) => f.TrafficMirrorFilterId,
    description: (f) => f.Description,
  },
};

export const filterToWire = (f: FakeFilter) => ({ ...f, Tags: tags(f.Tags) });

export const targetKind: ResourceKind<FakeTarget> = {
  noun: 'traffic mirror target ID',
  notFoundCode: 'InvalidTrafficMirrorTargetId.NotFound',
  idFilter: 'traffic-mirror-target-id',
  idOf: (t) => t.TrafficMirrorTargetId,
  filters: {
    'traffic-mirror-target-id': (t) => t.TrafficMirrorTargetId,
    'network-interface-id': (t) => t.NetworkInterfaceId,
    'network-load-balancer-arn': (t) => t.NetworkLoadBalancerArn,
    'owner-id': (t, ctx) => owner(t.OwnerId, ctx),
    description: (t) => t.Description,
  },
};

export const targetToWire = (t: FakeTarget, ctx: DescribeContext) => ({
  ...t,
  OwnerId: owner(t.OwnerId, ctx),
  Tags: tags(t.Tags),
});

const permissionValues = (perms: readonly FakeIpPermission[] | undefined, pick: (p: FakeIpPermission) => (string | number | undefined)[]) =>
  (perms ?? []).flatMap(pick);

export const securityGroupKind: ResourceKind<FakeSecurityGroup> = {
  noun: 'security group',
  notFoundCode: 'InvalidGroup.NotFound',
  idFilter: 'group-id',
  idOf: (g) => g.GroupId,
  indexedFilters: ['vpc-id'],
  tagsOf: (g) => g.Tags,
  filters: {
    'group-id': (g) => g.GroupId,
    'group-name': (g) => g.GroupName,
    'vpc-id': (g) => g.VpcId,
    'owner-id': (g, ctx) => owner(g.OwnerId, ctx),
    description: (g) => g.Description,
    'ip-permission.cidr': (g) => permissionValues(g.IpPermissions, (p) => (p.IpRanges ?? []).map((r) => r.CidrIp)),
    'ip-permission.group-id': (g) =>
      permissionValues(g.IpPermissions, (p) => (p.UserIdGroupPairs ?? []).map((u) => u.GroupId)),
    'ip-permission.protocol': (g) => permissionValues(g.IpPermissions, (p) => [p.IpProtocol]),
    'ip-permission.from-port': (g) => permissionValues(g.IpPermissions, (p) => [p.FromPort]),
    'ip-permission.to-port': (g) => permissionValues(g.IpPermissions, (p) => [p.ToPort]),
    'egress.ip-permission.cidr': (g) =>
      permissionValues(g.IpPermissionsEgress, (p) => (p.IpRanges ?? []).map((r) => r.CidrIp)),
  },
};

/** EC2 gives every new security group an allow-all egress rule. */
const DEFAULT_EGRESS: FakeIpPermission[] = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

export const securityGroupToWire = (g: FakeSecurityGroup, ctx: DescribeContext) => ({
  GroupId: g.GroupId,
  VpcId: g.VpcId,
  GroupName: g.GroupName ?? g.GroupId,
  Description: g.Description ?? g.GroupName ?? g.GroupId,
  OwnerId: owner(g.OwnerId, ctx),
  IpPermissions: g.IpPermissions,
  IpPermissionsEgress: g.IpPermissionsEgress ?? DEFAULT_EGRESS,
  Tags: tags(g.Tags),
});

export const vpcPeeringKind: ResourceKind<FakeVpcPeering> = {
  noun: 'vpc peering connection ID',
  notFoundCode: 'InvalidVpcPeeringConnectionID.NotFound',
  idFilter: 'vpc-peering-connection-id',
  idOf: (p) => p.VpcPeeringConnectionId,
  tagsOf: (p) => p.Tags,
  filters: {
    'vpc-peering-connection-id': (p) => p.VpcPeeringConnectionId,
    'accepter-vpc-info.vpc-id': (p) => p.AccepterVpcInfo.VpcId,
    'accepter-vpc-info.owner-id': (p, ctx) => owner(p.AccepterVpcInfo.OwnerId, ctx),
    'accepter-vpc-info.cidr-block': (p) => p.AccepterVpcInfo.CidrBlock,
    'requester-vpc-info.vpc-id': (p) => p.RequesterVpcInfo.VpcId,
    'requester-vpc-info.owner-id': (p, ctx) => owner(p.RequesterVpcInfo.OwnerId, ctx),
    'requester-vpc-info.cidr-block': (p) => p.RequesterVpcInfo.CidrBlock,
    'status-code': (p) => p.Status.Code,
    'status-message': (p) => p.Status.Message,
  },
};

export const vpcPeeringToWire = (p: FakeVpcPeering, ctx: DescribeContext) => ({
  VpcPeeringConnectionId: p.VpcPeeringConnectionId,
  RequesterVpcInfo: { ...p.RequesterVpcInfo, OwnerId: owner(p.RequesterVpcInfo.OwnerId, ctx) },
  AccepterVpcInfo: { ...p.AccepterVpcInfo, OwnerId: owner(p.AccepterVpcInfo.OwnerId, ctx) },
  Status: p.Status,
  Tags: tags(p.Tags),
});

export const transitGatewayVpcAttachmentKind: ResourceKind<FakeTransitGatewayAttachment> = {
  noun: 'transit gateway attachment ID',
  notFoundCode: 'InvalidTransitGatewayAttachmentId.NotFound',
  idFilter: 'transit-gateway-attachment-id',
  idOf: (a) => a.TransitGatewayAttachmentId,
  indexedFilters: ['vpc-id'],
  filters: {
    'transit-gateway-attachment-id': (a) => a.TransitGatewayAttachmentId,
    'transit-gateway-id': (a) => a.TransitGatewayId,
    'vpc-id': (a) => a.VpcId,
    state: (a) => a.State,
  },
};

export const transitGatewayVpcAttachmentToWire = (a: FakeTransitGatewayAttachment, ctx: DescribeContext) => ({
  TransitGatewayAttachmentId: a.TransitGatewayAttachmentId,
  TransitGatewayId: a.TransitGatewayId,
  VpcId: a.VpcId,
  VpcOwnerId: owner(a.VpcOwnerId, ctx),
  State: a.State,
  SubnetIds: a.SubnetIds ?? [],
  Tags: tags(a.Tags),
});

/** DescribeTransitGatewayAttachments: the same attachments, seen as generic resource attachments. */
export const transitGatewayAttachmentKind: ResourceKind<FakeTransitGatewayAttachment> = {
  ...transitGatewayVpcAttachmentKind,
  indexedFilters: ['resource-id'],
  filters: {
    'transit-gateway-attachment-id': (a) => a.TransitGatewayAttachmentId,
    'transit-gateway-id': (a) => a.TransitGatewayId,
    'transit-gateway-owner-id': (_a, ctx) => ctx.accountId,
    'resource-id': (a) => a.VpcId,
    'resource-owner-id': (a, ctx) => owner(a.VpcOwnerId, ctx),
    'resource-type': () => 'vpc',
    state: (a) => a.State,
  },
};

export const transitGatewayAttachmentToWire = (a: FakeTransitGatewayAttachment, ctx: DescribeContext) => ({
  TransitGatewayAttachmentId: a.TransitGatewayAttachmentId,
  TransitGatewayId: a.TransitGatewayId,
  TransitGatewayOwnerId: ctx.accountId,
  ResourceOwnerId: owner(a.VpcOwnerId, ctx),
  ResourceType: 'vpc',
  ResourceId: a.VpcId,
  State: a.State,
  Tags: tags(a.Tags),
});

export interface FakeRegionInfo {
  RegionName: string;
}

export const regionKind: ResourceKind<FakeRegionInfo> = {
  noun: 'region',
  notFoundCode: 'InvalidParameterValue',
  idFilter: 'region-name',
  idOf: (r) => r.RegionName,
  filters: {
    'region-name': (r) => r.RegionName,
    endpoint: (r) => `ec2.${r.RegionName}.amazonaws.com`,
    'opt-in-status': () => 'opt-in-not-required',
  },
};

export const regionToWire = (r: FakeRegionInfo) => ({
  RegionName: r.RegionName,
  Endpoint: `ec2.${r.RegionName}.amazonaws.com`,
  OptInStatus: 'opt-in-not-required',
});
