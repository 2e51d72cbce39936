/**
 * The organization deployment's central stack, for the management or a delegated-administrator account: the rule and
 * remediation Lambdas (the same code as the single-account stack), and a service-managed StackSet with automatic
 * deployment that puts the member roles and the runbook into every account of the target OUs, new accounts included
 * (infra/member-account-stack.ts). The conformance pack (infra/conformance-pack.ts) then points each member account's
 * rule and remediation at these Lambdas.
 *
 * One Region per stack: Config invokes a rule's Lambda in the rule's Region, so each Region the pack covers needs its
 * own central stack (and its own member role names, since IAM names are global).
 */
import type { StackProps } from 'aws-cdk-lib';
import {
  Aws,
  CfnOutput,
  Duration,
  Lazy,
  Stack,
  Stage,
  Validations,
  aws_cloudformation as cloudformation,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
} from 'aws-cdk-lib';
import type { aws_logs as logs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ALLOWED_TARGET_IDS_ENV, MEMBER_ROLE_NAME_ENV } from '../remediation/organization-environment';
import { REQUEST_PATTERNS } from '../remediation/request';
import { RULE_NAME } from '../rule/rule-definition';
import type { GuardrailProps } from './guard-function';
import { GuardFunction } from './guard-function';
import { LAMBDA_HANDLER_ENTRIES } from './lambda-handlers';
import { acknowledgeControlTowerRule } from './acknowledgements';
import type { MemberRoleNames } from './member-account-stack';
import { MEMBER_TEMPLATE_PARAMETERS, ORGANIZATION_ID_PATTERN, VpcMirroringGuardMemberStack } from './member-account-stack';
import { RULE_FUNCTION_MEMORY_MB, RULE_FUNCTION_TIMEOUT_SECONDS } from './rule-function-sizing';
import type { ExistingNetwork } from './stack';
import { importNetwork } from './stack';
import { REMEDIATION_FUNCTION_MEMORY_MB, REMEDIATION_FUNCTION_TIMEOUT_SECONDS } from './traffic-mirroring-remediation';
import { DEFAULT_LOG_RETENTION } from './traffic-mirroring-rule';

/** The central remediation Lambda's entry: the remediation handler, working in the runbook's account. */
export const ORGANIZATION_REMEDIATION_HANDLER_ENTRY = LAMBDA_HANDLER_ENTRIES['organization-remediation'];

/** Root IDs "r-" + 4-32 and OU IDs "ou-" + 4-32 + "-" + 8-32 lowercase letters or digits (Organizations API Reference). */
export const DEPLOYMENT_TARGET_PATTERN = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** CreateStackSet TemplateBody: at most 51,200 bytes (CloudFormation API Reference). */
export const STACK_SET_TEMPLATE_BODY_MAX_BYTES = 51_200;
export const MEMBER_STACK_SET_NAME = 'VpcMirroringGuardMember';

export interface VpcMirroringGuardOrganizationStackProps extends StackProps, GuardrailProps {
  /** The organization (o-...): member roles trust the central roles only inside it, and only it may invoke the remediation. */
  readonly organizationId: string;
  /** The OUs (ou-...) or the root (r-...) whose accounts, present and future, get the member resources. */
  readonly deploymentTargets: readonly string[];
  /** Names of the member roles. @default DEFAULT_MEMBER_ROLE_NAMES */
  readonly memberRoleNames?: Partial<MemberRoleNames>;
  /**
   * The member accounts Config may invoke the rule Lambda for, one permission each (SourceAccount). Tightest, but an
   * account added later needs a redeploy. @default - any account's Config (see docs/organization.md: Lambda permissions cannot test
   * aws:SourceOrgID); the function can still only work through member roles of the organization
   */
  readonly memberAccountIds?: readonly string[];
  /**
   * The traffic mirror targets (tmt-..., shared with the organization through AWS RAM) remediation may mirror member
   * accounts to; the central remediation refuses any other for a member account. @default - none: member remediation
   * is refused until one is set (-c remediationTarget=tmt-...)
   */
  readonly remediationTargetIds?: readonly string[];
  /** `DELEGATED_ADMIN` when deployed in a delegated-administrator account for CloudFormation StackSets. @default 'SELF' */
  readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
  /** How long the Lambdas' logs are kept. @default RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Runs both Lambdas in these existing subnets (unless `vpc` is given), as the single-account stack does. */
  readonly existingNetwork?: ExistingNetwork;
  /** Encrypts both log groups with this existing KMS key (unless `logEncryptionKey` is given). */
  readonly logEncryptionKeyArn?: string;
}

/** Fails the synth on props AWS would reject at deploy time, naming the prop. */
function validateProps(props: VpcMirroringGuardOrganizationStackProps): void {
  if (!ORGANIZATION_ID_PATTERN.test(props.organizationId)) {
    throw new Error(`Organization prop 'organizationId' accepts an organization ID such as o-a1b2c3d4e5; got '${props.organizationId}'`);
  }
  if (props.deploymentTargets.length === 0) throw new Error("Organization prop 'deploymentTargets' needs at least one OU (ou-...) or root (r-...) ID");
  for (const target of props.deploymentTargets) {
    if (!DEPLOYMENT_TARGET_PATTERN.test(target)) {
      throw new Error(`Organization prop 'deploymentTargets' accepts OU IDs (ou-ab12-cd34ef56) and root IDs (r-ab12); got '${target}'`);
    }
  }
  for (const target of props.remediationTargetIds ?? []) {
    if (!new RegExp(REQUEST_PATTERNS.trafficMirrorTargetId).test(target)) {
      throw new Error(`Organization prop 'remediationTargetIds' accepts traffic mirror target IDs (tmt-...); got '${target}'`);
    }
  }
  for (const account of props.memberAccountIds ?? []) {
    if (!ACCOUNT_ID_PATTERN.test(account)) throw new Error(`Organization prop 'memberAccountIds' accepts 12-digit account IDs; got '${account}'`);
  }
}

export class VpcMirroringGuardOrganizationStack extends Stack {
  readonly ruleFunction: GuardFunction;
  readonly remediationFunction: GuardFunction;
  readonly memberStack: VpcMirroringGuardMemberStack;
  readonly stackSet: cloudformation.CfnStackSet;

  constructor(scope: Construct, id: string, props: VpcMirroringGuardOrganizationStackProps) {
    super(scope, id, {
      description: `vpc-mirroring-guard organization: central Lambdas of the Config rule ${RULE_NAME} and its remediation, and the member StackSet`,
      ...props,
    });
    validateProps(props);
    const network = props.vpc ? { vpc: props.vpc, ...(props.vpcSubnets ? { vpcSubnets: props.vpcSubnets } : {}) } : props.existingNetwork ? importNetwork(this, props.existingNetwork) : {};
    const logKey = props.logEncryptionKey ?? (props.logEncryptionKeyArn ? kms.Key.fromKeyArn(this, 'LogEncryptionKey', props.logEncryptionKeyArn) : undefined);
    const guardrails: GuardrailProps = { ...network, ...(logKey ? { logEncryptionKey: logKey } : {}) };
    const logRetention = props.logRetention ?? DEFAULT_LOG_RETENTION;

    // The member template, synthesized (and checked) in the same app before this stack; see member-account-stack.ts.
    const memberStage = new Stage(scope, `${id}Member`);
    this.memberStack = new VpcMirroringGuardMemberStack(memberStage, MEMBER_STACK_SET_NAME, { roleNames: props.memberRoleNames ?? {} });
    const roleNames = this.memberStack.roleNames;

    this.ruleFunction = new GuardFunction(this, 'RuleEvaluator', {
      bundle: 'rule',
      description: `AWS Config rule ${RULE_NAME} for the organization: evaluates member accounts through role ${roleNames.ruleRoleName}`,
      memorySize: RULE_FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(RULE_FUNCTION_TIMEOUT_SECONDS),
      logRetention,
      ...guardrails,
    });
    this.allowAssumingMemberRole(this.ruleFunction, roleNames.ruleRoleName, props.organizationId);

    this.remediationFunction = new GuardFunction(this, 'Remediator', {
      bundle: 'organization-remediation',
      description: `EnableVpcTrafficMirroring for the organization: remediates member accounts through role ${roleNames.remediationRoleName}`,
      memorySize: REMEDIATION_FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(REMEDIATION_FUNCTION_TIMEOUT_SECONDS),
      logRetention,
      environment: {
        [MEMBER_ROLE_NAME_ENV]: roleNames.remediationRoleName,
        [ALLOWED_TARGET_IDS_ENV]: (props.remediationTargetIds ?? []).join(','),
      },
      ...guardrails,
    });
    this.allowAssumingMemberRole(this.remediationFunction, roleNames.remediationRoleName, props.organizationId);

    this.allowConfigToInvokeRule(props.memberAccountIds);
    // The member runbooks' automation roles invoke it; PrincipalOrgID keeps every principal outside the organization out.
    new lambda.CfnPermission(this, 'InvokedByMemberAutomation', {
      action: 'lambda:InvokeFunction',
      functionName: this.remediationFunction.function.functionArn,
      principal: '*',
      principalOrgId: props.organizationId,
    });

    const memberTemplate = Lazy.string({ produce: () => memberTemplateBody(memberStage, this.memberStack) });
    this.stackSet = new cloudformation.CfnStackSet(this, 'MemberStackSet', {
      stackSetName: MEMBER_STACK_SET_NAME,
      description: 'vpc-mirroring-guard member roles and runbook, in every account of the target OUs',
      permissionModel: 'SERVICE_MANAGED',
      // New accounts of the target OUs get the stack; an account that leaves loses it.
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: props.callAs ?? 'SELF',
      capabilities: ['CAPABILITY_NAMED_IAM'],
      // Lets CloudFormation run non-conflicting operations concurrently instead of queueing them.
      managedExecution: { Active: true },
      operationPreferences: { regionConcurrencyType: 'PARALLEL', maxConcurrentPercentage: 25, failureTolerancePercentage: 10 },
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: [...props.deploymentTargets] }, regions: [Aws.REGION] }],
      templateBody: memberTemplate,
      parameters: [
        { parameterKey: MEMBER_TEMPLATE_PARAMETERS.organizationId, parameterValue: props.organizationId },
        { parameterKey: MEMBER_TEMPLATE_PARAMETERS.centralRuleRoleArn, parameterValue: this.ruleFunction.role.roleArn },
        { parameterKey: MEMBER_TEMPLATE_PARAMETERS.centralRemediationRoleArn, parameterValue: this.remediationFunction.role.roleArn },
        { parameterKey: MEMBER_TEMPLATE_PARAMETERS.remediationFunctionArn, parameterValue: this.remediationFunction.function.functionArn },
      ],
    });

    new CfnOutput(this, 'RuleFunctionArn', { value: this.ruleFunction.function.functionArn, description: 'Conformance pack parameter RuleFunctionArn' });
    new CfnOutput(this, 'RemediationFunctionArn', { value: this.remediationFunction.function.functionArn });
    new CfnOutput(this, 'ExecutionRoleName', { value: roleNames.ruleRoleName, description: 'Conformance pack parameter ExecutionRoleName' });
  }

  /** sts:AssumeRole on the member role of that name in any account of the organization, and nothing else. */
  private allowAssumingMemberRole(fn: GuardFunction, roleName: string, organizationId: string): void {
    const memberRoles = this.formatArn({ service: 'iam', region: '', account: '*', resource: 'role', resourceName: roleName });
    const policy = fn.addPolicy('AssumeMemberRole', [
      new iam.PolicyStatement({
        sid: 'AssumeMemberRoleInsideOrganization',
        actions: ['sts:AssumeRole'],
        resources: [memberRoles],
        conditions: { StringEquals: { 'aws:ResourceOrgID': organizationId } },
      }),
    ]);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${roleName}]`,
      reason:
        'The member role exists in every account of the organization, present and future, so the account cannot be ' +
        'named; aws:ResourceOrgID limits the grant to roles of this organization, and the role name to the one the ' +
        'StackSet deploys, whose trust policy admits only this function role.',
    });
  }

  /**
   * Config invokes the rule Lambda as config.amazonaws.com on behalf of each member account. A Lambda permission can
   * only test SourceAccount and SourceArn for a service principal (AddPermission has no aws:SourceOrgID): with the
   * member accounts listed, one permission each; without, one for Config of any account (see the acknowledgement).
   */
  private allowConfigToInvokeRule(memberAccountIds: readonly string[] | undefined): void {
    const functionArn = this.ruleFunction.function.functionArn;
    if (memberAccountIds !== undefined && memberAccountIds.length > 0) {
      for (const account of memberAccountIds) {
        new lambda.CfnPermission(this, `InvokedByConfigOf${account}`, {
          action: 'lambda:InvokeFunction',
          functionName: functionArn,
          principal: 'config.amazonaws.com',
          sourceAccount: account,
        });
      }
      return;
    }
    const permission = new lambda.CfnPermission(this, 'InvokedByConfig', {
      action: 'lambda:InvokeFunction',
      functionName: functionArn,
      principal: 'config.amazonaws.com',
    });
    acknowledgeControlTowerRule(
      permission,
      'CT.LAMBDA.PR.2',
      'lambda_function_public_access_prohibited_check',
      'Config of every member account, present and future, must invoke this function, and a Lambda permission for a ' +
        'service principal can test only SourceAccount or SourceArn (AWS::Lambda::Permission has no aws:SourceOrgID; ' +
        'PrincipalOrgID applies to IAM principals, not to config.amazonaws.com). Only the Config service can invoke it; ' +
        'for an account outside the organization it does nothing, because its only permission is sts:AssumeRole on ' +
        'member roles with aws:ResourceOrgID of this organization. Set memberAccountIds for one SourceAccount-bound ' +
        'permission per account instead.',
    );
  }
}

/** The member stack's synthesized template as the StackSet's TemplateBody, refused above CloudFormation's limit. */
function memberTemplateBody(stage: Stage, memberStack: Stack): string {
  const body = JSON.stringify(stage.synth().getStackByName(memberStack.stackName).template);
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > STACK_SET_TEMPLATE_BODY_MAX_BYTES) {
    throw new Error(`The member template is ${bytes} bytes; a StackSet TemplateBody takes at most ${STACK_SET_TEMPLATE_BODY_MAX_BYTES}`);
  }
  return body;
}
