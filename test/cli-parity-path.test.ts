/**
 * The route check, two ways in: the rule's Lambda handler and the CLI's audit (a child process) give every VPC of the
 * cross-VPC account (one source VPC per route case, support/cross-vpc-account.ts) the same verdict and annotation,
 * with verifyTarget on and off.
 */
import { expect, it } from 'vitest';
import { runCliProcess } from './support/cli-process';
import { scheduledEvent } from './support/config-events';
import { seedCrossVpcAccount } from './support/cross-vpc-account';
import { ruleHandlerOnFakeAws } from './support/rule-handler-on-fake';

const REGION = 'us-east-1';

type Verdicts = Record<string, { compliance: string; annotation: string | undefined }>;
let ruleCount = 0;

const wire = ruleHandlerOnFakeAws(REGION);

it.each([
  [{}, []],
  [{ verifyTarget: 'false' }, ['--verify-target', 'false']],
])('rule parameters %j: the CLI and the Lambda give every VPC the same verdict', async (ruleParameters, flags) => {
  const { cases } = seedCrossVpcAccount(wire.fake, REGION);
  const rule = `parity-path-${++ruleCount}`;
  await wire.handler(scheduledEvent({ ruleParameters, resultToken: wire.fake.resultToken(rule), configRuleName: rule }));
  const fromLambda: Verdicts = Object.fromEntries(
    wire.fake
      .evaluations(REGION)
      .filter((e) => e.configRuleName === rule)
      .map((e) => [e.resourceId, { compliance: e.complianceType, annotation: e.annotation }]),
  );

  const run = await runCliProcess(['audit', '--region', REGION, '--format', 'json', ...flags], wire.fake.env(REGION));
  const rows = JSON.parse(run.stdout) as { vpcId: string; compliance: string; annotation: string }[];
  const fromCli: Verdicts = Object.fromEntries(rows.map((r) => [r.vpcId, { compliance: r.compliance, annotation: r.annotation }]));

  expect(fromCli).toEqual(fromLambda);
  // Not vacuous: with verifyTarget on, the route cases split as the fixture says.
  if (flags.length === 0) {
    expect(fromCli).toEqual(Object.fromEntries(cases.map((c) => [c.vpcId, { compliance: c.compliance, annotation: c.annotation }])));
  }
});
