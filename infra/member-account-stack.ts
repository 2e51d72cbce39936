/**
 * What the organization StackSet puts into every member account (infra/organization-stack.ts): the roles the central
 * Lambdas assume there, the EnableVpcTrafficMirroring runbook and the role Automation runs it as.
 *
 * A CDK stack of its own, synthesized in the same app (in a Stage), so its template goes through the same cdk-nag and
 * Control Tower checks as every other template; the central stack hands that template to the StackSet. It takes what
 * it needs from the central account as CloudFormation parameters (the StackSet sets them), and synthesizes without a
 * bootstrap: member accounts are not CDK-bootstrapped, and the template has no assets.
 */
import type { StackProps } from 'aws-cdk-lib';
import { ArnFormat, BootstraplessSynthesizer, CfnParameter, Stack, Validations, aws_iam as iam, aws_ssm as ssm } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { bindRunbook, loadRunbook, runbookEc2Actions } from '../remediation/runbook';
import { IAM_ROLE_NAME_PATTERN, REMEDIATION_DOCUMENT_NAME, RULE_NAME } from '../rule/rule-definition';
import { addRemediationEc2Policies } from './traffic-mirroring-remediation';
import { RULE_CONFIG_RULE_SCOPED_ACTIONS, addRuleUnscopedPolicy } from './traffic-mirroring-rule';

/** The names of the member roles. Fixed names: the central code finds them by name in every account. */
export interface MemberRoleNames {
  /** The role the central rule Lambda assumes (the rule parameter executionRoleName). */
  readonly ruleRoleName: string;
  /** The role the central remediation Lambda assumes. */
  readonly remediationRoleName: string;
  /** The role SSM Automation runs the runbook as. */
  readonly automationRoleName: string;
}

export const DEFAULT_MEMBER_ROLE_NAMES: MemberRoleNames = {
  ruleRoleName: 'VpcMirroringGuardExecution',
  remediationRoleName: 'VpcMirroringGuardRemediation',
  automationRoleName: 'VpcMirroringGuardAutomation',
};

/** The template's parameters, which the StackSet sets from the central stack. */
export const MEMBER_TEMPLATE_PARAMETERS = {
  organizationId: 'OrganizationId',
  centralRuleRoleArn: 'CentralRuleRoleArn',
  centralRemediationRoleArn: 'CentralRemediationRoleArn',
  remediationFunctionArn: 'RemediationFunctionArn',
} as const;

/** Organization IDs: "o-" and 10 to 32 lowercase letters or digits (Organizations API Reference, Organization Id). */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
const ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$';
const FUNCTION_ARN_PATTERN = '^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}$';

export interface MemberAccountStackProps extends StackProps {
  readonly roleNames?: Partial<MemberRoleNames>;
}

export class VpcMirroringGuardMemberStack extends Stack {
  readonly roleNames: MemberRoleNames;
  readonly ruleRole: iam.Role;
  readonly remediationRole: iam.Role;
  readonly automationRole: iam.Role;
  readonly document: ssm.CfnDocument;

  constructor(scope: Construct, id: string, props: MemberAccountStackProps = {}) {
    super(scope, id, {
      description: 'vpc-mirroring-guard member account: roles for the central rule and remediation, and the EnableVpcTrafficMirroring runbook',
      synthesizer: new BootstraplessSynthesizer(),
      analyticsReporting: false,
      ...props,
    });
    this.roleNames = { ...DEFAULT_MEMBER_ROLE_NAMES, ...props.roleNames };
    for (const [prop, name] of Object.entries(this.roleNames)) {
      if (!IAM_ROLE_NAME_PATTERN.test(name)) throw new Error(`Member role name '${prop}' accepts 1-64 of letters, digits and +=,.@_-; got '${name}'`);
    }

    const parameter = (name: string, description: string, allowedPattern: string) =>
      new CfnParameter(this, name, { type: 'String', description, allowedPattern });
    const organizationId = parameter(MEMBER_TEMPLATE_PARAMETERS.organizationId, 'The organization (o-...)', ORGANIZATION_ID_PATTERN.source);
    const ruleRoleArn = parameter(MEMBER_TEMPLATE_PARAMETERS.centralRuleRoleArn, "The central rule Lambda's role", ROLE_ARN_PATTERN);
    const remediationRoleArn = parameter(MEMBER_TEMPLATE_PARAMETERS.centralRemediationRoleArn, "The central remediation Lambda's role", ROLE_ARN_PATTERN);
    const functionArn = parameter(MEMBER_TEMPLATE_PARAMETERS.remediationFunctionArn, 'The central remediation Lambda the runbook invokes', FUNCTION_ARN_PATTERN);

    // Trusts exactly one central role, and only while its account is in the organization.
    const centralRole = (arn: CfnParameter) =>
      new iam.ArnPrincipal(arn.valueAsString).withConditions({ StringEquals: { 'aws:PrincipalOrgID': organizationId.valueAsString } });
    const thisAccount = (service: string, resource: string) =>
      this.formatArn({ service, resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

    this.ruleRole = new iam.Role(this, 'RuleExecutionRole', {
      roleName: this.roleNames.ruleRoleName,
      description: 'Assumed by the central vpc-mirroring-guard rule Lambda to read VPCs and report evaluations in this account',
      assumedBy: centralRole(ruleRoleArn),
    });
    addRuleUnscopedPolicy((policyId, statements) => new iam.Policy(this, policyId, { roles: [this.ruleRole], statements }));
    // The conformance pack names the rule; its ARN ends in an ID Config picks, so rules of this account-region.
    const listPreviousEvaluations = new iam.Policy(this, 'ListPreviousEvaluations', {
      roles: [this.ruleRole],
      statements: [
        new iam.PolicyStatement({ sid: 'ListPreviousEvaluations', actions: [...RULE_CONFIG_RULE_SCOPED_ACTIONS], resources: [thisAccount('config', 'config-rule')] }),
      ],
    });
    Validations.of(listPreviousEvaluations).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-rule/*]',
      reason:
        'config:GetComplianceDetailsByConfigRule is read-only; the rule is created by the conformance pack, and its ARN ' +
        'ends in an ID Config generates, so it cannot be named before it exists. Limited to this account and Region.',
    });

    this.remediationRole = new iam.Role(this, 'RemediationExecutionRole', {
      roleName: this.roleNames.remediationRoleName,
      description: 'Assumed by the central vpc-mirroring-guard remediation Lambda to create traffic mirroring in this account',
      assumedBy: centralRole(remediationRoleArn),
    });
    // Exactly the single-account remediation function's EC2 grants (tag-conditioned creates and deletes).
    addRemediationEc2Policies(this, (policyId, statements) => new iam.Policy(this, policyId, { roles: [this.remediationRole], statements }));

    this.automationRole = new iam.Role(this, 'AutomationRole', {
      roleName: this.roleNames.automationRoleName,
      description: `Role SSM Automation assumes to run ${REMEDIATION_DOCUMENT_NAME} in this account`,
      // Confused-deputy protection: only Automation executions of this account assume it.
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': thisAccount('ssm', 'automation-execution') },
        },
      }),
    });
    const runRunbook = new iam.Policy(this, 'RunRunbook', {
      roles: [this.automationRole],
      statements: [
        new iam.PolicyStatement({ sid: 'InvokeCentralRemediationFunction', actions: ['lambda:InvokeFunction'], resources: [functionArn.valueAsString] }),
        // The VPC check before the Lambda, and the verification of its result after it.
        new iam.PolicyStatement({ sid: 'CheckVpcAndVerifyMirroring', actions: runbookEc2Actions(loadRunbook()), resources: ['*'] }),
        new iam.PolicyStatement({ sid: 'ReevaluateRules', actions: ['config:StartConfigRulesEvaluation'], resources: [thisAccount('config', 'config-rule')] }),
      ],
    });
    Validations.of(runRunbook).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only the EC2 Describe actions of the runbook\'s checks take Resource "*": the Service Authorization Reference lists no resource type for them.',
    });
    Validations.of(runRunbook).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-rule/*]',
      reason:
        'The conformance pack creates the rule, whose ARN ends in an ID Config generates; re-evaluating a Config rule of ' +
        'this account and Region changes no resource.',
    });

    // The runbook invokes the central function; Config passes no AutomationAssumeRole (a conformance pack cannot name
    // a per-account role ARN), so the document's default is this account's automation role.
    const runbook = bindRunbook(loadRunbook(), { functionName: functionArn.valueAsString, configRuleName: RULE_NAME });
    const assumeRole = runbook.parameters.AutomationAssumeRole;
    if (!assumeRole) throw new Error('Runbook has no AutomationAssumeRole parameter');
    assumeRole.default = this.automationRole.roleArn;
    this.document = new ssm.CfnDocument(this, 'Runbook', {
      name: REMEDIATION_DOCUMENT_NAME,
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: runbook,
      updateMethod: 'NewVersion',
    });
  }
}
