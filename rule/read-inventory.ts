/**
 * Reads what one evaluation needs, with as few calls as the scope allows, independent reads in parallel.
 * Calls grow with pages of VPCs and sessions (1000 a page), never one call per VPC or per ENI:
 * - one VPC:    DescribeVpcs ‖ DescribeTrafficMirrorSessions ‖ DescribeTrafficMirrorFilters ‖
 *               DescribeNetworkInterfaces (vpc-id filter): 4 calls in one round trip while the region has at
 *               most 1000 sessions and the VPC at most 1000 ENIs, whatever the mode.
 * - a session:  sessions ‖ filters, then one DescribeNetworkInterfaces by ID that finds the changed ENI's VPC
 *               (and, in mode `any` with under 200 sources, every source's VPC: 4 calls), then DescribeVpcs
 *               (‖ the VPC's ENIs otherwise: 5 calls).
 * - a region:   VPCs ‖ filters ‖ sessions (‖ DescribeTrafficMirrorTargets with verifyTarget), then the session sources
 *               by ID, together with the target ENIs (⌈(sources + target ENIs)/200⌉ DescribeNetworkInterfaces).
 *               Mode `all` then lists the instance interfaces of the VPCs holding a source (a VPC without one is
 *               NON_COMPLIANT whatever its ENIs): one listing per 200 such VPCs (vpc-id filter), in parallel, each a
 *               page per 1000 of its in-use `interface` ENIs. DescribeNetworkInterfaces in all:
 *               ⌈sources/200⌉ + Σ over batches of 200 source VPCs of max(1, ⌈ENIs in the batch/1000⌉), at most
 *               ⌈sources/200⌉ + ⌈source VPCs/200⌉ + ⌈their ENIs/1000⌉: it grows with batches and pages, never per
 *               ENI, and the listings run side by side instead of one region-wide chain of pages.
 * With verifyTarget on, the targets' resources are read after the target list (read-targets.ts): calls that grow
 * with targets only. One VPC's evaluation adds at most 4 calls for a target: the target list, then its ENI (unless
 * the VPC's listing holds it), then its security groups ‖ its subnet's network ACL; or DescribeLoadBalancers ‖
 * DescribeListeners; or DescribeVpcEndpoints.
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
import { readPathInventory } from './ec2-path-reads';
import { pathReadQueryOf } from './path-query';
import type { EnisRead, TargetReadClients } from './read-targets';
import { readTargetResources, targetIdsOf, targetsToVerify } from './read-targets';
import type { RuleParameters } from './rule-definition';
import type { TargetInventory, TrafficMirrorTarget } from './target-inventory';
import { listMirrorTargets } from './target-reads';

export type InventoryScope =
  | { readonly kind: 'region' }
  | { readonly kind: 'vpc'; readonly vpcId: string }
  | { readonly kind: 'sessionSource'; readonly networkInterfaceId: string }
  | { readonly kind: 'trafficMirrorTarget'; readonly trafficMirrorTargetId: string };

export interface ScopedInventory {
  readonly inventory: Inventory;
  /** The VPCs to report on; undefined means every VPC of the inventory. */
  readonly vpcIds?: readonly string[];
}

type ReadParameters = Pick<RuleParameters, 'mode' | 'requireAcceptRule' | 'verifyTarget'>;

/** The clients the rule reads with: EC2, and Elastic Load Balancing for Network Load Balancer targets. */
export type InventoryClients = TargetReadClients;

/** What every read needs besides the scope. `accountId`: the account evaluated (another account's targets are not read). */
interface ReadContext {
  readonly clients: InventoryClients;
  readonly params: ReadParameters;
  readonly accountId: string | undefined;
}

/** Filters decide only when requireAcceptRule is on; otherwise the call is skipped. */
function readFilters(ec2: EC2Client, params: ReadParameters): Promise<TrafficMirrorFilter[]> {
  return params.requireAcceptRule ? listMirrorFilters(ec2) : Promise.resolve([]);
}

/** Targets decide only when verifyTarget is on; otherwise the call is skipped. */
function readTargetList(ec2: EC2Client, params: ReadParameters): Promise<TrafficMirrorTarget[] | undefined> {
  return params.verifyTarget ? listMirrorTargets(ec2) : Promise.resolve(undefined);
}

/** The targets' resources, for the sessions of the evaluated VPCs; undefined when verifyTarget is off. */
async function readTargets(
  context: ReadContext,
  targets: readonly TrafficMirrorTarget[] | undefined,
  sessions: readonly TrafficMirrorSession[],
  enisRead: EnisRead,
): Promise<{ targets?: TargetInventory }> {
  if (targets === undefined) return {};
  return { targets: await readTargetResources(context.clients, targets, targetIdsOf(sessions), context.accountId, enisRead) };
}

/** The sessions whose source ENI is among `enis` and in the VPC. */
function sessionsOfVpc(sessions: readonly TrafficMirrorSession[], enis: readonly NetworkInterface[], vpcId: string): TrafficMirrorSession[] {
  const inVpc = new Set(enis.filter((n) => n.vpcId === vpcId).map((n) => n.networkInterfaceId));
  return sessions.filter((s) => inVpc.has(s.networkInterfaceId));
}

async function readRegion(context: ReadContext): Promise<ScopedInventory> {
  const { clients: { ec2 }, params } = context;
  const targetList = readTargetList(ec2, params);
  const sessionsAndEnis = listMirrorSessions(ec2).then(async (sessions) => {
    // The target ENIs are looked up with the sources, in the same calls.
    const targets = await targetList;
    const targetEnis = targets === undefined ? [] : targetsToVerify(targets, targetIdsOf(sessions), context.accountId);
    const lookedUp = await listNetworkInterfaces(ec2, {
      networkInterfaceIds: [
        ...sessions.map((s) => s.networkInterfaceId),
        ...targetEnis.flatMap((t) => (t.networkInterfaceId !== undefined ? [t.networkInterfaceId] : [])),
      ],
    });
    return {
      sessions,
      networkInterfaces: params.mode === 'all' ? await withInstanceInterfaces(ec2, sessions, lookedUp) : lookedUp,
    };
  });
  const [vpcs, { sessions, networkInterfaces }, filters, targets] = await Promise.all([
    listVpcs(ec2),
    sessionsAndEnis,
    readFilters(ec2, params),
    targetList,
  ]);
  // Every target ENI was looked up by ID with the sources: none is read again.
  const targetParts = await readTargets(context, targets, sessions, { found: networkInterfaces, complete: true });
  return { inventory: { vpcs, sessions, filters, networkInterfaces, ...targetParts } };
}

/**
 * Mode `all`: the ENIs looked up by ID (sources, target ENIs) plus, as slim records, every other instance interface
 * of the VPCs that hold a source (the only VPCs whose ENIs can change a verdict), listed 200 VPCs a call in parallel.
 */
async function withInstanceInterfaces(
  ec2: EC2Client,
  sessions: readonly TrafficMirrorSession[],
  lookedUp: NetworkInterface[],
): Promise<NetworkInterface[]> {
  const listed = await listInstanceInterfaces(ec2, vpcsWithSessionSource(sessions, lookedUp));
  const lookedUpIds = new Set(lookedUp.map((n) => n.networkInterfaceId));
  return lookedUp.concat(listed.filter((n) => !lookedUpIds.has(n.networkInterfaceId)));
}

async function readVpc(context: ReadContext, vpcId: string): Promise<ScopedInventory> {
  const { clients: { ec2 }, params } = context;
  // Listing the VPC's ENIs (rather than looking up every session source by ID) keeps the cost independent of how
  // many sessions the rest of the region has; the same listing serves mode `all`.
  const [vpcs, sessions, filters, networkInterfaces, targets] = await Promise.all([
    listVpcs(ec2, [vpcId]),
    listMirrorSessions(ec2),
    readFilters(ec2, params),
    listNetworkInterfaces(ec2, { vpcId }),
    readTargetList(ec2, params),
  ]);
  const targetParts = await readTargets(context, targets, sessionsOfVpc(sessions, networkInterfaces, vpcId), {
    found: networkInterfaces,
    complete: false,
  });
  return { inventory: { vpcs, sessions, filters, networkInterfaces, ...targetParts }, vpcIds: [vpcId] };
}

async function readSessionSource(context: ReadContext, networkInterfaceId: string): Promise<ScopedInventory> {
  const { clients: { ec2 }, params } = context;
  const targetList = readTargetList(ec2, params);
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
  if (vpcId === undefined) return readRegion(context);
  const [vpcs, networkInterfaces, targets] = await Promise.all([
    listVpcs(ec2, [vpcId]),
    resolveAllSources ? Promise.resolve(looked) : listNetworkInterfaces(ec2, { vpcId }),
    targetList,
  ]);
  const targetParts = await readTargets(context, targets, sessionsOfVpc(sessions, networkInterfaces, vpcId), {
    found: networkInterfaces,
    complete: false,
  });
  return { inventory: { vpcs, sessions, filters, networkInterfaces, ...targetParts }, vpcIds: [vpcId] };
}

/**
 * A target changed: the VPCs of the sessions that use it. Sessions ‖ filters ‖ targets, then those sessions' sources
 * by ID (which VPCs), then those VPCs ‖ their ENIs (one listing per VPC: every session with a source there decides
 * the VPC's verdict, not only the changed target's), then the targets' resources.
 */
async function readTargetSessions(context: ReadContext, trafficMirrorTargetId: string): Promise<ScopedInventory> {
  const { clients: { ec2 }, params } = context;
  const [sessions, filters, targets] = await Promise.all([listMirrorSessions(ec2), readFilters(ec2, params), readTargetList(ec2, params)]);
  const using = sessions.filter((s) => s.trafficMirrorTargetId === trafficMirrorTargetId);
  const sources = await listNetworkInterfaces(ec2, { networkInterfaceIds: using.map((s) => s.networkInterfaceId) });
  const vpcIds = [...new Set(sources.map((n) => n.vpcId))].sort();
  if (vpcIds.length === 0) return { inventory: { vpcs: [], sessions, filters, networkInterfaces: [] }, vpcIds: [] };
  const [vpcs, vpcEnis] = await Promise.all([
    listVpcs(ec2, vpcIds),
    Promise.all(vpcIds.map((vpcId) => listNetworkInterfaces(ec2, { vpcId }))),
  ]);
  const networkInterfaces = vpcEnis.flat();
  const inVpcs = vpcIds.flatMap((vpcId) => sessionsOfVpc(sessions, networkInterfaces, vpcId));
  const targetParts = await readTargets(context, targets, inVpcs, { found: networkInterfaces, complete: false });
  return { inventory: { vpcs, sessions, filters, networkInterfaces, ...targetParts }, vpcIds };
}

/**
 * The route tables, peering connections and transit gateway attachments of the sources whose counted session goes
 * to a target in another VPC (the route check of mirror-path.ts): read after the targets, which say where each
 * target is, and only when such a session exists (see ec2-path-reads.ts for the calls).
 */
async function withPath(context: ReadContext, scoped: ScopedInventory): Promise<ScopedInventory> {
  const query = pathReadQueryOf(scoped.inventory, context.params, context.accountId, scoped.vpcIds);
  if (query.sourceVpcIds.length === 0) return scoped;
  const path = await readPathInventory(context.clients.ec2, query);
  return { ...scoped, inventory: { ...scoped.inventory, path } };
}

function readScope(context: ReadContext, scope: InventoryScope): Promise<ScopedInventory> {
  switch (scope.kind) {
    case 'region':
      return readRegion(context);
    case 'vpc':
      return readVpc(context, scope.vpcId);
    case 'sessionSource':
      return readSessionSource(context, scope.networkInterfaceId);
    case 'trafficMirrorTarget':
      return readTargetSessions(context, scope.trafficMirrorTargetId);
  }
}

/**
 * Reads the inventory for one scope of evaluation. Any failed read rejects: nothing is decided on partial data.
 * `accountId`: the account evaluated; another account's traffic mirror targets are not read (absent: all are).
 */
export async function readInventory(
  clients: InventoryClients,
  scope: InventoryScope,
  params: ReadParameters,
  accountId?: string,
): Promise<ScopedInventory> {
  const context: ReadContext = { clients, params, accountId };
  return withPath(context, await readScope(context, scope));
}
