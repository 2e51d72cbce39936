/**
 * The fake Elastic Load Balancing (v2) service: DescribeLoadBalancers and DescribeListeners over awsQuery, as the
 * rule reads Network Load Balancer targets. Limits and errors follow the Elastic Load Balancing API Reference:
 * PageSize 1-400, up to 20 LoadBalancerArns (and Names) a call, `Marker`/`NextMarker` paging, and
 * LoadBalancerNotFound when any requested load balancer does not exist.
 */
import { DescribeListeners$, DescribeLoadBalancers$ } from '@aws-sdk/client-elastic-load-balancing-v2';
import { FakeAwsError } from './errors';
import type { FakeListener, FakeLoadBalancer, FakeRegion } from './types';
import type { SdkOperationSchema } from './wire-codec';

export const ELBV2_XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
export const ELBV2_MAX_PAGE_SIZE = 400;
export const ELBV2_MAX_ARNS = 20;

export interface Elbv2Operation {
  readonly schema: SdkOperationSchema;
  readonly run: (input: Record<string, unknown>, state: FakeRegion) => object;
}

const validation = (message: string) => new FakeAwsError('ValidationError', message);
const notFound = () => new FakeAwsError('LoadBalancerNotFound', 'One or more load balancers not found');

const strings = (input: Record<string, unknown>, name: string): string[] | undefined =>
  Array.isArray(input[name]) ? (input[name] as unknown[]).map(String) : undefined;

/** One page of `items` from the request's Marker, PageSize items long (default and maximum 400). */
function page<T>(items: readonly T[], input: Record<string, unknown>): { items: T[]; NextMarker?: string } {
  const pageSize = typeof input.PageSize === 'number' ? input.PageSize : ELBV2_MAX_PAGE_SIZE;
  if (pageSize < 1 || pageSize > ELBV2_MAX_PAGE_SIZE) {
    throw validation(`1 validation error detected: Value '${pageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`);
  }
  const marker = typeof input.Marker === 'string' && input.Marker !== '' ? input.Marker : undefined;
  const start = marker === undefined ? 0 : Number(Buffer.from(marker, 'base64').toString('utf8'));
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw validation('Invalid Marker');
  const end = start + pageSize;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { NextMarker: Buffer.from(String(end), 'utf8').toString('base64') } : {}),
  };
}

function limitTo20(values: string[] | undefined, member: string): void {
  if (values !== undefined && values.length > ELBV2_MAX_ARNS) {
    throw validation(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${ELBV2_MAX_ARNS}`,
    );
  }
}

const loadBalancerToWire = (lb: FakeLoadBalancer) => ({
  LoadBalancerArn: lb.LoadBalancerArn,
  LoadBalancerName: lb.LoadBalancerName,
  DNSName: `${lb.LoadBalancerName}-0123456789abcdef.elb.amazonaws.com`,
  Scheme: lb.Scheme ?? 'internal',
  VpcId: lb.VpcId,
  State: { Code: lb.State },
  Type: lb.Type,
  IpAddressType: 'ipv4',
  AvailabilityZones: (lb.AvailabilityZones ?? []).map((az) => ({
    ZoneName: az.ZoneName,
    SubnetId: az.SubnetId,
    LoadBalancerAddresses: az.PrivateIPv4Address ? [{ PrivateIPv4Address: az.PrivateIPv4Address }] : [],
  })),
});

const listenerToWire = (l: FakeListener) => ({
  ListenerArn: l.ListenerArn,
  LoadBalancerArn: l.LoadBalancerArn,
  Port: l.Port,
  Protocol: l.Protocol,
});

function describeLoadBalancers(input: Record<string, unknown>, state: FakeRegion): object {
  const arns = strings(input, 'LoadBalancerArns');
  const names = strings(input, 'Names');
  limitTo20(arns, 'loadBalancerArns');
  limitTo20(names, 'names');
  let selected: FakeLoadBalancer[] = state.loadBalancers;
  if (arns !== undefined) {
    const wanted = new Set(arns);
    selected = state.loadBalancers.filter((lb) => wanted.has(lb.LoadBalancerArn));
    if (selected.length < wanted.size) throw notFound();
  }
  if (names !== undefined) {
    const wanted = new Set(names);
    selected = selected.filter((lb) => wanted.has(lb.LoadBalancerName));
    if (selected.length < wanted.size) throw notFound();
  }
  const { items, NextMarker } = page(selected, input);
  return { LoadBalancers: items.map(loadBalancerToWire), NextMarker };
}

function describeListeners(input: Record<string, unknown>, state: FakeRegion): object {
  const arn = typeof input.LoadBalancerArn === 'string' ? input.LoadBalancerArn : undefined;
  const listenerArns = strings(input, 'ListenerArns');
  if (arn === undefined && listenerArns === undefined) throw validation('You must specify either listener ARNs or a load balancer ARN');
  let selected = state.listeners;
  if (arn !== undefined) {
    if (!state.loadBalancers.some((lb) => lb.LoadBalancerArn === arn)) throw notFound();
    selected = selected.filter((l) => l.LoadBalancerArn === arn);
  }
  if (listenerArns !== undefined) {
    const wanted = new Set(listenerArns);
    selected = selected.filter((l) => wanted.has(l.ListenerArn));
    if (selected.length < wanted.size) throw new FakeAwsError('ListenerNotFound', 'One or more listeners not found');
  }
  const { items, NextMarker } = page(selected, input);
  return { Listeners: items.map(listenerToWire), NextMarker };
}

/** Every ELBv2 operation the fake serves, by Action name. */
export const ELBV2_OPERATIONS: Readonly<Record<string, Elbv2Operation>> = {
  DescribeLoadBalancers: { schema: DescribeLoadBalancers$, run: describeLoadBalancers },
  DescribeListeners: { schema: DescribeListeners$, run: describeListeners },
};
