/**
 * One-click remediation of the "VPC Traffic Mirroring in use" rule: the EnableVpcTrafficMirroring SSM Automation
 * runbook (ssm-documents/), the Lambda it invokes (remediation/handler.ts) with a least-privilege role, the role
 * Automation runs as, and the Config remediation configuration that puts "Remediate" on NON_COMPLIANT VPCs.
 * Reusable: `new TrafficMirroringRemediation(stack, 'Id', { configRule: rule, target: { ... } })`.
 */
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { aws_logs as logs } from 'aws-cdk-lib';
import { aws_config as config, aws_iam as iam, aws_ssm as ssm } from 'aws-cdk-lib';
import { parseRemediationRequest } from '../remediation/request';
import type { SourceSelection } from '../remediation/request';
import { bindRunbook, loadRunbook, runbookEc2Actions } from '../remediation/runbook';
import { EVALUATED_RESOURCE_TYPE, MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE, REMEDIATION_DOCUMENT_NAME } from '../rule/rule-definition';
import type { GuardrailProps } from './guard-function';
import { GuardFunction } from './guard-function';
import { LAMBDA_HANDLER_ENTRIES } from './lambda-handlers';
import { DEFAULT_LOG_RETENTION, RULE_ELB_READ_ACTIONS } from './traffic-mirroring-rule';

/** The Lambda entry: infra knows the remediation's handler by path only; esbuild bundles it. */
export const REMEDIATION_HANDLER_ENTRY = LAMBDA_HANDLER_ENTRIES.remediation;

/**
 * The runbook's invoke step may run 300 seconds at most ("aws:invokeLambdaFunction": "up to a maximum duration of
 * 300 seconds"); the function stops earlier, so its own error (and rollback) is what the run reports, never a
 * step timeout that leaves the function running.
 */
export const REMEDIATION_FUNCTION_TIMEOUT_SECONDS = 280;
/** Reads a few pages and makes a few dozen calls: the smallest size with a quick cold start is enough. */
export const REMEDIATION_FUNCTION_MEMORY_MB = 256;

/** Automatic remediation defaults: a few tries a minute apart ride out throttling without hammering EC2. */
export const DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS = 3;
export const DEFAULT_RETRY_ATTEMPT_SECONDS = 60;
/** PutRemediationConfigurations: MaximumAutomaticAttempts 1-25, RetryAttemptSeconds 1-2678000 (Config API Reference). */
const MAX_AUTOMATIC_ATTEMPTS = 25;
const MAX_RETRY_ATTEMPT_SECONDS = 2_678_000;

/** What the function creates (always tagged), each create with the resource type it makes. */
const CREATES = [
  ['CreateTrafficMirrorTarget', 'traffic-mirror-target'],
  ['CreateTrafficMirrorFilter', 'traffic-mirror-filter'],
  ['CreateTrafficMirrorFilterRule', 'traffic-mirror-filter-rule'],
  ['CreateTrafficMirrorSession', 'traffic-mirror-session'],
] as const;

/**
 * The function's EC2 reads. Describe actions have no resource type in the Service Authorization Reference, so they
 * take Resource "*".
 */
export const REMEDIATION_EC2_READ_ACTIONS = [
  'ec2:DescribeVpcs',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeTrafficMirrorSessions',
  'ec2:DescribeTrafficMirrorTargets',
  'ec2:DescribeTrafficMirrorFilters',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeVpcPeeringConnections',
  'ec2:DescribeTransitGatewayVpcAttachments',
  'ec2:DescribeRouteTables',
  // The rule's target check of an existing target before it is reused: its ENI's subnet network ACL.
  'ec2:DescribeNetworkAcls',
] as const;

/** Tagging on create needs ec2:CreateTags on the new resource ("Grant permission to tag Amazon EC2 resources during creation"). */
export const TAG_ON_CREATE_ACTION = 'ec2:CreateTags';

/** Where mirrored traffic goes: exactly one of these (TrafficMirrorTargetId reuses an existing target). */
export type RemediationTarget =
  | { readonly trafficMirrorTargetId: string }
  | { readonly networkInterfaceId: string }
  | { readonly networkLoadBalancerArn: string }
  | { readonly gatewayLoadBalancerEndpointId: string };

/** Also takes GuardrailProps (`vpc`, `vpcSubnets`, `logEncryptionKey`), as the rule construct does. */
export interface TrafficMirroringRemediationProps extends GuardrailProps {
  /** The Config rule to remediate (a TrafficMirroringRule, or its name and ARN). */
  readonly configRule: { readonly configRuleName: string; readonly configRuleArn: string };
  /**
   * Where remediation mirrors traffic to. Without it the runbook and its Lambda are deployed for manual runs, and
   * no remediation configuration is attached to the rule (the runbook needs a target).
   * @default - no remediation configuration
   */
  readonly target?: RemediationTarget;
  /** Reuse this traffic mirror filter. @default - the filter the remediation manages (accept all traffic) */
  readonly trafficMirrorFilterId?: string;
  /** With the managed filter, also mirror Amazon DNS traffic. @default false */
  readonly mirrorAmazonDns?: boolean;
  /** `one` (enough for rule mode `any`) or `all` (needed for rule mode `all`). @default 'one' */
  readonly sourceSelection?: SourceSelection;
  /** @default 1 */
  readonly sessionNumber?: number;
  /** @default - whole packets */
  readonly packetLength?: number;
  /** @default - AWS chooses */
  readonly virtualNetworkId?: number;
  /** Remediate NON_COMPLIANT VPCs without a click. @default false */
  readonly automatic?: boolean;
  /** With `automatic`: attempts per VPC. @default 3 */
  readonly maximumAutomaticAttempts?: number;
  /** With `automatic`: seconds between attempts. @default 60 */
  readonly retryAttemptSeconds?: number;
  /** Name of the SSM document. @default 'EnableVpcTrafficMirroring' */
  readonly documentName?: string;
  /** How long the remediation Lambda's logs are kept. @default RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
}

/** How cdk-nag writes an EC2 resource ARN with a wildcard ID, for its acknowledgement IDs. */
const nagResource = (type: string, account: string) => `arn:<AWS::Partition>:ec2:<AWS::Region>:${account}:${type}/*`;

/** SSM document names: 3-128 of letters, digits, _ . - (SSM API Reference, CreateDocument "Name"). */
const DOCUMENT_NAME_PATTERN = /^[a-zA-Z0-9_.-]{3,128}$/;

/** The runbook parameters Config passes, as RemediationConfiguration "Parameters". */
export function remediationParameters(props: Omit<TrafficMirroringRemediationProps, 'configRule'>, target: RemediationTarget, automationRoleArn: string) {
  const staticValue = (value: string | number | boolean) => ({ StaticValue: { Values: [String(value)] } });
  const targetParameter =
    'trafficMirrorTargetId' in target
      ? { TrafficMirrorTargetId: staticValue(target.trafficMirrorTargetId) }
      : 'networkInterfaceId' in target
        ? { TargetNetworkInterfaceId: staticValue(target.networkInterfaceId) }
        : 'networkLoadBalancerArn' in target
          ? { TargetNetworkLoadBalancerArn: staticValue(target.networkLoadBalancerArn) }
          : { TargetGatewayLoadBalancerEndpointId: staticValue(target.gatewayLoadBalancerEndpointId) };
  return {
    VpcId: { ResourceValue: { Value: 'RESOURCE_ID' } },
    AutomationAssumeRole: staticValue(automationRoleArn),
    ...targetParameter,
    SourceSelection: staticValue(props.sourceSelection ?? 'one'),
    ...(props.trafficMirrorFilterId !== undefined ? { TrafficMirrorFilterId: staticValue(props.trafficMirrorFilterId) } : {}),
    ...(props.mirrorAmazonDns !== undefined ? { MirrorAmazonDns: staticValue(props.mirrorAmazonDns) } : {}),
    ...(props.sessionNumber !== undefined ? { SessionNumber: staticValue(props.sessionNumber) } : {}),
    ...(props.packetLength !== undefined ? { PacketLength: staticValue(props.packetLength) } : {}),
    ...(props.virtualNetworkId !== undefined ? { VirtualNetworkId: staticValue(props.virtualNetworkId) } : {}),
  };
}

/** Fails the synth on props the remediation Lambda would reject at every run, with its own message. */
function validateProps(props: TrafficMirroringRemediationProps): void {
  const target = props.target;
  parseRemediationRequest({
    vpcId: 'vpc-00000000',
    ...(target === undefined
      ? { targetNetworkInterfaceId: 'eni-00000000' }
      : 'trafficMirrorTargetId' in target
        ? { trafficMirrorTargetId: target.trafficMirrorTargetId }
        : 'networkInterfaceId' in target
          ? { targetNetworkInterfaceId: target.networkInterfaceId }
          : 'networkLoadBalancerArn' in target
            ? { targetNetworkLoadBalancerArn: target.networkLoadBalancerArn }
            : { targetGatewayLoadBalancerEndpointId: target.gatewayLoadBalancerEndpointId }),
    trafficMirrorFilterId: props.trafficMirrorFilterId,
    mirrorAmazonDns: props.mirrorAmazonDns,
    sourceSelection: props.sourceSelection,
    sessionNumber: props.sessionNumber,
    packetLength: props.packetLength,
    virtualNetworkId: props.virtualNetworkId,
  });
  const name = props.documentName ?? REMEDIATION_DOCUMENT_NAME;
  if (!DOCUMENT_NAME_PATTERN.test(name) || /^(aws|amazon|amzn)/i.test(name)) {
    throw new Error(`TrafficMirroringRemediation prop 'documentName' accepts 3-128 of letters, digits, _ . - not starting with aws, amazon or amzn; got '${name}'`);
  }
  if (!props.automatic && (props.maximumAutomaticAttempts !== undefined || props.retryAttemptSeconds !== undefined)) {
    throw new Error("TrafficMirroringRemediation props 'maximumAutomaticAttempts' and 'retryAttemptSeconds' apply only with 'automatic: true'");
  }
  const attempts = props.maximumAutomaticAttempts ?? DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_AUTOMATIC_ATTEMPTS) {
    throw new Error(`TrafficMirroringRemediation prop 'maximumAutomaticAttempts' accepts a whole number from 1 to ${MAX_AUTOMATIC_ATTEMPTS}; got ${attempts}`);
  }
  const seconds = props.retryAttemptSeconds ?? DEFAULT_RETRY_ATTEMPT_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_RETRY_ATTEMPT_SECONDS) {
    throw new Error(`TrafficMirroringRemediation prop 'retryAttemptSeconds' accepts a whole number from 1 to ${MAX_RETRY_ATTEMPT_SECONDS}; got ${seconds}`);
  }
}

export class TrafficMirroringRemediation extends Construct {
  readonly remediationFunction: GuardFunction;
  readonly automationRole: iam.Role;
  readonly document: ssm.CfnDocument;
  readonly documentName: string;
  /** Undefined when no target was given. */
  readonly remediationConfiguration?: config.CfnRemediationConfiguration;

  constructor(scope: Construct, id: string, props: TrafficMirroringRemediationProps) {
    super(scope, id);
    validateProps(props);
    const stack = Stack.of(this);
    const { configRuleName, configRuleArn } = props.configRule;
    this.documentName = props.documentName ?? REMEDIATION_DOCUMENT_NAME;

    this.remediationFunction = new GuardFunction(this, 'Remediator', {
      bundle: 'remediation',
      description: `${this.documentName}: creates traffic mirror targets, filters and sessions for NON_COMPLIANT VPCs`,
      memorySize: REMEDIATION_FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(REMEDIATION_FUNCTION_TIMEOUT_SECONDS),
      logRetention: props.logRetention ?? DEFAULT_LOG_RETENTION,
      ...(props.vpc ? { vpc: props.vpc } : {}),
      ...(props.vpcSubnets ? { vpcSubnets: props.vpcSubnets } : {}),
      ...(props.logEncryptionKey ? { logEncryptionKey: props.logEncryptionKey } : {}),
    });
    this.addFunctionPolicies();

    this.automationRole = new iam.Role(this, 'AutomationRole', {
      description: `Role SSM Automation assumes to run ${this.documentName}`,
      // Confused-deputy protection: only Automation executions of this account assume it.
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'ssm', resource: 'automation-execution', resourceName: '*' }) },
        },
      }),
    });
    const runRunbook = new iam.Policy(this, 'RunRunbook', {
      roles: [this.automationRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeRemediationFunction',
          actions: ['lambda:InvokeFunction'],
          resources: [this.remediationFunction.function.functionArn],
        }),
        // The VPC check before the Lambda, and the verification of its result after it.
        new iam.PolicyStatement({ sid: 'CheckVpcAndVerifyMirroring', actions: runbookEc2Actions(loadRunbook()), resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'ReevaluateThisRule', actions: ['config:StartConfigRulesEvaluation'], resources: [configRuleArn] }),
      ],
    });
    Validations.of(runRunbook).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the EC2 Describe actions of the runbook\'s checks take Resource "*": the Service Authorization Reference lists no resource type for them. ' +
        'The role can invoke only the remediation function and re-evaluate only this rule.',
    });

    const runbook = bindRunbook(loadRunbook(), { functionName: this.remediationFunction.function.functionArn, configRuleName });
    this.document = new ssm.CfnDocument(this, 'Runbook', {
      name: this.documentName,
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: runbook,
      // A named document cannot be replaced in place; a new version keeps its name and its execution history.
      updateMethod: 'NewVersion',
    });

    if (props.target !== undefined) {
      const automatic = props.automatic ?? false;
      this.remediationConfiguration = new config.CfnRemediationConfiguration(this, 'Remediation', {
        configRuleName,
        resourceType: EVALUATED_RESOURCE_TYPE,
        targetType: 'SSM_DOCUMENT',
        targetId: this.document.ref,
        parameters: remediationParameters(props, props.target, this.automationRole.roleArn),
        automatic,
        ...(automatic
          ? {
              maximumAutomaticAttempts: props.maximumAutomaticAttempts ?? DEFAULT_MAXIMUM_AUTOMATIC_ATTEMPTS,
              retryAttemptSeconds: props.retryAttemptSeconds ?? DEFAULT_RETRY_ATTEMPT_SECONDS,
            }
          : {}),
      });
      // PutRemediationConfigurations needs the rule to exist; its name alone carries no dependency.
      if (Construct.isConstruct(props.configRule)) this.remediationConfiguration.node.addDependency(props.configRule as unknown as IDependable);
    }
  }

  /** The remediation's EC2 permissions on the function's role, added before the function (see addRemediationEc2Policies). */
  private addFunctionPolicies(): void {
    addRemediationEc2Policies(this, (id, statements) => this.remediationFunction.addPolicy(id, statements));
  }
}

/**
 * Least privilege for the remediation's EC2 work (the single-account Lambda's role, and the organization member role):
 * - reads: EC2 Describe actions, Resource "*" (they support no resource type);
 * - creates: a new target, filter, filter rule or session only when the request tags it as managed by this project
 *   (aws:RequestTag), and tag-on-create only inside those creates (ec2:CreateAction);
 * - filter rules and the amazon-dns service only on filters carrying that tag (aws:ResourceTag);
 * - sessions may use any source ENI, target and filter (the user's own target and filter are reused as they are);
 * - deletes only of resources carrying the tag: a rollback cannot remove anything the project did not create.
 */
export function addRemediationEc2Policies(scope: Construct, addPolicy: (id: string, statements: iam.PolicyStatement[]) => iam.Policy): void {
  const arn = (resource: string, account?: string) =>
    Stack.of(scope).formatArn({ service: 'ec2', resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME, ...(account !== undefined ? { account } : {}) });
  const requestTagged = { StringEquals: { [`aws:RequestTag/${MANAGED_BY_TAG_KEY}`]: MANAGED_BY_TAG_VALUE } };
  const resourceTagged = { StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG_KEY}`]: MANAGED_BY_TAG_VALUE } };

  const reads = addPolicy('ReadNetworkAndMirroring', [
    new iam.PolicyStatement({ sid: 'DescribeNetworkAndMirroring', actions: [...REMEDIATION_EC2_READ_ACTIONS], resources: ['*'] }),
    // The rule's target check of an existing NLB target before it is reused: its state and listeners.
    new iam.PolicyStatement({ sid: 'DescribeMirrorLoadBalancers', actions: [...RULE_ELB_READ_ACTIONS], resources: ['*'] }),
  ]);
  Validations.of(reads).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only EC2 and Elastic Load Balancing Describe actions take Resource "*": the Service Authorization Reference ' +
      'lists no resource type for them. Every action is named and none can change a resource.',
  });

  const writes = addPolicy('ManageOwnTrafficMirroring', [
    // One statement per create: aws:RequestTag applies to the resource being created, not to those it uses.
    ...CREATES.map(
      ([action, resource]) =>
        new iam.PolicyStatement({ sid: `${action}OnlyTagged`, actions: [`ec2:${action}`], resources: [arn(resource)], conditions: requestTagged }),
    ),
    new iam.PolicyStatement({
      sid: 'TagOnlyWhileCreating',
      actions: [TAG_ON_CREATE_ACTION],
      resources: CREATES.map(([, resource]) => arn(resource)),
      conditions: {
        StringEquals: {
          [`aws:RequestTag/${MANAGED_BY_TAG_KEY}`]: MANAGED_BY_TAG_VALUE,
          'ec2:CreateAction': CREATES.map(([action]) => action),
        },
      },
    }),
    new iam.PolicyStatement({
      sid: 'PointTargetsAtEnisAndEndpoints',
      actions: ['ec2:CreateTrafficMirrorTarget'],
      resources: [arn('network-interface'), arn('vpc-endpoint')],
    }),
    new iam.PolicyStatement({
      sid: 'MirrorAnySourceToAnyTargetAndFilter',
      actions: ['ec2:CreateTrafficMirrorSession'],
      // Targets and filters may be shared by another account (AWS RAM): any account in the ARN.
      resources: [arn('network-interface'), arn('traffic-mirror-target', '*'), arn('traffic-mirror-filter', '*')],
    }),
    new iam.PolicyStatement({
      sid: 'ChangeOnlyOwnFilters',
      actions: ['ec2:CreateTrafficMirrorFilterRule', 'ec2:ModifyTrafficMirrorFilterNetworkServices', 'ec2:DeleteTrafficMirrorFilterRule', 'ec2:DeleteTrafficMirrorFilter'],
      resources: [arn('traffic-mirror-filter')],
      conditions: resourceTagged,
    }),
    new iam.PolicyStatement({
      sid: 'DeleteOnlyOwnTargetsRulesAndSessions',
      actions: ['ec2:DeleteTrafficMirrorTarget', 'ec2:DeleteTrafficMirrorFilterRule', 'ec2:DeleteTrafficMirrorSession'],
      resources: [arn('traffic-mirror-target'), arn('traffic-mirror-filter-rule'), arn('traffic-mirror-session')],
      conditions: resourceTagged,
    }),
  ]);
  const reason =
    'Resource ARNs end in "/*" because the resources are created at run time and their IDs cannot be known ' +
    'before. Every create of a traffic mirror target, filter, rule or session requires the request to tag it ' +
    `${MANAGED_BY_TAG_KEY}=${MANAGED_BY_TAG_VALUE}, and every change or delete requires that tag on the resource, ` +
    'so the function can neither create untagged resources nor touch one it did not create. Sessions may use any ' +
    'source ENI, target and filter because the remediation reuses the target and filter the user names (possibly ' +
    'shared from another account), without modifying them.';
  // cdk-nag names each wildcard resource; acknowledge exactly those this policy holds, nothing broader.
  const wildcards = [
    ...[...CREATES.map(([, resource]) => resource), 'network-interface', 'vpc-endpoint'].map((t) => nagResource(t, '<AWS::AccountId>')),
    nagResource('traffic-mirror-target', '*'),
    nagResource('traffic-mirror-filter', '*'),
  ];
  for (const id of wildcards) Validations.of(writes).acknowledge({ id: `AwsSolutions-IAM5[Resource::${id}]`, reason });
}
