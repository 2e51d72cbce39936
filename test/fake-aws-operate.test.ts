/**
 * The fake endpoint's Config set-up operations and SSM, through the real SDK clients: the SDK parses every response
 * and error, executions progress over successive status reads, and a test can make them fail.
 */
import {
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecordersCommand,
  DescribeRemediationExecutionStatusCommand,
  NoSuchConfigRuleException,
  NoSuchRemediationConfigurationException,
  StartRemediationExecutionCommand,
} from '@aws-sdk/client-config-service';
import { DescribeDocumentCommand, GetAutomationExecutionCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws } from './support/fake-aws';
import { MAX_REMEDIATION_RESOURCE_KEYS, startFakeAws } from './support/fake-aws';

const REGION = 'us-east-1';
const RULE = 'vpc-traffic-mirroring-in-use';
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' };

let fake: FakeAws;
let config: ConfigServiceClient;
let ssm: SSMClient;

beforeAll(async () => {
  fake = await startFakeAws();
  const options = { region: REGION, endpoint: fake.endpoint, credentials, maxAttempts: 1 };
  config = new ConfigServiceClient(options);
  ssm = new SSMClient(options);
  const setup = fake.configSetup(REGION);
  setup.recorders.push({ name: 'default', roleARN: 'arn:aws:iam::123456789012:role/config', recordingGroup: { allSupported: true } });
  setup.rules.push({ ConfigRuleName: RULE, ConfigRuleState: 'ACTIVE', Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'arn:aws:lambda:us-east-1:123456789012:function:rule' } });
  setup.remediationConfigurations.push({ ConfigRuleName: RULE, TargetType: 'SSM_DOCUMENT', TargetId: 'EnableVpcTrafficMirroring' });
});
afterAll(async () => {
  config.destroy();
  ssm.destroy();
  await fake.close();
});

const vpcKey = (n: number) => ({ resourceType: 'AWS::EC2::VPC' as const, resourceId: `vpc-${String(n).padStart(17, '0')}` });

describe('fake Config set-up', () => {
  it('describes recorders and rules in the SDK shapes; an unknown rule is NoSuchConfigRuleException', async () => {
    const recorders = await config.send(new DescribeConfigurationRecordersCommand({}));
    expect(recorders.ConfigurationRecorders?.[0]?.recordingGroup?.allSupported).toBe(true);
    const rules = await config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: [RULE] }));
    expect(rules.ConfigRules?.map((r) => [r.ConfigRuleName, r.ConfigRuleState, r.Source?.Owner])).toEqual([[RULE, 'ACTIVE', 'CUSTOM_LAMBDA']]);
    await expect(config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['nope'] }))).rejects.toBeInstanceOf(NoSuchConfigRuleException);
  });

  it('remediation executions go QUEUED → IN_PROGRESS → SUCCEEDED or FAILED (with the failed step) over status reads', async () => {
    fake.failRemediation([vpcKey(2).resourceId], { stepName: 'VerifyTrafficMirroring', message: 'no session' });
    const started = await config.send(new StartRemediationExecutionCommand({ ConfigRuleName: RULE, ResourceKeys: [vpcKey(1), vpcKey(2)] }));
    expect(started.FailedItems).toEqual([]);
    const read = async () =>
      (await config.send(new DescribeRemediationExecutionStatusCommand({ ConfigRuleName: RULE, ResourceKeys: [vpcKey(1), vpcKey(2)] })))
        .RemediationExecutionStatuses ?? [];
    expect((await read()).map((s) => s.State)).toEqual(['QUEUED', 'QUEUED']);
    expect((await read()).map((s) => s.State)).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
    const final = await read();
    expect(final.map((s) => s.State)).toEqual(['SUCCEEDED', 'FAILED']);
    expect(final[1]?.StepDetails).toEqual([{ Name: 'VerifyTrafficMirroring', State: 'FAILED', ErrorMessage: 'no session' }]);
  });

  it('pages remediation statuses with Limit and NextToken', async () => {
    const keys = [vpcKey(31), vpcKey(32), vpcKey(33)];
    await config.send(new StartRemediationExecutionCommand({ ConfigRuleName: RULE, ResourceKeys: keys }));
    const first = await config.send(new DescribeRemediationExecutionStatusCommand({ ConfigRuleName: RULE, ResourceKeys: keys, Limit: 2 }));
    expect(first.RemediationExecutionStatuses?.map((s) => s.ResourceKey?.resourceId)).toEqual([vpcKey(31).resourceId, vpcKey(32).resourceId]);
    const second = await config.send(
      new DescribeRemediationExecutionStatusCommand({ ConfigRuleName: RULE, ResourceKeys: keys, Limit: 2, NextToken: first.NextToken }),
    );
    expect(second.RemediationExecutionStatuses?.map((s) => s.ResourceKey?.resourceId)).toEqual([vpcKey(33).resourceId]);
    expect(second.NextToken).toBeUndefined();
  });

  it('reports rejected starts in FailedItems, refuses more than 100 keys, and needs a remediation configuration', async () => {
    fake.rejectRemediationStart([vpcKey(9).resourceId]);
    const started = await config.send(new StartRemediationExecutionCommand({ ConfigRuleName: RULE, ResourceKeys: [vpcKey(8), vpcKey(9)] }));
    expect(started.FailedItems).toEqual([vpcKey(9)]);
    expect(started.FailureMessage).toMatch(/could not be started/);
    const tooMany = Array.from({ length: MAX_REMEDIATION_RESOURCE_KEYS + 1 }, (_, i) => vpcKey(100 + i));
    await expect(config.send(new StartRemediationExecutionCommand({ ConfigRuleName: RULE, ResourceKeys: tooMany }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    fake.configSetup('eu-west-1').rules.push({ ConfigRuleName: RULE, Source: { Owner: 'CUSTOM_LAMBDA' } });
    const elsewhere = new ConfigServiceClient({ region: 'eu-west-1', endpoint: fake.endpoint, credentials, maxAttempts: 1 });
    await expect(elsewhere.send(new StartRemediationExecutionCommand({ ConfigRuleName: RULE, ResourceKeys: [vpcKey(1)] }))).rejects.toBeInstanceOf(
      NoSuchRemediationConfigurationException,
    );
    elsewhere.destroy();
  });
});

describe('fake SSM', () => {
  it('describes a document that exists; an unknown one is InvalidDocument', async () => {
    fake.ssm.setDocument(REGION, 'EnableVpcTrafficMirroring');
    const { Document } = await ssm.send(new DescribeDocumentCommand({ Name: 'EnableVpcTrafficMirroring' }));
    expect(Document?.Status).toBe('Active');
    await expect(ssm.send(new DescribeDocumentCommand({ Name: 'Missing' }))).rejects.toMatchObject({ name: 'InvalidDocument' });
    expect(fake.callCounts({ service: 'ssm' }).DescribeDocument).toBe(2);
  });

  it('runs an Automation execution Pending → InProgress → Success with outputs, or to Failed with the step and message', async () => {
    fake.ssm.setDocument(REGION, 'EnableVpcTrafficMirroring');
    fake.ssm.onAutomation((e) =>
      e.parameters.VpcId?.[0] === 'vpc-bad' ? { failure: { stepName: 'EnableTrafficMirroring', message: 'boom' } } : { outputs: { 'Step.Out': ['x'] } },
    );
    const run = async (vpcId: string) => {
      const { AutomationExecutionId } = await ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'EnableVpcTrafficMirroring', Parameters: { VpcId: [vpcId] } }));
      const statuses = [];
      let last;
      for (let i = 0; i < 3; i++) {
        last = (await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId }))).AutomationExecution;
        statuses.push(last?.AutomationExecutionStatus);
      }
      return { statuses, last };
    };
    const ok = await run('vpc-good');
    expect(ok.statuses).toEqual(['Pending', 'InProgress', 'Success']);
    expect(ok.last?.Outputs).toEqual({ 'Step.Out': ['x'] });
    const bad = await run('vpc-bad');
    expect(bad.statuses).toEqual(['Pending', 'InProgress', 'Failed']);
    expect(bad.last?.StepExecutions).toMatchObject([{ StepName: 'EnableTrafficMirroring', StepStatus: 'Failed', FailureMessage: 'boom' }]);
    expect(fake.ssm.automationExecutions().map((e) => e.parameters.VpcId)).toEqual([['vpc-good'], ['vpc-bad']]);
  });
});
