/**
 * `doctor`: for each region, reads what Config and SSM say about the deployment (doctor-reads.ts) and prints one row
 * per check (doctor.ts decides them). Exit 0 when nothing fails, 1 when a check fails, 2 on usage or AWS errors.
 * Loaded only when the command runs (cli/main.ts imports it dynamically), with the Config and SSM clients it needs.
 */
import pLimit from 'p-limit';
import { ApiCallCounter } from '../rule/api-call-counter';
import { RULE_NAME } from '../rule/rule-definition';
import { regionsToAudit } from './regions';
import { cliConfigClient } from './aws-clients';
import type { DoctorRow } from './doctor';
import { diagnose, doctorExitCode } from './doctor';
import { formatDoctor } from './doctor-format';
import { readDoctorFacts } from './doctor-reads';
import { inRegion } from './errors';
import type { CliIo } from './io';
import type { DoctorOptions } from './operate-options';
import { cliSsmClient } from './ssm-client';

/** Regions checked at once: each is a handful of Config and SSM reads, throttled per account and region. */
export const DOCTOR_REGION_CONCURRENCY = 6;

/** Every region's rows, in the order the regions were given; the first region to fail fails the command. */
async function diagnoseRegions(regions: readonly string[], diagnoseOne: (region: string) => Promise<DoctorRow[]>): Promise<DoctorRow[]> {
  const limit = pLimit(DOCTOR_REGION_CONCURRENCY);
  const rows = await Promise.all(regions.map((region) => limit(() => inRegion(region, () => diagnoseOne(region)))));
  return rows.flat();
}

export async function runDoctor(options: DoctorOptions, io: CliIo, counter = new ApiCallCounter()): Promise<number> {
  const regions = await regionsToAudit(options, counter);
  const now = new Date();
  const rows = await diagnoseRegions(regions, async (region) => {
    const config = cliConfigClient({ region, callCounter: counter });
    const ssm = cliSsmClient({ region, callCounter: counter });
    const facts = await readDoctorFacts(config, ssm, region, options.ruleName);
    return diagnose(facts, { now, defaultRuleName: RULE_NAME });
  });
  io.stdout.write(formatDoctor(rows, options.output, io.stdout.isTTY ? (io.stdout.columns ?? 120) : undefined));
  return doctorExitCode(rows);
}
