/** remediate --non-compliant's decisions: the tracker, the back-off and the exit code. Pure, no mocks. */
import { describe, expect, it } from 'vitest';
import { BulkRemediationTracker, MAX_POLL_DELAY_MS, bulkRemediationExitCode, pollDelayMs } from '../cli/bulk-remediation';
import { progressBar } from '../cli/remediation-progress';

const failedStep = [
  { name: 'CheckVpcExists', state: 'SUCCEEDED' },
  { name: 'VerifyTrafficMirrorSession', state: 'FAILED', errorMessage: 'no session' },
];

describe('BulkRemediationTracker', () => {
  it('follows started VPCs to their end, keeps the ones Config refused, and ignores statuses of VPCs it did not start', () => {
    const t = new BulkRemediationTracker('us-east-1', ['vpc-a', 'vpc-b'], [{ vpcId: 'vpc-c', message: 'busy' }]);
    expect(t.pending()).toEqual(['vpc-a', 'vpc-b']);
    t.update([
      { vpcId: 'vpc-a', state: 'IN_PROGRESS', steps: [] },
      { vpcId: 'vpc-b', state: 'FAILED', steps: failedStep },
      { vpcId: 'vpc-z', state: 'SUCCEEDED', steps: [] },
    ]);
    expect(t.pending()).toEqual(['vpc-a']);
    t.update([{ vpcId: 'vpc-a', state: 'SUCCEEDED', steps: [] }, { vpcId: 'vpc-b', state: 'SUCCEEDED', steps: [] }]);
    expect(t.result()).toEqual([
      { region: 'us-east-1', vpcId: 'vpc-a', state: 'SUCCEEDED', failedStep: null, message: null },
      { region: 'us-east-1', vpcId: 'vpc-b', state: 'FAILED', failedStep: 'VerifyTrafficMirrorSession', message: 'no session' },
      { region: 'us-east-1', vpcId: 'vpc-c', state: 'NOT_STARTED', failedStep: null, message: 'busy' },
    ]);
    expect(t.counts()).toEqual({ total: 3, finished: 3, failed: 2 });
  });

  it('a FAILED status without a failed step still says so; an unknown state is UNKNOWN and still followed', () => {
    const t = new BulkRemediationTracker('us-east-1', ['vpc-a', 'vpc-b'], []);
    t.update([{ vpcId: 'vpc-a', state: 'FAILED', steps: [] }, { vpcId: 'vpc-b', state: 'SOMETHING_NEW', steps: [] }]);
    expect(t.result()[0]).toMatchObject({ state: 'FAILED', failedStep: null, message: 'Config reported the remediation FAILED without a failed step' });
    expect(t.result()[1]?.state).toBe('UNKNOWN');
    expect(t.pending()).toEqual(['vpc-b']);
  });

  it('at the timeout, what still runs is TIMED_OUT with its last state', () => {
    const t = new BulkRemediationTracker('us-east-1', ['vpc-a'], []);
    t.update([{ vpcId: 'vpc-a', state: 'QUEUED', steps: [] }]);
    t.timeOut(60);
    expect(t.result()[0]).toMatchObject({ state: 'TIMED_OUT', message: 'Still QUEUED after 60 s' });
    expect(t.pending()).toEqual([]);
  });
});

describe('polling and exit codes', () => {
  it('backs off 1, 2, 4, 8 s, then stays at 15 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(pollDelayMs)).toEqual([1000, 2000, 4000, 8000, MAX_POLL_DELAY_MS, MAX_POLL_DELAY_MS]);
  });

  it('exit 0 only when every VPC succeeded (waiting) or was started (not waiting)', () => {
    const row = (state: 'SUCCEEDED' | 'STARTED' | 'FAILED' | 'TIMED_OUT' | 'NOT_STARTED') => ({ region: 'r', vpcId: 'v', state, failedStep: null, message: null });
    expect(bulkRemediationExitCode([row('SUCCEEDED')], true)).toBe(0);
    expect(bulkRemediationExitCode([row('SUCCEEDED'), row('TIMED_OUT')], true)).toBe(1);
    expect(bulkRemediationExitCode([row('SUCCEEDED'), row('FAILED')], true)).toBe(1);
    expect(bulkRemediationExitCode([row('STARTED')], false)).toBe(0);
    expect(bulkRemediationExitCode([row('STARTED'), row('NOT_STARTED')], false)).toBe(1);
  });

  it('draws the progress bar', () => {
    expect(progressBar(0, 250, 0)).toBe(`[${'-'.repeat(30)}] 0/250 finished, 0 failed`);
    expect(progressBar(125, 250, 1)).toBe(`[${'#'.repeat(15)}${'-'.repeat(15)}] 125/250 finished, 1 failed`);
  });
});
