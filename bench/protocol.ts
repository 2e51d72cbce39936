/**
 * What the benchmark's parent process and its child processes say to each other. Each measured run happens in a
 * fresh child, so its peak RSS is its own (the fake AWS endpoint, holding the whole inventory, stays in the
 * parent) and nothing is warm from a previous run.
 */
import type { RuleInvocationSummary } from '../rule/handler';

/** Invoke the bundled rule Lambda once with this Config event. */
export interface RuleScenarioRequest {
  readonly bundlePath: string;
  readonly event: unknown;
}

export interface RuleScenarioResult {
  /** Importing the bundle (the Lambda INIT phase, minus the runtime's own start). */
  readonly importMs: number;
  /** The handler invocation, from call to resolved promise. */
  readonly wallMs: number;
  /** CPU time (user + system) of the child during the invocation: what a fraction of a vCPU stretches on Lambda. */
  readonly cpuMs: number;
  /** process.resourceUsage().maxRSS: peak resident set of the child, in kilobytes. */
  readonly maxRssKb: number;
  readonly summary: RuleInvocationSummary;
}

/** Run the Conformity rule's manual audit procedure on a sample of the region's VPCs, and on one VPC. */
export interface ManualAuditRequest {
  /** How many VPCs of the region to audit (evenly spread over the listing); undefined: all of them. */
  readonly sampleVpcs?: number;
  /** The VPCs of the change-triggered scenarios, each audited on its own. */
  readonly singleVpcIds: readonly string[];
}

/** Calls made and time spent in one phase of the procedure. */
export interface PhaseMeasure {
  readonly calls: number;
  readonly callsByOperation: Record<string, number>;
  readonly wallMs: number;
}

export interface ManualAuditResult {
  /** Step 1: list every VPC of the region. */
  readonly listing: PhaseMeasure & { readonly vpcs: number };
  /** Steps 2-3 on the audited VPCs: list each VPC's ENIs, then each ENI's mirror sessions. */
  readonly perVpc: PhaseMeasure & { readonly auditedVpcs: number; readonly mirroredVpcs: number };
  /** The whole procedure for the one VPC of a change event (describe it, its ENIs, their sessions), by VPC ID. */
  readonly singleVpcs: Record<string, PhaseMeasure & { readonly mirrored: boolean }>;
}

export type ChildReply<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: string };

/** Sends the reply to the parent, then exits: open keep-alive sockets must not keep a finished child alive. */
export function replyAndExit<T>(reply: ChildReply<T>): void {
  if (!process.send) throw new Error('This module runs as a child of bench/run.ts (it needs an IPC channel)');
  process.send(reply, () => process.exit(reply.ok ? 0 : 1));
}

/** Runs `work` on the parent's request and replies with its result or its error. */
export function serveOneRequest<Req, Res>(work: (request: Req) => Promise<Res>): void {
  process.once('message', (request: Req) => {
    work(request).then(
      (result) => replyAndExit<Res>({ ok: true, result }),
      (error: unknown) => replyAndExit<Res>({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
