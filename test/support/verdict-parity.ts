/**
 * The parity tests' one step: the same scheduled evaluation through the rule's Lambda handler (its evaluations read
 * back from the fake Config) and through the CLI's `audit` as a child process, each as VPC ID → verdict.
 */
import { runCliProcess } from './cli-process';
import type { CliRun } from './cli-process';
import { scheduledEvent } from './config-events';
import type { HandlerOnFake } from './handler-on-fake';

export type Verdicts = Record<string, { compliance: string; annotation: string | undefined }>;

export interface VerdictsBothWays {
  readonly fromLambda: Verdicts;
  readonly fromCli: Verdicts;
  /** The CLI run, for its exit code. */
  readonly run: CliRun;
}

export async function verdictsBothWays(
  wire: HandlerOnFake<unknown>,
  region: string,
  rule: string,
  ruleParameters: Record<string, string>,
  cliFlags: readonly string[],
): Promise<VerdictsBothWays> {
  const { fake } = wire;
  await wire.handler(scheduledEvent({ ruleParameters, resultToken: fake.resultToken(rule), configRuleName: rule }));
  const fromLambda: Verdicts = Object.fromEntries(
    fake
      .evaluations(region)
      .filter((e) => e.configRuleName === rule)
      .map((e) => [e.resourceId, { compliance: e.complianceType, annotation: e.annotation }]),
  );
  const run = await runCliProcess(['audit', '--region', region, '--output', 'json', ...cliFlags], fake.env(region));
  const rows = JSON.parse(run.stdout) as { vpcId: string; compliance: string; annotation: string }[];
  const fromCli: Verdicts = Object.fromEntries(rows.map((r) => [r.vpcId, { compliance: r.compliance, annotation: r.annotation }]));
  return { fromLambda, fromCli, run };
}
