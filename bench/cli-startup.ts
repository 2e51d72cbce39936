/**
 * `npm run bench:cli [-- --runs N]`: how long the CLI the package ships takes, as a user sees it (a fresh `node`
 * process, from start to exit), median of N runs each:
 * - `--version` and `--help` (targets: under 0.5 s);
 * - `audit` of one region with the small inventory of bench/sizes.ts against the local fake endpoint, no simulated
 *   latency (target: under 1.5 s);
 * and, for comparison, `--version` through the repository's tsx runner (cli/bin.mjs), which the package's bin used
 * to be. It builds the package first (scripts/build-package.ts), so it measures what `npm pack` ships. Prints a
 * Markdown table for docs/performance.md. Never part of `npm test`: a timing on a shared machine is a figure to
 * report, not a pass/fail check.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import * as z from 'zod';
import { buildPackage, DIST } from '../scripts/build-package';
import { startFakeAws } from '../test/support/fake-aws';
import { generateInventory } from '../test/support/generate-inventory';
import { BENCH_REGION, INVENTORY_SEED, sizeByName } from './sizes';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE_CLI = join(DIST, 'cli.js');
const REPOSITORY_CLI = join(ROOT, 'cli', 'bin.mjs');

export const STARTUP_TARGET_SECONDS = 0.5;
export const AUDIT_TARGET_SECONDS = 1.5;

/** Wall time of one run of `node script ...args`, in seconds; fails on an unexpected exit code. */
function timeRun(script: string, args: readonly string[], env: Record<string, string>, expectedCodes: readonly number[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== null && expectedCodes.includes(code)) resolve(seconds);
      else reject(new Error(`${script} ${args.join(' ')} exited ${String(code)}: ${stderr}`));
    });
  });
}

export interface StartupFigure {
  readonly what: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly target?: number;
}

export function summarize(what: string, seconds: readonly number[], target?: number): StartupFigure {
  const sorted = [...seconds].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { what, median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, ...(target !== undefined ? { target } : {}) };
}

export function renderFigures(figures: readonly StartupFigure[], runs: number): string {
  const s = (n: number) => `${n.toFixed(2)} s`;
  return [
    `| Command (${runs} runs each) | Median | Min | Max | Target |`,
    '|---|---|---|---|---|',
    ...figures.map((f) => `| ${f.what} | ${s(f.median)} | ${s(f.min)} | ${s(f.max)} | ${f.target !== undefined ? `< ${s(f.target)}` : '-'} |`),
  ].join('\n');
}

async function measure(runs: number): Promise<StartupFigure[]> {
  const repeat = async (script: string, args: string[], env: Record<string, string>, codes: number[]) => {
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) seconds.push(await timeRun(script, args, env, codes));
    return seconds;
  };
  const size = sizeByName('small');
  const fake = await startFakeAws({ regions: { [BENCH_REGION]: generateInventory({ ...size, seed: INVENTORY_SEED }) } });
  try {
    return [
      summarize('`vpc-mirroring-guard --version`', await repeat(PACKAGE_CLI, ['--version'], {}, [0]), STARTUP_TARGET_SECONDS),
      summarize('`vpc-mirroring-guard --help`', await repeat(PACKAGE_CLI, ['--help'], {}, [0]), STARTUP_TARGET_SECONDS),
      summarize(
        `\`vpc-mirroring-guard audit --region ${BENCH_REGION}\` (${size.vpcs} VPCs, ${size.networkInterfaces} ENIs, local fake endpoint)`,
        await repeat(PACKAGE_CLI, ['audit', '--region', BENCH_REGION, '--output', 'csv'], fake.env(BENCH_REGION), [0, 1]),
        AUDIT_TARGET_SECONDS,
      ),
      summarize('`node cli/bin.mjs --version` (repository runner, tsx; the old bin)', await repeat(REPOSITORY_CLI, ['--version'], {}, [0])),
    ];
  } finally {
    await fake.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const program = new Command('bench:cli').option('--runs <n>', 'runs per command', '15').parse();
  const runs = z.coerce.number().int().min(1).max(1000).parse(program.opts<{ runs: string }>().runs);
  await buildPackage();
  const figures = await measure(runs);
  console.log(renderFigures(figures, runs));
  console.log(`\nNode ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${new Date().toISOString()}`);
}
