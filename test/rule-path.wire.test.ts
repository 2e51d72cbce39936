/**
 * The real rule handler against the fake AWS endpoint over HTTP, on an account with one source VPC per route case,
 * each mirrored to a target ENI in a second VPC (support/cross-vpc-account.ts): every VPC's verdict and annotation,
 * and the calls the route check costs (none when nothing crosses VPCs).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { scheduledEvent, vpcChange } from './support/config-events';
import { keepOnlySameVpcSession, seedCrossVpcAccount } from './support/cross-vpc-account';
import { ruleHandlerOnFakeAws } from './support/handler-on-fake';
import { pathCalls } from './support/path-budget';

const REGION = 'us-east-1';

let ruleCount = 0;
let rule: string;

const wire = ruleHandlerOnFakeAws(REGION);

beforeEach(() => {
  rule = `vpc-traffic-mirroring-in-use-path-${++ruleCount}`;
  wire.fake.resetCalls();
});

const events = () => ({ resultToken: wire.fake.resultToken(rule), configRuleName: rule });
const verdicts = () =>
  Object.fromEntries(
    wire.fake
      .evaluations(REGION)
      .filter((e) => e.configRuleName === rule)
      .map((e) => [e.resourceId, { compliance: e.complianceType, annotation: e.annotation }]),
  );

describe('the route from each source subnet to a target in another VPC', () => {
  it('a sweep gives each source VPC the verdict of its route case, naming what is missing', async () => {
    const { state, cases } = seedCrossVpcAccount(wire.fake, REGION);
    await wire.handler(scheduledEvent(events()));
    expect(verdicts()).toEqual(Object.fromEntries(cases.map((c) => [c.vpcId, { compliance: c.compliance, annotation: c.annotation }])));
    // Route tables by the 9 source subnets and the main tables of their VPCs, both VPCs' attachments, the peerings named.
    expect(wire.fake.callCounts({ service: 'ec2' })).toMatchObject({
      DescribeRouteTables: 2,
      DescribeTransitGatewayVpcAttachments: 1,
      DescribeVpcPeeringConnections: 1,
    });
    expect(pathCalls(state)).toEqual({ DescribeRouteTables: 2, DescribeTransitGatewayVpcAttachments: 1, DescribeVpcPeeringConnections: 1 });
    const filtersOf = (operation: string) => wire.fake.calls().filter((c) => c.operation === operation).map((c) => c.params?.Filters);
    expect(filtersOf('DescribeVpcPeeringConnections')).toEqual([
      [{ Name: 'vpc-peering-connection-id', Values: expect.arrayContaining(['pcx-00000000000000dead', 'pcx-00000000000000001']) as unknown }],
    ]);
  });

  it.each([1, 2, 5, 8])('a change to source VPC case %i evaluates it alone with the same verdict', async (n) => {
    const { cases } = seedCrossVpcAccount(wire.fake, REGION);
    const c = cases[n - 1]!;
    await wire.handler(vpcChange(c.vpcId, events()));
    expect(verdicts()).toEqual({ [c.vpcId]: { compliance: c.compliance, annotation: c.annotation } });
  });

  it('a target in the same VPC needs no route: no route table, peering or attachment is read', async () => {
    const { state, cases } = seedCrossVpcAccount(wire.fake, REGION);
    keepOnlySameVpcSession(state);
    await wire.handler(scheduledEvent(events()));
    const same = cases.at(-1)!;
    expect(verdicts()[same.vpcId]).toEqual({ compliance: 'COMPLIANT', annotation: same.annotation });
    const ec2 = wire.fake.callCounts({ service: 'ec2' });
    expect(ec2.DescribeRouteTables).toBeUndefined();
    expect(ec2.DescribeVpcPeeringConnections).toBeUndefined();
    expect(ec2.DescribeTransitGatewayVpcAttachments).toBeUndefined();
  });

  it('with verifyTarget false, the route is not checked either, as before', async () => {
    const { cases } = seedCrossVpcAccount(wire.fake, REGION);
    await wire.handler(scheduledEvent({ ...events(), ruleParameters: { verifyTarget: 'false' } }));
    expect(Object.values(verdicts()).every((v) => v.compliance === 'COMPLIANT')).toBe(true);
    expect(Object.keys(verdicts()).sort()).toEqual(cases.map((c) => c.vpcId).sort());
    expect(wire.fake.callCounts({ service: 'ec2' }).DescribeRouteTables).toBeUndefined();
  });
});
