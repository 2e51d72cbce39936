/**
 * The organization's central remediation Lambda (remediation/organization-handler.ts): a request from a member
 * account's runbook is read and carried out with the member remediation role's credentials, assumed once per account
 * and cached across invocations; the function's own account assumes nothing; a role that cannot be assumed fails the
 * run, naming role and account, before EC2 is called.
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeTrafficMirrorTargetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRemediationHandler } from '../remediation/handler';
import { ALLOWED_TARGET_IDS_ENV, MEMBER_ROLE_NAME_ENV, REMEDIATION_SESSION_NAME, clientsForRequestAccount as clientsForAccount } from '../remediation/organization-handler';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);

const CENTRAL = '111111111111';
const ROLE = 'VpcMirroringGuardRemediation';
const VPC = 'vpc-0a0a0a0a0a0a0a0a0';
const TMT = 'tmt-0123456789abcdef0';
const context = {
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${CENTRAL}:function:vpc-mirroring-guard-remediation`,
  getRemainingTimeInMillis: () => 280_000,
} as Context;
/** What the runbook sends: the VPC, a target shared with the organization, a dry run, and its own account. */
/** The organization stack allows the shared target. */
const ec2ForRequestAccount = (roleName: string | undefined) => clientsForAccount(roleName, [TMT]);
const payload = (accountId: string) => ({ vpcId: VPC, trafficMirrorTargetId: TMT, dryRun: 'true', runId: `run-${accountId}`, accountId });

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});
afterAll(() => {
  ec2.restore();
  sts.restore();
});
beforeEach(() => {
  ec2.reset();
  sts.reset();
  // A VPC with one unmirrored instance ENI, and a target shared with the organization: a dry run plans a session.
  // The VPC's owner says which account a request naming none is for (its own targets are verified, others' not).
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC, IsDefault: false, OwnerId: CENTRAL }] });
  ec2.on(DescribeNetworkInterfacesCommand).resolves({
    NetworkInterfaces: [
      { NetworkInterfaceId: 'eni-a', VpcId: VPC, SubnetId: 'subnet-1', Status: 'in-use', InterfaceType: 'interface', Groups: [{ GroupId: 'sg-a' }], Attachment: { InstanceId: 'i-a' } },
    ],
  });
  ec2.on(DescribeTrafficMirrorSessionsCommand).resolves({ TrafficMirrorSessions: [] });
  ec2.on(DescribeTrafficMirrorTargetsCommand).resolves({ TrafficMirrorTargets: [{ TrafficMirrorTargetId: TMT, OwnerId: '999999999999' }] });
  ec2.on(DescribeTrafficMirrorFiltersCommand).resolves({ TrafficMirrorFilters: [{ TrafficMirrorFilterId: 'tmf-1', IngressFilterRules: [{ RuleAction: 'accept' }], EgressFilterRules: [] }] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
});

const memberCredentials = (account: string) => ({
  Credentials: { AccessKeyId: `AKIA${account}`, SecretAccessKey: 'secret', SessionToken: `token-${account}`, Expiration: new Date(Date.now() + 3_600_000) },
});

async function credentialsUsedBy(call: { thisValue: unknown }) {
  const client = call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string; sessionToken?: string }> } };
  return client.config.credentials();
}

describe('central remediation across accounts', () => {
  it('assumes the member remediation role once per account, and reads with its credentials', async () => {
    sts.on(AssumeRoleCommand).callsFake((input) => memberCredentials(input.RoleArn.split(':')[4]));
    const handler = createRemediationHandler(ec2ForRequestAccount(ROLE));

    const first = await handler(payload('222222222222'), context);
    await handler(payload('222222222222'), context);
    await handler(payload('333333333333'), context);

    expect(first).toMatchObject({ vpcId: VPC, dryRun: true, targetId: TMT, created: [] });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleArn: `arn:aws:iam::222222222222:role/${ROLE}`, RoleSessionName: REMEDIATION_SESSION_NAME, DurationSeconds: 3600 },
      { RoleArn: `arn:aws:iam::333333333333:role/${ROLE}`, RoleSessionName: REMEDIATION_SESSION_NAME, DurationSeconds: 3600 },
    ]);
    const reads = ec2.commandCalls(DescribeVpcsCommand);
    expect(reads).toHaveLength(3);
    expect(await credentialsUsedBy(reads[0]!)).toMatchObject({ accessKeyId: 'AKIA222222222222', sessionToken: 'token-222222222222' });
    expect(await credentialsUsedBy(reads[1]!)).toMatchObject({ accessKeyId: 'AKIA222222222222' });
    expect(await credentialsUsedBy(reads[2]!)).toMatchObject({ accessKeyId: 'AKIA333333333333' });
  });

  it("assumes nothing for the function's own account, or a request naming no account", async () => {
    const handler = createRemediationHandler(ec2ForRequestAccount(ROLE));
    await handler(payload(CENTRAL), context);
    const { accountId: _omitted, ...withoutAccount } = payload(CENTRAL);
    await handler(withoutAccount, context);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(2);
  });

  it('fails naming role and account, and calls no EC2 API, when the member role cannot be assumed', async () => {
    sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'not authorized to perform sts:AssumeRole' }),
    );
    const handler = createRemediationHandler(ec2ForRequestAccount(ROLE));
    await expect(handler(payload('444444444444'), context)).rejects.toThrowError(
      `Cannot assume role arn:aws:iam::444444444444:role/${ROLE} in account 444444444444 (environment variable ${MEMBER_ROLE_NAME_ENV}=${ROLE}): AccessDenied`,
    );
    expect(ec2.calls()).toHaveLength(0);
  });

  it('fails naming both accounts when no member role name is configured', async () => {
    const handler = createRemediationHandler(ec2ForRequestAccount(undefined));
    await expect(handler(payload('555555555555'), context)).rejects.toThrowError(
      `The request is for account 555555555555 but this function runs in account ${CENTRAL}, and ${MEMBER_ROLE_NAME_ENV} is not set`,
    );
    expect(ec2.calls()).toHaveLength(0);
  });

  it('refuses a member account request mirroring to any target but the allowed shared one, before assuming anything', async () => {
    const handler = createRemediationHandler(ec2ForRequestAccount(ROLE));
    await expect(handler({ ...payload('666666666666'), trafficMirrorTargetId: 'tmt-0bad0bad0bad0bad0' }, context)).rejects.toThrowError(
      `Refusing to remediate account 666666666666 with traffic mirror target tmt-0bad0bad0bad0bad0: a member account may only be mirrored to a traffic mirror target the organization shares (TrafficMirrorTargetId); allowed: ${TMT}`,
    );
    const { trafficMirrorTargetId: _t, ...withEni } = { ...payload('666666666666'), targetNetworkInterfaceId: 'eni-0123456789abcdef0' };
    await expect(handler(withEni, context)).rejects.toThrowError(/with ENI eni-0123456789abcdef0: a member account may only/);
    await expect(createRemediationHandler(clientsForAccount(ROLE))(payload('666666666666'), context)).rejects.toThrowError(
      `allowed: none (${ALLOWED_TARGET_IDS_ENV} is empty)`,
    );
    expect(sts.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  it("still remediates the function's own account with any target", async () => {
    const handler = createRemediationHandler(clientsForAccount(ROLE, []));
    // An own Gateway Load Balancer endpoint target that can receive (verified before it is reused).
    ec2.on(DescribeTrafficMirrorTargetsCommand).resolves({
      TrafficMirrorTargets: [{ TrafficMirrorTargetId: 'tmt-0bad0bad0bad0bad0', OwnerId: CENTRAL, GatewayLoadBalancerEndpointId: 'vpce-0bad0bad0bad0bad0' }],
    });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: 'vpce-0bad0bad0bad0bad0', VpcId: VPC, State: 'Available' }] });
    await expect(handler({ ...payload(CENTRAL), trafficMirrorTargetId: 'tmt-0bad0bad0bad0bad0' }, context)).resolves.toMatchObject({ vpcId: VPC, targetId: 'tmt-0bad0bad0bad0bad0' });
    expect(sts.calls()).toHaveLength(0);
  });

  it('rejects an account ID that is not 12 digits, naming the field', async () => {
    const handler = createRemediationHandler(ec2ForRequestAccount(ROLE));
    await expect(handler(payload('12345'), context)).rejects.toThrowError('accountId must be a 12-digit AWS account ID');
    expect(sts.calls()).toHaveLength(0);
  });
});
