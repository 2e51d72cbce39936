/**
 * The EC2 resources behind traffic mirror targets that the rule's target check reads: network ACLs
 * (DescribeNetworkAcls) and VPC endpoints (DescribeVpcEndpoints), with the filters the EC2 API Reference
 * documents for each call and their output in the SDK's member names.
 */
import type { DescribeContext, ResourceKind } from './ec2-describe';
import type { FakeNetworkAcl, FakeNetworkAclEntry, FakeTag, FakeVpcEndpoint } from './types';

const tags = (t: readonly FakeTag[] | undefined) => (t && t.length > 0 ? t : undefined);
const owner = (id: string | undefined, ctx: DescribeContext) => id ?? ctx.accountId;

/** The rule number EC2 reports for the `*` entry that ends every network ACL, both ways. */
export const DEFAULT_ACL_RULE_NUMBER = 32767;

export const networkAclKind: ResourceKind<FakeNetworkAcl> = {
  noun: 'network ACL ID',
  notFoundCode: 'InvalidNetworkAclID.NotFound',
  idFilter: 'network-acl-id',
  idOf: (a) => a.NetworkAclId,
  indexedFilters: ['association.subnet-id', 'vpc-id'],
  tagsOf: (a) => a.Tags,
  filters: {
    'network-acl-id': (a) => a.NetworkAclId,
    'vpc-id': (a) => a.VpcId,
    default: (a) => a.IsDefault === true,
    'owner-id': (a, ctx) => owner(a.OwnerId, ctx),
    'association.subnet-id': (a) => a.SubnetIds,
    'association.network-acl-id': (a) => (a.SubnetIds.length > 0 ? a.NetworkAclId : undefined),
    'entry.rule-number': (a) => a.Entries.map((e) => e.RuleNumber),
    'entry.protocol': (a) => a.Entries.map((e) => e.Protocol),
    'entry.rule-action': (a) => a.Entries.map((e) => e.RuleAction),
    'entry.cidr': (a) => a.Entries.map((e) => e.CidrBlock),
  },
};

const defaultEntry = (Egress: boolean): FakeNetworkAclEntry => ({
  RuleNumber: DEFAULT_ACL_RULE_NUMBER,
  Protocol: '-1',
  RuleAction: 'deny',
  Egress,
  CidrBlock: '0.0.0.0/0',
});

export const networkAclToWire = (a: FakeNetworkAcl, ctx: DescribeContext) => ({
  NetworkAclId: a.NetworkAclId,
  VpcId: a.VpcId,
  IsDefault: a.IsDefault === true,
  OwnerId: owner(a.OwnerId, ctx),
  Associations: a.SubnetIds.map((SubnetId, i) => ({
    NetworkAclAssociationId: `aclassoc-${a.NetworkAclId.slice(4, 12)}${String(i).padStart(9, '0')}`,
    NetworkAclId: a.NetworkAclId,
    SubnetId,
  })),
  Entries: [...a.Entries, defaultEntry(false), defaultEntry(true)],
  Tags: tags(a.Tags),
});

export const vpcEndpointKind: ResourceKind<FakeVpcEndpoint> = {
  noun: 'VPC endpoint ID',
  notFoundCode: 'InvalidVpcEndpointId.NotFound',
  idFilter: 'vpc-endpoint-id',
  idOf: (e) => e.VpcEndpointId,
  indexedFilters: ['vpc-id'],
  tagsOf: (e) => e.Tags,
  filters: {
    'vpc-endpoint-id': (e) => e.VpcEndpointId,
    'vpc-id': (e) => e.VpcId,
    'vpc-endpoint-state': (e) => e.State,
    'vpc-endpoint-type': (e) => e.VpcEndpointType,
    'service-name': (e) => e.ServiceName,
  },
};

export const vpcEndpointToWire = (e: FakeVpcEndpoint, ctx: DescribeContext) => ({
  VpcEndpointId: e.VpcEndpointId,
  VpcEndpointType: e.VpcEndpointType,
  VpcId: e.VpcId,
  ServiceName: e.ServiceName ?? 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
  State: e.State,
  SubnetIds: e.SubnetIds ?? [],
  NetworkInterfaceIds: e.NetworkInterfaceIds ?? [],
  OwnerId: owner(e.OwnerId, ctx),
  Tags: tags(e.Tags),
});
