/**
 * Strict guardrails: every synth runs every AWS Control Tower proactive control (cfn-guard) and cdk-nag over every
 * template, passes with and without the VPC and log-key props, acknowledges only what the props would otherwise
 * meet, and fails on a control that fails anywhere in the assembly, nested templates included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { NestedStack, Stack, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../infra/build-app';
import { AWS_API_PORT, LAMBDA_VPC_ACTIONS, LOG_WRITE_ACTIONS } from '../infra/guard-function';
import { CFN_GUARD_PLUGIN_NAME, templatesInAssembly } from '../infra/guardrails';
import { sdkActionsUsedBy } from '../infra/sdk-actions';
import type { CfnResource, CfnTemplate } from '../infra/synth-summary';
import { allowedActions, functionRolePermissions } from '../infra/template-iam';
import { RULE_HANDLER_ENTRY, RULE_MEMBER_ACCOUNT_MODULE, TrafficMirroringRule } from '../infra/traffic-mirroring-rule';

const STRICT_CONTEXT = {
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: 'subnet-0123456789abcdef0,subnet-0123456789abcdef1',
  logEncryptionKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops-alarms',
};

interface SynthesizedVariant {
  /** Every template in the cloud assembly, by file name. */
  readonly templates: Map<string, CfnTemplate>;
  /** Guard rule names acknowledged in this synth, from CDK's validation report. */
  readonly acknowledgedGuardRules: string[];
  readonly acknowledgementReasons: string[];
}

function synthesize(app: App): SynthesizedVariant {
  const assembly = app.synth();
  const templates = new Map(
    templatesInAssembly(assembly.directory).map((path) => [path.slice(assembly.directory.length + 1), JSON.parse(readFileSync(path, 'utf8')) as CfnTemplate]),
  );
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; conclusion: string; suppressedViolations?: { ruleName: string; reason?: string }[] }[];
  };
  const guard = report.pluginReports.find((r) => r.pluginName === CFN_GUARD_PLUGIN_NAME);
  expect(guard?.conclusion, 'the Control Tower rules ran and passed').toBe('success');
  const suppressed = guard?.suppressedViolations ?? [];
  return {
    templates,
    acknowledgedGuardRules: [...new Set(suppressed.map((s) => s.ruleName))].sort(),
    acknowledgementReasons: suppressed.map((s) => s.reason ?? ''),
  };
}

const resourcesOfType = (variant: SynthesizedVariant, type: string): [string, CfnResource][] =>
  [...variant.templates.values()].flatMap((t) => Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === type));

let plain: SynthesizedVariant;
let strict: SynthesizedVariant;

beforeAll(() => {
  // Synthesizing throws if cdk-nag or any Control Tower rule fails: both variants must get through.
  plain = synthesize(buildApp().app);
  strict = synthesize(buildApp({ context: STRICT_CONTEXT }).app);
});

describe('Control Tower proactive controls on every synth', () => {
  it('pass without the VPC, log-key and alarm-topic props, acknowledging exactly the four controls those props would meet', () => {
    expect(plain.acknowledgedGuardRules).toEqual([
      'cloudwatch_alarm_action_check',
      'cloudwatch_log_group_encrypted_check',
      'lambda_function_public_access_prohibited_check',
      'lambda_inside_vpc_check',
    ]);
  });

  it('pass with the props, acknowledging only the local false positive on the invoke permission', () => {
    expect(strict.acknowledgedGuardRules).toEqual(['lambda_function_public_access_prohibited_check']);
  });

  it('give every acknowledgement a reason naming its control', () => {
    for (const reason of [...plain.acknowledgementReasons, ...strict.acknowledgementReasons]) {
      expect(reason).toMatch(/^CT\.[A-Z]+\.PR\.\d+: .{80,}/);
    }
  });

  it('fail the synth on a failing control in a nested template, which is not a stack artifact', () => {
    const { app, singleAccountStack } = buildApp();
    const nested = new NestedStack(singleAccountStack, 'MemberTemplate');
    new logs.LogGroup(nested, 'ShortLived', { retention: logs.RetentionDays.ONE_WEEK });
    expect(() => app.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.2[\s\S]*VpcMirroringGuard\/MemberTemplate\/ShortLived/);
  });
});

describe('Lambda permissions', () => {
  it('every permission in every template names a source account, a source ARN or an organization', () => {
    for (const variant of [plain, strict]) {
      const permissions = resourcesOfType(variant, 'AWS::Lambda::Permission');
      expect(permissions.length).toBeGreaterThan(0);
      for (const [id, permission] of permissions) {
        const p = permission.Properties ?? {};
        expect(p.SourceAccount ?? p.SourceArn ?? p.PrincipalOrgID, `${id} has a source condition`).toBeDefined();
      }
    }
  });
});

describe('with the VPC props', () => {
  it('every function of every template runs in the given subnets with a security group', () => {
    const functions = resourcesOfType(strict, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) {
      const vpcConfig = fn.Properties?.VpcConfig as { SubnetIds?: unknown[]; SecurityGroupIds?: unknown[] } | undefined;
      expect(vpcConfig?.SubnetIds, `${id} subnets`).toEqual(STRICT_CONTEXT.subnetIds.split(','));
      expect(vpcConfig?.SecurityGroupIds, `${id} security groups`).toHaveLength(1);
    }
  });

  it('the security group allows HTTPS egress only, and no ingress', () => {
    const groups = resourcesOfType(strict, 'AWS::EC2::SecurityGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const [, group] of groups) {
      expect(group.Properties?.SecurityGroupIngress).toBeUndefined();
      expect(group.Properties?.SecurityGroupEgress).toEqual([
        expect.objectContaining({ IpProtocol: 'tcp', FromPort: AWS_API_PORT, ToPort: AWS_API_PORT, CidrIp: '0.0.0.0/0' }),
      ]);
    }
    expect(resourcesOfType(strict, 'AWS::EC2::SecurityGroupIngress')).toEqual([]);
    expect(resourcesOfType(strict, 'AWS::EC2::SecurityGroupEgress')).toEqual([]);
  });

  it('every log group is encrypted with the given key and kept at least a year', () => {
    for (const [, group] of resourcesOfType(strict, 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.KmsKeyId).toBe(STRICT_CONTEXT.logEncryptionKeyArn);
      expect(group.Properties?.RetentionInDays).toBeGreaterThanOrEqual(365);
    }
  });

  it('the rule function gets the code actions, its log writes and the VPC network-interface actions, nothing else', () => {
    const template = strict.templates.get('VpcMirroringGuard.template.json') as CfnTemplate;
    const [functionId] = Object.entries(template.Resources ?? {}).find(([, r]) => r.Type === 'AWS::Lambda::Function') ?? [];
    const { statements } = functionRolePermissions(template, functionId as string);
    const expected = new Set([
      ...sdkActionsUsedBy(RULE_HANDLER_ENTRY, { except: [RULE_MEMBER_ACCOUNT_MODULE] }),
      ...LOG_WRITE_ACTIONS,
      ...LAMBDA_VPC_ACTIONS,
    ]);
    expect(allowedActions(statements)).toEqual([...expected].sort());
    const create = statements.find((s) => s.Action === 'ec2:CreateNetworkInterface');
    const createResources = JSON.stringify(create?.Resource);
    for (const subnet of STRICT_CONTEXT.subnetIds.split(',')) expect(createResources).toContain(`:subnet/${subnet}`);
    expect(createResources).toContain(':security-group/');
    expect(createResources).not.toContain('"*"');
  });
});

describe('a log key defined in the same app', () => {
  it('is used by the log group and lets CloudWatch Logs of this account-region use it', () => {
    const stack = new Stack(undefined, 'KeyInApp');
    const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    new TrafficMirroringRule(stack, 'Rule', { logEncryptionKey: key });
    const template = Template.fromStack(stack);
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0] as string;
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const keyPolicy = JSON.stringify(template.findResources('AWS::KMS::Key')[keyId]?.Properties?.KeyPolicy);
    expect(keyPolicy).toContain('CloudWatchLogsOfThisAccountRegion');
    expect(keyPolicy).toContain('kms:EncryptionContext:aws:logs:arn');
    expect(keyPolicy).toContain('"kms:GenerateDataKey"');
  });
});
