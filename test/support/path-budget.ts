/**
 * The EC2 calls the route check (issue 14) may make on a fake region, worked out from the fake's own state rather
 * than from the rule's code: the sessions whose filter accepts traffic and whose target's resource sits in another
 * VPC than their source need, for S source subnets, V source VPCs and T target VPCs:
 *   DescribeRouteTables: per 200 subnets, a page per 100 tables explicitly associated with them (at least one);
 *                        per 200 VPCs, a page per 100 main tables (one per VPC);
 *   DescribeTransitGatewayVpcAttachments: one page per 200 target VPCs;
 *   DescribeVpcPeeringConnections: one page when a table read names a peering connection.
 * None when no such session exists. Used by the wire tests (exact counts) and the benchmark (budgets).
 */
import type { FakeRegion, FakeSession } from './fake-aws';

const FILTER_VALUES = 200;
const ROUTE_TABLE_PAGE = 100;

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The VPC each target's resource sits in, as far as the fake knows it. */
function targetVpcs(state: FakeRegion): Map<string, string> {
  const eniVpc = new Map(state.networkInterfaces.map((n) => [n.NetworkInterfaceId, n.VpcId]));
  const lbVpc = new Map(state.loadBalancers.map((lb) => [lb.LoadBalancerArn, lb.VpcId]));
  const endpointVpc = new Map(state.vpcEndpoints.map((e) => [e.VpcEndpointId, e.VpcId]));
  const out = new Map<string, string>();
  for (const t of state.targets) {
    const vpc =
      (t.NetworkInterfaceId && eniVpc.get(t.NetworkInterfaceId)) ??
      (t.NetworkLoadBalancerArn && lbVpc.get(t.NetworkLoadBalancerArn)) ??
      (t.GatewayLoadBalancerEndpointId && endpointVpc.get(t.GatewayLoadBalancerEndpointId));
    if (vpc) out.set(t.TrafficMirrorTargetId, vpc);
  }
  return out;
}

/** Calls by operation for these sessions (default: every session of the region, as a sweep reads). */
export function pathCalls(state: FakeRegion, sessions: readonly FakeSession[] = state.sessions): Record<string, number> {
  const enis = new Map(state.networkInterfaces.map((n) => [n.NetworkInterfaceId, n]));
  const accepting = new Set(
    state.filters
      .filter((f) => [...f.IngressFilterRules, ...f.EgressFilterRules].some((r) => r.RuleAction === 'accept') || f.NetworkServices.includes('amazon-dns'))
      .map((f) => f.TrafficMirrorFilterId),
  );
  const targetVpc = targetVpcs(state);
  const subnets = new Set<string>();
  const sourceVpcs = new Set<string>();
  const destinationVpcs = new Set<string>();
  for (const s of sessions) {
    const source = enis.get(s.NetworkInterfaceId);
    const target = targetVpc.get(s.TrafficMirrorTargetId);
    if (!source || !accepting.has(s.TrafficMirrorFilterId) || target === undefined || target === source.VpcId) continue;
    if (source.SubnetId) subnets.add(source.SubnetId);
    sourceVpcs.add(source.VpcId);
    destinationVpcs.add(target);
  }
  if (sourceVpcs.size === 0) return {};
  const explicitPages = chunks([...subnets].sort(), FILTER_VALUES).map((chunk) => {
    const wanted = new Set(chunk);
    const tables = state.routeTables.filter((t) => (t.Associations ?? []).some((a) => a.SubnetId !== undefined && wanted.has(a.SubnetId)));
    return pages(tables.length, ROUTE_TABLE_PAGE);
  });
  const mainPages = chunks([...sourceVpcs].sort(), FILTER_VALUES).map((chunk) => pages(chunk.length, ROUTE_TABLE_PAGE));
  const readTables = state.routeTables.filter(
    (t) =>
      (sourceVpcs.has(t.VpcId) && (t.Associations ?? []).some((a) => a.Main === true)) ||
      (t.Associations ?? []).some((a) => a.SubnetId !== undefined && subnets.has(a.SubnetId)),
  );
  const namesPeering = readTables.some((t) => (t.Routes ?? []).some((r) => r.VpcPeeringConnectionId !== undefined));
  return {
    DescribeRouteTables: [...explicitPages, ...mainPages].reduce((a, b) => a + b, 0),
    DescribeTransitGatewayVpcAttachments: Math.ceil(destinationVpcs.size / FILTER_VALUES),
    ...(namesPeering ? { DescribeVpcPeeringConnections: 1 } : {}),
  };
}

/** At most this many calls for the path of one VPC's sessions: subnets ‖ main table ‖ attachments, then peerings. */
export const PATH_CALLS_PER_VPC = 4;
