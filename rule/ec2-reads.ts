/**
 * Thin EC2 readers: each lists one kind of resource with the SDK's paginators and the largest page size AWS
 * allows, and maps it to the plain data in inventory.ts. No decisions here.
 */
import type {
  EC2Client,
  Filter,
  NetworkInterface as Ec2NetworkInterface,
  TrafficMirrorFilter as Ec2TrafficMirrorFilter,
  TrafficMirrorFilterRule,
  TrafficMirrorSession as Ec2TrafficMirrorSession,
} from '@aws-sdk/client-ec2';
import {
  paginateDescribeNetworkInterfaces,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import type { NetworkInterface, TrafficMirrorFilter, TrafficMirrorSession, Vpc } from './inventory';

/** MaxResults upper bound of DescribeVpcs, DescribeNetworkInterfaces and DescribeTrafficMirror* (EC2 API Reference). */
export const EC2_PAGE_SIZE = 1000;
/** EC2 accepts at most 200 values in one filter (EC2 API Reference, "Filter": "up to 200 values"). */
export const EC2_FILTER_VALUES_LIMIT = 200;
/**
 * Independent EC2 reads in flight at once. EC2 throttles non-mutating calls with a token bucket of 100 that
 * refills at 20/s per account-region ("Request throttling for the Amazon EC2 API"); 5 concurrent reads stay
 * well inside the bucket even for the largest sweep (about 20 EC2 calls), leaving room for other tools.
 */
export const EC2_READ_CONCURRENCY = 5;

import { chunk } from './chunk';

export { chunk };

export function tagsToRecord(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** VPCs of the region, or only those listed (by filter, so a VPC that no longer exists is simply absent). */
export async function listVpcs(ec2: EC2Client, vpcIds?: readonly string[]): Promise<Vpc[]> {
  const filterSets: (Filter[] | undefined)[] =
    vpcIds === undefined ? [undefined] : chunk(vpcIds, EC2_FILTER_VALUES_LIMIT).map((ids) => [{ Name: 'vpc-id', Values: ids }]);
  const limit = pLimit(EC2_READ_CONCURRENCY);
  const pages = await Promise.all(
    filterSets.map((Filters) =>
      limit(async () => {
        const vpcs: Vpc[] = [];
        for await (const page of paginateDescribeVpcs({ client: ec2, pageSize: EC2_PAGE_SIZE }, { Filters })) {
          for (const v of page.Vpcs ?? []) {
            if (!v.VpcId) continue;
            vpcs.push({
              vpcId: v.VpcId,
              isDefault: v.IsDefault === true,
              tags: tagsToRecord(v.Tags),
              ...(v.OwnerId ? { ownerId: v.OwnerId } : {}),
            });
          }
        }
        return vpcs;
      }),
    ),
  );
  return pages.flat();
}

/** SDK session to plain data; undefined when EC2 leaves out an ID. Shared with remediation/ readers. */
export function toMirrorSession(s: Ec2TrafficMirrorSession): TrafficMirrorSession | undefined {
  if (!s.TrafficMirrorSessionId || !s.NetworkInterfaceId) return undefined;
  return {
    trafficMirrorSessionId: s.TrafficMirrorSessionId,
    networkInterfaceId: s.NetworkInterfaceId,
    trafficMirrorTargetId: s.TrafficMirrorTargetId ?? '',
    trafficMirrorFilterId: s.TrafficMirrorFilterId ?? '',
  };
}

/** Every traffic mirror session of the region. */
export async function listMirrorSessions(ec2: EC2Client): Promise<TrafficMirrorSession[]> {
  const sessions: TrafficMirrorSession[] = [];
  for await (const page of paginateDescribeTrafficMirrorSessions({ client: ec2, pageSize: EC2_PAGE_SIZE }, {})) {
    for (const s of page.TrafficMirrorSessions ?? []) {
      const session = toMirrorSession(s);
      if (session) sessions.push(session);
    }
  }
  return sessions;
}

const accepts = (rules: TrafficMirrorFilterRule[] | undefined) => (rules ?? []).some((r) => r.RuleAction === 'accept');

/** SDK filter to what decides whether it mirrors anything; undefined without an ID. */
export function toMirrorFilter(f: Ec2TrafficMirrorFilter): TrafficMirrorFilter | undefined {
  if (!f.TrafficMirrorFilterId) return undefined;
  return {
    trafficMirrorFilterId: f.TrafficMirrorFilterId,
    hasAcceptRule: accepts(f.IngressFilterRules) || accepts(f.EgressFilterRules),
    networkServices: [...(f.NetworkServices ?? [])],
  };
}

/** Every traffic mirror filter of the region, reduced to what decides whether it mirrors anything. */
export async function listMirrorFilters(ec2: EC2Client): Promise<TrafficMirrorFilter[]> {
  const filters: TrafficMirrorFilter[] = [];
  for await (const page of paginateDescribeTrafficMirrorFilters({ client: ec2, pageSize: EC2_PAGE_SIZE }, {})) {
    for (const f of page.TrafficMirrorFilters ?? []) {
      const filter = toMirrorFilter(f);
      if (filter) filters.push(filter);
    }
  }
  return filters;
}

/** SDK ENI to plain data; undefined when EC2 leaves out its ID or VPC. */
export function toNetworkInterface(n: Ec2NetworkInterface): NetworkInterface | undefined {
  if (!n.NetworkInterfaceId || !n.VpcId) return undefined;
  return {
    networkInterfaceId: n.NetworkInterfaceId,
    vpcId: n.VpcId,
    status: n.Status ?? 'unknown',
    interfaceType: n.InterfaceType ?? 'interface',
    ...(n.Attachment?.InstanceId ? { instanceId: n.Attachment.InstanceId } : {}),
    ...(n.SubnetId ? { subnetId: n.SubnetId } : {}),
    ...(n.PrivateIpAddress ? { privateIpAddress: n.PrivateIpAddress } : {}),
    ...(n.Groups?.length ? { securityGroupIds: n.Groups.flatMap((g) => (g.GroupId ? [g.GroupId] : [])) } : {}),
  };
}

export interface NetworkInterfaceQuery {
  /** Only these ENIs (by filter: an ENI that no longer exists is absent, not an error). */
  readonly networkInterfaceIds?: readonly string[];
  /** Only ENIs of this VPC. */
  readonly vpcId?: string;
}

/**
 * ENIs matching the query: one paginated listing per 200 IDs, run concurrently. With neither field, every ENI
 * of the region (mode `all` sweeps). With an empty ID list, nothing and no call.
 */
export async function listNetworkInterfaces(ec2: EC2Client, query: NetworkInterfaceQuery = {}): Promise<NetworkInterface[]> {
  const ids = query.networkInterfaceIds === undefined ? undefined : [...new Set(query.networkInterfaceIds)];
  if (ids !== undefined && ids.length === 0) return [];
  const vpcFilter: Filter[] = query.vpcId === undefined ? [] : [{ Name: 'vpc-id', Values: [query.vpcId] }];
  const filterSets: Filter[][] =
    ids === undefined
      ? [vpcFilter]
      : chunk(ids, EC2_FILTER_VALUES_LIMIT).map((c) => [...vpcFilter, { Name: 'network-interface-id', Values: c }]);
  const limit = pLimit(EC2_READ_CONCURRENCY);
  const results = await Promise.all(
    filterSets.map((filters) =>
      limit(async () => {
        const enis: NetworkInterface[] = [];
        const input = filters.length > 0 ? { Filters: filters } : {};
        for await (const page of paginateDescribeNetworkInterfaces({ client: ec2, pageSize: EC2_PAGE_SIZE }, input)) {
          for (const n of page.NetworkInterfaces ?? []) {
            const eni = toNetworkInterface(n);
            if (eni) enis.push(eni);
          }
        }
        return enis;
      }),
    ),
  );
  return results.flat();
}
