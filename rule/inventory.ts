import type { PathInventory } from './path-inventory';
import type { TargetInventory } from './target-inventory';

/**
 * The plain data the rule decides on. Readers (rule/ec2-inventory.ts, the CLI, tests) build it;
 * evaluate.ts decides on it. Field names follow the EC2 API's names.
 */

export interface Vpc {
  readonly vpcId: string;
  readonly ownerId?: string;
  readonly isDefault: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface TrafficMirrorSession {
  readonly trafficMirrorSessionId: string;
  /** The source ENI. */
  readonly networkInterfaceId: string;
  readonly trafficMirrorTargetId: string;
  readonly trafficMirrorFilterId: string;
}

export interface TrafficMirrorFilter {
  readonly trafficMirrorFilterId: string;
  /** True when at least one ingress or egress rule has RuleAction "accept". */
  readonly hasAcceptRule: boolean;
  /** Network services the filter mirrors, e.g. "amazon-dns". */
  readonly networkServices: readonly string[];
}

export interface NetworkInterface {
  readonly networkInterfaceId: string;
  readonly vpcId: string;
  /** EC2's Status: "in-use", "available", ... */
  readonly status: string;
  /** EC2's InterfaceType: "interface", "network_load_balancer", "vpc_endpoint", ... */
  readonly interfaceType: string;
  /** The instance it is attached to, if any. */
  readonly instanceId?: string;
  /** Its subnet: decides which network ACL and route table apply to it. */
  readonly subnetId?: string;
  /** Its primary private IPv4 address: the address mirrored VXLAN packets come from (or go to, on a target). */
  readonly privateIpAddress?: string;
  /** Its security groups: a target's groups may admit VXLAN by source group instead of address. */
  readonly securityGroupIds?: readonly string[];
}

/**
 * What is known about an account-region, as far as one evaluation needs it.
 * - `vpcs`: the VPCs in scope that exist (a VPC in scope but absent here no longer exists).
 * - `sessions`, `filters`: every traffic mirror session and filter of the region.
 * - `networkInterfaces`: at least every session source ENI that still exists; in mode `all`, also every instance
 *   interface of the VPCs in scope that hold a session source (vpcsWithSessionSource). A session whose source ENI
 *   is absent mirrors nothing any more.
 * - `targets`: what verifying the sessions' targets needs; read only when rule parameter verifyTarget is on.
 * - `path`: the route tables (and what their routes lead through) of the sources whose target is in another VPC;
 *   read only when verifyTarget is on and such a session counts so far.
 */
export interface Inventory {
  readonly vpcs: readonly Vpc[];
  readonly sessions: readonly TrafficMirrorSession[];
  readonly filters: readonly TrafficMirrorFilter[];
  readonly networkInterfaces: readonly NetworkInterface[];
  readonly targets?: TargetInventory;
  readonly path?: PathInventory;
}

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** One verdict on one VPC, ready to report to Config (or to print). */
export interface Evaluation {
  readonly vpcId: string;
  readonly compliance: ComplianceType;
  /** At most 256 characters (PutEvaluations' Annotation limit). */
  readonly annotation: string;
  readonly orderingTimestamp: Date;
}

/** EC2's Status and InterfaceType of an instance interface. */
export const INSTANCE_INTERFACE_STATUS = 'in-use';
export const INSTANCE_INTERFACE_TYPE = 'interface';

/** An in-use ENI of type `interface` attached to an instance: what mode `all` requires to be mirrored. */
export function isInstanceInterface(eni: NetworkInterface): boolean {
  return eni.status === INSTANCE_INTERFACE_STATUS && eni.interfaceType === INSTANCE_INTERFACE_TYPE && eni.instanceId !== undefined;
}

/**
 * The VPCs whose instance interfaces decide a mode `all` verdict: those holding a session source. A VPC without
 * one is NON_COMPLIANT whatever its ENIs (no session mirrors it), so a sweep lists the ENIs of these VPCs only.
 * A superset of the VPCs with a counting session (filter, target), so it holds whatever else decides counting.
 */
export function vpcsWithSessionSource(
  sessions: readonly TrafficMirrorSession[],
  networkInterfaces: readonly NetworkInterface[],
): string[] {
  const sources = new Set(sessions.map((s) => s.networkInterfaceId));
  return [...new Set(networkInterfaces.filter((n) => sources.has(n.networkInterfaceId)).map((n) => n.vpcId))];
}

/**
 * The owners of the VPCs another account shares with this one (AWS RAM), by VPC ID: a route check to a target in such
 * a VPC cannot see its transit gateway attachment, so it takes the source side's. Empty without an account ID.
 */
export function sharedVpcOwners(vpcs: readonly Vpc[], accountId: string | undefined): ReadonlyMap<string, string> {
  const owners = new Map<string, string>();
  if (accountId === undefined) return owners;
  for (const vpc of vpcs) if (vpc.ownerId !== undefined && vpc.ownerId !== accountId) owners.set(vpc.vpcId, vpc.ownerId);
  return owners;
}
