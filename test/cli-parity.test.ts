/**
 * One inventory, two ways in: the Config rule's Lambda handler (in this process, reporting to the fake Config) and
 * the CLI's audit (a child process). For every rule parameter the CLI exposes, both must give every VPC the same
 * compliance and the same annotation.
 */
import { describe, expect, it } from 'vitest';
import { ruleHandlerOnFakeAws } from './support/handler-on-fake';
import { verdictsBothWays } from './support/verdict-parity';
import { runCliProcess } from './support/cli-process';
import { generateInventory } from './support/generate-inventory';

const REGION = 'us-east-1';

let ruleCount = 0;

const wire = ruleHandlerOnFakeAws(REGION);

/** Rule parameters as Config delivers them, and the CLI flags that ask for the same. */
const PARAMETER_SETS: [Record<string, string>, string[]][] = [
  [{}, []],
  [{ mode: 'all' }, ['--mode', 'all']],
  [{ requireAcceptRule: 'false' }, ['--require-accept-rule', 'false']],
  [{ mode: 'all', requireAcceptRule: 'false' }, ['--mode', 'all', '--require-accept-rule', 'false']],
  [{ exemptTagKey: 'env' }, ['--exempt-tag', 'env']],
  [{ exemptTagKey: 'env', exemptTagValue: 'dev', ignoreDefaultVpc: 'true' }, ['--exempt-tag', 'env=dev', '--ignore-default-vpc']],
  [{ verifyTarget: 'false' }, ['--verify-target', 'false']],
  [{ mode: 'all', verifyTarget: 'true' }, ['--mode', 'all', '--verify-target', 'true']],
];

const INVENTORIES = {
  'sessions with accepting filters': { vpcs: 120, networkInterfaces: 400, sessions: 60, seed: 21 },
  'sessions whose filters accept nothing': { vpcs: 60, networkInterfaces: 200, sessions: 30, seed: 22, acceptingFilters: false },
  'sessions whose targets cannot receive': { vpcs: 60, networkInterfaces: 200, sessions: 30, seed: 23, targets: 6, targetsReceive: false },
} as const;


describe.each(Object.entries(INVENTORIES))('%s', (_label, spec) => {
  it.each(PARAMETER_SETS)('rule parameters %j: the CLI and the Lambda give every VPC the same verdict', async (ruleParameters, flags) => {
    const state = wire.fake.setRegion(REGION, generateInventory(spec));
    const { fromLambda, fromCli, run } = await verdictsBothWays(wire, REGION, `parity-${++ruleCount}`, ruleParameters, flags);

    expect(Object.keys(fromCli).sort()).toEqual(state.vpcs.map((v) => v.VpcId).sort());
    expect(fromCli).toEqual(fromLambda);
    expect(run.code).toBe(Object.values(fromLambda).some((v) => v.compliance === 'NON_COMPLIANT') ? 1 : 0);
  });
});

async function auditVerdicts(flags: string[]): Promise<Record<string, string>> {
  const run = await runCliProcess(['audit', '--region', REGION, '--format', 'json', ...flags], wire.fake.env(REGION));
  return Object.fromEntries((JSON.parse(run.stdout) as { vpcId: string; compliance: string }[]).map((r) => [r.vpcId, r.compliance]));
}

it('--verify-target false reproduces the verdicts from before target verification, which verifyTarget changes', async () => {
  const spec = { vpcs: 60, networkInterfaces: 200, sessions: 30, seed: 24, targets: 6 };
  // With targets that can receive, verifyTarget changes nothing: these are the verdicts of sessions and filters alone.
  wire.fake.setRegion(REGION, generateInventory(spec));
  const before = await auditVerdicts([]);
  wire.fake.setRegion(REGION, generateInventory({ ...spec, targetsReceive: false }));
  expect(await auditVerdicts(['--verify-target', 'false'])).toEqual(before);
  const verified = await auditVerdicts([]);
  const turned = Object.keys(before).filter((vpc) => before[vpc] === 'COMPLIANT');
  expect(turned.length).toBeGreaterThan(0);
  for (const vpc of turned) expect(verified[vpc]).toBe('NON_COMPLIANT');
});

it('the parameter sets above reach every verdict, so the comparison is not vacuous', async () => {
  const seen = new Set<string>();
  for (const [, spec] of Object.entries(INVENTORIES)) {
    wire.fake.setRegion(REGION, generateInventory(spec));
    for (const [, flags] of [PARAMETER_SETS[0]!, PARAMETER_SETS[5]!]) {
      const run = await runCliProcess(['audit', '--region', REGION, '--format', 'json', ...flags], wire.fake.env(REGION));
      for (const row of JSON.parse(run.stdout) as { compliance: string }[]) seen.add(row.compliance);
    }
  }
  expect([...seen].sort()).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
});
