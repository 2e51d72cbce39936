/**
 * Thin EC2 readers for the remediation: each lists one kind of resource with the SDK's paginators at the largest
 * page size and maps it to the plain data in inventory.ts, extending the rule's mappers. No decisions here.
 */
import type {
  EC2Client,
  Filter,
  IpPermission,
  NetworkInterface as Ec2NetworkInterface,
  SecurityGroup as Ec2SecurityGroup,
} from '@aws-sdk/client-ec2';
import {
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeTrafficMirrorTargets,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { EC2_FILTER_VALUES_LIMIT, EC2_PAGE_SIZE, chunk, tagsToRecord, toMirrorFilter, toMirrorSession, toNetworkInterface } from '../rule/ec2-reads';
import type {
  IngressRule,
  MirrorFilter,
  MirrorSession,
  MirrorTarget,
  RemediationNetworkInterface,
  SecurityGroup,
} from './inventory';

/** Every item of every page, in order. */
async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

const defined = <T>(items: readonly (T | undefined)[]): T[] => items.filter((i): i is T => i !== undefined);
const paging = (ec2: EC2Client) => ({ client: ec2, pageSize: EC2_PAGE_SIZE });

function toRemediationEni(n: Ec2NetworkInterface): RemediationNetworkInterface | undefined {
  const base = toNetworkInterface(n);
  if (!base) return undefined;
  return {
    ...base,
    securityGroupIds: defined((n.Groups ?? []).map((g) => g.GroupId)),
    ...(n.PrivateIpAddress ? { privateIpAddress: n.PrivateIpAddress } : {}),
    ...(n.SubnetId ? { subnetId: n.SubnetId } : {}),
  };
}

/** ENIs matching the EC2 filters (by filter, so an ENI that does not exist is absent rather than an error). */
export async function listRemediationNetworkInterfaces(ec2: EC2Client, filters: Filter[]): Promise<RemediationNetworkInterface[]> {
  const enis = await collect(paginateDescribeNetworkInterfaces(paging(ec2), { Filters: filters }), (p) => p.NetworkInterfaces);
  return defined(enis.map(toRemediationEni));
}

/** Every traffic mirror session of the account-region, with its session number and tags. */
export async function listSessionsWithNumbers(ec2: EC2Client): Promise<MirrorSession[]> {
  const sessions = await collect(paginateDescribeTrafficMirrorSessions(paging(ec2), {}), (p) => p.TrafficMirrorSessions);
  return defined(
    sessions.map((s) => {
      const base = toMirrorSession(s);
      return base && { ...base, sessionNumber: s.SessionNumber ?? 0, tags: tagsToRecord(s.Tags) };
    }),
  );
}

/** Every traffic mirror filter of the account-region, with its tags. */
export async function listFiltersWithTags(ec2: EC2Client): Promise<MirrorFilter[]> {
  const filters = await collect(paginateDescribeTrafficMirrorFilters(paging(ec2), {}), (p) => p.TrafficMirrorFilters);
  return defined(
    filters.map((f) => {
      const base = toMirrorFilter(f);
      return base && { ...base, tags: tagsToRecord(f.Tags) };
    }),
  );
}

/** Every traffic mirror target of the account-region (including targets shared with it). */
export async function listTargets(ec2: EC2Client): Promise<MirrorTarget[]> {
  const targets = await collect(paginateDescribeTrafficMirrorTargets(paging(ec2), {}), (p) => p.TrafficMirrorTargets);
  return targets.flatMap((t) =>
    t.TrafficMirrorTargetId
      ? [
          {
            trafficMirrorTargetId: t.TrafficMirrorTargetId,
            ...(t.NetworkInterfaceId ? { networkInterfaceId: t.NetworkInterfaceId } : {}),
            ...(t.NetworkLoadBalancerArn ? { networkLoadBalancerArn: t.NetworkLoadBalancerArn } : {}),
            ...(t.GatewayLoadBalancerEndpointId ? { gatewayLoadBalancerEndpointId: t.GatewayLoadBalancerEndpointId } : {}),
            tags: tagsToRecord(t.Tags),
          },
        ]
      : [],
  );
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
  const pages = await Promise.all(
    chunk([...new Set(groupIds)], EC2_FILTER_VALUES_LIMIT).map((ids) =>
      collect(paginateDescribeSecurityGroups(paging(ec2), { Filters: [{ Name: 'group-id', Values: ids }] }), (p) => p.SecurityGroups),
    ),
  );
  return defined(pages.flat().map(toSecurityGroup));
}

/** A VPC endpoint's VPC and network interfaces (where mirrored packets arrive); undefined when it is not visible. */
export async function findVpcEndpoint(
  ec2: EC2Client,
  vpcEndpointId: string,
): Promise<{ vpcId: string; networkInterfaceIds: string[] } | undefined> {
  const endpoints = await collect(
    paginateDescribeVpcEndpoints(paging(ec2), { Filters: [{ Name: 'vpc-endpoint-id', Values: [vpcEndpointId] }] }),
    (p) => p.VpcEndpoints,
  );
  const endpoint = endpoints[0];
  return endpoint?.VpcId ? { vpcId: endpoint.VpcId, networkInterfaceIds: [...(endpoint.NetworkInterfaceIds ?? [])] } : undefined;
}
