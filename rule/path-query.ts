/**
 * Which route tables, peering connections and transit gateway attachments the rule must read: those of the sources
 * whose session counts so far (filter and target checks) and whose target sits in another VPC. Pure; the readers
 * (read-inventory.ts) call it once the targets are read, and read nothing when it finds no such session.
 */
import type { Inventory } from './inventory';
import { sharedVpcOwners } from './inventory';
import type { PathReadQuery } from './path-inventory';
import type { RuleParameters } from './rule-definition';
import { crossesVpcs, judgeSessionTarget } from './session-verdict';
import { indexTargets } from './target-check';

export function pathReadQueryOf(
  inventory: Inventory,
  params: Pick<RuleParameters, 'requireAcceptRule' | 'verifyTarget'>,
  accountId: string | undefined,
  vpcIds?: readonly string[],
): PathReadQuery {
  const empty: PathReadQuery = { sourceSubnetIds: [], sourceVpcIds: [], targetVpcIds: [] };
  if (!params.verifyTarget || inventory.targets === undefined) return empty;
  const context = {
    params,
    filters: new Map(inventory.filters.map((f) => [f.trafficMirrorFilterId, f])),
    targets: indexTargets(inventory.targets),
    ...(accountId !== undefined ? { accountId } : {}),
  };
  const inScope = vpcIds === undefined ? undefined : new Set(vpcIds);
  const enis = new Map(inventory.networkInterfaces.map((n) => [n.networkInterfaceId, n]));
  const subnets = new Set<string>();
  const sourceVpcs = new Set<string>();
  const targetVpcs = new Set<string>();
  for (const session of inventory.sessions) {
    const source = enis.get(session.networkInterfaceId);
    if (source === undefined || (inScope !== undefined && !inScope.has(source.vpcId))) continue;
    const verdict = judgeSessionTarget(session, source, context);
    if (!verdict.counts || verdict.destination === undefined || !crossesVpcs(verdict, source)) continue;
    if (source.subnetId !== undefined) subnets.add(source.subnetId);
    sourceVpcs.add(source.vpcId);
    targetVpcs.add(verdict.destination.vpcId);
  }
  // A target VPC another account shares in: its attachment is not visible, so the source side's decides.
  const owners = sharedVpcOwners(inventory.vpcs, accountId);
  const sourceAttachments = [...targetVpcs].some((vpcId) => owners.has(vpcId));
  return {
    sourceSubnetIds: [...subnets].sort(),
    sourceVpcIds: [...sourceVpcs].sort(),
    targetVpcIds: [...targetVpcs].sort(),
    ...(sourceAttachments ? { sourceAttachments } : {}),
  };
}
