/**
 * The single-account stack: the rule in the account-region it is deployed to. Environment-agnostic (no lookups,
 * no account or region in the template), so it synthesizes without AWS credentials.
 */
import type { StackProps } from 'aws-cdk-lib';
import { Fn, Stack, Validations, aws_ec2 as ec2, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { RULE_NAME } from '../rule/rule-definition';
import type { GuardrailProps } from './guard-function';
import { OperationsAlarms } from './operations-alarms';
import type { TrafficMirroringRemediationProps } from './traffic-mirroring-remediation';
import { TrafficMirroringRemediation } from './traffic-mirroring-remediation';
import type { TrafficMirroringRuleProps } from './traffic-mirroring-rule';
import { TrafficMirroringRule } from './traffic-mirroring-rule';

/** An existing VPC and subnets, by ID (no lookup, so the stack stays environment-agnostic). */
export interface ExistingNetwork {
  readonly vpcId: string;
  readonly subnetIds: readonly string[];
}

export interface VpcMirroringGuardStackProps extends StackProps {
  /** The rule's props (name, parameters, frequency, log retention, guardrails). @default - every default of TrafficMirroringRule */
  readonly rule?: TrafficMirroringRuleProps;
  /** Runs every function of the stack in these existing subnets (unless `rule.vpc` is given). @default - no VPC */
  readonly existingNetwork?: ExistingNetwork;
  /** Encrypts every log group of the stack with this existing KMS key (unless `rule.logEncryptionKey` is given). */
  readonly logEncryptionKeyArn?: string;
  /**
   * The remediation's props. The runbook and its Lambda are always deployed; with a `target`, the rule gets the
   * remediation configuration behind the console's "Remediate" button (and `automatic: true` runs it unasked).
   * @default - runbook and Lambda for manual runs, no remediation configuration
   */
  readonly remediation?: Omit<TrafficMirroringRemediationProps, 'configRule' | 'vpc' | 'vpcSubnets' | 'logEncryptionKey'>;
  /** An existing SNS topic the alarms notify (rule Lambda errors, failed runbook runs). @default - alarms with no action */
  readonly alarmTopic?: sns.ITopic;
  /** The same by ARN (`-c alarmTopicArn=...`), imported; `alarmTopic` wins when both are given. */
  readonly alarmTopicArn?: string;
}

export class VpcMirroringGuardStack extends Stack {
  readonly rule: TrafficMirroringRule;
  readonly remediation: TrafficMirroringRemediation;
  readonly alarms: OperationsAlarms;
  /** The guardrail props every function of the stack gets; the remediation construct takes the same. */
  readonly guardrails: GuardrailProps;

  constructor(scope: Construct, id: string, props: VpcMirroringGuardStackProps = {}) {
    super(scope, id, {
      description: `vpc-mirroring-guard: AWS Config rule ${props.rule?.ruleName ?? RULE_NAME} checking that every VPC has VPC Traffic Mirroring in use`,
      ...props,
    });
    this.guardrails = {
      ...(props.existingNetwork ? importNetwork(this, props.existingNetwork) : {}),
      ...(props.logEncryptionKeyArn ? { logEncryptionKey: kms.Key.fromKeyArn(this, 'LogEncryptionKey', props.logEncryptionKeyArn) } : {}),
    };
    this.rule = new TrafficMirroringRule(this, 'TrafficMirroringRule', { ...this.guardrails, ...props.rule });
    this.remediation = new TrafficMirroringRemediation(this, 'Remediation', {
      ...this.guardrails,
      ...props.remediation,
      configRule: this.rule,
    });
    const alarmTopic = props.alarmTopic ?? (props.alarmTopicArn ? sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined);
    this.alarms = new OperationsAlarms(this, 'Alarms', {
      ruleFunction: this.rule.ruleFunction.function,
      ruleFrequency: this.rule.maximumExecutionFrequency,
      documentName: this.remediation.documentName,
      ...(alarmTopic ? { alarmTopic } : {}),
    });
  }
}

/** The guardrail props of an existing network, imported by ID; the organization stack imports it the same way. */
export function importNetwork(scope: Construct, network: ExistingNetwork): Required<Pick<GuardrailProps, 'vpc' | 'vpcSubnets'>> {
  // Only the VPC ID and the chosen subnets matter to Lambda. fromVpcAttributes insists on availability zones, which
  // nothing here reads: the region's list (Fn::GetAZs) stands in, and never reaches the template.
  const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId: network.vpcId, availabilityZones: Fn.getAzs() });
  Validations.of(vpc).acknowledge({
    id: 'Annotation::@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones',
    reason: 'Nothing selects subnets of this VPC by availability zone: the functions get the subnet IDs explicitly.',
  });
  const subnets = network.subnetIds.map((id) => {
    const subnet = ec2.Subnet.fromSubnetId(scope, `Subnet-${id}`, id);
    Validations.of(subnet).acknowledge({
      id: 'Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId',
      reason: 'Nothing reads the route table of the subnet: Lambda needs only its ID.',
    });
    return subnet;
  });
  return { vpc, vpcSubnets: { subnets } };
}
