/**
 * The plain data the remediation planner decides on. readRemediationInventory (ec2 reads) or a test builds it;
 * planRemediation decides on it. Field names follow the EC2 API's names; the rule's types are extended, not copied.
 */
import type { NetworkInterface, TrafficMirrorFilter, TrafficMirrorSession, Vpc } from '../rule/inventory';
import type { PathInventory } from '../rule/path-inventory';
import type { SecurityGroup, TargetInventory, TrafficMirrorTarget } from '../rule/target-inventory';
import type { TargetResourceKind } from './request';

export type { IngressRule, SecurityGroup } from '../rule/target-inventory';

export type Tags = Readonly<Record<string, string>>;

/** An ENI with what the source checks need: its primary private IPv4 address and security groups. */
export interface RemediationNetworkInterface extends NetworkInterface {
  readonly privateIpAddress?: string;
  readonly securityGroupIds: readonly string[];
  readonly subnetId?: string;
}

export interface MirrorSession extends TrafficMirrorSession {
  readonly sessionNumber: number;
  readonly tags: Tags;
}

export interface MirrorTarget extends TrafficMirrorTarget {
  readonly tags: Tags;
}

export interface MirrorFilter extends TrafficMirrorFilter {
  readonly tags: Tags;
}

/** The resource behind the requested target, as far as this account can see it. */
export interface TargetResource {
  readonly kind: TargetResourceKind;
  readonly id: string;
  /** Undefined when the resource is not visible from this account (not found, or owned by another account). */
  readonly vpcId?: string;
  /** ENI targets: EC2's InterfaceType (only "interface" can be a target). */
  readonly interfaceType?: string;
  /** ENI targets: the groups whose inbound rules must let VXLAN in. */
  readonly securityGroups?: readonly SecurityGroup[];
  /**
   * The private IPv4 addresses mirrored packets go to: an ENI's primary address; the addresses of the network
   * interfaces of a Network Load Balancer or Gateway Load Balancer endpoint (any one reachable is enough).
   */
  readonly addresses?: readonly string[];
}

/**
 * What one remediation of one VPC needs to know.
 * - `vpc`: undefined when the VPC does not exist.
 * - `networkInterfaces`: every ENI of the VPC (the candidate sources).
 * - `sessions`, `targets`: every traffic mirror session and target of the account-region.
 * - `filters`: the requested filter, or the filters tagged as managed by this project.
 * - `targetResource`: the ENI, NLB or GWLB endpoint behind the target (for an existing target: the one it points to).
 * - `path`: route tables of the VPC's subnets, peering connections and transit gateway attachments, read only when
 *   the target's VPC is another one (rule/mirror-path.ts decides on it).
 * - `existingTargets`: for an existing target the plan may reuse, what the rule's target check needs (its ENI,
 *   groups, network ACL, load balancer and listeners, or endpoint), so a target that cannot receive is refused.
 * - `accountId`: the account remediated; another account's target is reused unverified, as the rule counts it.
 */
export interface RemediationInventory {
  readonly region?: string;
  readonly vpc?: Vpc;
  readonly networkInterfaces: readonly RemediationNetworkInterface[];
  readonly sessions: readonly MirrorSession[];
  readonly targets: readonly MirrorTarget[];
  readonly filters: readonly MirrorFilter[];
  readonly targetResource?: TargetResource;
  readonly path: PathInventory;
  readonly existingTargets?: TargetInventory;
  readonly accountId?: string;
}
