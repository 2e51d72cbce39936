/** The summary `npm run synth` prints, from a template shaped like the synthesized one. */
import { describe, expect, it } from 'vitest';
import type { CfnTemplate } from '../infra/synth-summary';
import { summarizeStack } from '../infra/synth-summary';

const template: CfnTemplate = {
  Resources: {
    Rule: {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: 'vpc-traffic-mirroring-in-use',
        InputParameters: { mode: 'any', requireAcceptRule: 'true' },
        Scope: { ComplianceResourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::TrafficMirrorSession'] },
        Source: {
          Owner: 'CUSTOM_LAMBDA',
          SourceDetails: [
            { MessageType: 'ConfigurationItemChangeNotification' },
            { MessageType: 'ScheduledNotification', MaximumExecutionFrequency: 'TwentyFour_Hours' },
          ],
        },
      },
    },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 512, Timeout: 300, Code: { S3Key: 'abc.zip' } },
    },
    ReadPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: { PolicyDocument: { Statement: [{ Action: ['ec2:DescribeVpcs', 'config:PutEvaluations'] }, { Action: 'ec2:DescribeVpcs' }] } },
    },
    LogPolicy: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Action: 'logs:PutLogEvents' }] } } },
  },
};

describe('summarizeStack', () => {
  it('shows the rule, the function with its code size, the IAM actions and the resource counts', () => {
    const lines = summarizeStack({
      stackName: 'VpcMirroringGuard',
      templateFile: 'cdk.out/VpcMirroringGuard.template.json',
      template,
      assetSize: (hash) => (hash === 'abc' ? 1_400_000 : undefined),
    });
    expect(lines).toEqual([
      'Stack VpcMirroringGuard: 4 resources -> cdk.out/VpcMirroringGuard.template.json',
      '  Config rule vpc-traffic-mirroring-in-use (CUSTOM_LAMBDA)',
      '    triggers:   ConfigurationItemChangeNotification, ScheduledNotification (TwentyFour_Hours)',
      '    scope:      AWS::EC2::VPC, AWS::EC2::TrafficMirrorSession',
      '    parameters: mode=any requireAcceptRule=true',
      '  Lambda nodejs24.x arm64, 512 MB, timeout 300 s, code 1.34 MB',
      '  IAM actions: config:PutEvaluations, ec2:DescribeVpcs, logs:PutLogEvents',
      '  resources: 1 AWS::Config::ConfigRule, 2 AWS::IAM::Policy, 1 AWS::Lambda::Function',
    ]);
  });

  it('says when a function runs in a VPC and leaves out sizes it cannot find', () => {
    const inVpc: CfnTemplate = {
      Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs24.x', MemorySize: 128, Timeout: 3, VpcConfig: {} } } },
    };
    expect(summarizeStack({ stackName: 'S', templateFile: 't.json', template: inVpc })).toEqual([
      'Stack S: 1 resources -> t.json',
      '  Lambda nodejs24.x x86_64, 128 MB, timeout 3 s, in a VPC',
      '  resources: 1 AWS::Lambda::Function',
    ]);
  });
});
