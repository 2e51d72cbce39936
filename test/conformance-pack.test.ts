/**
 * The conformance pack `npm run synth` writes (cdk.out/conformance-pack.yaml), read back as AWS Config would: only
 * what a pack supports, the single-account rule (scope, triggers, parameters) pointed at the central Lambda with
 * executionRoleName, and a remediation the member runbook accepts. The synth runs as a user runs it, into a
 * temporary cloud assembly directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ORGANIZATION_STACK_NAME, SINGLE_ACCOUNT_STACK_NAME } from '../infra/build-app';
import type { ConformancePackTemplate } from '../infra/conformance-pack';
import { CONFORMANCE_PACK_FILE, PACK_PARAMETERS, PACK_REMEDIATION_ID, PACK_RULE_ID, conformancePackProblems } from '../infra/conformance-pack';
import type { CfnResource, CfnTemplate } from '../infra/synth-summary';
import { loadRunbook } from '../remediation/runbook';
import {
  EVALUATED_RESOURCE_TYPE,
  REMEDIATION_DOCUMENT_NAME,
  RULE_MESSAGE_TYPES,
  RULE_NAME,
  RULE_SCOPE_RESOURCE_TYPES,
  parseRuleParameters,
} from '../rule/rule-definition';

const TARGET = 'tmt-0123456789abcdef0';
const CONTEXT = {
  organizationId: 'o-a1b2c3d4e5',
  organizationTargets: 'r-ab12',
  memberRoleName: 'GuardExecution',
  remediationTarget: TARGET,
  remediationSourceSelection: 'all',
  mode: 'all',
  exemptTagKey: 'mirroring-exempt',
};

let outdir: string;
let pack: ConformancePackTemplate;
let single: CfnTemplate;
let central: CfnTemplate;

const resource = (t: CfnTemplate, type: string): CfnResource => {
  const found = Object.values(t.Resources ?? {}).filter((r) => r.Type === type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'conformance-pack-'));
  const args = Object.entries(CONTEXT).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  execFileSync(process.execPath, ['--import', 'tsx', 'infra/synth.ts', ...args], {
    env: { PATH: process.env.PATH ?? '', CDK_OUTDIR: outdir },
    stdio: 'pipe',
  });
  pack = parse(readFileSync(join(outdir, CONFORMANCE_PACK_FILE), 'utf8')) as ConformancePackTemplate;
  single = JSON.parse(readFileSync(join(outdir, `${SINGLE_ACCOUNT_STACK_NAME}.template.json`), 'utf8')) as CfnTemplate;
  central = JSON.parse(readFileSync(join(outdir, `${ORGANIZATION_STACK_NAME}.template.json`), 'utf8')) as CfnTemplate;
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the pack file', () => {
  it('uses only what conformance packs support: Parameters, the two Config resource types, Ref to its parameters', () => {
    expect(conformancePackProblems(pack as unknown as Record<string, unknown>)).toEqual([]);
    expect(Object.keys(pack)).toEqual(['Parameters', 'Resources']);
    expect(Object.values(pack.Resources).map((r) => r.Type)).toEqual(['AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration']);
    expect(JSON.stringify(pack)).not.toMatch(/AWS::(AccountId|Region|Partition)|Fn::/);
  });

  it('asks at deploy time only for what differs per deployment: the central Lambda, the member role, the shared target', () => {
    expect(pack.Parameters).toEqual({
      [PACK_PARAMETERS.ruleFunctionArn]: { Type: 'String', Description: expect.stringContaining('RuleFunctionArn') },
      [PACK_PARAMETERS.executionRoleName]: { Type: 'String', Description: expect.any(String), Default: 'GuardExecution' },
      [PACK_PARAMETERS.trafficMirrorTargetId]: { Type: 'String', Description: expect.stringContaining('AWS RAM'), Default: TARGET },
    });
    // The central stack outputs what the pack asks for.
    expect(Object.keys((central as { Outputs?: object }).Outputs ?? {})).toEqual(expect.arrayContaining(['RuleFunctionArn', 'ExecutionRoleName']));
  });
});

describe("the pack's rule", () => {
  it('is the single-account rule, pointed at the central Lambda, with executionRoleName added', () => {
    const rule = pack.Resources[PACK_RULE_ID]!.Properties!;
    const singleRule = resource(single, 'AWS::Config::ConfigRule').Properties!;
    const { SourceIdentifier, ...source } = rule.Source as Record<string, unknown>;
    const { SourceIdentifier: _singleLambda, ...singleSource } = singleRule.Source as Record<string, unknown>;
    expect(SourceIdentifier).toEqual({ Ref: PACK_PARAMETERS.ruleFunctionArn });
    expect(source).toEqual(singleSource);
    expect(rule.InputParameters).toEqual({ ...(singleRule.InputParameters as object), executionRoleName: { Ref: PACK_PARAMETERS.executionRoleName } });
    const { Source: _a, InputParameters: _b, ...rest } = rule;
    const { Source: _c, InputParameters: _d, ...singleRest } = singleRule;
    expect(rest).toEqual(singleRest);
  });

  it('has the scope, triggers and parameters the context chose', () => {
    const rule = pack.Resources[PACK_RULE_ID]!.Properties!;
    expect(rule.ConfigRuleName).toBe(RULE_NAME);
    expect(rule.Scope).toEqual({ ComplianceResourceTypes: [...RULE_SCOPE_RESOURCE_TYPES] });
    expect((rule.Source as { Owner: string; SourceDetails: { MessageType: string }[] }).Owner).toBe('CUSTOM_LAMBDA');
    expect((rule.Source as { SourceDetails: { MessageType: string }[] }).SourceDetails.map((d) => d.MessageType)).toEqual([...RULE_MESSAGE_TYPES]);
    // What the rule Lambda receives once the pack parameter is substituted: valid, and naming the member role.
    const params = { ...(rule.InputParameters as Record<string, unknown>), executionRoleName: pack.Parameters[PACK_PARAMETERS.executionRoleName]!.Default };
    expect(parseRuleParameters(params as Record<string, string>)).toMatchObject({ mode: 'all', exemptTagKey: 'mirroring-exempt', executionRoleName: 'GuardExecution' });
  });
});

describe("the pack's remediation", () => {
  const remediation = () => pack.Resources[PACK_REMEDIATION_ID]!;

  it('runs the member runbook on the NON_COMPLIANT VPC, after the rule exists, with the target from the pack parameter', () => {
    expect(remediation().DependsOn).toBe(PACK_RULE_ID);
    expect(remediation().Properties).toEqual({
      ConfigRuleName: RULE_NAME,
      ResourceType: EVALUATED_RESOURCE_TYPE,
      TargetType: 'SSM_DOCUMENT',
      TargetId: REMEDIATION_DOCUMENT_NAME,
      Parameters: {
        VpcId: { ResourceValue: { Value: 'RESOURCE_ID' } },
        SourceSelection: { StaticValue: { Values: ['all'] } },
        TrafficMirrorTargetId: { StaticValue: { Values: [{ Ref: PACK_PARAMETERS.trafficMirrorTargetId }] } },
      },
      Automatic: false,
    });
  });

  it('passes only parameters the runbook declares and every one it requires, and no per-account role', () => {
    const runbook = loadRunbook();
    const passed = Object.keys(remediation().Properties!.Parameters as object);
    for (const name of passed) expect(Object.keys(runbook.parameters), name).toContain(name);
    const required = Object.entries(runbook.parameters).filter(([, p]) => p.default === undefined).map(([n]) => n);
    for (const name of required) expect(passed).toContain(name);
    expect(passed).not.toContain('AutomationAssumeRole');
  });

  it('points at the document the member StackSet deploys', () => {
    const stackSet = resource(central, 'AWS::CloudFormation::StackSet');
    const member = JSON.parse(stackSet.Properties!.TemplateBody as string) as CfnTemplate;
    expect(resource(member, 'AWS::SSM::Document').Properties!.Name).toBe(remediation().Properties!.TargetId);
    const roleNames = Object.values(member.Resources ?? {}).filter((r) => r.Type === 'AWS::IAM::Role').map((r) => r.Properties!.RoleName);
    expect(roleNames).toContain(pack.Parameters[PACK_PARAMETERS.executionRoleName]!.Default);
  });
});

describe('conformancePackProblems', () => {
  it('catches a pseudo parameter, another function, an undeclared parameter, another resource type and section', () => {
    const bad = {
      Parameters: { A: { Type: 'String' }, B: { Type: 'Number' } },
      Outputs: {},
      Resources: {
        Rule: { Type: 'AWS::Config::ConfigRule', Properties: { ConfigRuleName: 'r', Source: { SourceIdentifier: { 'Fn::Sub': 'arn:${AWS::Partition}:lambda' } } } },
        Fix: { Type: 'AWS::Config::RemediationConfiguration', Properties: { ConfigRuleName: 'other', Parameters: { X: { StaticValue: { Values: [{ Ref: 'AWS::AccountId' }, { Ref: 'A' }] } } } } },
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
      },
    };
    expect(conformancePackProblems(bad)).toEqual([
      'Top-level section Outputs: a pack template holds Parameters and Resources',
      'Parameter B is not of Type String',
      'Role is a AWS::IAM::Role; packs hold only AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration',
      'Fix remediates other, which is not a rule of the pack',
      'Resources.Rule.Properties.Source.SourceIdentifier uses Fn::Sub; only Ref to a pack parameter is used',
      'Resources.Fix.Properties.Parameters.X.StaticValue.Values[0] refers to AWS::AccountId, which is not a pack parameter',
    ]);
  });

  it('catches a template over the 51,200-byte limit', () => {
    const big = { Parameters: {}, Resources: { Rule: { Type: 'AWS::Config::ConfigRule', Properties: { ConfigRuleName: 'r', Description: 'x'.repeat(52_000) } } } };
    expect(conformancePackProblems(big)).toEqual([expect.stringMatching(/^The template is \d+ bytes; a pack takes at most 51200$/)]);
  });
});
