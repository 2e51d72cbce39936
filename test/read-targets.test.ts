/**
 * readTargetResources against the fake AWS endpoint: calls grow with targets (20 NLB ARNs a DescribeLoadBalancers,
 * 400 a page, one DescribeListeners each), a deleted load balancer does not fail the batch it is in, and another
 * account's targets are not read.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { readTargetResources } from '../rule/read-targets';
import type { TrafficMirrorTarget } from '../rule/target-inventory';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' };
let fake: FakeAws;
let clients: { ec2: EC2Client; elbv2: ElasticLoadBalancingV2Client };

const arn = (n: number) => `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/nlb-${n}/${String(n).padStart(16, '0')}`;
const nlbTargets = (count: number): TrafficMirrorTarget[] =>
  Array.from({ length: count }, (_, i) => ({ trafficMirrorTargetId: `tmt-${i + 1}`, ownerId: ACCOUNT, networkLoadBalancerArn: arn(i + 1) }));

beforeAll(async () => {
  fake = await startFakeAws({ accountId: ACCOUNT });
  clients = {
    ec2: new EC2Client({ region: REGION, endpoint: fake.endpoint, credentials }),
    elbv2: new ElasticLoadBalancingV2Client({ region: REGION, endpoint: fake.endpoint, credentials }),
  };
});
afterAll(async () => {
  clients.ec2.destroy();
  clients.elbv2.destroy();
  await fake.close();
});
beforeEach(() => {
  // 45 NLBs; nlb-7 was deleted.
  fake.setRegion(REGION, {
    loadBalancers: Array.from({ length: 45 }, (_, i) => i + 1)
      .filter((n) => n !== 7)
      .map((n) => ({ LoadBalancerArn: arn(n), LoadBalancerName: `nlb-${n}`, Type: 'network', VpcId: 'vpc-00000000000000001', State: 'active' })),
    listeners: [{ ListenerArn: `${arn(1)}/l`, LoadBalancerArn: arn(1), Port: 4789, Protocol: 'UDP' }],
  });
  fake.resetCalls();
});

it('reads 45 NLB targets in ⌈45/20⌉ DescribeLoadBalancers and 45 DescribeListeners, 400 a page', async () => {
  fake.region(REGION).loadBalancers.push({ LoadBalancerArn: arn(7), LoadBalancerName: 'nlb-7', Type: 'network', VpcId: 'vpc-00000000000000001', State: 'active' });
  const targets = nlbTargets(45);
  const inv = await readTargetResources(clients, targets, new Set(targets.map((t) => t.trafficMirrorTargetId)), ACCOUNT, { found: [], complete: true });
  expect(inv.loadBalancers).toHaveLength(45);
  expect(inv.loadBalancers.find((lb) => lb.loadBalancerName === 'nlb-1')?.listeners).toEqual([{ port: 4789, protocol: 'UDP' }]);
  expect(fake.callCounts()).toEqual({ DescribeLoadBalancers: 3, DescribeListeners: 45 });
  const describes = fake.calls().filter((c) => c.operation === 'DescribeLoadBalancers');
  expect(describes.map((c) => (c.params?.LoadBalancerArns as string[]).length).sort((a, b) => a - b)).toEqual([5, 20, 20]);
  for (const c of describes) expect(c.params?.PageSize).toBe(400);
});

it('leaves out a deleted load balancer without failing the others of its batch (each ARN of that batch asked alone)', async () => {
  const targets = nlbTargets(25);
  const inv = await readTargetResources(clients, targets, new Set(targets.map((t) => t.trafficMirrorTargetId)), ACCOUNT, { found: [], complete: true });
  expect(inv.loadBalancers.map((lb) => lb.loadBalancerName)).not.toContain('nlb-7');
  expect(inv.loadBalancers).toHaveLength(24);
  // Batches of 20 and 5; the first fails, then its 20 ARNs one a call.
  expect(fake.callCounts()).toEqual({ DescribeLoadBalancers: 2 + 20, DescribeListeners: 25 });
});

it("reads nothing for targets no session uses, nor for another account's targets", async () => {
  const targets = [...nlbTargets(3), { trafficMirrorTargetId: 'tmt-shared', ownerId: '999999999999', networkInterfaceId: 'eni-00000000000000009' }];
  const inv = await readTargetResources(clients, targets, new Set(['tmt-1', 'tmt-shared']), ACCOUNT, { found: [], complete: false });
  expect(inv.targets).toHaveLength(4);
  expect(fake.callCounts()).toEqual({ DescribeLoadBalancers: 1, DescribeListeners: 1 });
});
