/**
 * `remediate --non-compliant`: lists the rule's NON_COMPLIANT VPCs from Config, asks before touching them (unless
 * --yes), starts Config's remediation for them and, with --wait, follows every run to its end. Loaded only when the
 * command runs (cli/main.ts imports it dynamically).
 */
import { createInterface } from 'node:readline/promises';
import Table from 'cli-table3';
import { ApiCallCounter } from '../rule/api-call-counter';
import type { BulkRemediationRow } from './bulk-remediation';
import { BulkRemediationTracker, bulkRemediationExitCode, pollDelayMs } from './bulk-remediation';
import { cliConfigClient, defaultRegion } from './aws-clients';
import { listNonCompliantVpcs, readRemediationStatuses, startRemediations } from './config-remediation';
import { inRegion, UsageError } from './errors';
import type { CliInput, CliIo } from './io';
import type { BulkRemediateOptions, BulkRemediateOutput } from './operate-options';
import { TerminalProgressBar, watching } from './remediation-progress';
import type { Waiting } from './waiting';
import { realWaiting } from './waiting';


const HEAD = ['Region', 'VPC', 'State', 'Failed step', 'Message'];
const FIELDS = ['region', 'vpcId', 'state', 'failedStep', 'message'] as const satisfies readonly (keyof BulkRemediationRow)[];

/** One row per VPC and a summary line, or JSON. Pure. */
export function formatBulkRemediation(rows: readonly BulkRemediationRow[], output: BulkRemediateOutput): string {
  if (output === 'json') return `${JSON.stringify(rows.map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f]]))), null, 2)}\n`;
  const table = new Table({ head: HEAD, style: { head: [], border: [], compact: true } });
  for (const row of rows) table.push(FIELDS.map((f) => row[f] ?? ''));
  const byState = new Map<string, number>();
  for (const row of rows) byState.set(row.state, (byState.get(row.state) ?? 0) + 1);
  const summary = [...byState].sort(([a], [b]) => a.localeCompare(b)).map(([state, n]) => `${n} ${state}`).join(', ');
  return `${table.toString()}\n${rows.length} VPC${rows.length === 1 ? '' : 's'}: ${summary}\n`;
}

/** Asks on the terminal; true only for y or yes. */
async function confirm(stdin: CliInput, stderr: NodeJS.WritableStream, question: string): Promise<boolean> {
  const prompt = createInterface({ input: stdin, output: stderr, terminal: false });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}

export async function runBulkRemediate(
  options: BulkRemediateOptions,
  io: CliIo,
  counter = new ApiCallCounter(),
  waiting: Waiting = realWaiting,
): Promise<number> {
  const region = options.region ?? (await defaultRegion());
  if (region === undefined) throw new UsageError('No region: pass --region REGION, or set AWS_REGION or a region in the AWS profile');
  const config = cliConfigClient({ region, callCounter: counter });
  const { ruleName } = options;

  const vpcIds = await inRegion(region, () => listNonCompliantVpcs(config, ruleName));
  if (vpcIds.length === 0) {
    io.stdout.write(options.output === 'json' ? '[]\n' : `No NON_COMPLIANT VPC for ${ruleName} in ${region}: nothing to remediate.\n`);
    return 0;
  }
  if (!options.yes) {
    const question = `Start the remediation of ${vpcIds.length} NON_COMPLIANT VPC${vpcIds.length === 1 ? '' : 's'} of ${ruleName} in ${region}?`;
    if (io.stdin?.isTTY !== true) {
      throw new UsageError(`Refusing to remediate ${vpcIds.length} VPC(s) without confirmation: stdin is not a terminal; pass --yes`);
    }
    if (!(await confirm(io.stdin, io.stderr, question))) {
      io.stderr.write('Nothing was started.\n');
      return 1;
    }
  }

  const { started, rejected } = await inRegion(region, () => startRemediations(config, ruleName, vpcIds));
  const tracker = new BulkRemediationTracker(region, started, rejected);
  if (options.wait) {
    const bar = watching(io.stdout, io.stderr) ? new TerminalProgressBar(io.stderr) : undefined;
    const deadline = waiting.now() + options.timeoutSeconds * 1000;
    try {
      for (let round = 0; tracker.pending().length > 0; round++) {
        bar?.draw(tracker.counts());
        const delay = pollDelayMs(round);
        if (waiting.now() + delay > deadline) {
          tracker.timeOut(options.timeoutSeconds);
          break;
        }
        await waiting.sleep(delay);
        tracker.update(await inRegion(region, () => readRemediationStatuses(config, ruleName, tracker.pending())));
      }
    } finally {
      bar?.clear();
    }
  }
  const rows = tracker.result();
  io.stdout.write(formatBulkRemediation(rows, options.output));
  return bulkRemediationExitCode(rows, options.wait);
}
