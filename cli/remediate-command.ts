/**
 * `remediate`: the runbook's read → plan → apply (remediation/), for one VPC, from a terminal. The IAM actions this
 * module can call are what the README's remediate policy lists (test/cli-iam.test.ts derives them from its imports).
 */
import type { RemediationResult } from '../remediation';
import {
  applyPlan,
  NoMirrorableSourceError,
  OutOfTimeError,
  planRemediation,
  readRemediationInventory,
  RemediationPreconditionError,
  TargetSourceLimitError,
} from '../remediation';
import { ApiCallCounter } from '../rule/aws-clients';
import { cliInventoryClients } from './aws-clients';
import { EXIT_OK, inRegion } from './errors';
import type { CliIo } from './io';
import type { RemediateFormat, RemediateOptions } from './options';

/** Errors that mean "the VPC could not be remediated, nothing was left behind": exit 1, not an AWS failure. */
export function isRemediationRefusal(error: unknown): boolean {
  return (
    error instanceof RemediationPreconditionError ||
    error instanceof NoMirrorableSourceError ||
    error instanceof TargetSourceLimitError ||
    error instanceof OutOfTimeError
  );
}

const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');

/** The plan (dry run) or what was done, for a person. Pure. */
export function formatRemediationText(result: RemediationResult, region: string): string {
  const lines: string[] = [];
  if (result.dryRun) {
    lines.push(`Dry run for ${result.vpcId} in ${region}: nothing was created.`);
    if (result.wouldCreate.length > 0) {
      lines.push('A real run would create:', ...result.wouldCreate.map((w) => `  - ${w}`));
    } else {
      lines.push('A real run would create nothing.');
    }
    lines.push(`Would reuse: ${list(result.reused)}`);
  } else {
    lines.push(
      result.created.length > 0
        ? `Traffic mirroring enabled for ${result.vpcId} in ${region}.`
        : `${result.vpcId} in ${region} is already mirrored: nothing was created.`,
      `Target:   ${result.targetId ?? 'none'}`,
      `Filter:   ${result.filterId ?? 'none'}`,
      `Sessions: ${list(result.sessions.map((s) => `${s.sessionId} (source ${s.networkInterfaceId})`))}`,
      `Created:  ${list(result.created)}`,
      `Reused:   ${list(result.reused)}`,
    );
  }
  for (const s of result.skipped) lines.push(`Skipped ${s.networkInterfaceId}: ${s.reason}`);
  for (const w of result.warnings) lines.push(`Warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

export function formatRemediation(result: RemediationResult, region: string, format: RemediateFormat): string {
  return format === 'json' ? `${JSON.stringify({ region, ...result }, null, 2)}\n` : formatRemediationText(result, region);
}

export async function runRemediate(options: RemediateOptions, io: CliIo, counter = new ApiCallCounter()): Promise<number> {
  const { region, request } = options;
  const clients = cliInventoryClients({ region, callCounter: counter });
  const result = await inRegion(region, async () => {
    const inventory = await readRemediationInventory(clients, request);
    return applyPlan(clients.ec2, planRemediation(inventory, request));
  });
  io.stdout.write(formatRemediation(result, region, options.format));
  return EXIT_OK;
}
