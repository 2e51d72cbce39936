/**
 * The baseline: the audit procedure of Trend Micro Conformity's "VPC Traffic Mirroring in Use" rule, done with
 * the SDK the way its CLI steps do it, one call after another:
 *   1. describe-vpcs, to list the VPCs;
 *   2. per VPC, describe-network-interfaces --filters Name=vpc-id,Values=<vpc>;
 *   3. per ENI, describe-traffic-mirror-sessions --filters Name=network-interface-id,Values=<eni>;
 *      a VPC passes when one of its ENIs is the source of a session.
 * Like the CLI, no MaxResults is sent (EC2 then answers in as few pages as it likes) and NextToken is followed.
 * In the baseline's favour, step 3 stops at a VPC's first mirrored ENI instead of checking every ENI.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { FakeRegion } from '../test/support/fake-aws';
import {
  paginateDescribeNetworkInterfaces,
  paginateDescribeTrafficMirrorSessions,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';

/** Step 1, or the single-VPC variant's "describe the VPC": the VPC IDs, in EC2's order. */
export async function listVpcIdsManually(ec2: EC2Client, vpcIds?: readonly string[]): Promise<string[]> {
  const input = vpcIds === undefined ? {} : { Filters: [{ Name: 'vpc-id', Values: [...vpcIds] }] };
  const ids: string[] = [];
  for await (const page of paginateDescribeVpcs({ client: ec2 }, input)) {
    for (const vpc of page.Vpcs ?? []) if (vpc.VpcId) ids.push(vpc.VpcId);
  }
  return ids;
}

async function isMirrorSource(ec2: EC2Client, networkInterfaceId: string): Promise<boolean> {
  const input = { Filters: [{ Name: 'network-interface-id', Values: [networkInterfaceId] }] };
  for await (const page of paginateDescribeTrafficMirrorSessions({ client: ec2 }, input)) {
    if ((page.TrafficMirrorSessions ?? []).length > 0) return true;
  }
  return false;
}

/** Steps 2 and 3 for one VPC: is any of its ENIs the source of a traffic mirror session? */
export async function auditVpcManually(ec2: EC2Client, vpcId: string): Promise<boolean> {
  const input = { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] };
  for await (const page of paginateDescribeNetworkInterfaces({ client: ec2 }, input)) {
    for (const eni of page.NetworkInterfaces ?? []) {
      if (eni.NetworkInterfaceId && (await isMirrorSource(ec2, eni.NetworkInterfaceId))) return true;
    }
  }
  return false;
}

/** `count` items spread evenly over `items` (all of them when count is undefined or not smaller). */
export function evenSample<T>(items: readonly T[], count: number | undefined): T[] {
  if (count === undefined || count >= items.length) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}

/**
 * What the whole procedure costs on an inventory, call by call, as the fake serves it (one page per listing
 * without MaxResults, ENIs in the region's order): the exact count the sampled run's extrapolation is checked
 * against.
 */
export function manualAuditCalls(inventory: Pick<FakeRegion, 'vpcs' | 'networkInterfaces' | 'sessions'>): number {
  const sources = new Set(inventory.sessions.map((s) => s.NetworkInterfaceId));
  const enisByVpc = new Map<string, string[]>();
  for (const eni of inventory.networkInterfaces) {
    const list = enisByVpc.get(eni.VpcId);
    if (list) list.push(eni.NetworkInterfaceId);
    else enisByVpc.set(eni.VpcId, [eni.NetworkInterfaceId]);
  }
  let calls = 1;
  for (const vpc of inventory.vpcs) {
    calls += 1;
    for (const eni of enisByVpc.get(vpc.VpcId) ?? []) {
      calls += 1;
      if (sources.has(eni)) break;
    }
  }
  return calls;
}
