/**
 * The app's stack carries the remediation: the runbook and its Lambda always, and the rule's remediation
 * configuration (the console's "Remediate") once a target is given, from construct props or `-c` context.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REMEDIATION_DOCUMENT_NAME } from '../rule/rule-definition';
import { InvalidAppContextError, appConfigFromContext, contextFromArgs, remediationTargetOf } from '../infra/app-config';
import { buildApp } from '../infra/build-app';

describe('single-account stack with remediation', () => {
  let withTarget: Template;
  let withoutTarget: Template;

  beforeAll(() => {
    withTarget = Template.fromStack(
      buildApp({ context: { remediationTarget: 'tmt-0123456789abcdef0', automaticRemediation: 'true', remediationSourceSelection: 'all' } })
        .singleAccountStack,
    );
    withoutTarget = Template.fromStack(buildApp().singleAccountStack);
  });

  it('links the rule to the runbook, with VpcId from RESOURCE_ID and the target as a static value', () => {
    withTarget.hasResourceProperties('AWS::Config::RemediationConfiguration', {
      ConfigRuleName: Match.anyValue(),
      TargetType: 'SSM_DOCUMENT',
      TargetId: Match.anyValue(),
      Automatic: true,
      MaximumAutomaticAttempts: 3,
      RetryAttemptSeconds: 60,
      Parameters: Match.objectLike({
        VpcId: { ResourceValue: { Value: 'RESOURCE_ID' } },
        TrafficMirrorTargetId: { StaticValue: { Values: ['tmt-0123456789abcdef0'] } },
        SourceSelection: { StaticValue: { Values: ['all'] } },
        AutomationAssumeRole: { StaticValue: { Values: [Match.anyValue()] } },
      }),
    });
    const [rule] = Object.values(withTarget.findResources('AWS::Config::ConfigRule'));
    const [remediation] = Object.values(withTarget.findResources('AWS::Config::RemediationConfiguration'));
    expect(remediation!.Properties.ConfigRuleName).toEqual(rule!.Properties.ConfigRuleName);
  });

  it('deploys the runbook and its Lambda without a target, but attaches no remediation configuration', () => {
    withoutTarget.resourceCountIs('AWS::Config::RemediationConfiguration', 0);
    withoutTarget.hasResourceProperties('AWS::SSM::Document', { DocumentType: 'Automation', Name: REMEDIATION_DOCUMENT_NAME });
    withoutTarget.resourceCountIs('AWS::Lambda::Function', 2);
  });
});

describe('remediation context', () => {
  it.each([
    ['tmt-0123456789abcdef0', { trafficMirrorTargetId: 'tmt-0123456789abcdef0' }],
    ['eni-0123456789abcdef0', { networkInterfaceId: 'eni-0123456789abcdef0' }],
    ['vpce-0123456789abcdef0', { gatewayLoadBalancerEndpointId: 'vpce-0123456789abcdef0' }],
    [
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mirror/50dc6c495c0c9188',
      { networkLoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mirror/50dc6c495c0c9188' },
    ],
  ])('tells the kind of target %s by its form', (value, target) => {
    expect(remediationTargetOf(value)).toEqual(target);
    expect(appConfigFromContext((k) => (k === 'remediationTarget' ? value : undefined)).remediation).toEqual({ target });
  });

  it.each([
    ['remediationTarget', 'i-0123456789abcdef0', "Context 'remediationTarget' accepts a traffic mirror target (tmt-…)"],
    ['automaticRemediation', 'yes', "Context 'automaticRemediation' accepts true or false"],
    ['remediationSourceSelection', 'some', "Context 'remediationSourceSelection' accepts one or all"],
  ])('rejects %s=%s, naming the key', (key, value, message) => {
    expect(() => appConfigFromContext((k) => (k === key ? value : undefined))).toThrowError(InvalidAppContextError);
    expect(() => appConfigFromContext((k) => (k === key ? value : undefined))).toThrowError(message);
  });

  it('reads `npm run synth -- -c key=value` arguments like the CDK CLI', () => {
    expect(contextFromArgs(['-c', 'mode=all', '--context', 'exemptTagKey=a=b'])).toEqual({ mode: 'all', exemptTagKey: 'a=b' });
    expect(() => contextFromArgs(['--mode', 'all'])).toThrowError('Unknown argument --mode');
    expect(() => contextFromArgs(['-c', 'mode'])).toThrowError('-c needs key=value, got "mode"');
  });
});
