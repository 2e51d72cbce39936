/**
 * Reads what verifying the targets of some sessions needs (rule parameter verifyTarget). Calls grow with targets,
 * never with ENIs or VPCs: the target list (⌈T/1000⌉ calls, started by the caller alongside its other first reads),
 * then, concurrently, for ENI targets the ENIs not already read (⌈n/200⌉) and then their security groups (⌈n/200⌉)
 * ‖ their subnets' network ACLs (⌈subnets/200⌉); for NLB targets ⌈NLBs/20⌉ DescribeLoadBalancers ‖ one
 * DescribeListeners each; for Gateway Load Balancer endpoint targets one DescribeVpcEndpoints page per 200.
 * Another account's target is not read: its resources are not visible from here.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { listNetworkInterfaces } from './ec2-reads';
import { listLoadBalancersWithListeners } from './elbv2-reads';
import type { NetworkInterface, TrafficMirrorSession } from './inventory';
import { isForeignTarget } from './target-check';
import type { NetworkAcl, SecurityGroup, TargetInventory, TrafficMirrorTarget } from './target-inventory';
import { listNetworkAclsOfSubnets, listSecurityGroups, listVpcEndpoints } from './target-reads';

export interface TargetReadClients {
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

/** ENIs the caller has already read, so target ENIs among them cost no call. */
export interface EnisRead {
  readonly found: readonly NetworkInterface[];
  /** True when `found` holds every ENI of the region (a mode `all` sweep): an ENI absent from it does not exist. */
  readonly complete: boolean;
}

/** The distinct targets these sessions mirror to. */
export const targetIdsOf = (sessions: readonly TrafficMirrorSession[]): Set<string> =>
  new Set(sessions.map((s) => s.trafficMirrorTargetId));

/** Own targets among `targets` that the sessions use: the ones whose resources must be read. */
export function targetsToVerify(
  targets: readonly TrafficMirrorTarget[],
  usedTargetIds: ReadonlySet<string>,
  accountId: string | undefined,
): TrafficMirrorTarget[] {
  return targets.filter((t) => usedTargetIds.has(t.trafficMirrorTargetId) && !isForeignTarget(t, accountId));
}

async function readEniTargets(
  ec2: EC2Client,
  eniIds: readonly string[],
  enisRead: EnisRead,
): Promise<{ networkInterfaces: NetworkInterface[]; securityGroups: SecurityGroup[]; networkAcls: NetworkAcl[] }> {
  const wanted = new Set(eniIds);
  const known = enisRead.found.filter((n) => wanted.has(n.networkInterfaceId));
  const knownIds = new Set(known.map((n) => n.networkInterfaceId));
  const missing = enisRead.complete ? [] : [...wanted].filter((id) => !knownIds.has(id));
  const networkInterfaces = [...known, ...(await listNetworkInterfaces(ec2, { networkInterfaceIds: missing }))];
  const [securityGroups, networkAcls] = await Promise.all([
    listSecurityGroups(ec2, networkInterfaces.flatMap((n) => n.securityGroupIds ?? [])),
    listNetworkAclsOfSubnets(ec2, networkInterfaces.flatMap((n) => (n.subnetId !== undefined ? [n.subnetId] : []))),
  ]);
  return { networkInterfaces, securityGroups, networkAcls };
}

/**
 * The target inventory for sessions using `usedTargetIds`, given every target of the region (`targets`, from
 * listMirrorTargets). `accountId`: the account evaluated (another account's targets are skipped); absent, all are read.
 */
export async function readTargetResources(
  clients: TargetReadClients,
  targets: readonly TrafficMirrorTarget[],
  usedTargetIds: ReadonlySet<string>,
  accountId: string | undefined,
  enisRead: EnisRead,
): Promise<TargetInventory> {
  const toVerify = targetsToVerify(targets, usedTargetIds, accountId);
  const ids = <K extends keyof TrafficMirrorTarget>(key: K) => toVerify.flatMap((t) => (t[key] !== undefined ? [t[key] as string] : []));
  const [eniParts, loadBalancers, vpcEndpoints] = await Promise.all([
    readEniTargets(clients.ec2, ids('networkInterfaceId'), enisRead),
    listLoadBalancersWithListeners(clients.elbv2, ids('networkLoadBalancerArn')),
    listVpcEndpoints(clients.ec2, ids('gatewayLoadBalancerEndpointId')),
  ]);
  return { targets, ...eniParts, loadBalancers, vpcEndpoints };
}
