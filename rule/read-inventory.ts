/**
 * Reads what one evaluation needs, with as few calls as the scope allows, independent reads in parallel.
 * Calls grow with pages of VPCs and sessions (1000 a page), never one call per VPC or per ENI:
 * - one VPC:    DescribeVpcs ‖ DescribeTrafficMirrorSessions ‖ DescribeTrafficMirrorFilters ‖
 *               DescribeNetworkInterfaces (vpc-id filter): 4 calls in one round trip while the region has at
 *               most 1000 sessions and the VPC at most 1000 ENIs, whatever the mode.
 * - a session:  sessions ‖ filters, then one DescribeNetworkInterfaces by ID that finds the changed ENI's VPC
 *               (and, in mode `any` with under 200 sources, every source's VPC: 4 calls), then DescribeVpcs
 *               (‖ the VPC's ENIs otherwise: 5 calls).
 * - a region:   VPCs ‖ filters ‖ sessions, then the session sources by ID (⌈sources/200⌉ DescribeNetworkInterfaces).
 *               Mode `all` then lists the instance interfaces of the VPCs holding a source (a VPC without one is
 *               NON_COMPLIANT whatever its ENIs): one listing per 200 such VPCs (vpc-id filter), in parallel, each a
 *               page per 1000 of its in-use `interface` ENIs. DescribeNetworkInterfaces in all:
 *               ⌈sources/200⌉ + Σ over batches of 200 source VPCs of max(1, ⌈ENIs in the batch/1000⌉), at most
 *               ⌈sources/200⌉ + ⌈source VPCs/200⌉ + ⌈their ENIs/1000⌉: it grows with batches and pages, never per
 *               ENI, and the listings run side by side instead of one region-wide chain of pages.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Inventory, NetworkInterface, TrafficMirrorFilter, TrafficMirrorSession } from './inventory';
import { vpcsWithSessionSource } from './inventory';
import {
  EC2_FILTER_VALUES_LIMIT,
  listInstanceInterfaces,
  listMirrorFilters,
  listMirrorSessions,
  listNetworkInterfaces,
  listVpcs,
} from './ec2-reads';
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
  const sessionsAndEnis = listMirrorSessions(ec2).then(async (sessions) => {
    const sources = await listNetworkInterfaces(ec2, { networkInterfaceIds: sessions.map((s) => s.networkInterfaceId) });
    return { sessions, networkInterfaces: params.mode === 'all' ? await withInstanceInterfaces(ec2, sessions, sources) : sources };
  });
  const [vpcs, { sessions, networkInterfaces }, filters] = await Promise.all([
    listVpcs(ec2),
    sessionsAndEnis,
    readFilters(ec2, params),
  ]);
  return { inventory: { vpcs, sessions, filters, networkInterfaces } };
}

/**
 * Mode `all`: the session sources plus, as slim records, every other instance interface of the VPCs that hold a
 * source (the only VPCs whose ENIs can change a verdict), listed 200 VPCs a call in parallel.
 */
async function withInstanceInterfaces(
  ec2: EC2Client,
  sessions: readonly TrafficMirrorSession[],
  sources: NetworkInterface[],
): Promise<NetworkInterface[]> {
  const listed = await listInstanceInterfaces(ec2, vpcsWithSessionSource(sessions, sources));
  const sourceIds = new Set(sources.map((n) => n.networkInterfaceId));
  return sources.concat(listed.filter((n) => !sourceIds.has(n.networkInterfaceId)));
}

async function readVpc(ec2: EC2Client, vpcId: string, params: ReadParameters): Promise<ScopedInventory> {
  // Listing the VPC's ENIs (rather than looking up every session source by ID) keeps the cost independent of how
  // many sessions the rest of the region has; the same listing serves mode `all`.
  const [vpcs, sessions, filters, networkInterfaces] = await Promise.all([
    listVpcs(ec2, [vpcId]),
    listMirrorSessions(ec2),
    readFilters(ec2, params),
    listNetworkInterfaces(ec2, { vpcId }),
  ]);
  return { inventory: { vpcs, sessions, filters, networkInterfaces }, vpcIds: [vpcId] };
}

async function readSessionSource(ec2: EC2Client, networkInterfaceId: string, params: ReadParameters): Promise<ScopedInventory> {
  const [sessions, filters] = await Promise.all([listMirrorSessions(ec2), readFilters(ec2, params)]);
  // Mode `any` with fewer than 200 sources: one lookup finds the changed ENI's VPC and every source's VPC at
  // once (4 calls in all). Otherwise find the VPC, then list its ENIs as for a VPC change (5 calls).
  const sourceIds = sessions.map((s) => s.networkInterfaceId);
  const resolveAllSources = params.mode === 'any' && new Set([networkInterfaceId, ...sourceIds]).size <= EC2_FILTER_VALUES_LIMIT;
  const looked = await listNetworkInterfaces(ec2, {
    networkInterfaceIds: resolveAllSources ? [networkInterfaceId, ...sourceIds] : [networkInterfaceId],
  });
  const vpcId = looked.find((n) => n.networkInterfaceId === networkInterfaceId)?.vpcId;
  // The ENI is gone too: its VPC cannot be known, so re-evaluate the region.
  if (vpcId === undefined) return readRegion(ec2, params);
  const [vpcs, networkInterfaces] = await Promise.all([
    listVpcs(ec2, [vpcId]),
    resolveAllSources ? Promise.resolve(looked) : listNetworkInterfaces(ec2, { vpcId }),
  ]);
  return { inventory: { vpcs, sessions, filters, networkInterfaces }, vpcIds: [vpcId] };
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
