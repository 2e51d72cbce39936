/**
 * Thin EC2 readers for verifying traffic mirror targets: each lists one kind of resource with the SDK's paginators
 * at the largest page size and maps it to the plain data in target-inventory.ts. No decisions here.
 * Page sizes: DescribeTrafficMirrorTargets, DescribeNetworkAcls, DescribeSecurityGroups and DescribeVpcEndpoints
 * all accept MaxResults up to 1000 (EC2 API Reference); a filter takes up to 200 values.
 */
import type {
  EC2Client,
  IpPermission,
  NetworkAcl as Ec2NetworkAcl,
  NetworkAclEntry as Ec2NetworkAclEntry,
  SecurityGroup as Ec2SecurityGroup,
  TrafficMirrorTarget as Ec2TrafficMirrorTarget,
  VpcEndpoint as Ec2VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  paginateDescribeNetworkAcls,
  paginateDescribeSecurityGroups,
  paginateDescribeTrafficMirrorTargets,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import { EC2_FILTER_VALUES_LIMIT, EC2_PAGE_SIZE, EC2_READ_CONCURRENCY, chunk } from './ec2-reads';
import type {
  IngressRule,
  NetworkAcl,
  NetworkAclEntry,
  SecurityGroup,
  TrafficMirrorTarget,
  TrafficMirrorTargetType,
  VpcEndpoint,
} from './target-inventory';

/** Every item of every page, in order. */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

export const defined = <T>(items: readonly (T | undefined)[]): T[] => items.filter((i): i is T => i !== undefined);
const paging = (ec2: EC2Client) => ({ client: ec2, pageSize: EC2_PAGE_SIZE });

/**
 * One paginated listing per 200 values of `filterName`, run concurrently (bounded); no call for no values.
 * EC2 answers a filter value that matches nothing with nothing, so a resource that no longer exists is absent.
 */
async function listByFilter<T>(values: readonly string[], list: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const limit = pLimit(EC2_READ_CONCURRENCY);
  const batches = chunk([...new Set(values)], EC2_FILTER_VALUES_LIMIT);
  return (await Promise.all(batches.map((batch) => limit(() => list(batch))))).flat();
}

const TARGET_TYPES: readonly string[] = ['network-interface', 'network-load-balancer', 'gateway-load-balancer-endpoint'];

/** SDK target to plain data; undefined without an ID. */
export function toTrafficMirrorTarget(t: Ec2TrafficMirrorTarget): TrafficMirrorTarget | undefined {
  if (!t.TrafficMirrorTargetId) return undefined;
  return {
    trafficMirrorTargetId: t.TrafficMirrorTargetId,
    ...(t.OwnerId ? { ownerId: t.OwnerId } : {}),
    ...(t.Type && TARGET_TYPES.includes(t.Type) ? { type: t.Type as TrafficMirrorTargetType } : {}),
    ...(t.NetworkInterfaceId ? { networkInterfaceId: t.NetworkInterfaceId } : {}),
    ...(t.NetworkLoadBalancerArn ? { networkLoadBalancerArn: t.NetworkLoadBalancerArn } : {}),
    ...(t.GatewayLoadBalancerEndpointId ? { gatewayLoadBalancerEndpointId: t.GatewayLoadBalancerEndpointId } : {}),
  };
}

/** Every traffic mirror target of the region, as SDK objects (own targets and those shared with this account). */
export function listSdkMirrorTargets(ec2: EC2Client): Promise<Ec2TrafficMirrorTarget[]> {
  return collect(paginateDescribeTrafficMirrorTargets(paging(ec2), {}), (p) => p.TrafficMirrorTargets);
}

/** Every traffic mirror target of the region: ⌈T/1000⌉ calls. */
export async function listMirrorTargets(ec2: EC2Client): Promise<TrafficMirrorTarget[]> {
  return defined((await listSdkMirrorTargets(ec2)).map(toTrafficMirrorTarget));
}

function toIngressRule(p: IpPermission): IngressRule {
  return {
    ipProtocol: p.IpProtocol ?? '-1',
    ...(p.FromPort !== undefined ? { fromPort: p.FromPort } : {}),
    ...(p.ToPort !== undefined ? { toPort: p.ToPort } : {}),
    ipv4Cidrs: defined((p.IpRanges ?? []).map((r) => r.CidrIp)),
    ipv6Cidrs: defined((p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6)),
    sourceGroupIds: defined((p.UserIdGroupPairs ?? []).map((g) => g.GroupId)),
    prefixListIds: defined((p.PrefixListIds ?? []).map((l) => l.PrefixListId)),
  };
}

const toSecurityGroup = (g: Ec2SecurityGroup): SecurityGroup | undefined =>
  g.GroupId ? { groupId: g.GroupId, ingress: (g.IpPermissions ?? []).map(toIngressRule) } : undefined;

/** The security groups with these IDs and their inbound rules (by filter: a missing group is absent). */
export async function listSecurityGroups(ec2: EC2Client, groupIds: readonly string[]): Promise<SecurityGroup[]> {
  const groups = await listByFilter(groupIds, (ids) =>
    collect(paginateDescribeSecurityGroups(paging(ec2), { Filters: [{ Name: 'group-id', Values: ids }] }), (p) => p.SecurityGroups),
  );
  return defined(groups.map(toSecurityGroup));
}

function toNetworkAclEntry(e: Ec2NetworkAclEntry): NetworkAclEntry | undefined {
  if (e.RuleNumber === undefined || (e.RuleAction !== 'allow' && e.RuleAction !== 'deny')) return undefined;
  const from = e.PortRange?.From;
  const to = e.PortRange?.To;
  return {
    ruleNumber: e.RuleNumber,
    protocol: e.Protocol ?? '-1',
    ruleAction: e.RuleAction,
    egress: e.Egress === true,
    ...(e.CidrBlock ? { cidrBlock: e.CidrBlock } : {}),
    ...(e.Ipv6CidrBlock ? { ipv6CidrBlock: e.Ipv6CidrBlock } : {}),
    ...(from !== undefined && to !== undefined ? { portRange: { from, to } } : {}),
  };
}

const toNetworkAcl = (a: Ec2NetworkAcl): NetworkAcl | undefined =>
  a.NetworkAclId
    ? {
        networkAclId: a.NetworkAclId,
        subnetIds: defined((a.Associations ?? []).map((s) => s.SubnetId)),
        entries: defined((a.Entries ?? []).map(toNetworkAclEntry)),
      }
    : undefined;

/** The network ACLs associated with these subnets: ⌈subnets/200⌉ calls filtered by association.subnet-id. */
export async function listNetworkAclsOfSubnets(ec2: EC2Client, subnetIds: readonly string[]): Promise<NetworkAcl[]> {
  const acls = await listByFilter(subnetIds, (ids) =>
    collect(paginateDescribeNetworkAcls(paging(ec2), { Filters: [{ Name: 'association.subnet-id', Values: ids }] }), (p) => p.NetworkAcls),
  );
  // Two batches may return the same ACL (it serves subnets of both): keep it once.
  return [...new Map(defined(acls.map(toNetworkAcl)).map((a) => [a.networkAclId, a])).values()];
}

const toVpcEndpoint = (e: Ec2VpcEndpoint): VpcEndpoint | undefined =>
  e.VpcEndpointId
    ? {
        vpcEndpointId: e.VpcEndpointId,
        state: e.State ?? 'unknown',
        ...(e.VpcId ? { vpcId: e.VpcId } : {}),
        subnetIds: [...(e.SubnetIds ?? [])],
        networkInterfaceIds: [...(e.NetworkInterfaceIds ?? [])],
      }
    : undefined;

/** The VPC endpoints with these IDs (by filter: one that no longer exists is absent). One page for up to 200. */
export async function listVpcEndpoints(ec2: EC2Client, vpcEndpointIds: readonly string[]): Promise<VpcEndpoint[]> {
  const endpoints = await listByFilter(vpcEndpointIds, (ids) =>
    collect(paginateDescribeVpcEndpoints(paging(ec2), { Filters: [{ Name: 'vpc-endpoint-id', Values: ids }] }), (p) => p.VpcEndpoints),
  );
  return defined(endpoints.map(toVpcEndpoint));
}
