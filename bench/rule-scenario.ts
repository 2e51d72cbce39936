/**
 * Child process of the benchmark: imports the bundled rule Lambda (the artifact the stack deploys), invokes its
 * handler once with the parent's Config event against the fake endpoint named in its environment, and reports
 * wall time and peak RSS.
 */
import { pathToFileURL } from 'node:url';
import type { RuleInvocationSummary } from '../rule/handler';
import type { RuleScenarioRequest, RuleScenarioResult } from './protocol';
import { serveOneRequest } from './protocol';

type Handler = (event: unknown) => Promise<RuleInvocationSummary>;

serveOneRequest<RuleScenarioRequest, RuleScenarioResult>(async ({ bundlePath, event }) => {
  const importStart = performance.now();
  const { handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: Handler };
  const importMs = performance.now() - importStart;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const summary = await handler(event);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { importMs, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS, summary };
});
