/**
 * Runs the CLI's real `bin` as a child process, as a user or CI job would, with exactly the environment given
 * (plus PATH): never the real AWS settings of the machine running the tests.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliProcessOptions {
  /** The script to run (default: the package's bin). */
  readonly script?: string;
  /** Working directory (default: the repository). */
  readonly cwd?: string;
}

export function runCliProcess(args: readonly string[], env: Record<string, string>, options: CliProcessOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.script ?? CLI_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...env, PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
