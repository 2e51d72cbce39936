/**
 * The single-account stack: the rule in the account-region it is deployed to. Environment-agnostic (no lookups,
 * no account or region in the template), so it synthesizes without AWS credentials.
 */
import type { StackProps } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RULE_NAME } from '../rule/rule-definition';
import type { TrafficMirroringRuleProps } from './traffic-mirroring-rule';
import { TrafficMirroringRule } from './traffic-mirroring-rule';

export interface VpcMirroringGuardStackProps extends StackProps {
  /** The rule's props (name, parameters, frequency, log retention). @default - every default of TrafficMirroringRule */
  readonly rule?: TrafficMirroringRuleProps;
}

export class VpcMirroringGuardStack extends Stack {
  readonly rule: TrafficMirroringRule;

  constructor(scope: Construct, id: string, props: VpcMirroringGuardStackProps = {}) {
    super(scope, id, {
      description: `vpc-mirroring-guard: AWS Config rule ${props.rule?.ruleName ?? RULE_NAME} checking that every VPC has VPC Traffic Mirroring in use`,
      ...props,
    });
    this.rule = new TrafficMirroringRule(this, 'TrafficMirroringRule', props.rule);
  }
}
