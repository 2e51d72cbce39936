/**
 * `remediate --non-compliant`'s decisions: which VPCs are still running, how long to wait before the next status
 * read, each VPC's final row and the exit code. Pure: plain data in and out, no SDK, no clock of its own.
 */

/** RemediationExecutionState values (Config API Reference), plus what the CLI itself concludes about a VPC. */
export type BulkRemediationState =
  | 'QUEUED'
  | 'IN_PROGRESS'
  | 'UNKNOWN'
  | 'SUCCEEDED'
  | 'FAILED'
  /** Started; not followed (no --wait). */
  | 'STARTED'
  /** StartRemediationExecution returned it in FailedItems. */
  | 'NOT_STARTED'
  /** Still running when --timeout ran out. */
  | 'TIMED_OUT';

const FINAL_STATES: ReadonlySet<BulkRemediationState> = new Set(['SUCCEEDED', 'FAILED', 'NOT_STARTED', 'TIMED_OUT']);

/** A remediation step as DescribeRemediationExecutionStatus reports it (StepDetails). */
export interface RemediationStepStatus {
  readonly name?: string;
  readonly state?: string;
  readonly errorMessage?: string;
}

/** One VPC's status from DescribeRemediationExecutionStatus, as plain data. */
export interface RemediationStatus {
  readonly vpcId: string;
  readonly state: string;
  readonly steps: readonly RemediationStepStatus[];
}

export interface BulkRemediationRow {
  readonly region: string;
  readonly vpcId: string;
  readonly state: BulkRemediationState;
  /** For a failure: the runbook step that failed; null otherwise. */
  readonly failedStep: string | null;
  /** For a failure: the step's (or Config's) message; null otherwise. */
  readonly message: string | null;
}

export interface RejectedStart {
  readonly vpcId: string;
  readonly message: string;
}

const KNOWN_STATES: ReadonlySet<string> = new Set(['QUEUED', 'IN_PROGRESS', 'UNKNOWN', 'SUCCEEDED', 'FAILED']);

/**
 * Every VPC of one bulk remediation and where it stands. Starts with the VPCs Config accepted (STARTED) and those
 * it refused (NOT_STARTED, with Config's message): none is dropped, whatever happens after.
 */
export class BulkRemediationTracker {
  private readonly rows = new Map<string, BulkRemediationRow>();

  constructor(
    private readonly region: string,
    started: readonly string[],
    rejected: readonly RejectedStart[],
  ) {
    for (const vpcId of started) this.rows.set(vpcId, { region, vpcId, state: 'STARTED', failedStep: null, message: null });
    for (const { vpcId, message } of rejected) this.rows.set(vpcId, { region, vpcId, state: 'NOT_STARTED', failedStep: null, message });
  }

  /** Takes in statuses read from Config; a VPC already final keeps its row, and a VPC this run did not start is ignored. */
  update(statuses: readonly RemediationStatus[]): void {
    for (const status of statuses) {
      const row = this.rows.get(status.vpcId);
      if (!row || FINAL_STATES.has(row.state)) continue;
      const state = (KNOWN_STATES.has(status.state) ? status.state : 'UNKNOWN') as BulkRemediationState;
      const failed = state === 'FAILED' ? status.steps.find((s) => s.state === 'FAILED') : undefined;
      this.rows.set(status.vpcId, {
        ...row,
        state,
        failedStep: state === 'FAILED' ? (failed?.name ?? null) : null,
        message: state === 'FAILED' ? (failed?.errorMessage ?? 'Config reported the remediation FAILED without a failed step') : null,
      });
    }
  }

  /** The VPCs still to follow. */
  pending(): string[] {
    return [...this.rows.values()].filter((r) => !FINAL_STATES.has(r.state)).map((r) => r.vpcId);
  }

  /** --timeout ran out: whatever is still running is TIMED_OUT, with its last known state. */
  timeOut(timeoutSeconds: number): void {
    for (const vpcId of this.pending()) {
      const row = this.rows.get(vpcId)!;
      this.rows.set(vpcId, { ...row, state: 'TIMED_OUT', message: `Still ${row.state} after ${timeoutSeconds} s` });
    }
  }

  counts(): { total: number; finished: number; failed: number } {
    const rows = [...this.rows.values()];
    return {
      total: rows.length,
      finished: rows.filter((r) => FINAL_STATES.has(r.state)).length,
      failed: rows.filter((r) => r.state !== 'SUCCEEDED' && FINAL_STATES.has(r.state)).length,
    };
  }

  /** One row per VPC, by VPC ID. */
  result(): BulkRemediationRow[] {
    return [...this.rows.values()].sort((a, b) => a.vpcId.localeCompare(b.vpcId));
  }
}

/**
 * Status reads back off: 1 s, 2 s, 4 s … up to 15 s between rounds. A run of the runbook takes tens of seconds, so
 * the first reads catch the quick ones and later rounds cost few calls while slow ones finish.
 */
export const FIRST_POLL_DELAY_MS = 1000;
export const MAX_POLL_DELAY_MS = 15_000;

export function pollDelayMs(round: number): number {
  return Math.min(MAX_POLL_DELAY_MS, FIRST_POLL_DELAY_MS * 2 ** round);
}

/** Waiting: 0 when every VPC succeeded. Not waiting: 0 when every VPC was started. Otherwise 1. */
export function bulkRemediationExitCode(rows: readonly BulkRemediationRow[], waited: boolean): 0 | 1 {
  return rows.every((r) => r.state === (waited ? 'SUCCEEDED' : 'STARTED')) ? 0 : 1;
}
