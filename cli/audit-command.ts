/**
 * `audit`: which regions, whose account, then every VPC of every region through the rule's engine, printed in the
 * chosen format. The IAM actions this module can call are what docs/cli.md's audit policy lists
 * (test/cli-iam.test.ts derives them from this file's imports).
 */
import { ApiCallCounter } from '../rule/api-call-counter';
import { callerAccountId } from './account';
import { auditExitCode, auditRegion, auditRegions } from './audit';
import { cliInventoryClients, cliStsClient } from './aws-clients';
import { inRegion, UsageError } from './errors';
import { formatAudit } from './format';
import type { CliIo } from './io';
import type { AuditOptions } from './options';
import { showsProgress, TerminalProgress } from './progress';
import { regionsToAudit } from './regions';

export async function runAudit(options: AuditOptions, io: CliIo, counter = new ApiCallCounter()): Promise<number> {
  const regions = await regionsToAudit(options, counter);
  const [first] = regions;
  if (first === undefined) throw new UsageError('DescribeRegions listed no enabled region');

  // One call before the sweep: bad credentials fail once, clearly, instead of once per region.
  const sts = cliStsClient({ region: first, callCounter: counter });
  const accountId = await inRegion(first, () => callerAccountId(sts));

  const progress = showsProgress(options.format, io.stdout, io.stderr) ? new TerminalProgress(io.stderr, regions.length) : undefined;
  const rows = await auditRegions(
    regions,
    // Clients are not destroyed: when one read of a region fails, its sibling reads are still in flight, and
    // closing their sockets would only make the SDK retry them. Idle keep-alive sockets do not hold the process.
    (region) => auditRegion(cliInventoryClients({ region, callCounter: counter }), accountId, region, options.params),
    progress,
  ).finally(() => progress?.clear());

  io.stdout.write(formatAudit(rows, options.format, io.stdout.isTTY ? { columns: io.stdout.columns ?? 120 } : {}));
  return auditExitCode(rows);
}
