/** A deployed, healthy account as the fake serves it: what `doctor` finds when everything works. */
import type { FakeAws } from './fake-aws';

export const RULE = 'vpc-traffic-mirroring-in-use';
export const DOCUMENT = 'EnableVpcTrafficMirroring';
export const RULE_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:VpcMirroringGuard-RuleFunction';

/** Recorder recording everything, the rule ACTIVE and invoked an hour ago, remediation through an Active runbook. */
export function seedHealthyDeployment(fake: FakeAws, region: string, now = new Date()): void {
  const setup = fake.configSetup(region);
  setup.recorders.splice(0, Infinity, {
    name: 'default',
    roleARN: 'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
    recordingGroup: { allSupported: true, includeGlobalResourceTypes: false, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' } },
  });
  setup.recorderStatuses.splice(0, Infinity, { name: 'default', recording: true, lastStatus: 'Success' });
  setup.rules.splice(0, Infinity, {
    ConfigRuleName: RULE,
    ConfigRuleState: 'ACTIVE',
    MaximumExecutionFrequency: 'TwentyFour_Hours',
    Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: RULE_FUNCTION_ARN },
  });
  const hourAgo = new Date(now.getTime() - 3_600_000);
  setup.ruleStatuses.splice(0, Infinity, { ConfigRuleName: RULE, LastSuccessfulInvocationTime: hourAgo, FirstEvaluationStarted: true });
  setup.remediationConfigurations.splice(0, Infinity, { ConfigRuleName: RULE, TargetType: 'SSM_DOCUMENT', TargetId: DOCUMENT });
  fake.ssm.setDocument(region, DOCUMENT, 'Active');
}
