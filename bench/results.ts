/**
 * The benchmark's results (the shape of bench/results.json) and the pure arithmetic on them: extrapolating the
 * sampled manual procedure, ratios, and the issue's targets. No I/O here.
 */
import type { ComplianceType } from '../rule/inventory';
import type { RuleMode } from '../rule/rule-definition';
import type { ManualAuditResult } from './protocol';
import type { ScenarioKind } from './scenarios';
import { PATH_CALLS_PER_VPC } from '../test/support/path-budget';
import { CHANGE_TARGET_CALLS } from './scenarios';
import type { InventorySize } from './sizes';

export interface CallCount {
  readonly total: number;
  /** Requests the fake endpoint received, by operation (retries would count). */
  readonly byOperation: Record<string, number>;
}

export interface ScenarioResult {
  readonly kind: ScenarioKind;
  readonly mode: RuleMode;
  /** The VPC a change event evaluated. */
  readonly vpcId?: string;
  readonly calls: CallCount;
  /** The handler's own count (its log line); differs from calls.total only if the SDK retried. */
  readonly handlerReportedCalls: number;
  /** The handler invocation, call to resolved promise, in the child process. */
  readonly wallMs: number;
  /** CPU time of the child during the invocation (user + system). */
  readonly cpuMs: number;
  /** Importing the bundle in the same child (not part of wallMs). */
  readonly importMs: number;
  /** Peak resident set of the child process (bundle, SDK, inventory, evaluations), in MiB (Lambda's "MB"). */
  readonly peakRssMb: number;
  readonly evaluations: Record<ComplianceType, number>;
  /** Operations over the issue-2 API budget for this scenario (empty when within it). */
  readonly overBudget: Record<string, { calls: number; budget: number }>;
}

export interface BaselineResult {
  /** true when the per-VPC steps ran on a sample and the totals are extrapolated. */
  readonly sampled: boolean;
  readonly vpcs: number;
  readonly auditedVpcs: number;
  /** What actually ran: step 1 on every VPC, steps 2-3 on the audited ones. */
  readonly measured: CallCount & { readonly wallMs: number };
  /** The whole region: equal to `measured` when not sampled. */
  readonly region: { readonly calls: number; readonly wallMs: number };
  /** The procedure's exact call count on this inventory (bench/manual-audit.ts manualAuditCalls). */
  readonly exactCalls: number;
  /** The procedure for the one VPC of each change event, by VPC ID. */
  readonly singleVpcs: Record<string, CallCount & { readonly wallMs: number; readonly mirrored: boolean }>;
}

export interface SizeResult {
  readonly size: InventorySize;
  readonly generateMs: number;
  readonly scenarios: ScenarioResult[];
  readonly baseline: BaselineResult;
}

export interface ColdInitResult {
  /** median(import bundle + invoke once) − median(node doing nothing). */
  readonly medianMs: number;
  readonly runs: number;
  readonly processMs: number[];
  readonly noopMs: number[];
}

export interface ArtifactResult {
  readonly bundleBytes: number;
  readonly bundleGzipBytes: number;
  readonly largestInputs: { readonly name: string; readonly bytes: number }[];
  readonly esbuildOptions: Record<string, unknown>;
  readonly coldInit: ColdInitResult;
  /** The same handler with the AWS SDK left to the Lambda runtime (not deployed; what bundling the SDK costs). */
  readonly sdkFromRuntime: { readonly bundleBytes: number; readonly bundleGzipBytes: number; readonly coldInit: ColdInitResult };
}

export interface TargetCheck {
  readonly target: string;
  readonly limit: string;
  readonly actual: string;
  readonly met: boolean;
}

export interface BenchResults {
  readonly generatedAt: string;
  readonly commit: string;
  /** Uncommitted changes in the measured code when the benchmark ran (empty: the commit is what ran). */
  readonly uncommittedMeasuredFiles: string[];
  readonly machine: { readonly node: string; readonly platform: string; readonly cpus: number; readonly lambdaRuntime: string };
  readonly inputs: {
    readonly latencyMs: number;
    readonly sizes: readonly InventorySize[];
    readonly staleEvaluations: number;
    readonly inventorySeed: number;
    readonly baselineCallBudget: number;
    readonly pageSizes: Record<string, number>;
    readonly concurrency: Record<string, number>;
  };
  readonly sizes: SizeResult[];
  readonly artifact: ArtifactResult;
  readonly targets: TargetCheck[];
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export const callCount = (byOperation: Record<string, number>): CallCount => ({ total: sum(byOperation), byOperation });

/** The manual procedure's figures for the region: measured, or scaled from the audited sample of VPCs. */
export function extrapolateBaseline(measured: ManualAuditResult, exactCalls: number): BaselineResult {
  const { listing, perVpc, singleVpcs } = measured;
  const factor = perVpc.auditedVpcs === 0 ? 0 : listing.vpcs / perVpc.auditedVpcs;
  const byOperation: Record<string, number> = { ...listing.callsByOperation };
  for (const [op, n] of Object.entries(perVpc.callsByOperation)) byOperation[op] = (byOperation[op] ?? 0) + n;
  return {
    sampled: perVpc.auditedVpcs < listing.vpcs,
    vpcs: listing.vpcs,
    auditedVpcs: perVpc.auditedVpcs,
    measured: { ...callCount(byOperation), wallMs: listing.wallMs + perVpc.wallMs },
    region: {
      calls: Math.round(listing.calls + perVpc.calls * factor),
      wallMs: listing.wallMs + perVpc.wallMs * factor,
    },
    exactCalls,
    singleVpcs: Object.fromEntries(
      Object.entries(singleVpcs).map(([vpcId, m]) => [vpcId, { ...callCount(m.callsByOperation), wallMs: m.wallMs, mirrored: m.mirrored }]),
    ),
  };
}

/** How many VPCs to audit so the baseline makes about `callBudget` calls; undefined: all (the exact count fits). */
export function baselineSample(vpcs: number, exactCalls: number, callBudget: number): number | undefined {
  if (exactCalls <= callBudget) return undefined;
  return Math.max(1, Math.floor((callBudget * vpcs) / exactCalls));
}

/** The baseline figures a scenario is compared with: the region for sweeps, its one VPC for change events. */
export function baselineFor(scenario: Pick<ScenarioResult, 'kind' | 'vpcId'>, baseline: BaselineResult): { calls: number; wallMs: number } {
  const single = scenario.vpcId === undefined ? undefined : baseline.singleVpcs[scenario.vpcId];
  if (scenario.kind === 'sweep' || single === undefined) return baseline.region;
  return { calls: single.total, wallMs: single.wallMs };
}

export function ratios(scenario: ScenarioResult, baseline: BaselineResult): { calls: number; wallTime: number } {
  const b = baselineFor(scenario, baseline);
  return { calls: b.calls / scenario.calls.total, wallTime: b.wallMs / scenario.wallMs };
}

// ---------------------------------------------------------------------------------------------------------------
// Targets of issue 7

export const TARGETS = {
  hugeSweepCalls: 250,
  hugeSweepCallRatio: 500,
  hugeSweepWallMs: 5_000,
  hugeSweepRssMb: 256,
  /** Issue 11: the huge sweep in mode `all` (200,000 ENIs), from 15.6 s and 296 MiB. */
  hugeSweepAllWallMs: 6_000,
  hugeSweepAllRssMb: 256,
  // Issue 7's 5 calls for a change to one VPC, plus the 4 that verifying its session's target may add (issue 11),
  // plus the 4 that reading the route to a target in another VPC may add (issue 14).
  changeCalls: 5 + CHANGE_TARGET_CALLS + PATH_CALLS_PER_VPC,
  bundleBytes: 1024 * 1024,
  coldInitMs: 300,
} as const;

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

export function checkTargets(sizes: readonly SizeResult[], artifact: ArtifactResult, latencyMs: number, defaultLatencyMs: number): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const huge = sizes.find((s) => s.size.name === 'huge');
  const hugeSweep = huge?.scenarios.find((s) => s.kind === 'sweep' && s.mode === 'any');
  if (huge && hugeSweep) {
    const ratio = ratios(hugeSweep, huge.baseline).calls;
    checks.push(
      { target: 'Huge sweep (any): API calls', limit: `≤ ${TARGETS.hugeSweepCalls}`, actual: fmtInt(hugeSweep.calls.total), met: hugeSweep.calls.total <= TARGETS.hugeSweepCalls },
      { target: 'Huge sweep (any): fewer calls than the manual procedure', limit: `≥ ${TARGETS.hugeSweepCallRatio}×`, actual: `${fmtInt(ratio)}×`, met: ratio >= TARGETS.hugeSweepCallRatio },
    );
    if (latencyMs === defaultLatencyMs) {
      checks.push({
        target: `Huge sweep (any): wall time at ${latencyMs} ms a call`,
        limit: `< ${TARGETS.hugeSweepWallMs / 1000} s`,
        actual: `${(hugeSweep.wallMs / 1000).toFixed(2)} s`,
        met: hugeSweep.wallMs < TARGETS.hugeSweepWallMs,
      });
    }
    checks.push({ target: 'Huge sweep (any): peak RSS', limit: `< ${TARGETS.hugeSweepRssMb} MiB`, actual: `${hugeSweep.peakRssMb.toFixed(0)} MiB`, met: hugeSweep.peakRssMb < TARGETS.hugeSweepRssMb });
  }
  const hugeSweepAll = huge?.scenarios.find((s) => s.kind === 'sweep' && s.mode === 'all');
  if (hugeSweepAll) {
    if (latencyMs === defaultLatencyMs) {
      checks.push({
        target: `Huge sweep (all): wall time at ${latencyMs} ms a call`,
        limit: `≤ ${TARGETS.hugeSweepAllWallMs / 1000} s`,
        actual: `${(hugeSweepAll.wallMs / 1000).toFixed(2)} s`,
        met: hugeSweepAll.wallMs <= TARGETS.hugeSweepAllWallMs,
      });
    }
    checks.push({
      target: 'Huge sweep (all): peak RSS',
      limit: `≤ ${TARGETS.hugeSweepAllRssMb} MiB`,
      actual: `${hugeSweepAll.peakRssMb.toFixed(0)} MiB`,
      met: hugeSweepAll.peakRssMb <= TARGETS.hugeSweepAllRssMb,
    });
  }
  for (const kind of ['vpcChange', 'sessionChange'] as const) {
    const runs = sizes.flatMap((s) => s.scenarios.filter((r) => r.kind === kind).map((r) => ({ size: s.size.name, r })));
    if (runs.length === 0) continue;
    const worst = runs.reduce((a, b) => (b.r.calls.total > a.r.calls.total ? b : a));
    const over = runs.filter((x) => x.r.calls.total > TARGETS.changeCalls).map((x) => `${x.size}/${x.r.mode}: ${x.r.calls.total}`);
    checks.push({
      target: `${kind === 'vpcChange' ? 'VPC change' : 'Session change'}, one VPC: API calls at every size and mode`,
      limit: `≤ ${TARGETS.changeCalls}`,
      actual: over.length === 0 ? `max ${worst.r.calls.total}` : over.join(', '),
      met: over.length === 0,
    });
  }
  const budgetMisses = sizes.flatMap((s) =>
    s.scenarios
      .filter((r) => Object.keys(r.overBudget).length > 0)
      .map((r) => `${s.size.name}/${r.kind}/${r.mode}: ${Object.entries(r.overBudget).map(([op, o]) => `${op} ${o.calls} > ${o.budget}`).join(', ')}`),
  );
  checks.push({ target: 'Every scenario within the issue-2 API budget', limit: 'per operation', actual: budgetMisses.length === 0 ? 'all within' : budgetMisses.join('; '), met: budgetMisses.length === 0 });
  checks.push(
    {
      target: 'Bundled Lambda size',
      limit: `< 1 MiB (${fmtInt(TARGETS.bundleBytes)} bytes)`,
      actual: `${fmtInt(artifact.bundleBytes)} bytes`,
      met: artifact.bundleBytes < TARGETS.bundleBytes,
    },
    { target: 'Cold initialisation (import + first invocation)', limit: `< ${TARGETS.coldInitMs} ms`, actual: `${artifact.coldInit.medianMs.toFixed(0)} ms`, met: artifact.coldInit.medianMs < TARGETS.coldInitMs },
  );
  return checks;
}
