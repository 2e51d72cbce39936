/**
 * The rule's metrics: each invocation publishes one embedded-metric-format line (namespace VpcMirroringGuard) with
 * the VPCs evaluated by compliance, the API calls made and the duration, on success and on failure alike.
 */
import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVALUATED_METRIC_OF, handler, metrics } from '../rule/handler';
import { METRICS_NAMESPACE } from '../rule/rule-definition';
import { scheduledEvent, withoutTargetVerification } from './support/config-events';
import { answerFromInventory, ec2AcceptFilter, ec2Eni, ec2Session, ec2Vpc } from './support/sdk-mocks';

// Before the handler module loads (imports are hoisted, vi.hoisted runs first): vitest.config turns metrics off.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

const ec2 = mockClient(EC2Client);
const config = mockClient(ConfigServiceClient);
let printed: string[] = [];

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
afterAll(() => {
  ec2.restore();
  config.restore();
});
beforeEach(() => {
  ec2.reset();
  config.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  printed = [];
  // Powertools Metrics prints the EMF line through its own Console on stdout.
  vi.spyOn((metrics as unknown as { console: Console }).console, 'log').mockImplementation((line: string) => void printed.push(line));
});
afterEach(() => vi.restoreAllMocks());

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[] };
  [metric: string]: unknown;
}
const emfLines = () => printed.map((l) => JSON.parse(l) as Emf).filter((l) => l._aws !== undefined);

// The metrics are what is tested here, so the EC2 mocks answer no target reads: verifyTarget is off.
describe('rule metrics', () => {
  it('publishes VPCs by compliance, API calls and duration in one EMF line under VpcMirroringGuard', async () => {
    answerFromInventory(ec2, {
      vpcs: [ec2Vpc('vpc-a'), ec2Vpc('vpc-b'), ec2Vpc('vpc-c', { Tags: [{ Key: 'skip', Value: 'true' }] })],
      networkInterfaces: [ec2Eni('eni-a1', 'vpc-a')],
      sessions: [ec2Session('tms-a', 'eni-a1')],
      filters: [ec2AcceptFilter],
    });

    const summary = await handler(withoutTargetVerification(scheduledEvent({ ruleParameters: { exemptTagKey: 'skip' } })));

    const [line, ...more] = emfLines();
    expect(more).toEqual([]);
    const directive = line!._aws.CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive.Metrics.map((m) => [m.Name, m.Unit])).toEqual([
      [EVALUATED_METRIC_OF.COMPLIANT, 'Count'],
      [EVALUATED_METRIC_OF.NON_COMPLIANT, 'Count'],
      [EVALUATED_METRIC_OF.NOT_APPLICABLE, 'Count'],
      ['ApiCalls', 'Count'],
      ['InvocationDuration', 'Milliseconds'],
    ]);
    expect(line).toMatchObject({ CompliantVpcs: 1, NonCompliantVpcs: 1, NotApplicableVpcs: 1, ApiCalls: summary.apiCalls, service: 'vpc-mirroring-guard-rule' });
    expect(line!.InvocationDuration).toEqual(expect.any(Number));
  });

  it('still publishes the API calls and duration when the invocation fails', async () => {
    answerFromInventory(ec2, { vpcs: [ec2Vpc('vpc-a')], networkInterfaces: [], sessions: [], filters: [] });
    config.on(PutEvaluationsCommand).rejects(new Error('AccessDenied'));

    await expect(handler(withoutTargetVerification(scheduledEvent()))).rejects.toThrow('AccessDenied');

    const [line] = emfLines();
    expect(line!._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name)).toEqual(['ApiCalls', 'InvocationDuration']);
    expect(line!.ApiCalls).toEqual(expect.any(Number));
  });
});
