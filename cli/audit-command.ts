/**
 * `audit`: which regions, whose account, then every VPC of every region through the rule's engine, printed in the
 * chosen format. The IAM actions this module can call are what the README's audit policy lists
 * (test/cli-iam.test.ts derives them from this file's imports).
 */
import { ApiCallCounter } from '../rule/aws-clients';
import { callerAccountId } from './account';
import { auditExitCode, auditRegion, auditRegions } from './audit';
import { cliEc2Client, cliInventoryClients, cliStsClient, defaultRegion } from './aws-clients';
import { inRegion, UsageError } from './errors';
import { formatAudit } from './format';
import type { CliIo } from './io';
import type { AuditOptions } from './options';
import { showsProgress, TerminalProgress } from './progress';
import { listEnabledRegions } from './regions';

/** Where DescribeRegions is asked when no default region is configured: any commercial region lists them all. */
export const REGION_LIST_FALLBACK = 'us-east-1';

export const NO_REGION_MESSAGE =
  'No region to audit: pass --region REGION (repeatable) or --all-regions, or set AWS_REGION or a region in the AWS profile';

async function regionsToAudit(options: AuditOptions, counter: ApiCallCounter): Promise<string[]> {
  if (options.regions.length > 0) return [...options.regions];
  const configured = await defaultRegion();
  if (!options.allRegions) {
    if (configured === undefined) throw new UsageError(NO_REGION_MESSAGE);
    return [configured];
  }
  const askIn = configured ?? REGION_LIST_FALLBACK;
  const ec2 = cliEc2Client({ region: askIn, callCounter: counter });
  return inRegion(askIn, () => listEnabledRegions(ec2));
}

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
