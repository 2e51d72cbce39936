/**
 * The route check, two ways in: the rule's Lambda handler and the CLI's audit (a child process) give every VPC of the
 * cross-VPC account (one source VPC per route case, support/cross-vpc-account.ts) the same verdict and annotation,
 * with verifyTarget on and off.
 */
import { expect, it } from 'vitest';
import { seedCrossVpcAccount } from './support/cross-vpc-account';
import { ruleHandlerOnFakeAws } from './support/handler-on-fake';
import { verdictsBothWays } from './support/verdict-parity';

const REGION = 'us-east-1';

let ruleCount = 0;

const wire = ruleHandlerOnFakeAws(REGION);

it.each([
  [{}, []],
  [{ verifyTarget: 'false' }, ['--verify-target', 'false']],
])('rule parameters %j: the CLI and the Lambda give every VPC the same verdict', async (ruleParameters, flags) => {
  const { cases } = seedCrossVpcAccount(wire.fake, REGION);
  const { fromLambda, fromCli } = await verdictsBothWays(wire, REGION, `parity-path-${++ruleCount}`, ruleParameters, flags);

  expect(fromCli).toEqual(fromLambda);
  // Not vacuous: with verifyTarget on, the route cases split as the fixture says.
  if (flags.length === 0) {
    expect(fromCli).toEqual(Object.fromEntries(cases.map((c) => [c.vpcId, { compliance: c.compliance, annotation: c.annotation }])));
  }
});
