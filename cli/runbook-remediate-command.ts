/**
 * `remediate --vpc … --runbook`: starts the deployed EnableVpcTrafficMirroring for one VPC with SSM Automation,
 * follows the execution to its end and prints the runbook's outputs. Loaded only when the command runs.
 */
import { randomUUID } from 'node:crypto';
import { ApiCallCounter } from '../rule/api-call-counter';
import { pollDelayMs } from './bulk-remediation';
import { readAutomation, startAutomation } from './automation-execution';
import { inRegion } from './errors';
import type { CliIo } from './io';
import type { RunbookRemediateOptions } from './operate-options';
import { runbookParameters } from './operate-options';
import type { AutomationRun } from './runbook-run';
import { ENDED_AUTOMATION_STATUSES, formatRunbookRun, runbookExitCode } from './runbook-run';
import { cliSsmClient } from './ssm-client';
import type { Waiting } from './waiting';
import { realWaiting } from './waiting';

export async function runRunbookRemediate(
  options: RunbookRemediateOptions,
  io: CliIo,
  counter = new ApiCallCounter(),
  waiting: Waiting = realWaiting,
): Promise<number> {
  const { region, request } = options;
  const ssm = cliSsmClient({ region, callCounter: counter });
  const parameters = runbookParameters(request, options.automationAssumeRole);
  const run = await inRegion(region, async (): Promise<AutomationRun> => {
    const id = await startAutomation(ssm, options.documentName, parameters, request.runId ?? randomUUID());
    const deadline = waiting.now() + options.timeoutSeconds * 1000;
    for (let round = 0; ; round++) {
      const delay = pollDelayMs(round);
      if (waiting.now() + delay > deadline) {
        return { automationExecutionId: id, status: 'TimedOut', outputs: {}, failureMessage: `Still running after ${options.timeoutSeconds} s (the run goes on in SSM)` };
      }
      await waiting.sleep(delay);
      const current = await readAutomation(ssm, id);
      if (ENDED_AUTOMATION_STATUSES.has(current.status)) return current;
    }
  });
  io.stdout.write(formatRunbookRun(run, { documentName: options.documentName, vpcId: request.vpcId, region }, options.format));
  return runbookExitCode(run);
}
