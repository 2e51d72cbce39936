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
import { INSTANCE_INTERFACE_STATUS, INSTANCE_INTERFACE_TYPE, isInstanceInterface } from './inventory';

/** MaxResults upper bound of DescribeVpcs, DescribeNetworkInterfaces and DescribeTrafficMirror* (EC2 API Reference). */
export const EC2_PAGE_SIZE = 1000;
/** EC2 accepts at most 200 values in one filter (EC2 API Reference, "Filter": "up to 200 values"). */
export const EC2_FILTER_VALUES_LIMIT = 200;
/**
 * Independent EC2 reads in flight at once. EC2 throttles each API action on its own token bucket per
 * account-region; a non-mutating action such as DescribeNetworkInterfaces holds 100 tokens and refills 20 a second
 * ("Request throttling for the Amazon EC2 API", https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html).
 * With at most 5 requests in flight, a sweep's listings start a burst of 5 and go on at one request per page round
 * trip each: a page of 1000 ENIs takes well over the 250 ms that would push 5 listings past the 20/s refill, and the
 * largest benchmark sweep makes about 25 DescribeNetworkInterfaces calls, inside the burst. Should other tools of the
 * account drain the bucket, adaptive retries (aws-clients.ts) back off on RequestLimitExceeded.
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
 * One paginated DescribeNetworkInterfaces listing per filter set, EC2_READ_CONCURRENCY of them at a time, each
 * ENI mapped as it arrives (undefined: not kept), so only the mapped records outlive their page.
 */
async function describeNetworkInterfaces(
  ec2: EC2Client,
  filterSets: readonly Filter[][],
  toRecord: (n: Ec2NetworkInterface) => NetworkInterface | undefined,
): Promise<NetworkInterface[]> {
  const limit = pLimit(EC2_READ_CONCURRENCY);
  const results = await Promise.all(
    filterSets.map((filters) =>
      limit(async () => {
        const enis: NetworkInterface[] = [];
        const input = filters.length > 0 ? { Filters: filters } : {};
        for await (const page of paginateDescribeNetworkInterfaces({ client: ec2, pageSize: EC2_PAGE_SIZE }, input)) {
          for (const n of page.NetworkInterfaces ?? []) {
            const eni = toRecord(n);
            if (eni) enis.push(eni);
          }
        }
        return enis;
      }),
    ),
  );
  return results.flat();
}

/**
 * ENIs matching the query: one paginated listing per 200 IDs, run concurrently. With neither field, every ENI
 * of the region. With an empty ID list, nothing and no call.
 */
export async function listNetworkInterfaces(ec2: EC2Client, query: NetworkInterfaceQuery = {}): Promise<NetworkInterface[]> {
  const ids = query.networkInterfaceIds === undefined ? undefined : [...new Set(query.networkInterfaceIds)];
  if (ids !== undefined && ids.length === 0) return [];
  const vpcFilter: Filter[] = query.vpcId === undefined ? [] : [{ Name: 'vpc-id', Values: [query.vpcId] }];
  const filterSets: Filter[][] =
    ids === undefined
      ? [vpcFilter]
      : chunk(ids, EC2_FILTER_VALUES_LIMIT).map((c) => [...vpcFilter, { Name: 'network-interface-id', Values: c }]);
  return describeNetworkInterfaces(ec2, filterSets, toNetworkInterface);
}

/**
 * Narrows a listing to the ENIs that can be instance interfaces (isInstanceInterface): `status` in-use and
 * `interface-type` interface (DescribeNetworkInterfaces filters, EC2 API Reference). Whether an instance holds the
 * ENI cannot be filtered on, so that is checked on each ENI returned.
 */
export const INSTANCE_INTERFACE_FILTERS: readonly Filter[] = [
  { Name: 'status', Values: [INSTANCE_INTERFACE_STATUS] },
  { Name: 'interface-type', Values: [INSTANCE_INTERFACE_TYPE] },
];

/**
 * An instance interface as a slim record: ID, VPC, status, type and instance, nothing else. Mode `all` holds one
 * per instance ENI of every VPC it checks (hundreds of thousands in a large region), so it keeps only what
 * isInstanceInterface and the verdict need; session sources come from toNetworkInterface with all their fields.
 * The VPC ID, status and type are shared strings (`vpcIds` holds the caller's copy of each VPC ID), not one
 * copy per ENI. Undefined for any other ENI.
 */
function toInstanceInterface(n: Ec2NetworkInterface, vpcIds: ReadonlyMap<string, string>): NetworkInterface | undefined {
  const vpcId = n.VpcId === undefined ? undefined : vpcIds.get(n.VpcId);
  const instanceId = n.Attachment?.InstanceId;
  if (!n.NetworkInterfaceId || vpcId === undefined || !instanceId) return undefined;
  const eni = { networkInterfaceId: n.NetworkInterfaceId, vpcId, status: INSTANCE_INTERFACE_STATUS, interfaceType: INSTANCE_INTERFACE_TYPE, instanceId };
  return n.Status === eni.status && n.InterfaceType === eni.interfaceType && isInstanceInterface(eni) ? eni : undefined;
}

/**
 * The instance interfaces (isInstanceInterface) of these VPCs, as slim records: one listing per 200 VPC IDs
 * (`vpc-id` filter, with INSTANCE_INTERFACE_FILTERS), EC2_READ_CONCURRENCY at a time. Calls: per batch of 200
 * VPCs, one page per 1000 of its in-use `interface` ENIs (at least one); never a call per VPC or per ENI.
 * With no VPC, nothing and no call.
 */
export async function listInstanceInterfaces(ec2: EC2Client, vpcIds: readonly string[]): Promise<NetworkInterface[]> {
  const ids = new Map(vpcIds.map((id) => [id, id]));
  const filterSets = chunk([...ids.keys()], EC2_FILTER_VALUES_LIMIT).map((c) => [
    { Name: 'vpc-id', Values: c },
    ...INSTANCE_INTERFACE_FILTERS,
  ]);
  return describeNetworkInterfaces(ec2, filterSets, (n) => toInstanceInterface(n, ids));
}
