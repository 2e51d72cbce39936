/**
 * The single-account stack as synthesized by the app (cdk-nag and template validation included): the Config rule's
 * triggers, scope and parameters, the invoke permission's confused-deputy condition, the Lambda's runtime,
 * architecture, sizing and logs, and least privilege derived from the rule code itself.
 */
import type { CfnElement } from 'aws-cdk-lib';
import { App, Stack, Token, aws_config as config, aws_logs as logs } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../infra/build-app';
import type { VpcMirroringGuardStack } from '../infra/stack';
import { GUARD_FUNCTION_ARCHITECTURE, LOG_WRITE_ACTIONS } from '../infra/guard-function';
import { RULE_FUNCTION_MEMORY_MB, RULE_FUNCTION_TIMEOUT_SECONDS } from '../infra/rule-function-sizing';
import { sdkActionsUsedBy } from '../infra/sdk-actions';
import type { CfnTemplate } from '../infra/synth-summary';
import type { PolicyStatementJson } from '../infra/template-iam';
import { allowedActions, functionRolePermissions } from '../infra/template-iam';
import { RULE_HANDLER_ENTRY, RULE_MEMBER_ACCOUNT_MODULE, TrafficMirroringRule } from '../infra/traffic-mirroring-rule';
import { RULE_DESCRIPTION, RULE_MESSAGE_TYPES, RULE_NAME, RULE_SCOPE_RESOURCE_TYPES } from '../rule/rule-definition';

let defaults: Template;
let defaultsJson: CfnTemplate;
let custom: Template;
let singleAccountStack: VpcMirroringGuardStack;
/** The stack also holds the remediation's function and log group: these are the rule's own. */
let ruleFunctionId: string;
let ruleLogGroupId: string;

const onlyLogicalId = (template: Template, type: string): string => {
  const ids = Object.keys(template.findResources(type));
  expect(ids, `exactly one ${type}`).toHaveLength(1);
  return ids[0] as string;
};

beforeAll(() => {
  // The app exactly as `npm run synth` builds it: synthesizing runs cdk-nag and the template validation.
  const built = buildApp();
  singleAccountStack = built.singleAccountStack;
  defaults = Template.fromStack(built.singleAccountStack);
  defaultsJson = defaults.toJSON() as CfnTemplate;
  const logicalId = (c: IConstruct) => singleAccountStack.getLogicalId(c.node.defaultChild as CfnElement);
  ruleFunctionId = logicalId(singleAccountStack.rule.ruleFunction.function);
  ruleLogGroupId = logicalId(singleAccountStack.rule.ruleFunction.logGroup);

  const app = new App();
  const stack = new Stack(app, 'Custom');
  new TrafficMirroringRule(stack, 'Rule', {
    ruleName: 'mirroring-everywhere',
    mode: 'all',
    requireAcceptRule: false,
    exemptTagKey: 'mirroring-exempt',
    exemptTagValue: 'yes',
    ignoreDefaultVpc: true,
    verifyTarget: false,
    maximumExecutionFrequency: config.MaximumExecutionFrequency.SIX_HOURS,
    logRetention: logs.RetentionDays.TWO_YEARS,
  });
  custom = Template.fromStack(stack);
});

describe('the Config rule', () => {
  it('is a custom Lambda rule on the rule function, triggered by changes, oversized changes and a 24-hour sweep', () => {
    const functionId = ruleFunctionId;
    defaults.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: RULE_NAME,
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: { 'Fn::GetAtt': [functionId, 'Arn'] },
        SourceDetails: [
          { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
          { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
          { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'TwentyFour_Hours' },
        ],
      },
    });
    expect(RULE_MESSAGE_TYPES).toEqual([
      'ConfigurationItemChangeNotification',
      'OversizedConfigurationItemChangeNotification',
      'ScheduledNotification',
    ]);
  });

  it('is scoped to VPCs, traffic mirror sessions and traffic mirror targets', () => {
    const types = ['AWS::EC2::VPC', 'AWS::EC2::TrafficMirrorSession', 'AWS::EC2::TrafficMirrorTarget'];
    defaults.hasResourceProperties('AWS::Config::ConfigRule', { Scope: { ComplianceResourceTypes: types } });
    expect(RULE_SCOPE_RESOURCE_TYPES).toEqual(types);
  });

  it('stores the default parameters as Config strings and a description Config accepts', () => {
    defaults.hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: { mode: 'any', requireAcceptRule: 'true', ignoreDefaultVpc: 'false', verifyTarget: 'true' },
      Description: RULE_DESCRIPTION,
    });
    expect(RULE_DESCRIPTION.length).toBeLessThanOrEqual(256);
  });

  it('takes every rule parameter, the name and the frequency from the construct props', () => {
    custom.hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'mirroring-everywhere',
      InputParameters: {
        mode: 'all',
        requireAcceptRule: 'false',
        ignoreDefaultVpc: 'true',
        verifyTarget: 'false',
        exemptTagKey: 'mirroring-exempt',
        exemptTagValue: 'yes',
      },
      Source: {
        SourceDetails: Match.arrayWith([
          { EventSource: 'aws.config', MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'Six_Hours' },
        ]),
      },
    });
  });

  it('is created only after Config has the permission to invoke the function', () => {
    const permissionId = onlyLogicalId(defaults, 'AWS::Lambda::Permission');
    defaults.hasResource('AWS::Config::ConfigRule', { DependsOn: Match.arrayWith([permissionId]) });
  });

  it('rejects props Config or the rule would reject, naming the prop', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new TrafficMirroringRule(stack, 'A', { ruleName: '   ' })).toThrow(/'ruleName' accepts 1 to 128 characters/);
    expect(() => new TrafficMirroringRule(stack, 'B', { mode: 'most' as 'any' })).toThrow(/'mode' accepts "any" or "all"/);
    expect(() => new TrafficMirroringRule(stack, 'C', { exemptTagValue: 'yes' })).toThrow(/'exemptTagValue' needs 'exemptTagKey'/);
  });
});

describe('the invoke permission', () => {
  it('lets only config.amazonaws.com invoke the rule function, and only for this stack account', () => {
    const functionId = ruleFunctionId;
    defaults.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Principal: 'config.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });
});

describe('the rule function', () => {
  it('runs Node.js 22 or newer on arm64 with the benchmarked memory and timeout', () => {
    const fn = defaults.findResources('AWS::Lambda::Function')[ruleFunctionId]?.Properties as Record<string, unknown>;
    const nodeMajor = Number(/^nodejs(\d+)\.x$/.exec(String(fn.Runtime))?.[1]);
    expect(nodeMajor).toBeGreaterThanOrEqual(22);
    expect(fn.Architectures).toEqual(['arm64']);
    expect(GUARD_FUNCTION_ARCHITECTURE.name).toBe('arm64');
    expect(fn.MemorySize).toBe(RULE_FUNCTION_MEMORY_MB);
    expect(fn.Timeout).toBe(RULE_FUNCTION_TIMEOUT_SECONDS);
    expect(fn.Handler).toBe('index.handler');
  });

  it('reserves no concurrency (it neither takes from nor caps the account pool)', () => {
    const fn = defaults.findResources('AWS::Lambda::Function')[ruleFunctionId]?.Properties as Record<string, unknown>;
    expect(fn).not.toHaveProperty('ReservedConcurrentExecutions');
  });

  it('logs to its own log group, kept one year by default and as long as the prop says otherwise', () => {
    const logGroupId = ruleLogGroupId;
    expect(defaults.findResources('AWS::Lambda::Function')[ruleFunctionId]?.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(defaults.findResources('AWS::Logs::LogGroup')[logGroupId]?.Properties.RetentionInDays).toBe(365);
    custom.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  it('synthesizes environment-agnostic: no account or region is fixed', () => {
    expect(Token.isUnresolved(singleAccountStack.account)).toBe(true);
    expect(Token.isUnresolved(singleAccountStack.region)).toBe(true);
  });
});

/** What the policy lacks and what it has beyond the expected actions. */
function diffActions(expected: readonly string[], actual: readonly string[]) {
  return {
    missing: expected.filter((a) => !actual.includes(a)),
    extra: actual.filter((a) => !expected.includes(a)),
  };
}

const resourcesOf = (s: PolicyStatementJson): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const actionsOf = (s: PolicyStatementJson): string[] => (Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : []);

describe('least privilege of the rule function', () => {
  /** The actions the rule code can call in this deployment (see RULE_MEMBER_ACCOUNT_MODULE), from its SDK imports. */
  function codeActionsFor(template: CfnTemplate): string[] {
    const rule = Object.values(template.Resources ?? {}).find((r) => r.Type === 'AWS::Config::ConfigRule');
    const memberAccounts = (rule?.Properties?.InputParameters as Record<string, string>).executionRoleName !== undefined;
    return sdkActionsUsedBy(RULE_HANDLER_ENTRY, { except: memberAccounts ? [] : [RULE_MEMBER_ACCOUNT_MODULE] });
  }

  it('derives the code actions from the SDK commands the rule imports', () => {
    expect(codeActionsFor(defaultsJson)).toEqual([
      'config:GetComplianceDetailsByConfigRule',
      'config:PutEvaluations',
      'ec2:DescribeNetworkAcls',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeTrafficMirrorFilters',
      'ec2:DescribeTrafficMirrorSessions',
      'ec2:DescribeTrafficMirrorTargets',
      'ec2:DescribeTransitGatewayVpcAttachments',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcPeeringConnections',
      'ec2:DescribeVpcs',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancers',
    ]);
  });

  it('grants exactly the actions the code uses plus the log writes: nothing missing, nothing extra', () => {
    const functionId = ruleFunctionId;
    const granted = allowedActions(functionRolePermissions(defaultsJson, functionId).statements);
    const expected = [...new Set([...codeActionsFor(defaultsJson), ...LOG_WRITE_ACTIONS])].sort();
    expect(diffActions(expected, granted)).toEqual({ missing: [], extra: [] });
  });

  it('has a comparison that catches a missing and an extra action', () => {
    expect(diffActions(['ec2:DescribeVpcs', 'config:PutEvaluations'], ['ec2:DescribeVpcs', 'ec2:DeleteVpc'])).toEqual({
      missing: ['config:PutEvaluations'],
      extra: ['ec2:DeleteVpc'],
    });
  });

  it('names every action: no wildcard and no NotAction in any policy of the template', () => {
    const policies = Object.values(defaultsJson.Resources ?? {}).filter((r) => r.Type === 'AWS::IAM::Policy');
    const statements = policies.flatMap((p) => (p.Properties?.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s).not.toHaveProperty('NotAction');
      for (const action of actionsOf(s)) expect(action).not.toMatch(/\*/);
    }
  });

  it('uses no AWS managed policy on any role', () => {
    for (const role of Object.values(defaults.findResources('AWS::IAM::Role'))) {
      expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
    }
  });

  it('gives Resource "*" only to EC2 and ELB Describe calls and config:PutEvaluations, which have no resource type', () => {
    const functionId = ruleFunctionId;
    const { statements } = functionRolePermissions(defaultsJson, functionId);
    const unscoped = statements.filter((s) => resourcesOf(s).includes('*')).flatMap(actionsOf);
    expect(unscoped.length).toBeGreaterThan(0);
    for (const action of unscoped) expect(action).toMatch(/^ec2:Describe[A-Za-z]+$|^elasticloadbalancing:Describe[A-Za-z]+$|^config:PutEvaluations$/);
  });

  it('scopes the compliance read to this rule and the log writes to the function log group', () => {
    const functionId = ruleFunctionId;
    const ruleId = onlyLogicalId(defaults, 'AWS::Config::ConfigRule');
    const logGroupId = ruleLogGroupId;
    const { statements } = functionRolePermissions(defaultsJson, functionId);
    const resourcesFor = (action: string) => statements.filter((s) => actionsOf(s).includes(action)).flatMap(resourcesOf);
    expect(resourcesFor('config:GetComplianceDetailsByConfigRule')).toEqual([{ 'Fn::GetAtt': [ruleId, 'Arn'] }]);
    for (const action of LOG_WRITE_ACTIONS) expect(resourcesFor(action)).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
  });
});
