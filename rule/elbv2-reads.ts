/**
 * Thin Elastic Load Balancing (v2) readers for verifying Network Load Balancer targets, with the SDK's paginators.
 * Limits (Elastic Load Balancing API Reference): DescribeLoadBalancers takes up to 20 LoadBalancerArns a call and
 * a PageSize of up to 400, as does DescribeListeners. A load balancer that does not exist fails the whole call
 * with LoadBalancerNotFound, so a batch that hits one is asked again one ARN a call to tell which are gone.
 */
import type { ElasticLoadBalancingV2Client, LoadBalancer as SdkLoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { paginateDescribeListeners, paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import pLimit from 'p-limit';
import { chunk } from './ec2-reads';
import type { Listener, LoadBalancer } from './target-inventory';

export const ELBV2_ARNS_PER_CALL = 20;
/** Set on the input: the SDK's ELBv2 paginators have no page-size member, so their `pageSize` option is ignored. */
export const ELBV2_PAGE_SIZE = 400;
/** Independent ELB reads in flight at once: the ELB API throttles per account-region like EC2. */
export const ELBV2_READ_CONCURRENCY = 5;

/** The error ELBv2 answers for an ARN that names no load balancer (the SDK's LoadBalancerNotFoundException). */
export function isLoadBalancerNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return name === 'LoadBalancerNotFoundException' || name === 'LoadBalancerNotFound';
}

async function describe(elbv2: ElasticLoadBalancingV2Client, arns: string[]): Promise<SdkLoadBalancer[]> {
  const out: SdkLoadBalancer[] = [];
  for await (const page of paginateDescribeLoadBalancers({ client: elbv2 }, { LoadBalancerArns: arns, PageSize: ELBV2_PAGE_SIZE })) {
    out.push(...(page.LoadBalancers ?? []));
  }
  return out;
}

/** One batch; when a load balancer of it is gone, each ARN alone, the missing ones left out. */
async function describeBatch(elbv2: ElasticLoadBalancingV2Client, arns: string[]): Promise<SdkLoadBalancer[]> {
  try {
    return await describe(elbv2, arns);
  } catch (error) {
    if (!isLoadBalancerNotFound(error)) throw error;
    if (arns.length === 1) return [];
    const singles = await Promise.all(arns.map((arn) => describeBatch(elbv2, [arn])));
    return singles.flat();
  }
}

/** The listeners of one load balancer; none when it no longer exists. */
export async function listListeners(elbv2: ElasticLoadBalancingV2Client, loadBalancerArn: string): Promise<Listener[]> {
  const listeners: Listener[] = [];
  try {
    for await (const page of paginateDescribeListeners({ client: elbv2 }, { LoadBalancerArn: loadBalancerArn, PageSize: ELBV2_PAGE_SIZE })) {
      for (const l of page.Listeners ?? []) {
        if (l.Port !== undefined && l.Protocol !== undefined) listeners.push({ port: l.Port, protocol: l.Protocol });
      }
    }
  } catch (error) {
    if (isLoadBalancerNotFound(error)) return [];
    throw error;
  }
  return listeners;
}

function toLoadBalancer(lb: SdkLoadBalancer, listeners: readonly Listener[]): LoadBalancer | undefined {
  if (!lb.LoadBalancerArn) return undefined;
  return {
    loadBalancerArn: lb.LoadBalancerArn,
    loadBalancerName: lb.LoadBalancerName ?? lb.LoadBalancerArn,
    state: lb.State?.Code ?? 'unknown',
    ...(lb.VpcId ? { vpcId: lb.VpcId } : {}),
    privateIpv4Addresses: (lb.AvailabilityZones ?? []).flatMap((az) =>
      (az.LoadBalancerAddresses ?? []).flatMap((a) => (a.PrivateIPv4Address ? [a.PrivateIPv4Address] : [])),
    ),
    listeners,
  };
}

/**
 * The load balancers with these ARNs and their listeners: ⌈n/20⌉ DescribeLoadBalancers and, at the same time, one
 * DescribeListeners per load balancer. One that no longer exists is absent.
 */
export async function listLoadBalancersWithListeners(
  elbv2: ElasticLoadBalancingV2Client,
  loadBalancerArns: readonly string[],
): Promise<LoadBalancer[]> {
  const arns = [...new Set(loadBalancerArns)];
  if (arns.length === 0) return [];
  const limit = pLimit(ELBV2_READ_CONCURRENCY);
  const [described, listeners] = await Promise.all([
    Promise.all(chunk(arns, ELBV2_ARNS_PER_CALL).map((batch) => limit(() => describeBatch(elbv2, batch)))),
    Promise.all(arns.map((arn) => limit(async () => [arn, await listListeners(elbv2, arn)] as const))),
  ]);
  const byArn = new Map(listeners);
  return described.flat().flatMap((lb) => toLoadBalancer(lb, byArn.get(lb.LoadBalancerArn ?? '') ?? []) ?? []);
}
