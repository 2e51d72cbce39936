/**
 * The route check, two ways in: the rule's Lambda handler and the CLI's audit (a child process) give every VPC of the
 * cross-VPC account (one source VPC per route case, support/cross-vpc-account.ts) the same verdict and annotation,
 * with verifyTarget on and off.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCliProcess } from './support/cli-process';
import { scheduledEvent } from './support/config-events';
import { seedCrossVpcAccount } from './support/cross-vpc-account';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';

const REGION = 'us-east-1';

type Verdicts = Record<string, { compliance: string; annotation: string | undefined }>;
let fake: FakeAws;
let handler: (event: unknown) => Promise<unknown>;
let savedEnv: NodeJS.ProcessEnv;
let ruleCount = 0;

beforeAll(async () => {
  fake = await startFakeAws();
  savedEnv = { ...process.env };
  Object.assign(process.env, fake.env(REGION), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
  ({ handler } = await import('../rule/handler'));
});

afterAll(async () => {
  process.env = savedEnv;
  await fake.close();
});

it.each([
  [{}, []],
  [{ verifyTarget: 'false' }, ['--verify-target', 'false']],
])('rule parameters %j: the CLI and the Lambda give every VPC the same verdict', async (ruleParameters, flags) => {
  const { cases } = seedCrossVpcAccount(fake, REGION);
  const rule = `parity-path-${++ruleCount}`;
  await handler(scheduledEvent({ ruleParameters, resultToken: fake.resultToken(rule), configRuleName: rule }));
  const fromLambda: Verdicts = Object.fromEntries(
    fake
      .evaluations(REGION)
      .filter((e) => e.configRuleName === rule)
      .map((e) => [e.resourceId, { compliance: e.complianceType, annotation: e.annotation }]),
  );

  const run = await runCliProcess(['audit', '--region', REGION, '--format', 'json', ...flags], fake.env(REGION));
  const rows = JSON.parse(run.stdout) as { vpcId: string; compliance: string; annotation: string }[];
  const fromCli: Verdicts = Object.fromEntries(rows.map((r) => [r.vpcId, { compliance: r.compliance, annotation: r.annotation }]));

  expect(fromCli).toEqual(fromLambda);
  // Not vacuous: with verifyTarget on, the route cases split as the fixture says.
  if (flags.length === 0) {
    expect(fromCli).toEqual(Object.fromEntries(cases.map((c) => [c.vpcId, { compliance: c.compliance, annotation: c.annotation }])));
  }
});
