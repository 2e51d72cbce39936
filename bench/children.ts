/**
 * The benchmark's child processes: built once with esbuild into plain .mjs files (no TypeScript loader in the
 * child, so its peak RSS and start time are the code's own), then forked or spawned one run at a time.
 */
import { build } from 'esbuild';
import { fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReply } from './protocol';

export interface ChildScripts {
  readonly ruleScenario: string;
  readonly manualAudit: string;
  readonly coldStart: string;
  readonly noop: string;
}

const ENTRIES = {
  ruleScenario: 'rule-scenario',
  manualAudit: 'manual-audit-child',
  coldStart: 'cold-start',
  noop: 'noop',
} as const satisfies Record<keyof ChildScripts, string>;

/** Builds the child entry points into outDir. npm packages stay external, resolved from node_modules at run time. */
export async function buildChildScripts(outDir: string): Promise<ChildScripts> {
  const benchDir = fileURLToPath(new URL('.', import.meta.url));
  await build({
    entryPoints: Object.values(ENTRIES).map((name) => join(benchDir, `${name}.ts`)),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  const scripts = Object.fromEntries(Object.entries(ENTRIES).map(([key, name]) => [key, join(outDir, `${name}.mjs`)]));
  return scripts as unknown as ChildScripts;
}

/** Forks `script`, sends it `request`, and resolves with its one reply; rejects on its error, exit or timeout. */
export function runChild<Req, Res>(script: string, request: Req, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Res> {
  return new Promise((resolve, reject) => {
    // stdout is dropped: the rule logs a JSON line per invocation, which is part of its cost but not of the report.
    const child = fork(script, [], { env, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill();
      settle(() => reject(new Error(`${script} did not answer within ${timeoutMs} ms`)));
    }, timeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (reply: ChildReply<Res>) =>
      settle(() => (reply.ok ? resolve(reply.result) : reject(new Error(`${script} failed: ${reply.error}`)))),
    );
    child.on('exit', (code) => settle(() => reject(new Error(`${script} exited with code ${code} before answering: ${stderr}`))));
    child.on('error', (error) => settle(() => reject(error)));
    child.send(request as object);
  });
}

/** Wall time of a fresh `node script ...args`, from spawn to exit, in milliseconds; rejects if it fails. */
export function timeNodeProcess(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${script} exited with code ${code}: ${stderr}`));
    });
  });
}
