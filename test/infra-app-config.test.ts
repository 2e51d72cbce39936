/** Deploy-time choices from CDK context: defaults, every key, and errors that name the key and what it accepts. */
import { aws_config as config, aws_logs as logs } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { appConfigFromContext, InvalidAppContextError } from '../infra/app-config';

const from = (context: Record<string, unknown>) => appConfigFromContext((key) => context[key]);

describe('appConfigFromContext', () => {
  it('gives the rule defaults when no context is set, ignoring keys that are not the app\'s', () => {
    expect(from({ '@aws-cdk/core:newStyleStackSynthesis': true })).toEqual({
      rule: { mode: 'any', requireAcceptRule: true, ignoreDefaultVpc: false, verifyTarget: true },
    });
  });

  it('reads every key, from -c strings as from cdk.json booleans and numbers', () => {
    expect(
      from({
        ruleName: 'mirroring',
        mode: 'ALL',
        requireAcceptRule: false,
        ignoreDefaultVpc: 'true',
        verifyTarget: false,
        exemptTagKey: 'exempt',
        exemptTagValue: 'yes',
        maximumExecutionFrequency: 'Six_Hours',
        logRetentionDays: '731',
      }),
    ).toEqual({
      rule: {
        ruleName: 'mirroring',
        mode: 'all',
        requireAcceptRule: false,
        ignoreDefaultVpc: true,
        verifyTarget: false,
        exemptTagKey: 'exempt',
        exemptTagValue: 'yes',
        maximumExecutionFrequency: config.MaximumExecutionFrequency.SIX_HOURS,
        logRetention: logs.RetentionDays.TWO_YEARS,
      },
    });
  });

  it('reads the network and log key for strict guardrails, subnets as a comma list or a JSON array', () => {
    const network = { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0', 'subnet-01234567'] };
    const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(from({ vpcId: network.vpcId, subnetIds: 'subnet-0123456789abcdef0, subnet-01234567', logEncryptionKeyArn: keyArn })).toEqual({
      rule: { mode: 'any', requireAcceptRule: true, ignoreDefaultVpc: false, verifyTarget: true },
      existingNetwork: network,
      logEncryptionKeyArn: keyArn,
    });
    expect(from({ vpcId: network.vpcId, subnetIds: network.subnetIds }).existingNetwork).toEqual(network);
  });

  it('names the key and what it accepts when a network or key value is bad', () => {
    expect(() => from({ vpcId: 'vpc-0123456789abcdef0' })).toThrow(/'vpcId' and 'subnetIds' go together/);
    expect(() => from({ subnetIds: 'subnet-01234567' })).toThrow(/'vpcId' and 'subnetIds' go together/);
    expect(() => from({ vpcId: 'my-vpc', subnetIds: 'subnet-01234567' })).toThrow(/'vpcId' accepts a VPC ID/);
    expect(() => from({ vpcId: 'vpc-01234567', subnetIds: 'subnet-01234567,sn-2' })).toThrow(/'subnetIds' accepts subnet IDs/);
    expect(() => from({ logEncryptionKeyArn: 'alias/logs' })).toThrow(/'logEncryptionKeyArn' accepts a KMS key ARN/);
  });

  it('names the key and what it accepts when a value is bad', () => {
    expect(() => from({ mode: 'most' })).toThrow(InvalidAppContextError);
    expect(() => from({ mode: 'most' })).toThrow(/'mode' accepts "any" or "all"/);
    expect(() => from({ ignoreDefaultVpc: 'maybe' })).toThrow(/'ignoreDefaultVpc' accepts "true" or "false"/);
    expect(() => from({ maximumExecutionFrequency: 'Daily' })).toThrow(/'maximumExecutionFrequency' accepts One_Hour, .*TwentyFour_Hours/);
    expect(() => from({ logRetentionDays: 10 })).toThrow(/'logRetentionDays' accepts 1, 3, 5/);
    expect(() => from({ exemptTagValue: 'yes' })).toThrow(/'exemptTagValue' needs 'exemptTagKey'/);
  });
});
