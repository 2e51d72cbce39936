/**
 * Organization deployments: a member account's event is read and reported with the member role's credentials,
 * assumed once per account and cached until shortly before expiry; the central account's own events assume nothing.
 */
import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as ruleHandler } from '../rule/handler';
import { MemberAccountCredentials, memberRoleArn, parseArn } from '../rule/member-account-credentials';
import { vpcChange, withoutTargetVerification } from './support/config-events';
import { answerFromInventory, ec2AcceptFilter, ec2Eni, ec2Session, ec2Vpc } from './support/sdk-mocks';

/**
 * These tests pin what the rule reads and decides about sessions, filters and modes; their mocks hold no traffic
 * mirror targets, so target verification is off unless a test sets it (verifyTarget is tested over the wire).
 */
const handler: typeof ruleHandler = (event, context) =>
  ruleHandler(withoutTargetVerification(event as { ruleParameters: string }), context);

const ec2 = mockClient(EC2Client);
const config = mockClient(ConfigServiceClient);
const sts = mockClient(STSClient);

const CENTRAL = '111111111111';
const context = { invokedFunctionArn: `arn:aws:lambda:us-east-1:${CENTRAL}:function:vpc-mirroring-guard-rule` } as Context;
const memberCredentials = (account: string, expiresInMs = 3_600_000) => ({
  Credentials: {
    AccessKeyId: `AKIA${account}`,
    SecretAccessKey: 'secret',
    SessionToken: `token-${account}`,
    Expiration: new Date(Date.now() + expiresInMs),
  },
});

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
afterAll(() => {
  ec2.restore();
  config.restore();
  sts.restore();
});
beforeEach(() => {
  ec2.reset();
  config.reset();
  sts.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  answerFromInventory(ec2, {
    // One mocked EC2 answers for every account: the VPC carries no owner, so it is each account's own.
    vpcs: [ec2Vpc('vpc-m', { OwnerId: undefined })],
    networkInterfaces: [ec2Eni('eni-m', 'vpc-m')],
    sessions: [ec2Session('tms-m', 'eni-m')],
    filters: [ec2AcceptFilter],
  });
});

async function credentialsUsedBy(call: { thisValue: unknown }) {
  const client = call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string; sessionToken?: string }> } };
  return client.config.credentials();
}

describe('rule handler across accounts', () => {
  it('assumes the member role once per account, and reads and reports with its credentials', async () => {
    sts.on(AssumeRoleCommand).callsFake((input) => memberCredentials(input.RoleArn.split(':')[4]));
    const params = { executionRoleName: 'VpcMirroringGuardMember' };
    await handler(vpcChange('vpc-m', { accountId: '222222222222', ruleParameters: params, resultToken: 'member-token' }), context);
    await handler(vpcChange('vpc-m', { accountId: '222222222222', ruleParameters: params }), context);
    await handler(vpcChange('vpc-m', { accountId: '333333333333', ruleParameters: params }), context);

    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      'arn:aws:iam::222222222222:role/VpcMirroringGuardMember',
      'arn:aws:iam::333333333333:role/VpcMirroringGuardMember',
    ]);
    const firstRead = ec2.calls()[0]!;
    expect(await credentialsUsedBy(firstRead)).toMatchObject({ accessKeyId: 'AKIA222222222222', sessionToken: 'token-222222222222' });
    const firstPut = config.commandCalls(PutEvaluationsCommand)[0]!;
    expect(firstPut.args[0].input.ResultToken).toBe('member-token');
    expect(await credentialsUsedBy(firstPut)).toMatchObject({ accessKeyId: 'AKIA222222222222' });
    const lastPut = config.commandCalls(PutEvaluationsCommand)[2]!;
    expect(await credentialsUsedBy(lastPut)).toMatchObject({ accessKeyId: 'AKIA333333333333' });
  });

  it("assumes nothing for the central account's own events", async () => {
    await handler(vpcChange('vpc-m', { accountId: CENTRAL, ruleParameters: { executionRoleName: 'VpcMirroringGuardMember' } }), context);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(config.commandCalls(PutEvaluationsCommand)[0]!.args[0].input.Evaluations).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'vpc-m', ComplianceType: 'COMPLIANT' }),
    ]);
  });

  it('fails, naming role and account, and reports nothing when the member role cannot be assumed', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'not authorized to perform sts:AssumeRole' }),
    );
    await expect(
      handler(vpcChange('vpc-m', { accountId: '444444444444', ruleParameters: { executionRoleName: 'Missing' } }), context),
    ).rejects.toThrowError(
      'Cannot assume role arn:aws:iam::444444444444:role/Missing in account 444444444444 (rule parameter executionRoleName=Missing): AccessDenied',
    );
    expect(ec2.calls()).toHaveLength(0);
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });

  it('fails, naming the accounts, when a member event arrives without executionRoleName', async () => {
    await expect(handler(vpcChange('vpc-m', { accountId: '555555555555' }), context)).rejects.toThrowError(
      'The event is for account 555555555555 but this function runs in account 111111111111, and rule parameter executionRoleName is not set',
    );
    expect(config.commandCalls(PutEvaluationsCommand)).toHaveLength(0);
  });
});

describe('MemberAccountCredentials', () => {
  it('reuses credentials until 5 minutes before they expire, then assumes again', async () => {
    let now = Date.parse('2026-11-29T00:00:00Z');
    sts.on(AssumeRoleCommand).callsFake(() => ({
      Credentials: { AccessKeyId: `AKIA${now}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(now + 3_600_000) },
    }));
    const cache = new MemberAccountCredentials({ sts: new STSClient({ region: 'us-east-1' }), roleSessionName: 'test', now: () => now });
    const first = await cache.forAccount('222222222222', 'Role');
    now += 54 * 60_000; // 6 minutes left
    expect(await cache.forAccount('222222222222', 'Role')).toBe(first);
    now += 2 * 60_000; // 4 minutes left
    const second = await cache.forAccount('222222222222', 'Role');
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: 'arn:aws:iam::222222222222:role/Role',
      RoleSessionName: 'test',
      DurationSeconds: 3600,
    });
  });

  it('builds role ARNs in the partition of the function', () => {
    expect(memberRoleArn('222222222222', 'R', 'aws-cn')).toBe('arn:aws-cn:iam::222222222222:role/R');
    expect(parseArn('arn:aws-us-gov:lambda:us-gov-west-1:111111111111:function:f')).toEqual({ partition: 'aws-us-gov', accountId: '111111111111' });
    expect(parseArn('not-an-arn')).toBeUndefined();
  });
});
