/**
 * Thin EC2 readers for the mirror path check: route tables of the source subnets, the peering connections their
 * routes name, and the transit gateway attachments of the VPCs involved. Paginated, filtered to what the check needs,
 * independent listings in parallel; never one call per session or per ENI. No decisions here.
 *
 * Calls, for S source subnets and V source VPCs (each ⌈n/200⌉ because EC2 takes 200 values a filter):
 *   DescribeRouteTables by association.subnet-id (⌈S/200⌉) ‖ DescribeRouteTables by association.main and vpc-id
 *   (⌈V/200⌉) ‖ DescribeTransitGatewayVpcAttachments by the target VPCs' IDs (⌈T/200⌉), then
 *   DescribeVpcPeeringConnections for the peering connections the routes name (none when no route names one).
 */
import type {
  EC2Client,
  Filter,
  Route as Ec2Route,
  RouteTable as Ec2RouteTable,
  TransitGatewayVpcAttachment as Ec2TransitGatewayVpcAttachment,
  VpcPeeringConnection as Ec2VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import {
  paginateDescribeRouteTables,
  paginateDescribeTransitGatewayVpcAttachments,
  paginateDescribeVpcPeeringConnections,
} from '@aws-sdk/client-ec2';
import pLimit from 'p-limit';
import { EC2_FILTER_VALUES_LIMIT, EC2_PAGE_SIZE, EC2_READ_CONCURRENCY, chunk } from './ec2-reads';
import type { PathInventory, PathReadQuery, Route, RouteTable, TransitGatewayVpcAttachment, VpcPeeringConnection } from './path-inventory';
import { EMPTY_PATH_INVENTORY } from './path-inventory';

/** DescribeRouteTables' MaxResults upper bound ("Valid Range: Minimum value of 5. Maximum value of 100."). */
export const ROUTE_TABLE_PAGE_SIZE = 100;

function toRoute(r: Ec2Route): Route | undefined {
  // Mirrored VXLAN goes to an IPv4 address: IPv6 and prefix-list destinations cannot match it here.
  if (!r.DestinationCidrBlock) return undefined;
  return {
    destinationCidrBlock: r.DestinationCidrBlock,
    state: r.State ?? 'active',
    ...(r.GatewayId ? { gatewayId: r.GatewayId } : {}),
    ...(r.VpcPeeringConnectionId ? { vpcPeeringConnectionId: r.VpcPeeringConnectionId } : {}),
    ...(r.TransitGatewayId ? { transitGatewayId: r.TransitGatewayId } : {}),
    ...(r.NatGatewayId ? { natGatewayId: r.NatGatewayId } : {}),
    ...(r.NetworkInterfaceId ? { networkInterfaceId: r.NetworkInterfaceId } : {}),
    ...(r.InstanceId ? { instanceId: r.InstanceId } : {}),
    ...(r.LocalGatewayId ? { localGatewayId: r.LocalGatewayId } : {}),
    ...(r.CarrierGatewayId ? { carrierGatewayId: r.CarrierGatewayId } : {}),
    ...(r.EgressOnlyInternetGatewayId ? { egressOnlyInternetGatewayId: r.EgressOnlyInternetGatewayId } : {}),
    ...(r.CoreNetworkArn ? { coreNetworkArn: r.CoreNetworkArn } : {}),
  };
}

export function toRouteTable(t: Ec2RouteTable): RouteTable | undefined {
  if (!t.RouteTableId || !t.VpcId) return undefined;
  return {
    routeTableId: t.RouteTableId,
    vpcId: t.VpcId,
    associations: (t.Associations ?? []).map((a) => ({ main: a.Main === true, ...(a.SubnetId ? { subnetId: a.SubnetId } : {}) })),
    routes: (t.Routes ?? []).flatMap((r) => toRoute(r) ?? []),
  };
}

export function toVpcPeeringConnection(p: Ec2VpcPeeringConnection): VpcPeeringConnection | undefined {
  const requester = p.RequesterVpcInfo;
  const accepter = p.AccepterVpcInfo;
  if (!p.VpcPeeringConnectionId || !requester?.VpcId || !accepter?.VpcId) return undefined;
  return {
    vpcPeeringConnectionId: p.VpcPeeringConnectionId,
    requesterVpcId: requester.VpcId,
    accepterVpcId: accepter.VpcId,
    ...(requester.Region ? { requesterRegion: requester.Region } : {}),
    ...(accepter.Region ? { accepterRegion: accepter.Region } : {}),
    statusCode: p.Status?.Code ?? 'unknown',
  };
}

export function toTransitGatewayVpcAttachment(a: Ec2TransitGatewayVpcAttachment): TransitGatewayVpcAttachment | undefined {
  if (!a.TransitGatewayAttachmentId || !a.TransitGatewayId || !a.VpcId) return undefined;
  return { transitGatewayAttachmentId: a.TransitGatewayAttachmentId, transitGatewayId: a.TransitGatewayId, vpcId: a.VpcId, state: a.State ?? 'unknown' };
}

const unique = (values: readonly string[]) => [...new Set(values)];

/** One paginated listing per 200 filter values, run with bounded concurrency, mapped and flattened. */
async function listByChunks<P, T>(
  values: readonly string[],
  filtersFor: (chunk: string[]) => Filter[],
  pages: (filters: Filter[]) => AsyncIterable<P>,
  items: (page: P) => readonly (T | undefined)[],
): Promise<T[]> {
  const limit = pLimit(EC2_READ_CONCURRENCY);
  const lists = await Promise.all(
    chunk(unique(values), EC2_FILTER_VALUES_LIMIT).map((c) =>
      limit(async () => {
        const out: T[] = [];
        for await (const page of pages(filtersFor(c))) for (const item of items(page)) if (item !== undefined) out.push(item);
        return out;
      }),
    ),
  );
  return lists.flat();
}

/** Route tables explicitly associated with the subnets, and the main tables of the VPCs. */
export async function listRouteTables(ec2: EC2Client, subnetIds: readonly string[], vpcIds: readonly string[]): Promise<RouteTable[]> {
  const pages = (Filters: Filter[]) => paginateDescribeRouteTables({ client: ec2, pageSize: ROUTE_TABLE_PAGE_SIZE }, { Filters });
  const items = (p: { RouteTables?: Ec2RouteTable[] }) => (p.RouteTables ?? []).map(toRouteTable);
  const [explicit, main] = await Promise.all([
    listByChunks(subnetIds, (ids) => [{ Name: 'association.subnet-id', Values: ids }], pages, items),
    listByChunks(
      vpcIds,
      (ids) => [
        { Name: 'association.main', Values: ['true'] },
        { Name: 'vpc-id', Values: ids },
      ],
      pages,
      items,
    ),
  ]);
  // A VPC's main table can also be explicitly associated with a subnet: keep each table once.
  return [...new Map([...explicit, ...main].map((t) => [t.routeTableId, t])).values()];
}

/** The peering connections with these IDs, in whatever state EC2 still shows them. */
export function listVpcPeeringConnections(ec2: EC2Client, ids: readonly string[]): Promise<VpcPeeringConnection[]> {
  return listByChunks(
    ids,
    (c) => [{ Name: 'vpc-peering-connection-id', Values: c }],
    (Filters) => paginateDescribeVpcPeeringConnections({ client: ec2, pageSize: EC2_PAGE_SIZE }, { Filters }),
    (p) => (p.VpcPeeringConnections ?? []).map(toVpcPeeringConnection),
  );
}

/** The transit gateway attachments of these VPCs, in any state (a pending one is named in the verdict). */
export function listTransitGatewayVpcAttachments(ec2: EC2Client, vpcIds: readonly string[]): Promise<TransitGatewayVpcAttachment[]> {
  return listByChunks(
    vpcIds,
    (c) => [{ Name: 'vpc-id', Values: c }],
    (Filters) => paginateDescribeTransitGatewayVpcAttachments({ client: ec2, pageSize: EC2_PAGE_SIZE }, { Filters }),
    (p) => (p.TransitGatewayVpcAttachments ?? []).map(toTransitGatewayVpcAttachment),
  );
}

/** What checkMirrorPath needs for these sources and targets; no call at all when there is no source. */
export async function readPathInventory(ec2: EC2Client, query: PathReadQuery): Promise<PathInventory> {
  if (query.sourceVpcIds.length === 0) return EMPTY_PATH_INVENTORY;
  const [routeTables, transitGatewayVpcAttachments] = await Promise.all([
    listRouteTables(ec2, query.sourceSubnetIds, query.sourceVpcIds),
    listTransitGatewayVpcAttachments(ec2, [...(query.sourceAttachments === true ? query.sourceVpcIds : []), ...query.targetVpcIds]),
  ]);
  // Only the peering connections the routes lead through matter, so they are read by ID once the routes are known.
  const peeringIds = routeTables.flatMap((t) => t.routes.flatMap((r) => (r.vpcPeeringConnectionId ? [r.vpcPeeringConnectionId] : [])));
  const vpcPeeringConnections = peeringIds.length > 0 ? await listVpcPeeringConnections(ec2, peeringIds) : [];
  return { routeTables, vpcPeeringConnections, transitGatewayVpcAttachments };
}
