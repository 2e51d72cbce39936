/** The regions to audit when asked for all of them. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';

/**
 * The regions enabled for the account, sorted. Without AllRegions, DescribeRegions lists only the regions the
 * account can use (opt-in status "opt-in-not-required" or "opted-in"): auditing a disabled region would fail.
 */
export async function listEnabledRegions(ec2: EC2Client): Promise<string[]> {
  const { Regions = [] } = await ec2.send(new DescribeRegionsCommand({}));
  return Regions.flatMap((r) => (r.RegionName ? [r.RegionName] : [])).sort();
}
