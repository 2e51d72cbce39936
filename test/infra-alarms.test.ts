/**
 * The stack's alarms and metrics after deploy: the rule Lambda's Errors over one scheduled period, failed runs of
 * the runbook (an EventBridge rule on SSM Automation's status changes), notified to the `alarmTopic` SNS topic only
 * when one is given (`-c alarmTopicArn=`), and the rule's EMF metrics needing no IAM permission.
 */
import { App, aws_sns as sns } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidAppContextError, appConfigFromContext } from '../infra/app-config';
import { buildApp } from '../infra/build-app';
import { AUTOMATION_STATUS_CHANGE_DETAIL_TYPE } from '../infra/operations-alarms';
import { VpcMirroringGuardStack } from '../infra/stack';
import { REMEDIATION_DOCUMENT_NAME } from '../rule/rule-definition';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:ops-alarms';

type Resource = { Type: string; Properties: Record<string, unknown> };
const alarms = (t: Template) => Object.values(t.findResources('AWS::CloudWatch::Alarm')) as Resource[];
const alarmWithMetric = (t: Template, metricName: string) => alarms(t).find((a) => a.Properties.MetricName === metricName)!;

describe('alarms', () => {
  let plain: Template;
  let withTopic: Template;

  beforeAll(() => {
    plain = Template.fromStack(buildApp().singleAccountStack);
    withTopic = Template.fromStack(buildApp({ context: { alarmTopicArn: TOPIC_ARN, maximumExecutionFrequency: 'Six_Hours' } }).singleAccountStack);
  });

  it("alarms on any error of the rule Lambda in one scheduled period (the rule's MaximumExecutionFrequency)", () => {
    const fnId = Object.keys(plain.findResources('AWS::Lambda::Function')).find((id) => id.includes('Evaluator'))!;
    expect(alarmWithMetric(plain, 'Errors').Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Statistic: 'Sum',
      Period: 24 * 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarmWithMetric(withTopic, 'Errors').Properties.Period).toBe(6 * 3600);
  });

  it('alarms on failed runs of the runbook, through an EventBridge rule on Automation status changes', () => {
    plain.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ssm'],
        'detail-type': [AUTOMATION_STATUS_CHANGE_DETAIL_TYPE],
        detail: { Definition: [REMEDIATION_DOCUMENT_NAME], Status: ['Failed', 'TimedOut', 'Cancelled'] },
      },
      State: 'ENABLED',
    });
    const ruleId = Object.keys(plain.findResources('AWS::Events::Rule'))[0]!;
    expect(alarmWithMetric(plain, 'TriggeredRules').Properties).toMatchObject({
      Namespace: 'AWS/Events',
      Dimensions: [{ Name: 'RuleName', Value: { Ref: ruleId } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('sends both alarms (and their return to OK) to the topic only when alarmTopic is given', () => {
    expect(alarms(plain)).toHaveLength(2);
    for (const alarm of alarms(plain)) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
      expect(alarm.Properties.OKActions).toBeUndefined();
    }
    expect(alarms(withTopic)).toHaveLength(2);
    for (const alarm of alarms(withTopic)) {
      expect(alarm.Properties.AlarmActions).toEqual([TOPIC_ARN]);
      expect(alarm.Properties.OKActions).toEqual([TOPIC_ARN]);
    }
  });

  it('takes an ITopic as the alarmTopic construct prop', () => {
    const app = new App();
    const stack = new VpcMirroringGuardStack(app, 'WithTopic', {});
    const topicStack = new VpcMirroringGuardStack(app, 'WithOwnTopic', {
      alarmTopic: sns.Topic.fromTopicArn(stack, 'Ops', TOPIC_ARN),
    });
    for (const alarm of alarms(Template.fromStack(topicStack))) expect(alarm.Properties.AlarmActions).toEqual([TOPIC_ARN]);
  });

  it('validates -c alarmTopicArn', () => {
    expect(appConfigFromContext((k) => (k === 'alarmTopicArn' ? TOPIC_ARN : undefined)).alarmTopicArn).toBe(TOPIC_ARN);
    expect(() => appConfigFromContext((k) => (k === 'alarmTopicArn' ? 'ops-alarms' : undefined))).toThrow(
      new InvalidAppContextError("Context 'alarmTopicArn' accepts an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)"),
    );
  });

  it('needs no IAM permission for the metrics: EMF goes out in the log, no policy grants cloudwatch:PutMetricData', () => {
    const policies = JSON.stringify([plain.findResources('AWS::IAM::Policy'), plain.findResources('AWS::IAM::Role')]);
    expect(policies).not.toMatch(/cloudwatch:/);
    plain.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('AWS Config rule'),
      Environment: { Variables: Match.objectLike({ POWERTOOLS_METRICS_NAMESPACE: 'VpcMirroringGuard' }) },
    });
  });
});
