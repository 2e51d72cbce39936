/**
 * The operate commands in process, against the fake endpoint: the terminal confirmation, --timeout with a clock the
 * test drives (no real waiting), and how the runbook's outputs are read and printed.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBulkRemediate } from '../cli/bulk-remediate-command';
import { parseBulkRemediateOptions, parseRunbookRemediateOptions, runbookParameters } from '../cli/operate-options';
import { runRunbookRemediate } from '../cli/runbook-remediate-command';
import { formatRunbookRun, runbookResult } from '../cli/runbook-run';
import type { Waiting } from '../cli/waiting';
import { RUNBOOK_OUTPUTS } from '../remediation/runbook';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';
import { RULE, seedHealthyDeployment } from './support/operate-account';

const REGION = 'us-east-1';
const VPC = 'vpc-00000000000000001';
let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws();
  for (const [key, value] of Object.entries(fake.env(REGION))) vi.stubEnv(key, value);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});
beforeEach(() => {
  fake.resetCalls();
  seedHealthyDeployment(fake, REGION);
});

function output(isTTY = false) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

/** A clock that moves only when the command sleeps. */
function testClock(): Waiting & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) };
}

describe('remediate --non-compliant, in process', () => {
  it('asks on a terminal: "n" starts nothing (exit 1), "y" starts the remediation', async () => {
    fake.seedEvaluations(REGION, RULE, [{ resourceId: VPC, complianceType: 'NON_COMPLIANT' }]);
    for (const [answer, code, starts] of [['n\n', 1, undefined], ['y\n', 0, 1]] as const) {
      fake.resetCalls();
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      const stdout = output();
      const stderr = output();
      stdin.end(answer);
      const exit = await runBulkRemediate(parseBulkRemediateOptions({ nonCompliant: true, region: REGION }), { stdout: stdout.stream, stderr: stderr.stream, stdin });
      expect(exit).toBe(code);
      expect(stderr.text()).toContain(`Start the remediation of 1 NON_COMPLIANT VPC of ${RULE} in ${REGION}? [y/N] `);
      expect(fake.callCounts().StartRemediationExecution).toBe(starts);
    }
  });

  it('--timeout bounds the wait: what is still running is TIMED_OUT, exit 1', async () => {
    fake.seedEvaluations(REGION, RULE, [{ resourceId: 'vpc-00000000000000002', complianceType: 'NON_COMPLIANT' }]);
    fake.seedEvaluations(REGION, RULE, [{ resourceId: VPC, complianceType: 'COMPLIANT', orderingTimestamp: new Date().toISOString() }]);
    const clock = testClock();
    const stdout = output();

    const exit = await runBulkRemediate(
      parseBulkRemediateOptions({ nonCompliant: true, region: REGION, yes: true, wait: true, timeout: '2', output: 'json' }),
      { stdout: stdout.stream, stderr: output().stream },
      undefined,
      clock,
    );

    expect(exit).toBe(1);
    // 1 s, then the next 2 s pause would pass the 2 s timeout: one status read.
    expect(clock.slept).toEqual([1000]);
    expect(fake.callCounts().DescribeRemediationExecutionStatus).toBe(1);
    expect(JSON.parse(stdout.text())).toEqual([
      { region: REGION, vpcId: 'vpc-00000000000000002', state: 'TIMED_OUT', failedStep: null, message: 'Still QUEUED after 2 s' },
    ]);
  });

  it('with no NON_COMPLIANT VPC: says so and starts nothing, exit 0', async () => {
    fake.seedEvaluations('eu-west-1', RULE, []);
    seedHealthyDeployment(fake, 'eu-west-1');
    const stdout = output();
    const exit = await runBulkRemediate(parseBulkRemediateOptions({ nonCompliant: true, region: 'eu-west-1', yes: true }), { stdout: stdout.stream, stderr: output().stream });
    expect(exit).toBe(0);
    expect(stdout.text()).toBe(`No NON_COMPLIANT VPC for ${RULE} in eu-west-1: nothing to remediate.\n`);
  });
});

describe('remediate --runbook, in process', () => {
  it('stops following at --timeout and says the run goes on, exit 1', async () => {
    const clock = testClock();
    const stdout = output();
    const options = parseRunbookRemediateOptions({ vpc: VPC, region: REGION, targetId: 'tmt-0123456789abcdef0', runbook: true, timeout: '1' }, '4f2ac1b0-7a55-4bd6-9c1e-0123456789ab');

    const exit = await runRunbookRemediate(options, { stdout: stdout.stream, stderr: output().stream }, undefined, clock);

    expect(exit).toBe(1);
    expect(stdout.text()).toMatch(/: TimedOut\nStill running after 1 s \(the run goes on in SSM\)\n$/);
    // One read at 1 s (Pending); the next pause would pass the timeout.
    expect(fake.callCounts({ service: 'ssm' })).toEqual({ StartAutomationExecution: 1, GetAutomationExecution: 1 });
  });

  it('passes the target, filter and session options as runbook parameters, the role when given', () => {
    const options = parseRunbookRemediateOptions(
      { vpc: VPC, region: REGION, targetNlb: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/m/0123456789abcdef', sourceSelection: 'all', runbook: true },
      '4f2ac1b0-7a55-4bd6-9c1e-0123456789ab',
    );
    expect(runbookParameters(options.request, 'arn:aws:iam::123456789012:role/automation')).toEqual({
      VpcId: [VPC],
      TargetNetworkLoadBalancerArn: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/m/0123456789abcdef'],
      SourceSelection: ['all'],
      SessionNumber: ['1'],
      MirrorAmazonDns: ['false'],
      AutomationAssumeRole: ['arn:aws:iam::123456789012:role/automation'],
    });
    expect(() => parseRunbookRemediateOptions({ vpc: VPC, region: REGION, targetId: 'tmt-0123456789abcdef0', runbook: true, dryRun: true }, 'x')).toThrow(
      '--dry-run and --runbook cannot be used together',
    );
  });

  it('reads StringList outputs given as values or as one JSON array, empty as none', () => {
    const run = {
      automationExecutionId: 'id',
      status: 'Success',
      outputs: { [RUNBOOK_OUTPUTS.target]: ['tmt-1'], [RUNBOOK_OUTPUTS.sessions]: ['["tms-1","tms-2"]'], [RUNBOOK_OUTPUTS.skipped]: [''] },
    };
    expect(runbookResult(run)).toEqual({ target: 'tmt-1', filter: null, sessions: ['tms-1', 'tms-2'], created: [], reused: [], skipped: [] });
    expect(formatRunbookRun(run, { documentName: 'Doc', vpcId: VPC, region: REGION }, 'text')).toContain('Sessions: tms-1, tms-2\nCreated:  none\n');
  });
});
