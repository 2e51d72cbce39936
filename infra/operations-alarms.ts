/**
 * The alarms that make quiet failures loud after deploy (docs/operating.md says what each means and what to do):
 * - the rule Lambda's Errors: any error in one scheduled period, so a rule that fails every invocation (and leaves
 *   the console showing old verdicts) alarms within one sweep;
 * - failed EnableVpcTrafficMirroring runs: an EventBridge rule matches SSM Automation's status-change events for the
 *   document ending Failed, TimedOut or Cancelled, and the alarm watches how often that rule matched.
 * With `alarmTopic`, both alarms notify that existing SNS topic (alarm and back to OK); without it they exist with
 * no action, visible in the CloudWatch console.
 */
import { Duration, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_events as events } from 'aws-cdk-lib';
import type { aws_lambda as lambda, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MAXIMUM_EXECUTION_FREQUENCY_HOURS } from '../rule/rule-definition';
import { acknowledgeControlTowerRule } from './acknowledgements';


/** SSM Automation's event (EventBridge User Guide / Systems Manager User Guide, "Automation" event examples). */
export const AUTOMATION_STATUS_CHANGE_DETAIL_TYPE = 'EC2 Automation Execution Status-change Notification';
/** The AutomationExecutionStatus values of a run that did not put mirroring in place. */
export const FAILED_AUTOMATION_STATUSES = ['Failed', 'TimedOut', 'Cancelled'] as const;
/** How often failed runs are counted: a bulk remediation's failures land in one or two periods, one alarm. */
export const FAILED_RUNS_PERIOD = Duration.minutes(5);

export interface OperationsAlarmsProps {
  /** The rule's Lambda. */
  readonly ruleFunction: lambda.IFunction;
  /** The rule's MaximumExecutionFrequency: the errors alarm counts over one such period. */
  readonly ruleFrequency: string;
  /** The SSM document whose failed runs alarm. */
  readonly documentName: string;
  /** An existing SNS topic both alarms notify. @default - alarms with no action */
  readonly alarmTopic?: sns.ITopic;
}

export class OperationsAlarms extends Construct {
  readonly ruleErrorsAlarm: cloudwatch.Alarm;
  readonly failedRemediationsAlarm: cloudwatch.Alarm;
  readonly failedRunsRule: events.Rule;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const hours = MAXIMUM_EXECUTION_FREQUENCY_HOURS[props.ruleFrequency];
    if (hours === undefined) throw new Error(`OperationsAlarms prop 'ruleFrequency' accepts ${Object.keys(MAXIMUM_EXECUTION_FREQUENCY_HOURS).join(', ')}; got '${props.ruleFrequency}'`);

    this.ruleErrorsAlarm = new cloudwatch.Alarm(this, 'RuleErrors', {
      alarmDescription:
        'The vpc-mirroring-guard rule Lambda failed at least once in a scheduled period: Config keeps showing the previous ' +
        'verdicts. Run `vpc-mirroring-guard doctor` and read the function log (docs/operating.md, "RuleErrors").',
      metric: props.ruleFunction.metricErrors({ period: Duration.hours(hours), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No invocation in a period is not an error: the doctor's last-invocation check covers a rule that stopped.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.failedRunsRule = new events.Rule(this, 'FailedRemediationRuns', {
      description: `Matches runs of ${props.documentName} that ended ${FAILED_AUTOMATION_STATUSES.join(', ')}`,
      eventPattern: {
        source: ['aws.ssm'],
        detailType: [AUTOMATION_STATUS_CHANGE_DETAIL_TYPE],
        detail: { Definition: [props.documentName], Status: [...FAILED_AUTOMATION_STATUSES] },
      },
    });
    this.failedRemediationsAlarm = new cloudwatch.Alarm(this, 'FailedRemediations', {
      alarmDescription:
        `A run of ${props.documentName} failed: a NON_COMPLIANT VPC stayed without mirroring. Run ` +
        '`vpc-mirroring-guard remediate --non-compliant --wait` to see each failed step (docs/operating.md, "FailedRemediations").',
      // EventBridge's TriggeredRules: the number of times this rule matched an event (EventBridge User Guide, "EventBridge metrics").
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'TriggeredRules',
        dimensionsMap: { RuleName: this.failedRunsRule.ruleName },
        statistic: cloudwatch.Stats.SUM,
        period: FAILED_RUNS_PERIOD,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const alarm of [this.ruleErrorsAlarm, this.failedRemediationsAlarm]) {
      if (props.alarmTopic) {
        alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
        alarm.addOkAction(new actions.SnsAction(props.alarmTopic));
      } else {
        acknowledgeControlTowerRule(
          alarm,
          'CT.CLOUDWATCH.PR.1',
          'cloudwatch_alarm_action_check',
          'The alarm notifies the SNS topic given as alarmTopic (-c alarmTopicArn=...); without one it has no action and is ' +
            'read in the CloudWatch console. Passing alarmTopic removes this acknowledgement.',
        );
      }
    }
  }
}
