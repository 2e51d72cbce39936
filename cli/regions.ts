/** The regions a command works on: the ones named, the configured one, or every enabled one. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { ApiCallCounter } from '../rule/api-call-counter';
import { cliEc2Client, defaultRegion } from './aws-clients';
import { inRegion, UsageError } from './errors';

/**
 * The regions enabled for the account, sorted. Without AllRegions, DescribeRegions lists only the regions the
 * account can use (opt-in status "opt-in-not-required" or "opted-in"): auditing a disabled region would fail.
 */
export async function listEnabledRegions(ec2: EC2Client): Promise<string[]> {
  const { Regions = [] } = await ec2.send(new DescribeRegionsCommand({}));
  return Regions.flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
}

/** Where DescribeRegions is asked when no default region is configured: any commercial region lists them all. */
export const REGION_LIST_FALLBACK = 'us-east-1';

export const NO_REGION_MESSAGE =
  'No region to audit: pass --region REGION (repeatable) or --all-regions, or set AWS_REGION or a region in the AWS profile';

/** The regions named, else with --all-regions every enabled one (EC2 DescribeRegions), else the configured one. */
export async function regionsToAudit(options: { readonly regions: readonly string[]; readonly allRegions: boolean }, counter: ApiCallCounter): Promise<string[]> {
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
