/**
 * `remediate --runbook`'s decisions: whether an Automation execution has ended, and what to print of it (the runbook's
 * outputs: target, filter, sessions, created, reused, skipped). Pure: no SDK, no I/O.
 */
import { RUNBOOK_OUTPUTS } from '../remediation/runbook';

/** AutomationExecutionStatus values after which nothing more happens (SSM API Reference, AutomationExecution). */
export const ENDED_AUTOMATION_STATUSES: ReadonlySet<string> = new Set([
  'Success',
  'Failed',
  'TimedOut',
  'Cancelled',
  'CompletedWithSuccess',
  'CompletedWithFailure',
  'Rejected',
  'Exited',
  'ChangeCalendarOverrideRejected',
]);

/** An Automation execution as GetAutomationExecution reports it, as plain data. */
export interface AutomationRun {
  readonly automationExecutionId: string;
  readonly status: string;
  /** "Step.Output" → values, as SSM reports runbook outputs. */
  readonly outputs: Readonly<Record<string, readonly string[]>>;
  readonly failureMessage?: string;
  /** The first step that failed, with its message. */
  readonly failedStep?: { readonly name: string; readonly message?: string };
}

/** What the runbook says it did; lists empty when an output is absent. */
export interface RunbookResult {
  readonly target: string | null;
  readonly filter: string | null;
  readonly sessions: readonly string[];
  readonly created: readonly string[];
  readonly reused: readonly string[];
  readonly skipped: readonly string[];
}

/**
 * SSM renders a StringList output as its values, or (for some actions) as one JSON-array string: both are read.
 * An empty list comes back as no values at all.
 */
function values(outputs: AutomationRun['outputs'], key: string): string[] {
  const raw = outputs[key] ?? [];
  if (raw.length === 1 && raw[0]?.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(raw[0]);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: a single value that starts with a bracket.
    }
  }
  return raw.filter((v) => v !== '');
}

export function runbookResult(run: AutomationRun): RunbookResult {
  const one = (key: string) => values(run.outputs, key)[0] ?? null;
  return {
    target: one(RUNBOOK_OUTPUTS.target),
    filter: one(RUNBOOK_OUTPUTS.filter),
    sessions: values(run.outputs, RUNBOOK_OUTPUTS.sessions),
    created: values(run.outputs, RUNBOOK_OUTPUTS.created),
    reused: values(run.outputs, RUNBOOK_OUTPUTS.reused),
    skipped: values(run.outputs, RUNBOOK_OUTPUTS.skipped),
  };
}

/** 0 when the run succeeded; 1 when it failed, was cancelled or was still running at --timeout. */
export const runbookExitCode = (run: AutomationRun): 0 | 1 => (run.status === 'Success' ? 0 : 1);

const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');

export function formatRunbookRun(run: AutomationRun, context: { documentName: string; vpcId: string; region: string }, format: 'text' | 'json'): string {
  const result = runbookResult(run);
  if (format === 'json') {
    return `${JSON.stringify({ ...context, automationExecutionId: run.automationExecutionId, status: run.status, ...result, failedStep: run.failedStep ?? null, failureMessage: run.failureMessage ?? null }, null, 2)}\n`;
  }
  const lines = [`${context.documentName} run ${run.automationExecutionId} for ${context.vpcId} in ${context.region}: ${run.status}`];
  if (run.status === 'Success') {
    lines.push(
      `Target:   ${result.target ?? 'none'}`,
      `Filter:   ${result.filter ?? 'none'}`,
      `Sessions: ${list(result.sessions)}`,
      `Created:  ${list(result.created)}`,
      `Reused:   ${list(result.reused)}`,
      `Skipped:  ${list(result.skipped)}`,
    );
  } else if (run.failedStep) {
    lines.push(`Failed step: ${run.failedStep.name}: ${run.failedStep.message ?? run.failureMessage ?? 'no message'}`);
  } else if (run.failureMessage) {
    lines.push(run.failureMessage);
  }
  return `${lines.join('\n')}\n`;
}
