/**
 * The organization deployment as the app synthesizes it with an organization in the context (cdk-nag and every
 * Control Tower control included): the central Lambdas run the single-account code and may only assume the member
 * roles inside the organization; who may invoke them; the service-managed StackSet with automatic deployment; and
 * the member template it deploys: trust policies, least privilege derived from the code, the runbook.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZATION_STACK_NAME, SINGLE_ACCOUNT_STACK_NAME, buildApp } from '../infra/build-app';
import { LOG_WRITE_ACTIONS } from '../infra/guard-function';
import { CFN_GUARD_PLUGIN_NAME } from '../infra/guardrails';
import { DEFAULT_MEMBER_ROLE_NAMES, MEMBER_TEMPLATE_PARAMETERS } from '../infra/member-account-stack';
import { organizationConfigFromContext } from '../infra/organization-config';
import { ORGANIZATION_REMEDIATION_HANDLER_ENTRY, VpcMirroringGuardOrganizationStack } from '../infra/organization-stack';
import { sdkActionsByModule, sdkActionsUsedBy } from '../infra/sdk-actions';
import type { CfnTemplate } from '../infra/synth-summary';
import type { PolicyStatementJson } from '../infra/template-iam';
import { allowedActions, functionRolePermissions } from '../infra/template-iam';
import { REMEDIATION_HANDLER_ENTRY, TAG_ON_CREATE_ACTION } from '../infra/traffic-mirroring-remediation';
import { RULE_HANDLER_ENTRY, RULE_MEMBER_ACCOUNT_MODULE } from '../infra/traffic-mirroring-rule';
import { ALLOWED_TARGET_IDS_ENV, MEMBER_ROLE_NAME_ENV } from '../remediation/organization-handler';
import { ENABLE_STEP_NAME, loadRunbook } from '../remediation/runbook';
import { REMEDIATION_DOCUMENT_NAME } from '../rule/rule-definition';

const ORG = 'o-a1b2c3d4e5';
const TARGETS = ['r-ab12', 'ou-ab12-cd34ef56'];
const CONTEXT = { organizationId: ORG, organizationTargets: TARGETS.join(','), remediationTarget: 'tmt-0123456789abcdef0' };

let central: CfnTemplate;
let member: CfnTemplate;
let single: CfnTemplate;
let app: ReturnType<typeof buildApp>;
let suppressedGuardRules: { ruleName: string; path: string }[];

const resources = (t: CfnTemplate, type: string) => Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === type);
const only = (t: CfnTemplate, type: string) => {
  const found = resources(t, type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0]!;
};
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const actionsOf = (s: PolicyStatementJson) => asArray(s.Action as string | string[] | undefined);
const resourcesOf = (s: PolicyStatementJson) => asArray(s.Resource as unknown);

/** Every statement of the AWS::IAM::Policy resources attached to a role of the template, by the role's name. */
function roleStatements(t: CfnTemplate, roleName: string): { logicalId: string; trust: unknown; statements: PolicyStatementJson[] } {
  const [logicalId, role] = resources(t, 'AWS::IAM::Role').find(([, r]) => r.Properties?.RoleName === roleName) ?? [];
  if (!logicalId || !role) throw new Error(`No role named ${roleName}`);
  const statements = resources(t, 'AWS::IAM::Policy')
    .filter(([, p]) => asArray(p.Properties?.Roles as unknown[]).some((r) => (r as { Ref?: string }).Ref === logicalId))
    .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
  expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  expect(role.Properties).not.toHaveProperty('Policies');
  return { logicalId, trust: (role.Properties?.AssumeRolePolicyDocument as { Statement: unknown[] }).Statement, statements };
}

beforeAll(() => {
  // The app exactly as `npm run synth -c organizationId=... -c organizationTargets=...` builds it.
  app = buildApp({ context: CONTEXT });
  const assembly = app.app.synth();
  central = assembly.getStackByName(ORGANIZATION_STACK_NAME).template as CfnTemplate;
  single = assembly.getStackByName(SINGLE_ACCOUNT_STACK_NAME).template as CfnTemplate;
  const [, stackSet] = only(central, 'AWS::CloudFormation::StackSet');
  member = JSON.parse(stackSet.Properties?.TemplateBody as string) as CfnTemplate;
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; conclusion: string; suppressedViolations?: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  const guard = report.pluginReports.find((r) => r.pluginName === CFN_GUARD_PLUGIN_NAME);
  expect(guard?.conclusion).toBe('success');
  suppressedGuardRules = (guard?.suppressedViolations ?? []).flatMap((v) => v.violatingConstructs.map((c) => ({ ruleName: v.ruleName, path: c.constructPath })));
});

describe('the central Lambdas', () => {
  const functionId = (stack: VpcMirroringGuardOrganizationStack | undefined, which: 'ruleFunction' | 'remediationFunction') =>
    stack!.getLogicalId(stack![which].function.node.defaultChild as CfnElement);

  it('run the same rule code as the single-account stack (one bundle), and the remediation handler through the organization entry', () => {
    const code = (t: CfnTemplate, id: string) => (t.Resources?.[id]?.Properties?.Code as { S3Key: unknown }).S3Key;
    const singleRule = single.Resources?.[app.singleAccountStack.getLogicalId(app.singleAccountStack.rule.ruleFunction.function.node.defaultChild as CfnElement)];
    expect(code(central, functionId(app.organizationStack, 'ruleFunction'))).toEqual((singleRule?.Properties?.Code as { S3Key: unknown }).S3Key);
    const remediation = central.Resources?.[functionId(app.organizationStack, 'remediationFunction')]?.Properties;
    // Member accounts may be mirrored only to the shared target of the context.
    expect(remediation?.Environment).toEqual({
      Variables: { [MEMBER_ROLE_NAME_ENV]: DEFAULT_MEMBER_ROLE_NAMES.remediationRoleName, [ALLOWED_TARGET_IDS_ENV]: CONTEXT.remediationTarget },
    });
  });

  it('the organization entry adds exactly sts:AssumeRole to what the single-account remediation code calls', () => {
    expect(sdkActionsUsedBy(ORGANIZATION_REMEDIATION_HANDLER_ENTRY)).toEqual([...sdkActionsUsedBy(REMEDIATION_HANDLER_ENTRY), 'sts:AssumeRole'].sort());
    expect(sdkActionsByModule(RULE_HANDLER_ENTRY).get(RULE_MEMBER_ACCOUNT_MODULE)).toEqual(['sts:AssumeRole']);
  });

  it.each([
    ['ruleFunction', DEFAULT_MEMBER_ROLE_NAMES.ruleRoleName],
    ['remediationFunction', DEFAULT_MEMBER_ROLE_NAMES.remediationRoleName],
  ] as const)('%s may only write its logs and assume the member role %s in accounts of the organization', (which, roleName) => {
    const { statements, managedPolicyArns } = functionRolePermissions(central, functionId(app.organizationStack, which));
    expect(allowedActions(statements)).toEqual([...LOG_WRITE_ACTIONS, 'sts:AssumeRole'].sort());
    expect(managedPolicyArns).toEqual([]);
    expect(statements.find((s) => actionsOf(s).includes('sts:AssumeRole'))).toEqual({
      Sid: 'AssumeMemberRoleInsideOrganization',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::*:role/${roleName}`]] },
      Condition: { StringEquals: { 'aws:ResourceOrgID': ORG } },
    });
  });
});

describe('who may invoke the central Lambdas', () => {
  it('the rule: only the Config service, and the one Control Tower acknowledgement says why no organization condition exists', () => {
    const ruleFn = app.organizationStack!.getLogicalId(app.organizationStack!.ruleFunction.function.node.defaultChild as CfnElement);
    const permissions = resources(central, 'AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties?.FunctionName).includes(ruleFn));
    expect(permissions.map(([, p]) => p.Properties)).toEqual([
      { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [ruleFn, 'Arn'] }, Principal: 'config.amazonaws.com' },
    ]);
    const centralPath = `${ORGANIZATION_STACK_NAME}/`;
    expect(suppressedGuardRules.filter((s) => s.path.startsWith(centralPath) && s.ruleName === 'lambda_function_public_access_prohibited_check')).toEqual([
      { ruleName: 'lambda_function_public_access_prohibited_check', path: `${ORGANIZATION_STACK_NAME}/InvokedByConfig` },
    ]);
  });

  it('the remediation: any principal of the organization (the member automation roles), nobody outside it', () => {
    const fn = app.organizationStack!.getLogicalId(app.organizationStack!.remediationFunction.function.node.defaultChild as CfnElement);
    const permissions = resources(central, 'AWS::Lambda::Permission').filter(([, p]) => JSON.stringify(p.Properties?.FunctionName).includes(fn));
    expect(permissions.map(([, p]) => p.Properties)).toEqual([
      { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] }, Principal: '*', PrincipalOrgID: ORG },
    ]);
  });

  it('with memberAccountIds, Config may invoke the rule only for those accounts: one SourceAccount-bound permission each', () => {
    const stack = new VpcMirroringGuardOrganizationStack(new App(), 'Listed', {
      organizationId: ORG,
      deploymentTargets: TARGETS,
      memberAccountIds: ['222222222222', '333333333333'],
    });
    const t = Template.fromStack(stack);
    const config = Object.values(t.findResources('AWS::Lambda::Permission')).filter((p) => p.Properties.Principal === 'config.amazonaws.com');
    expect(config.map((p) => p.Properties.SourceAccount)).toEqual(['222222222222', '333333333333']);
    expect(config.every((p) => p.Properties.SourceAccount !== undefined)).toBe(true);
  });

  it('refuses props AWS would refuse, naming the prop', () => {
    const make = (props: Partial<ConstructorParameters<typeof VpcMirroringGuardOrganizationStack>[2]>) => () =>
      new VpcMirroringGuardOrganizationStack(new App(), 'Bad', { organizationId: ORG, deploymentTargets: TARGETS, ...props });
    expect(make({ organizationId: 'o-short' })).toThrow(/'organizationId' accepts an organization ID/);
    expect(make({ deploymentTargets: [] })).toThrow(/'deploymentTargets' needs at least one/);
    expect(make({ deploymentTargets: ['123456789012'] })).toThrow(/'deploymentTargets' accepts OU IDs .* got '123456789012'/);
    expect(make({ memberAccountIds: ['1234'] })).toThrow(/'memberAccountIds' accepts 12-digit account IDs; got '1234'/);
    expect(make({ remediationTargetIds: ['eni-0123456789abcdef0'] })).toThrow(/'remediationTargetIds' accepts traffic mirror target IDs \(tmt-...\); got 'eni-/);
    expect(make({ memberRoleNames: { ruleRoleName: 'bad role' } })).toThrow(/'ruleRoleName' accepts 1-64/);
  });
});

describe('the member StackSet', () => {
  it('is service-managed with automatic deployment to the target OUs in this Region, new accounts included', () => {
    const [, stackSet] = only(central, 'AWS::CloudFormation::StackSet');
    expect(stackSet.Properties).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'SELF',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: TARGETS }, Regions: [{ Ref: 'AWS::Region' }] }],
    });
  });

  it('hands the member template the organization, the central roles and the remediation function', () => {
    const [, stackSet] = only(central, 'AWS::CloudFormation::StackSet');
    const stack = app.organizationStack!;
    const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as CfnElement);
    expect(stackSet.Properties?.Parameters).toEqual([
      { ParameterKey: MEMBER_TEMPLATE_PARAMETERS.organizationId, ParameterValue: ORG },
      { ParameterKey: MEMBER_TEMPLATE_PARAMETERS.centralRuleRoleArn, ParameterValue: { 'Fn::GetAtt': [id(stack.ruleFunction.role), 'Arn'] } },
      { ParameterKey: MEMBER_TEMPLATE_PARAMETERS.centralRemediationRoleArn, ParameterValue: { 'Fn::GetAtt': [id(stack.remediationFunction.role), 'Arn'] } },
      { ParameterKey: MEMBER_TEMPLATE_PARAMETERS.remediationFunctionArn, ParameterValue: { 'Fn::GetAtt': [id(stack.remediationFunction.function), 'Arn'] } },
    ]);
    expect(Object.keys(member.Resources ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys((member as { Parameters?: object }).Parameters ?? {}).sort()).toEqual(Object.values(MEMBER_TEMPLATE_PARAMETERS).sort());
  });

  it('deploys the member template the app checked: the synthesized member stack, without a bootstrap check', () => {
    const checked = app.organizationStack!.memberStack;
    const synthesized = JSON.parse(readFileSync(join(app.app.outdir, `assembly-${ORGANIZATION_STACK_NAME}Member`, checked.templateFile), 'utf8'));
    expect(member).toEqual(synthesized);
    expect(member).not.toHaveProperty('Rules');
    expect(JSON.stringify(member)).not.toContain('cdk-bootstrap');
  });
});

describe('the member template', () => {
  const trustOf = (parameter: string) => [
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: { Ref: parameter } },
      Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: MEMBER_TEMPLATE_PARAMETERS.organizationId } } },
    },
  ];

  it('the rule role trusts only the central rule role, inside the organization, and allows exactly what the rule code calls', () => {
    const { trust, statements } = roleStatements(member, DEFAULT_MEMBER_ROLE_NAMES.ruleRoleName);
    expect(trust).toEqual(trustOf(MEMBER_TEMPLATE_PARAMETERS.centralRuleRoleArn));
    expect(allowedActions(statements)).toEqual(sdkActionsUsedBy(RULE_HANDLER_ENTRY, { except: [RULE_MEMBER_ACCOUNT_MODULE] }));
    const unscoped = statements.filter((s) => resourcesOf(s).includes('*')).flatMap(actionsOf);
    for (const action of unscoped) expect(action).toMatch(/^ec2:Describe[A-Za-z]+$|^elasticloadbalancing:Describe[A-Za-z]+$|^config:PutEvaluations$/);
  });

  it('the remediation role trusts only the central remediation role, and has exactly the single-account remediation grants', () => {
    const { trust, statements } = roleStatements(member, DEFAULT_MEMBER_ROLE_NAMES.remediationRoleName);
    expect(trust).toEqual(trustOf(MEMBER_TEMPLATE_PARAMETERS.centralRemediationRoleArn));
    expect(allowedActions(statements)).toEqual([...sdkActionsUsedBy(REMEDIATION_HANDLER_ENTRY), TAG_ON_CREATE_ACTION].sort());
    // Statement for statement what the single-account remediation function gets (tag conditions included).
    const singleStack = app.singleAccountStack;
    const singleFn = singleStack.getLogicalId(singleStack.remediation.remediationFunction.function.node.defaultChild as CfnElement);
    const singleStatements = functionRolePermissions(single, singleFn).statements.filter((s) => s.Sid !== 'WriteOwnLogs');
    expect(statements).toEqual(singleStatements);
  });

  it('the automation role is assumed only by Automation of its own account and may do exactly what the runbook calls', () => {
    const { trust, statements } = roleStatements(member, DEFAULT_MEMBER_ROLE_NAMES.automationRoleName);
    expect(trust).toEqual([
      expect.objectContaining({
        Principal: { Service: 'ssm.amazonaws.com' },
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
      }),
    ]);
    expect(allowedActions(statements)).toEqual(['config:StartConfigRulesEvaluation', 'ec2:DescribeVpcs', 'lambda:InvokeFunction']);
    const invoke = statements.find((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invoke?.Resource).toEqual({ Ref: MEMBER_TEMPLATE_PARAMETERS.remediationFunctionArn });
  });

  it('names every action: no wildcard, no NotAction, in any policy', () => {
    const statements = resources(member, 'AWS::IAM::Policy').flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s).not.toHaveProperty('NotAction');
      for (const a of actionsOf(s)) expect(a).not.toContain('*');
    }
  });

  it('holds the runbook, invoking the central function and running as the automation role unless told otherwise', () => {
    const [, doc] = only(member, 'AWS::SSM::Document');
    expect(doc.Properties).toMatchObject({ Name: REMEDIATION_DOCUMENT_NAME, DocumentType: 'Automation' });
    const content = doc.Properties?.Content as ReturnType<typeof loadRunbook>;
    const step = content.mainSteps.find((s) => s.name === ENABLE_STEP_NAME)!;
    expect(step.inputs?.FunctionName).toEqual({ Ref: MEMBER_TEMPLATE_PARAMETERS.remediationFunctionArn });
    expect((step.inputs?.InputPayload as Record<string, string>).accountId).toBe('{{ global:ACCOUNT_ID }}');
    const { logicalId } = roleStatements(member, DEFAULT_MEMBER_ROLE_NAMES.automationRoleName);
    expect(content.parameters.AutomationAssumeRole?.default).toEqual({ 'Fn::GetAtt': [logicalId, 'Arn'] });
    // Everything else is the runbook file as it is.
    const rest = (d: ReturnType<typeof loadRunbook>) => ({ ...d, mainSteps: d.mainSteps.filter((s) => s.name !== ENABLE_STEP_NAME), parameters: { ...d.parameters, AutomationAssumeRole: undefined, ConfigRuleName: undefined } });
    expect(rest(content)).toEqual(rest(loadRunbook()));
  });
});

describe('with the strict guardrail context', () => {
  it('runs both central Lambdas in the given subnets with encrypted logs; only the Config permission stays acknowledged', () => {
    const strict = {
      ...CONTEXT,
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: 'subnet-0123456789abcdef0,subnet-0123456789abcdef1',
      logEncryptionKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    };
    const built = buildApp({ context: strict });
    const assembly = built.app.synth();
    const t = assembly.getStackByName(ORGANIZATION_STACK_NAME).template as CfnTemplate;
    const functions = resources(t, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(2);
    for (const [, fn] of functions) expect((fn.Properties?.VpcConfig as { SubnetIds: string[] }).SubnetIds).toEqual(strict.subnetIds.split(','));
    for (const [, group] of resources(t, 'AWS::Logs::LogGroup')) expect(group.Properties?.KmsKeyId).toBe(strict.logEncryptionKeyArn);
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; suppressedViolations?: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
    };
    const acknowledged = (report.pluginReports.find((r) => r.pluginName === CFN_GUARD_PLUGIN_NAME)?.suppressedViolations ?? []).flatMap((v) =>
      v.violatingConstructs.filter((c) => c.constructPath.startsWith(`${ORGANIZATION_STACK_NAME}/`)).map((c) => `${v.ruleName} ${c.constructPath}`),
    );
    expect(acknowledged).toEqual([`lambda_function_public_access_prohibited_check ${ORGANIZATION_STACK_NAME}/InvokedByConfig`]);
  });
});

describe('organization context', () => {
  const read = (context: Record<string, unknown>) => organizationConfigFromContext((k) => context[k]);

  it('adds no organization stack without organizationId, and keeps the member role name for the pack', () => {
    expect(read({})).toEqual({ executionRoleName: DEFAULT_MEMBER_ROLE_NAMES.ruleRoleName });
    expect(read({ memberRoleName: 'GuardExec' })).toEqual({ executionRoleName: 'GuardExec' });
    expect(read({ memberRoleSuffix: '-eu-west-1' })).toEqual({ executionRoleName: 'VpcMirroringGuardExecution-eu-west-1' });
  });

  it('reads the organization, its targets, the member role, the listed accounts and how the StackSet is called', () => {
    expect(read({ ...CONTEXT, memberRoleName: 'GuardExec', memberAccountIds: '222222222222, 333333333333', stackSetCallAs: 'DELEGATED_ADMIN' }).stackProps).toEqual({
      organizationId: ORG,
      deploymentTargets: TARGETS,
      memberRoleNames: { ruleRoleName: 'GuardExec', remediationRoleName: 'VpcMirroringGuardRemediation', automationRoleName: 'VpcMirroringGuardAutomation' },
      memberAccountIds: ['222222222222', '333333333333'],
      callAs: 'DELEGATED_ADMIN',
    });
  });

  it('suffixes every member role name, so a second Region can have its own central stack', () => {
    expect(read({ ...CONTEXT, memberRoleSuffix: '-euw1' }).stackProps?.memberRoleNames).toEqual({
      ruleRoleName: 'VpcMirroringGuardExecution-euw1',
      remediationRoleName: 'VpcMirroringGuardRemediation-euw1',
      automationRoleName: 'VpcMirroringGuardAutomation-euw1',
    });
  });

  it('names the context key and what it accepts', () => {
    expect(() => read({ organizationId: 'o-1', organizationTargets: 'r-ab12' })).toThrow(/Context 'organizationId' accepts an organization ID such as o-a1b2c3d4e5/);
    expect(() => read({ organizationId: ORG })).toThrow(/'organizationId' and 'organizationTargets' go together/);
    expect(() => read({ organizationId: ORG, organizationTargets: 'ou-bad' })).toThrow(/'organizationTargets' accepts OU IDs/);
    expect(() => read({ memberRoleName: 'has space' })).toThrow(/'memberRoleName' accepts an IAM role name/);
    expect(() => read({ stackSetCallAs: 'ME' })).toThrow(/'stackSetCallAs' accepts SELF or DELEGATED_ADMIN/);
    expect(() => read({ memberRoleSuffix: ' euw1' })).toThrow(/'memberRoleSuffix' accepts up to 20/);
  });
});
