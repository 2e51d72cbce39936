/**
 * Can a traffic mirror target receive the traffic a session mirrors to it from a source ENI? One pure function of
 * plain data, used by the rule (verifyTarget), the CLI's audit (the same evaluateVpcs) and the remediation (before
 * reusing an existing target). AWS stops mirroring when the target's resource is deleted ("Traffic mirror
 * targets": "If the underlying resource chosen as the target is deleted, we stop traffic mirroring"); the ENI
 * must admit VXLAN (UDP 4789) through its security groups and its subnet's network ACL; a Network Load Balancer
 * needs a UDP listener on 4789; a Gateway Load Balancer endpoint must be available.
 */
import type { NetworkInterface } from './inventory';
import { checkNetworkAclIngress } from './network-acl-ingress';
import type { LoadBalancer, NetworkAcl, SecurityGroup, TargetInventory, TrafficMirrorTarget, VpcEndpoint } from './target-inventory';
import { checkVxlanIngress } from './vxlan-ingress';
import { VXLAN_UDP_PORT } from './vxlan';

/** Where a target that passed the check sends the traffic: what a check of the path to it needs (issue 14). */
export interface MirrorDestination {
  readonly trafficMirrorTargetId: string;
  /** The VPC of the target's resource. */
  readonly vpcId: string;
  readonly ownerId?: string;
  /** ENI: its primary private IPv4 address; NLB: its nodes' private IPv4 addresses, where reported. */
  readonly addresses: readonly string[];
  readonly subnetIds: readonly string[];
  /** GWLB endpoint: its ENIs. */
  readonly networkInterfaceIds: readonly string[];
}

export type TargetVerdict =
  /** `destination` is absent when the resource is not visible here (another account's target). */
  | { readonly counts: true; readonly note?: string; readonly destination?: MirrorDestination }
  | { readonly counts: false; readonly reason: string };

/** The target inventory indexed by ID, built once per evaluation. */
export interface TargetIndex {
  readonly targets: ReadonlyMap<string, TrafficMirrorTarget>;
  readonly networkInterfaces: ReadonlyMap<string, NetworkInterface>;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly networkAclsBySubnet: ReadonlyMap<string, NetworkAcl>;
  readonly loadBalancers: ReadonlyMap<string, LoadBalancer>;
  readonly vpcEndpoints: ReadonlyMap<string, VpcEndpoint>;
}

export function indexTargets(inv: TargetInventory): TargetIndex {
  return {
    targets: new Map(inv.targets.map((t) => [t.trafficMirrorTargetId, t])),
    networkInterfaces: new Map(inv.networkInterfaces.map((n) => [n.networkInterfaceId, n])),
    securityGroups: new Map(inv.securityGroups.map((g) => [g.groupId, g])),
    networkAclsBySubnet: new Map(inv.networkAcls.flatMap((acl) => acl.subnetIds.map((s) => [s, acl] as const))),
    loadBalancers: new Map(inv.loadBalancers.map((lb) => [lb.loadBalancerArn, lb])),
    vpcEndpoints: new Map(inv.vpcEndpoints.map((e) => [e.vpcEndpointId, e])),
  };
}

/** Does this target belong to another account (shared through AWS RAM), whose resources are not visible here? */
export function isForeignTarget(target: TrafficMirrorTarget, accountId: string | undefined): boolean {
  return accountId !== undefined && target.ownerId !== undefined && target.ownerId !== accountId;
}

/** "net/NAME/ID" ends an NLB's ARN; its name is what a person recognises. */
export function loadBalancerNameOf(arn: string): string {
  return /:loadbalancer\/(?:net|app|gwy)\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}

const fail = (reason: string): TargetVerdict => ({ counts: false, reason });

function checkNetworkInterfaceTarget(t: TrafficMirrorTarget, eniId: string, source: NetworkInterface, index: TargetIndex): TargetVerdict {
  const name = `target ${t.trafficMirrorTargetId}`;
  const eni = index.networkInterfaces.get(eniId);
  if (eni === undefined) return fail(`${name}: its ENI ${eniId} was deleted`);
  if (eni.status !== 'in-use') return fail(`${name}: its ENI ${eniId} is ${eni.status}, not in-use`);
  const groupIds = eni.securityGroupIds ?? [];
  const groups = groupIds.flatMap((id) => index.securityGroups.get(id) ?? []);
  const vxlanSource = {
    networkInterfaceId: source.networkInterfaceId,
    securityGroupIds: source.securityGroupIds ?? [],
    ...(source.privateIpAddress !== undefined ? { privateIpAddress: source.privateIpAddress } : {}),
  };
  const groupVerdict = checkVxlanIngress(groups, vxlanSource);
  if (!groupVerdict.allowed) {
    const from = `UDP ${VXLAN_UDP_PORT} from ${source.networkInterfaceId}`;
    return fail(
      groupIds.length === 0
        ? `${name}: ${eniId} has no security group admitting ${from}`
        : `${name}: security group(s) ${groupIds.join(', ')} of ${eniId} admit no ${from}`,
    );
  }
  const acl = eni.subnetId === undefined ? undefined : index.networkAclsBySubnet.get(eni.subnetId);
  if (acl === undefined) return fail(`${name}: no network ACL found for the subnet of ${eniId}`);
  const aclVerdict = checkNetworkAclIngress(acl, source.privateIpAddress);
  if (!aclVerdict.allowed) {
    return fail(
      `${name}: network ACL ${acl.networkAclId} rule ${aclVerdict.ruleNumber} denies UDP ${VXLAN_UDP_PORT} ` +
        `from ${source.privateIpAddress ?? source.networkInterfaceId} into ${eniId}`,
    );
  }
  return {
    counts: true,
    ...(groupVerdict.prefixListIds
      ? { note: `${groupVerdict.groupId} admits VXLAN by prefix list ${groupVerdict.prefixListIds.join(', ')} (not verified)` }
      : {}),
    destination: {
      trafficMirrorTargetId: t.trafficMirrorTargetId,
      vpcId: eni.vpcId,
      ...(t.ownerId !== undefined ? { ownerId: t.ownerId } : {}),
      addresses: eni.privateIpAddress !== undefined ? [eni.privateIpAddress] : [],
      subnetIds: eni.subnetId !== undefined ? [eni.subnetId] : [],
      networkInterfaceIds: [eniId],
    },
  };
}

/** Listener protocols that carry UDP 4789 to an NLB's targets (ELBv2 ProtocolEnum). */
const VXLAN_LISTENER_PROTOCOLS = new Set(['UDP', 'TCP_UDP']);

function checkLoadBalancerTarget(t: TrafficMirrorTarget, arn: string, index: TargetIndex): TargetVerdict {
  const name = `target ${t.trafficMirrorTargetId}`;
  const lb = index.loadBalancers.get(arn);
  if (lb === undefined) return fail(`${name}: load balancer ${loadBalancerNameOf(arn)} was deleted`);
  if (lb.state !== 'active') return fail(`${name}: load balancer ${lb.loadBalancerName} is ${lb.state}, not active`);
  const listener = lb.listeners.some((l) => l.port === VXLAN_UDP_PORT && VXLAN_LISTENER_PROTOCOLS.has(l.protocol.toUpperCase()));
  if (!listener) {
    const on4789 = lb.listeners.filter((l) => l.port === VXLAN_UDP_PORT).map((l) => l.protocol);
    const has = on4789.length > 0 ? ` (only ${on4789.join(', ')})` : '';
    return fail(`${name}: load balancer ${lb.loadBalancerName} has no UDP or TCP_UDP listener on port ${VXLAN_UDP_PORT}${has}`);
  }
  if (lb.vpcId === undefined) return { counts: true };
  return {
    counts: true,
    destination: {
      trafficMirrorTargetId: t.trafficMirrorTargetId,
      vpcId: lb.vpcId,
      ...(t.ownerId !== undefined ? { ownerId: t.ownerId } : {}),
      addresses: lb.privateIpv4Addresses,
      subnetIds: [],
      networkInterfaceIds: [],
    },
  };
}

function checkEndpointTarget(t: TrafficMirrorTarget, endpointId: string, index: TargetIndex): TargetVerdict {
  const name = `target ${t.trafficMirrorTargetId}`;
  const endpoint = index.vpcEndpoints.get(endpointId);
  if (endpoint === undefined) return fail(`${name}: Gateway Load Balancer endpoint ${endpointId} was deleted`);
  const state = endpoint.state.toLowerCase();
  if (state !== 'available') return fail(`${name}: Gateway Load Balancer endpoint ${endpointId} is ${state}, not available`);
  if (endpoint.vpcId === undefined) return { counts: true };
  return {
    counts: true,
    destination: {
      trafficMirrorTargetId: t.trafficMirrorTargetId,
      vpcId: endpoint.vpcId,
      ...(t.ownerId !== undefined ? { ownerId: t.ownerId } : {}),
      addresses: [],
      subnetIds: endpoint.subnetIds,
      networkInterfaceIds: endpoint.networkInterfaceIds,
    },
  };
}

/**
 * The verdict on one target for traffic from one source ENI. `accountId`: the account evaluated; a target another
 * account owns counts unverified (its resource is not visible here), with a note saying so.
 */
export function checkTarget(
  trafficMirrorTargetId: string,
  source: NetworkInterface,
  index: TargetIndex,
  accountId: string | undefined,
): TargetVerdict {
  const t = index.targets.get(trafficMirrorTargetId);
  if (t === undefined) return fail(`target ${trafficMirrorTargetId} was deleted`);
  if (isForeignTarget(t, accountId)) {
    return { counts: true, note: `target ${t.trafficMirrorTargetId} of account ${t.ownerId} was not verified` };
  }
  if (t.networkInterfaceId !== undefined) return checkNetworkInterfaceTarget(t, t.networkInterfaceId, source, index);
  if (t.networkLoadBalancerArn !== undefined) return checkLoadBalancerTarget(t, t.networkLoadBalancerArn, index);
  if (t.gatewayLoadBalancerEndpointId !== undefined) return checkEndpointTarget(t, t.gatewayLoadBalancerEndpointId, index);
  return fail(`target ${trafficMirrorTargetId} names no ENI, load balancer or endpoint`);
}
