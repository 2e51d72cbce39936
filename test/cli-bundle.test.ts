/**
 * `npm run build:cli`: the self-contained bundle runs with plain Node (no tsx, no node_modules next to it) and
 * audits like the bin does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCli } from '../cli/build';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';
import { runCliProcess } from './support/cli-process';

let fake: FakeAws;
let dir: string;

beforeAll(async () => {
  fake = await startFakeAws();
  dir = mkdtempSync(join(tmpdir(), 'cli-bundle-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

it('builds one file that audits from a directory without node_modules', async () => {
  const bundle = await buildCli(join(dir, 'vpc-mirroring-guard.mjs'));
  fake.setRegion('us-east-1', { vpcs: [{ VpcId: 'vpc-0123456789abcdef0', Tags: [{ Key: 'Name', Value: 'lone' }] }] });

  const run = await runCliProcess(['audit', '--format', 'csv'], fake.env(), { script: bundle, cwd: dir });

  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  expect(run.stdout).toBe(
    'accountId,region,vpcId,name,compliance,annotation\r\n' +
      `${fake.accountId},us-east-1,vpc-0123456789abcdef0,lone,NON_COMPLIANT,No traffic mirror session has a source ENI in this VPC\r\n`,
  );
});
