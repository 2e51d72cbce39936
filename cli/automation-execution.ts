/** SSM Automation, from the CLI: start the deployed runbook for one VPC and read its execution. */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { GetAutomationExecutionCommand, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import type { AutomationRun } from './runbook-run';

/** Starts the runbook; the ClientToken makes a retried start the same execution (SSM StartAutomationExecution). */
export async function startAutomation(
  ssm: SSMClient,
  documentName: string,
  parameters: Record<string, string[]>,
  clientToken: string,
): Promise<string> {
  const { AutomationExecutionId } = await ssm.send(new StartAutomationExecutionCommand({ DocumentName: documentName, Parameters: parameters, ClientToken: clientToken }));
  if (!AutomationExecutionId) throw new Error('StartAutomationExecution returned no AutomationExecutionId');
  return AutomationExecutionId;
}

export async function readAutomation(ssm: SSMClient, automationExecutionId: string): Promise<AutomationRun> {
  const { AutomationExecution: e } = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: automationExecutionId }));
  const failed = e?.StepExecutions?.find((s) => s.StepStatus === 'Failed' || s.StepStatus === 'TimedOut' || s.StepStatus === 'Cancelled');
  return {
    automationExecutionId,
    status: e?.AutomationExecutionStatus ?? 'Pending',
    outputs: e?.Outputs ?? {},
    ...(e?.FailureMessage !== undefined ? { failureMessage: e.FailureMessage } : {}),
    ...(failed?.StepName !== undefined ? { failedStep: { name: failed.StepName, ...(failed.FailureMessage !== undefined ? { message: failed.FailureMessage } : {}) } } : {}),
  };
}
