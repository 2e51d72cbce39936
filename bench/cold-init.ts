/**
 * Cold initialisation of the bundled Lambda: a fresh `node` importing the bundle and invoking the handler once
 * (a change to one VPC of the small inventory, against a fake endpoint without latency, so the figure is the
 * code's and not the network's), minus a fresh `node` doing nothing. Runs alternate between the two so drift
 * on a shared machine hits both alike; one warm-up of each is discarded (the files then sit in the page cache,
 * as they do on a Lambda host after the first start).
 */
import type { ChildScripts } from './children';
import { timeNodeProcess } from './children';
import type { ColdInitResult } from './results';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function measureColdInit(
  scripts: ChildScripts,
  bundlePath: string,
  event: unknown,
  env: NodeJS.ProcessEnv,
  runs: number,
): Promise<ColdInitResult> {
  const coldStartArgs = [bundlePath, JSON.stringify(event)];
  await timeNodeProcess(scripts.noop, [], env);
  await timeNodeProcess(scripts.coldStart, coldStartArgs, env);
  const processMs: number[] = [];
  const noopMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    noopMs.push(await timeNodeProcess(scripts.noop, [], env));
    processMs.push(await timeNodeProcess(scripts.coldStart, coldStartArgs, env));
  }
  return { medianMs: median(processMs) - median(noopMs), runs, processMs, noopMs };
}
