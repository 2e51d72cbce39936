/**
 * Reads what one remediation of one VPC needs, independent reads in parallel:
 *   DescribeVpcs ‖ DescribeNetworkInterfaces (the VPC's) ‖ DescribeTrafficMirrorSessions ‖ …Targets ‖ …Filters,
 * then the target's resource (its ENI and security groups, the NLB's ENIs, or the GWLB endpoint and its ENIs), then,
 * only when the target sits in another VPC, the path to it (rule/ec2-path-reads.ts): the route tables of the VPC's
 * subnets, the transit gateway attachments of both VPCs and the peering connections the routes name. When an
 * existing target may be reused, what the rule's target check needs about it (rule/read-targets.ts), alongside.
 * Any failed read rejects: nothing is planned on partial data.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { listVpcs } from '../rule/ec2-reads';
import { readPathInventory } from '../rule/ec2-path-reads';
import { EMPTY_PATH_INVENTORY } from '../rule/path-inventory';
import type { TargetReadClients } from '../rule/read-targets';
import { readTargetResources } from '../rule/read-targets';
import type { TargetInventory } from '../rule/target-inventory';
import { listSecurityGroups } from '../rule/target-reads';
import {
  findVpcEndpoint,
  listFiltersWithTags,
  listRemediationNetworkInterfaces,
  listSessionsWithNumbers,
  listTargets,
} from './ec2-reads';
import type { MirrorTarget, RemediationInventory, RemediationNetworkInterface, TargetResource } from './inventory';
import type { RemediationRequest, TargetResourceKind, TargetSpec } from './request';
import { requestedResource } from './request';

/** The resource a target spec names, resolving an existing target to what it points at. */
function resourceOf(target: TargetSpec, targets: readonly MirrorTarget[]): { kind: TargetResourceKind; id: string } | undefined {
  if (target.kind !== 'existingTarget') return requestedResource(target);
  const t = targets.find((x) => x.trafficMirrorTargetId === target.trafficMirrorTargetId);
  if (t?.networkInterfaceId) return { kind: 'networkInterface', id: t.networkInterfaceId };
  if (t?.networkLoadBalancerArn) return { kind: 'networkLoadBalancer', id: t.networkLoadBalancerArn };
  if (t?.gatewayLoadBalancerEndpointId) return { kind: 'gatewayLoadBalancerEndpoint', id: t.gatewayLoadBalancerEndpointId };
  return undefined;
}

/**
 * An NLB's own ENIs carry the description "ELB net/NAME/ID" (the last part of its ARN): finding them gives its VPC
 * without the Elastic Load Balancing API.
 */
export function nlbEniDescription(networkLoadBalancerArn: string): string | undefined {
  const match = /:loadbalancer\/(net\/[^/]+\/[^/]+)$/.exec(networkLoadBalancerArn);
  return match ? `ELB ${match[1]}` : undefined;
}

const addressesOf = (enis: readonly RemediationNetworkInterface[]) => enis.flatMap((e) => (e.privateIpAddress ? [e.privateIpAddress] : []));

async function readTargetResource(
  ec2: EC2Client,
  resource: { kind: TargetResourceKind; id: string },
  vpcEnis: readonly RemediationNetworkInterface[],
  existing: TargetInventory | undefined,
): Promise<TargetResource> {
  switch (resource.kind) {
    case 'networkInterface': {
      const eni =
        vpcEnis.find((e) => e.networkInterfaceId === resource.id) ??
        (await listRemediationNetworkInterfaces(ec2, [{ Name: 'network-interface-id', Values: [resource.id] }]))[0];
      if (!eni) return resource;
      // The existing target's check may have read these groups already.
      const read = existing?.securityGroups.filter((g) => eni.securityGroupIds.includes(g.groupId));
      const securityGroups = read?.length === eni.securityGroupIds.length ? read : await listSecurityGroups(ec2, eni.securityGroupIds);
      return { ...resource, vpcId: eni.vpcId, interfaceType: eni.interfaceType, securityGroups, addresses: addressesOf([eni]) };
    }
    case 'networkLoadBalancer': {
      const description = nlbEniDescription(resource.id);
      const enis = description ? await listRemediationNetworkInterfaces(ec2, [{ Name: 'description', Values: [description] }]) : [];
      return enis[0] ? { ...resource, vpcId: enis[0].vpcId, addresses: addressesOf(enis) } : resource;
    }
    case 'gatewayLoadBalancerEndpoint': {
      const endpoint = await findVpcEndpoint(ec2, resource.id);
      if (!endpoint) return resource;
      const enis =
        endpoint.networkInterfaceIds.length > 0
          ? await listRemediationNetworkInterfaces(ec2, [{ Name: 'network-interface-id', Values: [...endpoint.networkInterfaceIds] }])
          : [];
      return { ...resource, vpcId: endpoint.vpcId, addresses: addressesOf(enis) };
    }
  }
}

/** The clients a remediation reads with: EC2, and Elastic Load Balancing to check an existing NLB target. */
export type RemediationClients = TargetReadClients;

/** Existing targets the plan may reuse: the one named, or those already pointing at the requested resource. */
export function reusableTargets(target: TargetSpec, targets: readonly MirrorTarget[]): MirrorTarget[] {
  if (target.kind === 'existingTarget') return targets.filter((t) => t.trafficMirrorTargetId === target.trafficMirrorTargetId);
  const resource = requestedResource(target);
  if (resource === undefined) return [];
  return targets.filter((t) => resourceOf({ kind: 'existingTarget', trafficMirrorTargetId: t.trafficMirrorTargetId }, [t])?.id === resource.id);
}

/** Reads the inventory one remediation request needs. */
export async function readRemediationInventory(clients: RemediationClients, request: RemediationRequest): Promise<RemediationInventory> {
  const { ec2 } = clients;
  const { vpcId } = request;
  const [vpcs, networkInterfaces, sessions, targets, filters] = await Promise.all([
    listVpcs(ec2, [vpcId]),
    listRemediationNetworkInterfaces(ec2, [{ Name: 'vpc-id', Values: [vpcId] }]),
    listSessionsWithNumbers(ec2),
    listTargets(ec2),
    listFiltersWithTags(ec2),
  ]);
  const vpc = vpcs.find((v) => v.vpcId === vpcId);
  // The account remediated: the runbook's, else the VPC's owner (a request from the CLI names none).
  const account = request.accountId ?? vpc?.ownerId;
  const accountId = account !== undefined ? { accountId: account } : {};
  const base = { networkInterfaces, sessions, targets, filters, path: EMPTY_PATH_INVENTORY, ...accountId };
  if (!vpc) return base;
  const resource = resourceOf(request.target, targets);
  const reusable = reusableTargets(request.target, targets);
  const existingTargets =
    reusable.length === 0
      ? undefined
      : await readTargetResources(clients, targets, new Set(reusable.map((t) => t.trafficMirrorTargetId)), account, {
          found: networkInterfaces,
          complete: false,
        });
  const targetResource = resource ? await readTargetResource(ec2, resource, networkInterfaces, existingTargets) : undefined;
  const withExisting = existingTargets ? { existingTargets } : {};
  const targetVpc = targetResource?.vpcId;
  if (targetVpc === undefined || targetVpc === vpcId) return { ...base, vpc, ...withExisting, ...(targetResource ? { targetResource } : {}) };
  // The target sits in another VPC: the route from each candidate source's subnet decides (rule/mirror-path.ts).
  const path = await readPathInventory(ec2, {
    sourceSubnetIds: networkInterfaces.flatMap((e) => (e.subnetId ? [e.subnetId] : [])),
    sourceVpcIds: [vpcId],
    targetVpcIds: [targetVpc],
  });
  return { ...base, vpc, ...withExisting, targetResource, path };
}
