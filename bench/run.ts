/**
 * `npm run bench`: API calls, wall time and peak memory of the rule's evaluations on generated account-regions of
 * three sizes, side by side with the Conformity rule's manual audit procedure, plus the deployed artifact's
 * size and cold initialisation. Prints tables on stdout (progress on stderr) and writes bench/results.json and
 * bench/results.md.
 *
 * The fake AWS endpoint (test/support/fake-aws, the one the wire tests use) runs here in the parent with a
 * per-call latency; every measured run is a fresh child process (see bench/children.ts).
 */
import { Command } from 'commander';
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { COMPLIANCE_DETAILS_PAGE_SIZE, PUT_EVALUATIONS_BATCH_SIZE, PUT_EVALUATIONS_CONCURRENCY } from '../rule/config-reports';
import { EC2_FILTER_VALUES_LIMIT, EC2_PAGE_SIZE, EC2_READ_CONCURRENCY } from '../rule/ec2-reads';
import { toInputParameters } from '../rule/rule-definition';
import { vpcChange } from '../test/support/config-events';
import type { FakeRegion } from '../test/support/fake-aws';
import { startFakeAws } from '../test/support/fake-aws';
import { generateInventory } from '../test/support/generate-inventory';
import type { ChildScripts } from './children';
import { buildChildScripts, runChild } from './children';
import { measureColdInit } from './cold-init';
import { GUARD_FUNCTION_RUNTIME } from '../infra/guard-function';
import type { LambdaBundle } from './lambda-bundle';
import { buildRuleBundle } from './lambda-bundle';
import { manualAuditCalls } from './manual-audit';
import type { ManualAuditRequest, ManualAuditResult, RuleScenarioRequest, RuleScenarioResult } from './protocol';
import { renderMarkdown, renderTerminal } from './report';
import type { ArtifactResult, BenchResults, ColdInitResult, ScenarioResult, SizeResult } from './results';
import { baselineSample, callCount, checkTargets, extrapolateBaseline } from './results';
import {
  budgetedCalls,
  budgetFor,
  changedResources,
  configRuleNameFor,
  overBudget,
  scenariosFor,
  seedPreviousSweep,
} from './scenarios';
import type { InventorySize } from './sizes';
import { BENCH_REGION, DEFAULT_LATENCY_MS, INVENTORY_SEED, INVENTORY_SIZES, STALE_EVALUATIONS, sizeByName } from './sizes';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the project, so a bundle that leaves packages external still resolves them from node_modules. */
const BUILD_DIR = join(ROOT, 'dist', 'bench');
/** A child that has not answered in this long is stuck, not slow. */
const CHILD_TIMEOUT_MS = 10 * 60_000;

const optionsSchema = z.object({
  latency: z.coerce.number().int().min(0).max(10_000),
  sizes: z
    .string()
    .transform((s) => s.split(',').map((name) => name.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.enum(INVENTORY_SIZES.map((s) => s.name) as [string, ...string[]], { message: `accepts ${INVENTORY_SIZES.map((s) => s.name).join(', ')}` }))
        .min(1),
    ),
  baselineCalls: z.coerce.number().int().min(50),
  coldRuns: z.coerce.number().int().min(1).max(50),
  output: z.string().min(1),
});
type Options = z.infer<typeof optionsSchema>;

function parseOptions(argv: string[]): Options {
  const program = new Command()
    .name('npm run bench --')
    .description('Benchmark the rule against the Conformity manual audit procedure on a local fake AWS endpoint')
    .option('--latency <ms>', 'simulated latency of every API call', String(DEFAULT_LATENCY_MS))
    .option('--sizes <names>', `comma-separated sizes among ${INVENTORY_SIZES.map((s) => s.name).join(', ')}`, INVENTORY_SIZES.map((s) => s.name).join(','))
    .option('--baseline-calls <n>', 'about how many calls the manual procedure may make per size before it is sampled', '1000')
    .option('--cold-runs <n>', 'cold initialisation runs (median taken)', '7')
    .option('--output <path>', 'results JSON (a .md with the README tables is written next to it)', 'bench/results.json')
    .parse(argv);
  const parsed = optionsSchema.safeParse(program.opts());
  if (parsed.success) return parsed.data;
  // program.error exits the process with the message.
  return program.error(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** The environment of a child: the fake's endpoints and credentials, and no TypeScript loader or stray AWS settings. */
function childEnv(fakeEnv: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...fakeEnv };
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function benchSize(size: InventorySize, options: Options, scripts: ChildScripts, bundlePath: string): Promise<SizeResult> {
  const generateStart = performance.now();
  const inventory: FakeRegion = generateInventory({ ...size, seed: INVENTORY_SEED });
  const generateMs = performance.now() - generateStart;
  log(`${size.name}: inventory generated in ${generateMs.toFixed(0)} ms`);
  const fake = await startFakeAws({ latencyMs: options.latency, regions: { [BENCH_REGION]: inventory } });
  try {
    const env = childEnv(fake.env(BENCH_REGION));
    const scenarios: ScenarioResult[] = [];
    for (const scenario of scenariosFor(fake, inventory)) {
      if (scenario.kind === 'sweep') seedPreviousSweep(fake, BENCH_REGION, inventory, scenario.mode, STALE_EVALUATIONS);
      fake.resetCalls();
      const run = await runChild<RuleScenarioRequest, RuleScenarioResult>(
        scripts.ruleScenario,
        { bundlePath, event: scenario.event },
        env,
        CHILD_TIMEOUT_MS,
      );
      const ec2 = fake.callCounts({ service: 'ec2' });
      const config = fake.callCounts({ service: 'config' });
      const elbv2 = fake.callCounts({ service: 'elbv2' });
      const reported = sum(run.summary.evaluations);
      const expected = scenario.kind === 'sweep' ? size.vpcs + STALE_EVALUATIONS : 1;
      if (reported !== expected) {
        throw new Error(`${size.name} ${scenario.kind} (${scenario.mode}) reported ${reported} evaluations, expected ${expected}`);
      }
      const result: ScenarioResult = {
        kind: scenario.kind,
        mode: scenario.mode,
        ...(scenario.vpcId !== undefined ? { vpcId: scenario.vpcId } : {}),
        calls: callCount({ ...ec2, ...elbv2, ...config }),
        handlerReportedCalls: run.summary.apiCalls,
        wallMs: run.wallMs,
        cpuMs: run.cpuMs,
        importMs: run.importMs,
        peakRssMb: run.maxRssKb / 1024,
        evaluations: run.summary.evaluations,
        overBudget: overBudget(budgetedCalls(scenario.kind, ec2, config, elbv2), budgetFor(scenario, inventory, STALE_EVALUATIONS)),
      };
      scenarios.push(result);
      log(
        `${size.name}: ${scenario.kind} (${scenario.mode}): ${result.calls.total} calls, ${result.wallMs.toFixed(0)} ms ` +
          `(CPU ${result.cpuMs.toFixed(0)} ms), ` +
          `${result.peakRssMb.toFixed(0)} MB`,
      );
    }

    const changed = changedResources(inventory);
    const exactCalls = manualAuditCalls(inventory);
    const sampleVpcs = baselineSample(size.vpcs, exactCalls, options.baselineCalls);
    log(`${size.name}: manual procedure on ${sampleVpcs ?? size.vpcs} of ${size.vpcs} VPCs (full procedure: ${exactCalls} calls)`);
    fake.resetCalls();
    const manual = await runChild<ManualAuditRequest, ManualAuditResult>(
      scripts.manualAudit,
      { ...(sampleVpcs !== undefined ? { sampleVpcs } : {}), singleVpcIds: [changed.vpcId, changed.session.vpcId] },
      env,
      CHILD_TIMEOUT_MS,
    );
    const baseline = extrapolateBaseline(manual, exactCalls);
    const served = sum(fake.callCounts());
    const counted = baseline.measured.total + Object.values(baseline.singleVpcs).reduce((n, m) => n + m.total, 0);
    if (served !== counted) log(`warning: the endpoint served ${served} manual-procedure calls, the client counted ${counted}`);
    log(`${size.name}: manual procedure: ${baseline.measured.total} calls in ${baseline.measured.wallMs.toFixed(0)} ms`);
    return { size, generateMs, scenarios, baseline };
  } finally {
    await fake.close();
  }
}

/** Cold initialisation of a bundle: a change to one VPC of the small inventory, on an endpoint without latency. */
async function coldInitOf(options: Options, scripts: ChildScripts, bundlePath: string): Promise<ColdInitResult> {
  const inventory = generateInventory({ ...sizeByName('small'), seed: INVENTORY_SEED });
  const fake = await startFakeAws({ latencyMs: 0, regions: { [BENCH_REGION]: inventory } });
  try {
    const configRuleName = configRuleNameFor('any');
    const event = vpcChange(changedResources(inventory).vpcId, {
      ruleParameters: toInputParameters({ mode: 'any' }),
      resultToken: fake.resultToken(configRuleName),
      configRuleName,
    });
    return await measureColdInit(scripts, bundlePath, event, childEnv(fake.env(BENCH_REGION)), options.coldRuns);
  } finally {
    await fake.close();
  }
}

/** The deployed bundle's size and cold initialisation, and the same for the SDK left to the runtime (for comparison). */
async function benchArtifact(options: Options, scripts: ChildScripts, bundle: LambdaBundle): Promise<ArtifactResult> {
  const coldInit = await coldInitOf(options, scripts, bundle.path);
  log(`deployed bundle: ${bundle.bytes} bytes, cold init ${coldInit.medianMs.toFixed(0)} ms`);
  const external = await buildRuleBundle(join(BUILD_DIR, 'lambda-sdk-external'), { bundleAwsSDK: false, externalModules: ['@aws-sdk/*'] });
  const externalColdInit = await coldInitOf(options, scripts, external.path);
  log(`SDK from node_modules: ${external.bytes} bytes, cold init ${externalColdInit.medianMs.toFixed(0)} ms`);
  const { outfile: _outfile, entryPoints: _entryPoints, ...esbuildOptions } = bundle.esbuildOptions;
  return {
    bundleBytes: bundle.bytes,
    bundleGzipBytes: bundle.gzipBytes,
    largestInputs: bundle.largestInputs,
    esbuildOptions: { entryPoints: ['rule/handler.ts'], ...esbuildOptions },
    coldInit,
    sdkFromRuntime: { bundleBytes: external.bytes, bundleGzipBytes: external.gzipBytes, coldInit: externalColdInit },
  };
}

/** The commit measured, and which measured files differ from it (others' work in progress, or this run's own edits). */
function gitState(): { commit: string; uncommittedMeasuredFiles: string[] } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const measured = ['rule', 'infra/guard-function.ts', 'bench', 'test/support', 'package-lock.json'];
  // Porcelain lines are "XY path": two status columns and a space.
  const status = git('status', '--porcelain', '--', ...measured)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
    .filter((path) => !path.startsWith('bench/results.'));
  return { commit: git('rev-parse', '--short=12', 'HEAD').trim(), uncommittedMeasuredFiles: status };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const started = performance.now();
  mkdirSync(BUILD_DIR, { recursive: true });
  const [scripts, bundle] = await Promise.all([buildChildScripts(BUILD_DIR), buildRuleBundle(join(BUILD_DIR, 'lambda'))]);
  const artifact = await benchArtifact(options, scripts, bundle);
  const sizes: SizeResult[] = [];
  for (const name of options.sizes) sizes.push(await benchSize(sizeByName(name), options, scripts, bundle.path));

  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    ...gitState(),
    machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, lambdaRuntime: GUARD_FUNCTION_RUNTIME.name },
    inputs: {
      latencyMs: options.latency,
      sizes: sizes.map((s) => s.size),
      staleEvaluations: STALE_EVALUATIONS,
      inventorySeed: INVENTORY_SEED,
      baselineCallBudget: options.baselineCalls,
      pageSizes: {
        ec2MaxResults: EC2_PAGE_SIZE,
        ec2FilterValues: EC2_FILTER_VALUES_LIMIT,
        complianceDetailsLimit: COMPLIANCE_DETAILS_PAGE_SIZE,
        putEvaluationsBatch: PUT_EVALUATIONS_BATCH_SIZE,
      },
      concurrency: { ec2Reads: EC2_READ_CONCURRENCY, putEvaluations: PUT_EVALUATIONS_CONCURRENCY },
    },
    sizes,
    artifact,
    targets: checkTargets(sizes, artifact, options.latency, DEFAULT_LATENCY_MS),
  };
  const output = resolve(ROOT, options.output);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(output.replace(/\.json$/, '') + '.md', `${renderMarkdown(results)}\n`);
  process.stdout.write(`${renderTerminal(results)}\n`);
  log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${options.output}`);
}

await main();
