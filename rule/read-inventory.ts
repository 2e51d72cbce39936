/**
 * Reads what one evaluation needs, with as few calls as the scope allows, independent reads in parallel.
 * The number of calls grows with VPCs and sessions, never with ENIs (mode `any`):
 * - one VPC:    DescribeVpcs ‖ DescribeTrafficMirrorSessions ‖ DescribeTrafficMirrorFilters, then one
 *               DescribeNetworkInterfaces per 200 session sources (vpc-id filtered); mode `all` lists the
 *               VPC's ENIs in parallel with the rest instead.
 * - a region:   the same without the VPC filter; mode `all` lists every ENI of the region (paginated).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Inventory, NetworkInterface, TrafficMirrorFilter } from './inventory';
import { listMirrorFilters, listMirrorSessions, listNetworkInterfaces, listVpcs } from './ec2-reads';
import type { RuleParameters } from './rule-definition';

export type InventoryScope =
  | { readonly kind: 'region' }
  | { readonly kind: 'vpc'; readonly vpcId: string }
  | { readonly kind: 'sessionSource'; readonly networkInterfaceId: string };

export interface ScopedInventory {
  readonly inventory: Inventory;
  /** The VPCs to report on; undefined means every VPC of the inventory. */
  readonly vpcIds?: readonly string[];
}

type ReadParameters = Pick<RuleParameters, 'mode' | 'requireAcceptRule'>;

/** Filters decide only when requireAcceptRule is on; otherwise the call is skipped. */
function readFilters(ec2: EC2Client, params: ReadParameters): Promise<TrafficMirrorFilter[]> {
  return params.requireAcceptRule ? listMirrorFilters(ec2) : Promise.resolve([]);
}

async function readRegion(ec2: EC2Client, params: ReadParameters): Promise<ScopedInventory> {
  const sessionsAndSources = listMirrorSessions(ec2).then(async (sessions) => {
    // Mode `all` lists every ENI below, which already holds every source.
    const sources: NetworkInterface[] =
      params.mode === 'all' ? [] : await listNetworkInterfaces(ec2, { networkInterfaceIds: sessions.map((s) => s.networkInterfaceId) });
    return { sessions, sources };
  });
  const [vpcs, { sessions, sources }, filters, allEnis] = await Promise.all([
    listVpcs(ec2),
    sessionsAndSources,
    readFilters(ec2, params),
    params.mode === 'all' ? listNetworkInterfaces(ec2) : Promise.resolve([]),
  ]);
  return { inventory: { vpcs, sessions, filters, networkInterfaces: params.mode === 'all' ? allEnis : sources } };
}

async function readVpc(ec2: EC2Client, vpcId: string, params: ReadParameters): Promise<ScopedInventory> {
  const sessionsAndSources = listMirrorSessions(ec2).then(async (sessions) => {
    const sources: NetworkInterface[] =
      params.mode === 'all'
        ? []
        : await listNetworkInterfaces(ec2, { vpcId, networkInterfaceIds: sessions.map((s) => s.networkInterfaceId) });
    return { sessions, sources };
  });
  const [vpcs, { sessions, sources }, filters, vpcEnis] = await Promise.all([
    listVpcs(ec2, [vpcId]),
    sessionsAndSources,
    readFilters(ec2, params),
    params.mode === 'all' ? listNetworkInterfaces(ec2, { vpcId }) : Promise.resolve([]),
  ]);
  return {
    inventory: { vpcs, sessions, filters, networkInterfaces: params.mode === 'all' ? vpcEnis : sources },
    vpcIds: [vpcId],
  };
}

async function readSessionSource(ec2: EC2Client, networkInterfaceId: string, params: ReadParameters): Promise<ScopedInventory> {
  const [sessions, filters] = await Promise.all([listMirrorSessions(ec2), readFilters(ec2, params)]);
  // One lookup resolves the changed session's ENI to its VPC and every other source to theirs.
  const enis = await listNetworkInterfaces(ec2, {
    networkInterfaceIds: [networkInterfaceId, ...sessions.map((s) => s.networkInterfaceId)],
  });
  const vpcId = enis.find((e) => e.networkInterfaceId === networkInterfaceId)?.vpcId;
  // The ENI is gone too: its VPC cannot be known, so re-evaluate the region.
  if (vpcId === undefined) return readRegion(ec2, params);
  const [vpcs, vpcEnis] = await Promise.all([
    listVpcs(ec2, [vpcId]),
    params.mode === 'all' ? listNetworkInterfaces(ec2, { vpcId }) : Promise.resolve(enis),
  ]);
  return { inventory: { vpcs, sessions, filters, networkInterfaces: vpcEnis }, vpcIds: [vpcId] };
}

/** Reads the inventory for one scope of evaluation. Any failed read rejects: nothing is decided on partial data. */
export function readInventory(ec2: EC2Client, scope: InventoryScope, params: ReadParameters): Promise<ScopedInventory> {
  switch (scope.kind) {
    case 'region':
      return readRegion(ec2, params);
    case 'vpc':
      return readVpc(ec2, scope.vpcId, params);
    case 'sessionSource':
      return readSessionSource(ec2, scope.networkInterfaceId, params);
  }
}
