/**
 * The AWS Config custom Lambda rule "VPC Traffic Mirroring in use": the rule, its Lambda (rule/handler.ts) with a
 * least-privilege role, the permission that lets Config (and only for this account) invoke it.
 * Reusable: other CDK apps add it to their own stacks with `new TrafficMirroringRule(stack, 'Id', props)`.
 */
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { aws_config as config, aws_iam as iam, aws_lambda as lambda, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { RuleMode } from '../rule/rule-definition';
import {
  DEFAULT_MAXIMUM_EXECUTION_FREQUENCY,
  METRICS_NAMESPACE,
  RULE_DESCRIPTION,
  RULE_MESSAGE_TYPES,
  RULE_NAME,
  RULE_SCOPE_RESOURCE_TYPES,
  toInputParameters,
} from '../rule/rule-definition';
import type { GuardrailProps } from './guard-function';
import { GuardFunction } from './guard-function';
import { LAMBDA_HANDLER_ENTRIES } from './lambda-handlers';
import { acknowledgeControlTowerRule } from './acknowledgements';
import { RULE_FUNCTION_MEMORY_MB, RULE_FUNCTION_TIMEOUT_SECONDS } from './rule-function-sizing';

/** The Lambda entry: infra knows the rule's handler by path only; esbuild bundles it. */
export const RULE_HANDLER_ENTRY = LAMBDA_HANDLER_ENTRIES.rule;
/**
 * The rule module that assumes the member-account role (sts:AssumeRole). handler.ts reaches it only when the
 * executionRoleName parameter is set (organization deployments), so a rule without it needs none of its actions.
 */
export const RULE_MEMBER_ACCOUNT_MODULE = fileURLToPath(new URL('../rule/member-account-credentials.ts', import.meta.url));

/**
 * CT.CLOUDWATCH.PR.2 (Control Tower) asks log groups to keep events for at least a year; evaluation logs are
 * also what an auditor asks for when a verdict is questioned.
 */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * EC2 reads of the rule code. They take Resource "*": EC2 Describe actions support no resource-level permissions
 * (Service Authorization Reference, Amazon EC2: no resource type for Describe*; the Lambda developer guide says
 * the same of ec2:DescribeNetworkInterfaces).
 */
export const RULE_EC2_READ_ACTIONS = [
  'ec2:DescribeVpcs',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeTrafficMirrorSessions',
  'ec2:DescribeTrafficMirrorFilters',
  // verifyTarget: the targets, their ENIs' security groups and subnets' network ACLs, Gateway Load Balancer endpoints.
  'ec2:DescribeTrafficMirrorTargets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeVpcEndpoints',
  // verifyTarget: the route to a target in another VPC (rule/ec2-path-reads.ts).
  'ec2:DescribeRouteTables',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeTransitGatewayVpcAttachments',
] as const;
/**
 * verifyTarget: a Network Load Balancer target's state and listeners. Elastic Load Balancing Describe actions
 * support no resource-level permissions either (Service Authorization Reference, Elastic Load Balancing V2: no
 * resource type for DescribeLoadBalancers or DescribeListeners).
 */
export const RULE_ELB_READ_ACTIONS = ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners'] as const;
/**
 * config:PutEvaluations has no resource type (AWS Config Developer Guide, "Supported resource-level permissions
 * for AWS Config Rules API actions": an action not in that table needs Resource "*"). The ResultToken of the
 * invocation is what ties the evaluations to this rule.
 */
export const RULE_CONFIG_UNSCOPED_ACTIONS = ['config:PutEvaluations'] as const;
/** Supports the ConfigRule resource type (same table): scoped to this rule's ARN. */
export const RULE_CONFIG_RULE_SCOPED_ACTIONS = ['config:GetComplianceDetailsByConfigRule'] as const;

/**
 * The rule's Resource "*" grants (EC2 reads, PutEvaluations) as one policy, with the cdk-nag acknowledgement that
 * says why: the single-account function and the organization's member role get exactly the same.
 */
export function addRuleUnscopedPolicy(addPolicy: (id: string, statements: iam.PolicyStatement[]) => iam.Policy): iam.Policy {
  const policy = addPolicy('ReadVpcsAndReportEvaluations', [
    new iam.PolicyStatement({ sid: 'ReadVpcsAndMirroring', actions: [...RULE_EC2_READ_ACTIONS], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'ReadMirrorLoadBalancers', actions: [...RULE_ELB_READ_ACTIONS], resources: ['*'] }),
    new iam.PolicyStatement({ sid: 'ReportEvaluations', actions: [...RULE_CONFIG_UNSCOPED_ACTIONS], resources: ['*'] }),
  ]);
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only ec2:Describe* and elasticloadbalancing:Describe* reads and config:PutEvaluations take Resource "*": ' +
      'the IAM Service Authorization Reference lists no resource type for these EC2 and Elastic Load Balancing ' +
      'Describe actions, and AWS Config supports no ' +
      'resource-level permission for PutEvaluations. Every action is named (no action wildcard), none can ' +
      'change a resource, and PutEvaluations only writes results for the rule whose ResultToken the ' +
      'invocation carries.',
  });
  return policy;
}

/** Config rule names: 1 to 128 characters, not blank (Config API Reference, ConfigRule.ConfigRuleName). */
const CONFIG_RULE_NAME_PATTERN = /^(?=.*\S).{1,128}$/;

/** Also takes GuardrailProps: `vpc`, `vpcSubnets` and `logEncryptionKey`, for strict guardrails. */
export interface TrafficMirroringRuleProps extends GuardrailProps {
  /** Name of the Config rule. @default 'vpc-traffic-mirroring-in-use' */
  readonly ruleName?: string;
  /** `any`: one mirrored source ENI in the VPC is enough; `all`: every in-use instance ENI must be mirrored. @default 'any' */
  readonly mode?: RuleMode;
  /** A session counts only if its filter accepts some traffic. @default true */
  readonly requireAcceptRule?: boolean;
  /** VPCs with this tag key are NOT_APPLICABLE. @default - no exemption */
  readonly exemptTagKey?: string;
  /** With exemptTagKey: only this tag value exempts. @default - any value of exemptTagKey exempts */
  readonly exemptTagValue?: string;
  /** Default VPCs are NOT_APPLICABLE. @default false */
  readonly ignoreDefaultVpc?: boolean;
  /** A session counts only if its traffic mirror target can receive the mirrored traffic. @default true */
  readonly verifyTarget?: boolean;
  /** How often the scheduled sweep of every VPC runs. @default MaximumExecutionFrequency.TWENTY_FOUR_HOURS */
  readonly maximumExecutionFrequency?: config.MaximumExecutionFrequency;
  /** How long the rule Lambda's logs are kept. @default RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
}

export class TrafficMirroringRule extends Construct {
  readonly configRule: config.CfnConfigRule;
  /** The rule's name as Config knows it (for remediation configurations and the console). */
  readonly configRuleName: string;
  readonly configRuleArn: string;
  readonly ruleFunction: GuardFunction;
  /** How often the scheduled sweep runs (a MaximumExecutionFrequency value): the period of the errors alarm. */
  readonly maximumExecutionFrequency: string;

  constructor(scope: Construct, id: string, props: TrafficMirroringRuleProps = {}) {
    super(scope, id);
    const ruleName = props.ruleName ?? RULE_NAME;
    if (!CONFIG_RULE_NAME_PATTERN.test(ruleName)) {
      throw new Error(`TrafficMirroringRule prop 'ruleName' accepts 1 to 128 characters, not all blank; got '${ruleName}'`);
    }
    // Validates the parameters now, so a bad prop fails the synth instead of every evaluation.
    const inputParameters = toInputParameters({
      ...(props.mode !== undefined ? { mode: props.mode } : {}),
      ...(props.requireAcceptRule !== undefined ? { requireAcceptRule: props.requireAcceptRule } : {}),
      ...(props.exemptTagKey !== undefined ? { exemptTagKey: props.exemptTagKey } : {}),
      ...(props.exemptTagValue !== undefined ? { exemptTagValue: props.exemptTagValue } : {}),
      ...(props.ignoreDefaultVpc !== undefined ? { ignoreDefaultVpc: props.ignoreDefaultVpc } : {}),
      ...(props.verifyTarget !== undefined ? { verifyTarget: props.verifyTarget } : {}),
    });
    const frequency: string = props.maximumExecutionFrequency ?? DEFAULT_MAXIMUM_EXECUTION_FREQUENCY;
    this.maximumExecutionFrequency = frequency;

    this.ruleFunction = new GuardFunction(this, 'Evaluator', {
      bundle: 'rule',
      description: `AWS Config rule ${ruleName}: checks that every VPC has VPC Traffic Mirroring in use`,
      memorySize: RULE_FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(RULE_FUNCTION_TIMEOUT_SECONDS),
      logRetention: props.logRetention ?? DEFAULT_LOG_RETENTION,
      // Powertools Metrics writes embedded-metric-format lines to the log: CloudWatch extracts them, no IAM needed.
      environment: { POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE },
      ...(props.vpc ? { vpc: props.vpc } : {}),
      ...(props.vpcSubnets ? { vpcSubnets: props.vpcSubnets } : {}),
      ...(props.logEncryptionKey ? { logEncryptionKey: props.logEncryptionKey } : {}),
    });

    // The "*" statements live in a policy of their own, so the acknowledgement cannot cover a wildcard added to
    // the role later.
    addRuleUnscopedPolicy((policyId, statements) => this.ruleFunction.addPolicy(policyId, statements));

    // Confused-deputy protection: Config may invoke the function only on behalf of this account.
    const invokedByConfig = new lambda.CfnPermission(this, 'InvokedByConfig', {
      action: 'lambda:InvokeFunction',
      functionName: this.ruleFunction.function.functionArn,
      principal: 'config.amazonaws.com',
      sourceAccount: Stack.of(this).account,
    });
    acknowledgeControlTowerRule(
      invokedByConfig,
      'CT.LAMBDA.PR.2',
      'lambda_function_public_access_prohibited_check',
      'the permission does carry the control\'s condition: SourceAccount is the stack account ({"Ref": ' +
        '"AWS::AccountId"}, asserted by test/infra-guardrails.test.ts). The local guard rule accepts only a literal ' +
        'string there and the stack is environment-agnostic; CloudFormation resolves the Ref to the 12-digit ' +
        'account before a Control Tower hook evaluates the resource, so the deployed control passes. SourceArn ' +
        'cannot be used instead: Config checks the permission when the rule is created, so the permission cannot ' +
        'refer to the rule ARN.',
    );

    this.configRule = new config.CfnConfigRule(this, 'Rule', {
      configRuleName: ruleName,
      description: RULE_DESCRIPTION,
      scope: { complianceResourceTypes: [...RULE_SCOPE_RESOURCE_TYPES] },
      inputParameters,
      source: {
        owner: 'CUSTOM_LAMBDA',
        sourceIdentifier: this.ruleFunction.function.functionArn,
        sourceDetails: RULE_MESSAGE_TYPES.map((messageType) => ({
          eventSource: 'aws.config',
          messageType,
          ...(messageType === 'ScheduledNotification' ? { maximumExecutionFrequency: frequency } : {}),
        })),
      },
    });
    // PutConfigRule checks that Config can invoke the function, so the permission must exist first.
    this.configRule.node.addDependency(invokedByConfig);
    this.configRuleName = ruleName;
    this.configRuleArn = this.configRule.attrArn;

    // Scoped to this rule's ARN, which exists only once the rule does: this policy is created after the rule
    // (the function cannot wait for it without a dependency cycle). If Config's first invocation wins that race,
    // the Lambda's asynchronous retries (two, a minute or more apart) run once IAM has the policy.
    new iam.Policy(this, 'ReadOwnEvaluations', {
      roles: [this.ruleFunction.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'ListPreviousEvaluationsOfThisRule',
          actions: [...RULE_CONFIG_RULE_SCOPED_ACTIONS],
          resources: [this.configRuleArn],
        }),
      ],
    });
  }
}
