/**
 * Renders the results: tables for the terminal (cli-table3) and the same rows as Markdown for docs/performance.md.
 * Pure: results in, text out.
 */
import Table from 'cli-table3';
import type { BenchResults, ScenarioResult, SizeResult } from './results';
import { baselineFor, ratios } from './results';
import { SCENARIO_LABELS } from './scenarios';

/** Short operation names, so a row's calls fit on one line. */
const OPERATION_ABBREVIATIONS: Record<string, string> = {
  DescribeVpcs: 'Vpcs',
  DescribeTrafficMirrorSessions: 'Sessions',
  DescribeTrafficMirrorFilters: 'Filters',
  DescribeNetworkInterfaces: 'ENIs',
  GetComplianceDetailsByConfigRule: 'ComplianceDetails',
  PutEvaluations: 'Put',
};

export const OPERATIONS_LEGEND =
  'Vpcs = DescribeVpcs, Sessions = DescribeTrafficMirrorSessions, Filters = DescribeTrafficMirrorFilters, ' +
  'ENIs = DescribeNetworkInterfaces, ComplianceDetails = GetComplianceDetailsByConfigRule, Put = PutEvaluations';

const ORDER = Object.keys(OPERATION_ABBREVIATIONS);

export function formatOperations(byOperation: Record<string, number>): string {
  return Object.entries(byOperation)
    .sort(([a], [b]) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))
    .map(([op, n]) => `${OPERATION_ABBREVIATIONS[op] ?? op} ${n}`)
    .join(' · ');
}

export const formatInt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${ms.toFixed(0)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(2)} s`;
  const s = Math.round(ms / 1_000);
  if (s < 3_600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3_600)} h ${Math.round((s % 3_600) / 60)} min`;
}

const formatRatio = (r: number) => (r >= 10 ? `${formatInt(r)}×` : `${r.toFixed(1)}×`);
const formatBundle = (bytes: number, gzipBytes: number) =>
  `${formatInt(bytes)} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB; gzip ${(gzipBytes / 1024 / 1024).toFixed(2)} MiB)`;

function sizeLabel(s: SizeResult): string {
  const { vpcs, networkInterfaces, sessions } = s.size;
  return `${s.size.name} (${formatInt(vpcs)} VPCs, ${formatInt(networkInterfaces)} ENIs, ${formatInt(sessions)} sessions)`;
}

const MAIN_HEADER = [
  'Size',
  'Evaluation',
  'Mode',
  'API calls',
  'Calls by operation',
  'Wall time (CPU)',
  'Peak RSS',
  'Manual: calls',
  'Manual: time',
  'Calls ÷',
  'Time ÷',
];

function scenarioRow(size: SizeResult, r: ScenarioResult): string[] {
  const base = baselineFor(r, size.baseline);
  const ratio = ratios(r, size.baseline);
  const estimated = r.kind === 'sweep' && size.baseline.sampled ? '~' : '';
  return [
    size.size.name,
    SCENARIO_LABELS[r.kind],
    r.mode,
    formatInt(r.calls.total),
    formatOperations(r.calls.byOperation),
    `${formatDuration(r.wallMs)} (${formatDuration(r.cpuMs)})`,
    `${r.peakRssMb.toFixed(0)} MiB`,
    `${estimated}${formatInt(base.calls)}`,
    `${estimated}${formatDuration(base.wallMs)}`,
    formatRatio(ratio.calls),
    formatRatio(ratio.wallTime),
  ];
}

function mainRows(results: BenchResults): string[][] {
  return results.sizes.flatMap((size) => size.scenarios.map((r) => scenarioRow(size, r)));
}

function artifactRows(results: BenchResults): string[][] {
  const a = results.artifact;
  return [
    ['Deployed bundle (SDK bundled)', formatBundle(a.bundleBytes, a.bundleGzipBytes), `${a.coldInit.medianMs.toFixed(0)} ms`],
    [
      'Not deployed: SDK from the Lambda runtime',
      formatBundle(a.sdkFromRuntime.bundleBytes, a.sdkFromRuntime.bundleGzipBytes),
      `${a.sdkFromRuntime.coldInit.medianMs.toFixed(0)} ms`,
    ],
  ];
}

/** The notes every table needs to be read correctly. */
export function notes(results: BenchResults): string[] {
  const { inputs, machine } = results;
  const out = [
    `Simulated latency ${inputs.latencyMs} ms per API call; AWS's page sizes (EC2 1000, GetComplianceDetailsByConfigRule 100, PutEvaluations 100). ` +
      `Scheduled sweeps start from Config holding the previous sweep's verdict of that mode for every VPC (the steady state) plus ${inputs.staleEvaluations} deleted VPCs.`,
    `Each evaluation runs the bundled Lambda once in a fresh Node.js ${machine.node} process (the stack deploys ${machine.lambdaRuntime}); ` +
      'calls are counted by the endpoint; peak RSS is that process\'s.',
    'Manual = Trend Micro Conformity\'s audit procedure (describe VPCs; per VPC, its ENIs; per ENI, its mirror sessions; one call at a time), ' +
      'stopping at a VPC\'s first mirrored ENI. For change events, the procedure on that one VPC: an unmirrored VPC for "VPC change" ' +
      '(every ENI checked), the session\'s VPC for "session change" (it stops at the first mirrored ENI).',
  ];
  for (const s of results.sizes) {
    const b = s.baseline;
    if (b.sampled) {
      out.push(
        `~ ${s.size.name}: the manual procedure ran on ${formatInt(b.auditedVpcs)} of ${formatInt(b.vpcs)} VPCs (${formatInt(b.measured.total)} calls, ` +
          `${formatDuration(b.measured.wallMs)}) and is extrapolated to the region (exact call count of the full procedure: ${formatInt(b.exactCalls)}).`,
      );
    }
  }
  const largest = results.sizes.at(-1);
  if (largest) {
    const sweeps = largest.scenarios
      .filter((r) => r.kind === 'sweep')
      .map((r) => `mode ${r.mode}: peak RSS ${r.peakRssMb.toFixed(0)} MiB, ${formatDuration(r.wallMs)} wall, ${formatDuration(r.cpuMs)} CPU`);
    out.push(`Lambda sizing inputs, ${largest.size.name} sweep: ${sweeps.join('; ')}. CPU time stretches on Lambda below 1,769 MB (one vCPU).`);
  }
  out.push(
    'Measured times include the fake endpoint\'s own processing (a few ms a call, in the parent process) on top of the simulated latency.',
    `Calls by operation: ${OPERATIONS_LEGEND}.`,
  );
  return out;
}

/** Tables for the terminal. */
export function renderTerminal(results: BenchResults): string {
  const main = new Table({ head: MAIN_HEADER, style: { head: [], border: [] } });
  main.push(...mainRows(results));
  const sizes = results.sizes.map((s) => `  ${sizeLabel(s)}`).join('\n');
  const artifact = new Table({ head: ['Lambda artifact', 'Size', 'Cold init (median)'], style: { head: [], border: [] } });
  artifact.push(...artifactRows(results));
  const targets = new Table({ head: ['Target (issue 7)', 'Limit', 'Measured', ''], style: { head: [], border: [] } });
  targets.push(...results.targets.map((t) => [t.target, t.limit, t.actual, t.met ? 'met' : 'MISSED']));
  return [
    `Benchmark at commit ${results.commit}${results.uncommittedMeasuredFiles.length > 0 ? ' (with uncommitted changes)' : ''}`,
    `Sizes:\n${sizes}`,
    main.toString(),
    artifact.toString(),
    targets.toString(),
    ...notes(results).map((n) => `* ${n}`),
  ].join('\n\n');
}

const mdRow = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [mdRow(header), mdRow(header.map(() => '---')), ...rows.map(mdRow)].join('\n');
}

/** The same tables in Markdown, for docs/performance.md. */
export function renderMarkdown(results: BenchResults): string {
  return [
    `Sizes: ${results.sizes.map(sizeLabel).join('; ')}.`,
    mdTable(MAIN_HEADER, mainRows(results)),
    mdTable(['Lambda artifact', 'Size', 'Cold init (median)'], artifactRows(results)),
    notes(results).map((n) => `- ${n}`).join('\n'),
  ].join('\n\n');
}
