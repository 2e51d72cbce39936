/**
 * Thin EC2 readers for the remediation: each lists one kind of resource with the SDK's paginators at the largest
 * page size and maps it to the plain data in inventory.ts, extending the rule's mappers. No decisions here.
 */
import type { EC2Client, Filter, NetworkInterface as Ec2NetworkInterface } from '@aws-sdk/client-ec2';
import {
  paginateDescribeNetworkInterfaces,
  paginateDescribeTrafficMirrorFilters,
  paginateDescribeTrafficMirrorSessions,
} from '@aws-sdk/client-ec2';
import { EC2_PAGE_SIZE, tagsToRecord, toMirrorFilter, toMirrorSession, toNetworkInterface } from '../rule/ec2-reads';
import { collect, defined, listSdkMirrorTargets, listVpcEndpoints, toTrafficMirrorTarget } from '../rule/target-reads';
import type { MirrorFilter, MirrorSession, MirrorTarget, RemediationNetworkInterface } from './inventory';

const paging = (ec2: EC2Client) => ({ client: ec2, pageSize: EC2_PAGE_SIZE });

function toRemediationEni(n: Ec2NetworkInterface): RemediationNetworkInterface | undefined {
  const base = toNetworkInterface(n);
  if (!base) return undefined;
  return {
    ...base,
    securityGroupIds: defined((n.Groups ?? []).map((g) => g.GroupId)),
    ...(n.PrivateIpAddress ? { privateIpAddress: n.PrivateIpAddress } : {}),
    ...(n.SubnetId ? { subnetId: n.SubnetId } : {}),
  };
}

/** ENIs matching the EC2 filters (by filter, so an ENI that does not exist is absent rather than an error). */
export async function listRemediationNetworkInterfaces(ec2: EC2Client, filters: Filter[]): Promise<RemediationNetworkInterface[]> {
  const enis = await collect(paginateDescribeNetworkInterfaces(paging(ec2), { Filters: filters }), (p) => p.NetworkInterfaces);
  return defined(enis.map(toRemediationEni));
}

/** Every traffic mirror session of the account-region, with its session number and tags. */
export async function listSessionsWithNumbers(ec2: EC2Client): Promise<MirrorSession[]> {
  const sessions = await collect(paginateDescribeTrafficMirrorSessions(paging(ec2), {}), (p) => p.TrafficMirrorSessions);
  return defined(
    sessions.map((s) => {
      const base = toMirrorSession(s);
      return base && { ...base, sessionNumber: s.SessionNumber ?? 0, tags: tagsToRecord(s.Tags) };
    }),
  );
}

/** Every traffic mirror filter of the account-region, with its tags. */
export async function listFiltersWithTags(ec2: EC2Client): Promise<MirrorFilter[]> {
  const filters = await collect(paginateDescribeTrafficMirrorFilters(paging(ec2), {}), (p) => p.TrafficMirrorFilters);
  return defined(
    filters.map((f) => {
      const base = toMirrorFilter(f);
      return base && { ...base, tags: tagsToRecord(f.Tags) };
    }),
  );
}

/** Every traffic mirror target of the account-region (including targets shared with it), with its tags. */
export async function listTargets(ec2: EC2Client): Promise<MirrorTarget[]> {
  return (await listSdkMirrorTargets(ec2)).flatMap((t) => {
    const target = toTrafficMirrorTarget(t);
    return target ? [{ ...target, tags: tagsToRecord(t.Tags) }] : [];
  });
}

/** A VPC endpoint's VPC and network interfaces (where mirrored packets arrive); undefined when it is not visible. */
export async function findVpcEndpoint(
  ec2: EC2Client,
  vpcEndpointId: string,
): Promise<{ vpcId: string; networkInterfaceIds: readonly string[] } | undefined> {
  const endpoint = (await listVpcEndpoints(ec2, [vpcEndpointId]))[0];
  return endpoint?.vpcId !== undefined ? { vpcId: endpoint.vpcId, networkInterfaceIds: endpoint.networkInterfaceIds } : undefined;
}
