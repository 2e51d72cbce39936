/**
 * Can mirrored packets get from the source ENI's subnet to a target in another VPC? The Conformity rule's third
 * condition ("The traffic mirror source has a route table entry for the traffic mirror target"), and AWS's reason:
 * "Encapsulated mirror traffic is routed by using the VPC route table" (Traffic Mirroring considerations).
 *
 * The check follows EC2: the subnet's explicitly associated route table, else the VPC's main table; the route with the
 * longest prefix containing the target's address; a `blackhole` route carries nothing. The route must lead through a
 * VPC peering connection that is `active`, joins the two VPCs and stays in one Region (Traffic Mirroring does not
 * cross Regions), or through a transit gateway to which the target's VPC has an `available` attachment. Transit gateway
 * route tables are not read. Anything else (internet or NAT gateway, an instance, ...) does not reach a private target.
 *
 * Pure: plain data in, verdict out. The rule, the CLI's audit and the remediation all call it.
 */
import { ipv4CidrContains, parseIpv4 } from './ipv4';
import type { PathInventory, Route, RouteTable, TransitGatewayVpcAttachment, VpcPeeringConnection } from './path-inventory';

export interface MirrorPathQuery {
  /** Names the session in verdicts; the remediation, which has none yet, leaves it out and the source ENI is named. */
  readonly trafficMirrorSessionId?: string;
  readonly source: {
    readonly networkInterfaceId: string;
    readonly vpcId: string;
    readonly subnetId?: string;
  };
  readonly target: {
    /** Names the target in verdicts; without it (a target not created yet), `resourceId` is named. */
    readonly trafficMirrorTargetId?: string;
    readonly resourceId?: string;
    readonly vpcId: string;
    /** The account owning the target's VPC when it is not the evaluated account (shared through AWS RAM). */
    readonly ownerId?: string;
    /** Private IPv4 addresses the mirrored packets go to; any one reachable is enough. */
    readonly addresses: readonly string[];
  };
}

export type MirrorPathVerdict =
  | {
      readonly reachable: true;
      /** What carries the packets: "local" (same VPC), a pcx- or a tgw-. */
      readonly via: string;
      /** Something that could not be verified, for the annotation. */
      readonly note?: string;
    }
  | {
      readonly reachable: false;
      /** `tms-… → tmt-… (10.20.0.50): route table rtb-… of subnet-… has no route to it`. */
      readonly reason: string;
      /** The route table to fix, when one was found. */
      readonly routeTableId?: string;
    };

interface PathIndex {
  readonly tableBySubnet: ReadonlyMap<string, RouteTable>;
  readonly mainTableByVpc: ReadonlyMap<string, RouteTable>;
  readonly peerings: ReadonlyMap<string, VpcPeeringConnection>;
  readonly attachmentsByVpc: ReadonlyMap<string, readonly TransitGatewayVpcAttachment[]>;
}

/** Built once per inventory, so a sweep checking many sessions costs O(sessions + routes). */
const indexes = new WeakMap<PathInventory, PathIndex>();

function indexOf(inv: PathInventory): PathIndex {
  const cached = indexes.get(inv);
  if (cached) return cached;
  const tableBySubnet = new Map<string, RouteTable>();
  const mainTableByVpc = new Map<string, RouteTable>();
  for (const table of inv.routeTables) {
    for (const a of table.associations) {
      if (a.subnetId !== undefined) tableBySubnet.set(a.subnetId, table);
      if (a.main) mainTableByVpc.set(table.vpcId, table);
    }
  }
  const attachmentsByVpc = new Map<string, TransitGatewayVpcAttachment[]>();
  for (const a of inv.transitGatewayVpcAttachments) attachmentsByVpc.set(a.vpcId, [...(attachmentsByVpc.get(a.vpcId) ?? []), a]);
  const index: PathIndex = {
    tableBySubnet,
    mainTableByVpc,
    peerings: new Map(inv.vpcPeeringConnections.map((p) => [p.vpcPeeringConnectionId, p])),
    attachmentsByVpc,
  };
  indexes.set(inv, index);
  return index;
}

/** The route table EC2 applies to the subnet: its explicit association, else the VPC's main table. */
export function routeTableOf(inv: PathInventory, vpcId: string, subnetId: string | undefined): RouteTable | undefined {
  const index = indexOf(inv);
  return (subnetId === undefined ? undefined : index.tableBySubnet.get(subnetId)) ?? index.mainTableByVpc.get(vpcId);
}

const prefixLength = (cidr: string) => Number(cidr.split('/')[1] ?? -1);

/** The route EC2 uses for the address: the most specific destination containing it. */
export function longestPrefixMatch(routes: readonly Route[], address: string): Route | undefined {
  let best: Route | undefined;
  for (const route of routes) {
    if (!ipv4CidrContains(route.destinationCidrBlock, address)) continue;
    if (best === undefined || prefixLength(route.destinationCidrBlock) > prefixLength(best.destinationCidrBlock)) best = route;
  }
  return best;
}

/** Where a route sends packets, by the ID EC2 shows for its target. */
function nextHopOf(route: Route): string {
  return (
    route.vpcPeeringConnectionId ??
    route.transitGatewayId ??
    route.gatewayId ??
    route.natGatewayId ??
    route.networkInterfaceId ??
    route.instanceId ??
    route.localGatewayId ??
    route.carrierGatewayId ??
    route.egressOnlyInternetGatewayId ??
    route.coreNetworkArn ??
    'an unknown target'
  );
}

type HopVerdict = { readonly ok: true; readonly note?: string } | { readonly ok: false; readonly why: string };

function peeringHop(query: MirrorPathQuery, index: PathIndex, id: string): HopVerdict {
  const peering = index.peerings.get(id);
  if (peering === undefined) return { ok: false, why: `through ${id}, which does not exist any more` };
  const { vpcId: sourceVpc } = query.source;
  const { vpcId: targetVpc } = query.target;
  const joins =
    (peering.requesterVpcId === sourceVpc && peering.accepterVpcId === targetVpc) ||
    (peering.requesterVpcId === targetVpc && peering.accepterVpcId === sourceVpc);
  if (!joins) {
    return { ok: false, why: `through ${id}, which joins ${peering.requesterVpcId} to ${peering.accepterVpcId}, not to the target's VPC` };
  }
  if (peering.statusCode !== 'active') return { ok: false, why: `through ${id}, which is ${peering.statusCode}, not active` };
  const { requesterRegion: a, accepterRegion: b } = peering;
  if (a !== undefined && b !== undefined && a !== b) {
    return { ok: false, why: `through ${id}, which peers ${a} with ${b}: Traffic Mirroring does not cross Regions` };
  }
  return { ok: true };
}

function transitGatewayHop(query: MirrorPathQuery, index: PathIndex, id: string): HopVerdict {
  const { vpcId: targetVpc, ownerId } = query.target;
  const onGateway = (vpcId: string) => (index.attachmentsByVpc.get(vpcId) ?? []).filter((a) => a.transitGatewayId === id);
  const targetSide = onGateway(targetVpc);
  if (targetSide.some((a) => a.state === 'available')) return { ok: true };
  const pending = targetSide[0];
  if (pending !== undefined) {
    // The attachment's ID is left out: with the session, target, table and subnet IDs the annotation would pass 256.
    return { ok: false, why: `through ${id}, to which ${targetVpc} is not attached (its attachment is ${pending.state})` };
  }
  if (ownerId !== undefined) {
    // The target's VPC belongs to another account, whose attachment this account cannot see: the source side decides.
    const sourceVpc = query.source.vpcId;
    if (onGateway(sourceVpc).some((a) => a.state === 'available')) {
      return { ok: true, note: `the attachment of ${targetVpc} (account ${ownerId}) to ${id} is not visible from here and was not verified` };
    }
    return { ok: false, why: `through ${id}, to which ${sourceVpc} is not attached (and the attachment of ${targetVpc} is not visible)` };
  }
  return { ok: false, why: `through ${id}, to which ${targetVpc} is not attached` };
}

/** Does this (active) route's next hop lead to the target's VPC? */
function hopVerdict(query: MirrorPathQuery, index: PathIndex, route: Route): HopVerdict {
  if (route.vpcPeeringConnectionId !== undefined) return peeringHop(query, index, route.vpcPeeringConnectionId);
  if (route.transitGatewayId !== undefined) return transitGatewayHop(query, index, route.transitGatewayId);
  if (route.gatewayId === 'local') {
    return { ok: false, why: `to its own VPC (local route ${route.destinationCidrBlock}): the target's address overlaps the source VPC` };
  }
  return { ok: false, why: `to ${nextHopOf(route)}, which does not lead to a private address in another VPC` };
}

type AddressVerdict = { readonly ok: true; readonly via: string; readonly note?: string } | { readonly ok: false; readonly why: string };

function addressVerdict(query: MirrorPathQuery, index: PathIndex, table: RouteTable, address: string): AddressVerdict {
  const route = longestPrefixMatch(table.routes, address);
  if (route === undefined) return { ok: false, why: 'has no route to it' };
  if (route.state === 'blackhole') return { ok: false, why: `routes it to a blackhole (${route.destinationCidrBlock} via ${nextHopOf(route)})` };
  const hop = hopVerdict(query, index, route);
  if (!hop.ok) return { ok: false, why: `routes it ${hop.why}` };
  return { ok: true, via: nextHopOf(route), ...(hop.note !== undefined ? { note: hop.note } : {}) };
}

/**
 * Without a known address (a Gateway Load Balancer endpoint, a load balancer that reports none), any active route
 * whose next hop reaches the target's VPC is taken as the path: its prefix cannot be matched, which the docs say.
 */
function anyRouteVerdict(query: MirrorPathQuery, index: PathIndex, table: RouteTable): AddressVerdict {
  for (const route of table.routes) {
    if (route.state === 'blackhole') continue;
    const hop = hopVerdict(query, index, route);
    if (hop.ok) return { ok: true, via: nextHopOf(route), ...(hop.note !== undefined ? { note: hop.note } : {}) };
  }
  return { ok: false, why: `has no active route through a peering connection or transit gateway to ${query.target.vpcId}` };
}

function label(query: MirrorPathQuery, addresses: readonly string[]): string {
  const from = query.trafficMirrorSessionId ?? query.source.networkInterfaceId;
  const to = query.target.trafficMirrorTargetId ?? query.target.resourceId ?? 'the target';
  return `${from} → ${to}${addresses.length > 0 ? ` (${addresses.join(', ')})` : ''}`;
}

/** The path from the source's subnet to the target: reachable, or why not, naming the route table to fix. */
export function checkMirrorPath(query: MirrorPathQuery, inv: PathInventory): MirrorPathVerdict {
  // Same VPC: the `local` route always exists and cannot be removed.
  if (query.target.vpcId === query.source.vpcId) return { reachable: true, via: 'local' };
  const index = indexOf(inv);
  const addresses = query.target.addresses.filter((a) => parseIpv4(a) !== undefined);
  const table = routeTableOf(inv, query.source.vpcId, query.source.subnetId);
  const subnet = query.source.subnetId ?? `the subnet of ${query.source.networkInterfaceId}`;
  if (table === undefined) {
    return { reachable: false, reason: `${label(query, addresses)}: no route table of ${subnet} (nor a main table of ${query.source.vpcId}) was found` };
  }
  const verdicts = addresses.length > 0 ? addresses.map((a) => addressVerdict(query, index, table, a)) : [anyRouteVerdict(query, index, table)];
  const reached = verdicts.find((v) => v.ok);
  if (reached?.ok) return { reachable: true, via: reached.via, ...(reached.note !== undefined ? { note: reached.note } : {}) };
  const whys = [...new Set(verdicts.flatMap((v) => (v.ok ? [] : [v.why])))];
  return {
    reachable: false,
    reason: `${label(query, addresses)}: route table ${table.routeTableId} of ${subnet} ${whys.join('; ')}`,
    routeTableId: table.routeTableId,
  };
}
