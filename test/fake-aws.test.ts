/**
 * Checks of the fake AWS endpoint itself, through the real SDK clients: the SDK must parse every response and
 * error, and the fake must enforce the EC2 / Config / STS limits the code under test relies on.
 */
import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand, PutEvaluationsCommand, paginateGetComplianceDetailsByConfigRule } from '@aws-sdk/client-config-service';
import type { Evaluation } from '@aws-sdk/client-config-service';
import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorFilterRuleCommand,
  CreateTrafficMirrorSessionCommand,
  CreateTrafficMirrorTargetCommand,
  DeleteTrafficMirrorFilterCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
  EC2Client,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeAws, FakeNetworkInterface, FakeVpc } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';
import { generateInventory } from './support/generate-inventory';

const REGION = 'us-east-1';
const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' };

let fake: FakeAws;
let ec2: EC2Client;
let config: ConfigServiceClient;

const vpc = (n: number): FakeVpc => ({ VpcId: `vpc-${String(n).padStart(17, '0')}` });
const eni = (n: number, vpcId: string, extra: Partial<FakeNetworkInterface> = {}): FakeNetworkInterface => ({
  NetworkInterfaceId: `eni-${String(n).padStart(17, '0')}`,
  VpcId: vpcId,
  Status: 'in-use',
  InterfaceType: 'interface',
  InstanceId: `i-${String(n).padStart(17, '0')}`,
  ...extra,
});

/** The error a call rejects with (fails the test if it resolves). */
async function errorOf(call: Promise<unknown>): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await call;
  } catch (e) {
    return e as { name: string; message: string };
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  fake = await startFakeAws();
  // maxAttempts 1: these checks look at single responses, not at retries.
  ec2 = new EC2Client({ region: REGION, endpoint: fake.endpoint, credentials, maxAttempts: 1 });
  config = new ConfigServiceClient({ region: REGION, endpoint: fake.endpoint, credentials, maxAttempts: 1 });
});

afterAll(async () => {
  ec2.destroy();
  config.destroy();
  await fake.close();
});

afterEach(() => {
  fake.setRegion(REGION);
  fake.resetCalls();
});

describe('EC2 Describe pagination and limits', () => {
  it('pages by MaxResults with NextToken, in a stable order, and returns everything without MaxResults', async () => {
    const vpcs = Array.from({ length: 12 }, (_, i) => vpc(i));
    fake.region(REGION).vpcs = vpcs;
    const pageSizes: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateDescribeVpcs({ client: ec2, pageSize: 5 }, {})) {
      pageSizes.push(page.Vpcs?.length ?? 0);
      seen.push(...(page.Vpcs ?? []).map((v) => v.VpcId ?? ''));
    }
    expect(pageSizes).toEqual([5, 5, 2]);
    expect(seen).toEqual(vpcs.map((v) => v.VpcId));
    const all = await ec2.send(new DescribeVpcsCommand({}));
    expect(all.Vpcs).toHaveLength(12);
    expect(all.NextToken).toBeUndefined();
    expect(all.Vpcs?.[0]).toMatchObject({ VpcId: vpcs[0]?.VpcId, OwnerId: fake.accountId, IsDefault: false, State: 'available' });
  });

  it('gives no NextToken when the last page is exactly full', async () => {
    fake.region(REGION).vpcs = Array.from({ length: 10 }, (_, i) => vpc(i));
    const first = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    const second = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5, NextToken: first.NextToken }));
    expect(second.Vpcs).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();
  });

  it.each([4, 1001, 0])('rejects MaxResults %i with InvalidParameterValue', async (maxResults) => {
    const error = await errorOf(ec2.send(new DescribeVpcsCommand({ MaxResults: maxResults })));
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toContain('maxResults');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('accepts MaxResults 5 and 1000', async () => {
    await expect(ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }))).resolves.toBeDefined();
    await expect(ec2.send(new DescribeVpcsCommand({ MaxResults: 1000 }))).resolves.toBeDefined();
  });

  it('rejects a NextToken used with other filters', async () => {
    fake.region(REGION).vpcs = Array.from({ length: 10 }, (_, i) => vpc(i));
    const first = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    const error = await errorOf(
      ec2.send(new DescribeVpcsCommand({ MaxResults: 5, NextToken: first.NextToken, Filters: [{ Name: 'is-default', Values: ['true'] }] })),
    );
    expect(error.name).toBe('InvalidPaginationToken');
  });

  it('rejects network interface IDs combined with MaxResults, as EC2 does', async () => {
    fake.region(REGION).vpcs = [vpc(1)];
    fake.region(REGION).networkInterfaces = [eni(1, vpc(1).VpcId)];
    const error = await errorOf(
      ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni(1, '').NetworkInterfaceId], MaxResults: 5 })),
    );
    expect(error.name).toBe('InvalidParameterCombination');
  });

  it('answers an unknown explicit ID with the NotFound code, and an unknown filter ID with nothing', async () => {
    fake.region(REGION).vpcs = [vpc(1)];
    const error = await errorOf(ec2.send(new DescribeVpcsCommand({ VpcIds: [vpc(1).VpcId, 'vpc-0000000000000dead'] })));
    expect(error.name).toBe('InvalidVpcID.NotFound');
    expect(error.message).toBe("The vpc ID 'vpc-0000000000000dead' does not exist");
    const byFilter = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0000000000000dead'] }] }));
    expect(byFilter.Vpcs).toEqual([]);
  });

  it('allows 200 values per filter and rejects 201 with FilterLimitExceeded', async () => {
    const ids = Array.from({ length: 201 }, (_, i) => vpc(i).VpcId);
    await expect(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: ids.slice(0, 200) }] }))).resolves.toBeDefined();
    const error = await errorOf(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: ids }] })));
    expect(error.name).toBe('FilterLimitExceeded');
  });

  it('lists ENIs by up to 200 VPC IDs at a time, with the status and type filters, paged; 201 is FilterLimitExceeded', async () => {
    const vpcIds = Array.from({ length: 201 }, (_, i) => vpc(i).VpcId);
    // 6 instance ENIs in each of the first 200 VPCs (1200, two pages of 1000), and one unattached ENI in each.
    fake.region(REGION).networkInterfaces = vpcIds.flatMap((v, i) => [
      ...Array.from({ length: 6 }, (_, k) => eni(i * 10 + k, v)),
      eni(i * 10 + 9, v, { Status: 'available', InstanceId: undefined }),
    ]);
    const filters = (values: string[]) => [
      { Name: 'vpc-id', Values: values },
      { Name: 'status', Values: ['in-use'] },
      { Name: 'interface-type', Values: ['interface'] },
    ];
    const first = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: filters(vpcIds.slice(0, 200)), MaxResults: 1000 }));
    expect(first.NetworkInterfaces).toHaveLength(1000);
    const second = await ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: filters(vpcIds.slice(0, 200)), MaxResults: 1000, NextToken: first.NextToken }),
    );
    expect(second.NetworkInterfaces).toHaveLength(200);
    expect(second.NextToken).toBeUndefined();
    expect(new Set([...first.NetworkInterfaces!, ...second.NetworkInterfaces!].map((n) => n.Status))).toEqual(new Set(['in-use']));
    const error = await errorOf(ec2.send(new DescribeNetworkInterfacesCommand({ Filters: filters(vpcIds), MaxResults: 1000 })));
    expect(error.name).toBe('FilterLimitExceeded');
  });

  it('rejects filter names EC2 does not document for the call', async () => {
    const error = await errorOf(ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc_id', Values: ['x'] }] })));
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toContain("'vpc_id'");
  });

  it('filters ENIs by VPC, status, type, instance and tag, combining filters with AND and values with OR', async () => {
    const [a, b] = [vpc(1).VpcId, vpc(2).VpcId];
    fake.region(REGION).networkInterfaces = [
      eni(1, a, { Tags: [{ Key: 'team', Value: 'blue' }] }),
      eni(2, a, { Status: 'available', InstanceId: undefined }),
      eni(3, b, { InterfaceType: 'network_load_balancer', InstanceId: undefined }),
      eni(4, b, { Tags: [{ Key: 'team', Value: 'red' }] }),
    ];
    const ids = async (filters: { Name: string; Values: string[] }[]) =>
      ((await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: filters }))).NetworkInterfaces ?? []).map((n) =>
        n.NetworkInterfaceId?.slice(-1),
      );
    expect(await ids([{ Name: 'vpc-id', Values: [a] }])).toEqual(['1', '2']);
    expect(await ids([{ Name: 'vpc-id', Values: [a, b] }, { Name: 'status', Values: ['in-use'] }])).toEqual(['1', '3', '4']);
    expect(await ids([{ Name: 'interface-type', Values: ['network_load_balancer'] }])).toEqual(['3']);
    expect(await ids([{ Name: 'attachment.instance-id', Values: [eni(4, b).InstanceId ?? ''] }])).toEqual(['4']);
    expect(await ids([{ Name: 'tag:team', Values: ['bl*'] }])).toEqual(['1']);
    expect(await ids([{ Name: 'tag-key', Values: ['team'] }])).toEqual(['1', '4']);
    const attached = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eni(1, a).NetworkInterfaceId] }));
    expect(attached.NetworkInterfaces?.[0]).toMatchObject({
      VpcId: a,
      Status: 'in-use',
      InterfaceType: 'interface',
      Attachment: { InstanceId: eni(1, a).InstanceId, Status: 'attached' },
      TagSet: [{ Key: 'team', Value: 'blue' }],
    });
  });
});

describe('EC2 reachability and regions', () => {
  it('serves enabled regions, peerings and transit gateway attachments with their documented filters', async () => {
    const state = fake.setRegion(REGION, generateInventory({ vpcs: 25, networkInterfaces: 30, sessions: 2, seed: 2 }));
    const regions = await ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1', 'eu-west-1']);

    const [requester, accepter] = [state.vpcs[1]?.VpcId, state.vpcs[2]?.VpcId];
    const peerings = await ec2.send(
      new DescribeVpcPeeringConnectionsCommand({
        Filters: [
          { Name: 'requester-vpc-info.vpc-id', Values: [requester ?? ''] },
          { Name: 'status-code', Values: ['active'] },
        ],
      }),
    );
    expect(peerings.VpcPeeringConnections).toMatchObject([
      { RequesterVpcInfo: { VpcId: requester }, AccepterVpcInfo: { VpcId: accepter }, Status: { Code: 'active' } },
    ]);

    const attached = state.vpcs[10]?.VpcId ?? '';
    const vpcAttachments = await ec2.send(
      new DescribeTransitGatewayVpcAttachmentsCommand({ Filters: [{ Name: 'vpc-id', Values: [attached] }] }),
    );
    expect(vpcAttachments.TransitGatewayVpcAttachments).toMatchObject([{ VpcId: attached, State: 'available' }]);
    const attachments = await ec2.send(
      new DescribeTransitGatewayAttachmentsCommand({ Filters: [{ Name: 'resource-id', Values: [attached] }] }),
    );
    expect(attachments.TransitGatewayAttachments).toMatchObject([
      { ResourceId: attached, ResourceType: 'vpc', State: 'available', TransitGatewayId: vpcAttachments.TransitGatewayVpcAttachments?.[0]?.TransitGatewayId },
    ]);
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [attached] }] }));
    expect(groups.SecurityGroups).toMatchObject([{ VpcId: attached, GroupName: 'default', IpPermissionsEgress: [{ IpProtocol: '-1' }] }]);
  });
});

describe('EC2 Traffic Mirroring writes', () => {
  async function mirrorSetup() {
    const [a] = [vpc(1).VpcId];
    fake.region(REGION).networkInterfaces = [eni(1, a), eni(2, a), eni(3, a, { mirrorable: false })];
    const target = await ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: eni(2, a).NetworkInterfaceId }));
    const filter = await ec2.send(
      new CreateTrafficMirrorFilterCommand({
        TagSpecifications: [{ ResourceType: 'traffic-mirror-filter', Tags: [{ Key: 'managed-by', Value: 'test' }] }],
      }),
    );
    return {
      targetId: target.TrafficMirrorTarget?.TrafficMirrorTargetId ?? '',
      filterId: filter.TrafficMirrorFilter?.TrafficMirrorFilterId ?? '',
    };
  }

  it('creates resources with EC2-style IDs and records their tags', async () => {
    const { targetId, filterId } = await mirrorSetup();
    expect(targetId).toMatch(/^tmt-[0-9a-f]{17}$/);
    expect(filterId).toMatch(/^tmf-[0-9a-f]{17}$/);
    await ec2.send(
      new CreateTrafficMirrorFilterRuleCommand({
        TrafficMirrorFilterId: filterId,
        TrafficDirection: 'ingress',
        RuleNumber: 100,
        RuleAction: 'accept',
        DestinationCidrBlock: '0.0.0.0/0',
        SourceCidrBlock: '0.0.0.0/0',
      }),
    );
    const described = await ec2.send(new DescribeTrafficMirrorFiltersCommand({ TrafficMirrorFilterIds: [filterId] }));
    expect(described.TrafficMirrorFilters?.[0]).toMatchObject({
      TrafficMirrorFilterId: filterId,
      Tags: [{ Key: 'managed-by', Value: 'test' }],
      IngressFilterRules: [{ RuleNumber: 100, RuleAction: 'accept', TrafficDirection: 'ingress' }],
    });
  });

  it('answers a retried create with the same ClientToken with the same session, creating nothing new', async () => {
    const { targetId, filterId } = await mirrorSetup();
    const input = {
      NetworkInterfaceId: eni(1, '').NetworkInterfaceId,
      TrafficMirrorTargetId: targetId,
      TrafficMirrorFilterId: filterId,
      SessionNumber: 1,
      ClientToken: 'retry-token-1',
    };
    const first = await ec2.send(new CreateTrafficMirrorSessionCommand(input));
    const again = await ec2.send(new CreateTrafficMirrorSessionCommand(input));
    expect(first.TrafficMirrorSession?.TrafficMirrorSessionId).toMatch(/^tms-[0-9a-f]{17}$/);
    expect(again.TrafficMirrorSession?.TrafficMirrorSessionId).toBe(first.TrafficMirrorSession?.TrafficMirrorSessionId);
    expect(again.ClientToken).toBe('retry-token-1');
    expect(fake.region(REGION).sessions).toHaveLength(1);
    const mismatch = await errorOf(ec2.send(new CreateTrafficMirrorSessionCommand({ ...input, SessionNumber: 2 })));
    expect(mismatch.name).toBe('IdempotentParameterMismatch');
    expect(fake.region(REGION).sessions).toHaveLength(1);
  });

  it('refuses a source ENI that cannot be mirrored, and unknown IDs with their NotFound codes', async () => {
    const { targetId, filterId } = await mirrorSetup();
    const base = { TrafficMirrorTargetId: targetId, TrafficMirrorFilterId: filterId, SessionNumber: 1 };
    const unsupported = await errorOf(
      ec2.send(new CreateTrafficMirrorSessionCommand({ ...base, NetworkInterfaceId: eni(3, '').NetworkInterfaceId })),
    );
    expect(unsupported.name).toBe('NetworkInterfaceNotSupported');
    const missingEni = await errorOf(
      ec2.send(new CreateTrafficMirrorSessionCommand({ ...base, NetworkInterfaceId: 'eni-0000000000000dead' })),
    );
    expect(missingEni.name).toBe('InvalidNetworkInterfaceID.NotFound');
    const missingFilter = await errorOf(
      ec2.send(
        new CreateTrafficMirrorSessionCommand({ ...base, NetworkInterfaceId: eni(1, '').NetworkInterfaceId, TrafficMirrorFilterId: 'tmf-0000000000000dead' }),
      ),
    );
    expect(missingFilter.name).toBe('InvalidTrafficMirrorFilterId.NotFound');
    expect(fake.region(REGION).sessions).toEqual([]);
  });

  it('refuses to delete a filter a session uses', async () => {
    const { targetId, filterId } = await mirrorSetup();
    await ec2.send(
      new CreateTrafficMirrorSessionCommand({
        NetworkInterfaceId: eni(1, '').NetworkInterfaceId,
        TrafficMirrorTargetId: targetId,
        TrafficMirrorFilterId: filterId,
        SessionNumber: 1,
      }),
    );
    const error = await errorOf(ec2.send(new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: filterId })));
    expect(error.name).toBe('TrafficMirrorFilterInUse');
  });
});

describe('fault injection', () => {
  it('fails the next call with the injected EC2 error, parsed by the SDK, then recovers', async () => {
    fake.failNext('DescribeVpcs', { code: 'UnauthorizedOperation', status: 403, message: 'You are not authorized' });
    const error = await errorOf(ec2.send(new DescribeVpcsCommand({})));
    expect(error.name).toBe('UnauthorizedOperation');
    expect(error.message).toBe('You are not authorized');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    await expect(ec2.send(new DescribeVpcsCommand({}))).resolves.toBeDefined();
    expect(fake.calls().map((c) => [c.operation, c.errorCode])).toEqual([
      ['DescribeVpcs', 'UnauthorizedOperation'],
      ['DescribeVpcs', undefined],
    ]);
  });

  it('lets the SDK retry an injected throttling error', async () => {
    const retrying = new EC2Client({ region: REGION, endpoint: fake.endpoint, credentials, maxAttempts: 3 });
    fake.failNext('DescribeVpcs', { code: 'RequestLimitExceeded', status: 503 });
    const result = await retrying.send(new DescribeVpcsCommand({}));
    expect(result.$metadata.attempts).toBe(2);
    expect(fake.callCounts()).toEqual({ DescribeVpcs: 2 });
    retrying.destroy();
  });
});

describe('Config', () => {
  const evaluation = (id: string, annotation = 'ok'): Evaluation => ({
    ComplianceResourceType: 'AWS::EC2::VPC',
    ComplianceResourceId: id,
    ComplianceType: 'COMPLIANT',
    Annotation: annotation,
    OrderingTimestamp: new Date('2026-11-20T10:00:00Z'),
  });

  it('stores evaluations under the rule the ResultToken names, and pages them 10 at a time by default', async () => {
    const token = fake.resultToken('rule-a');
    const ids = Array.from({ length: 25 }, (_, i) => vpc(i).VpcId);
    await config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: ids.map((id) => evaluation(id)) }));
    const first = await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'rule-a' }));
    expect(first.EvaluationResults).toHaveLength(10);
    expect(first.EvaluationResults?.[0]).toMatchObject({
      ComplianceType: 'COMPLIANT',
      Annotation: 'ok',
      EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'rule-a', ResourceType: 'AWS::EC2::VPC', ResourceId: ids[0] } },
    });
    const all: string[] = [];
    for await (const page of paginateGetComplianceDetailsByConfigRule({ client: config, pageSize: 100 }, { ConfigRuleName: 'rule-a' })) {
      all.push(...(page.EvaluationResults ?? []).map((r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId ?? ''));
    }
    expect(all).toEqual(ids);
    expect(fake.evaluations(REGION).filter((e) => e.configRuleName === 'rule-a')[0]).toEqual({
      region: REGION,
      configRuleName: 'rule-a',
      resourceType: 'AWS::EC2::VPC',
      resourceId: ids[0],
      complianceType: 'COMPLIANT',
      annotation: 'ok',
      orderingTimestamp: '2026-11-20T10:00:00.000Z',
    });
  });

  it('rejects more than 100 evaluations, an annotation over 256 characters, a foreign token and Limit over 100', async () => {
    const token = fake.resultToken('rule-b');
    const tooMany = Array.from({ length: 101 }, (_, i) => evaluation(vpc(i).VpcId));
    expect((await errorOf(config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: tooMany })))).name).toBe(
      'ValidationException',
    );
    const longAnnotation = [evaluation(vpc(1).VpcId, 'x'.repeat(257))];
    expect((await errorOf(config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: longAnnotation })))).name).toBe(
      'ValidationException',
    );
    expect(
      (await errorOf(config.send(new PutEvaluationsCommand({ ResultToken: 'myResultToken', Evaluations: [evaluation('vpc-1')] })))).name,
    ).toBe('InvalidResultTokenException');
    expect((await errorOf(config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'rule-b', Limit: 101 })))).name).toBe(
      'ValidationException',
    );
    expect((await errorOf(config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'no-such-rule' })))).name).toBe(
      'NoSuchConfigRuleException',
    );
    expect(fake.evaluations().filter((e) => e.configRuleName === 'rule-b')).toEqual([]);
  });

  it('returns evaluations marked with failEvaluations as FailedEvaluations without storing them', async () => {
    const token = fake.resultToken('rule-c');
    fake.failEvaluations([vpc(2).VpcId], 1);
    const first = await config.send(
      new PutEvaluationsCommand({ ResultToken: token, Evaluations: [evaluation(vpc(1).VpcId), evaluation(vpc(2).VpcId)] }),
    );
    expect(first.FailedEvaluations?.map((e) => e.ComplianceResourceId)).toEqual([vpc(2).VpcId]);
    expect(fake.evaluations().filter((e) => e.configRuleName === 'rule-c').map((e) => e.resourceId)).toEqual([vpc(1).VpcId]);
    const second = await config.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: [evaluation(vpc(2).VpcId)] }));
    expect(second.FailedEvaluations).toEqual([]);
  });
});

describe('STS and environment', () => {
  it('assumes roles, recognises the credentials it handed out, and denies listed roles', async () => {
    const sts = new STSClient({ region: REGION, endpoint: fake.endpoint, credentials, maxAttempts: 1 });
    const roleArn = 'arn:aws:iam::210987654321:role/vpc-mirroring-guard-member';
    const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'guard' }));
    const expiration = assumed.Credentials?.Expiration?.getTime() ?? 0;
    expect(Math.abs(expiration - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    const asRole = new STSClient({
      region: REGION,
      endpoint: fake.endpoint,
      credentials: {
        accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
        secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
        sessionToken: assumed.Credentials?.SessionToken ?? '',
      },
    });
    const identity = await asRole.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '210987654321', Arn: 'arn:aws:sts::210987654321:assumed-role/vpc-mirroring-guard-member/guard' });
    expect(fake.calls().map((c) => [c.operation, c.roleArn])).toEqual([
      ['AssumeRole', undefined],
      ['GetCallerIdentity', roleArn],
    ]);
    expect(fake.calls()[0]?.params).toMatchObject({ RoleArn: roleArn, RoleSessionName: 'guard' });
    fake.denyAssumeRole(roleArn);
    const denied = await errorOf(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'guard' })));
    expect(denied.name).toBe('AccessDenied');
    sts.destroy();
    asRole.destroy();
  });

  it('env() alone points SDK clients at the fake, in the region asked for', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, fake.env('eu-west-1'));
    try {
      fake.region('eu-west-1').vpcs = [vpc(9)];
      const fromEnv = new EC2Client({});
      const result = await fromEnv.send(new DescribeVpcsCommand({}));
      expect(result.Vpcs?.map((v) => v.VpcId)).toEqual([vpc(9).VpcId]);
      expect(fake.calls().at(-1)).toMatchObject({ service: 'ec2', operation: 'DescribeVpcs', region: 'eu-west-1' });
      const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe(fake.accountId);
      fromEnv.destroy();
    } finally {
      process.env = saved;
    }
  });
});

describe('generateInventory', () => {
  it('is deterministic per seed and puts session sources in distinct VPCs', () => {
    const spec = { vpcs: 50, networkInterfaces: 200, sessions: 40, seed: 9 };
    const a = generateInventory(spec);
    expect(generateInventory(spec)).toEqual(a);
    expect(generateInventory({ ...spec, seed: 10 }).vpcs[0]?.VpcId).not.toBe(a.vpcs[0]?.VpcId);
    expect(a.vpcs.filter((v) => v.IsDefault)).toHaveLength(1);
    expect(a.networkInterfaces).toHaveLength(200);
    const eniVpc = new Map(a.networkInterfaces.map((n) => [n.NetworkInterfaceId, n.VpcId]));
    expect(new Set(a.sessions.map((s) => eniVpc.get(s.NetworkInterfaceId))).size).toBe(40);
    const sources = a.networkInterfaces.filter((n) => a.sessions.some((s) => s.NetworkInterfaceId === n.NetworkInterfaceId));
    expect(sources.every((n) => n.Status === 'in-use' && n.InterfaceType === 'interface' && n.InstanceId)).toBe(true);
  });

  it('with acceptingFilters false, gives every session the filter that mirrors nothing', () => {
    const inv = generateInventory({ vpcs: 10, networkInterfaces: 20, sessions: 5, acceptingFilters: false });
    const filterIds = new Set(inv.sessions.map((s) => s.TrafficMirrorFilterId));
    expect(filterIds.size).toBe(1);
    const filter = inv.filters.find((f) => filterIds.has(f.TrafficMirrorFilterId));
    expect(filter).toMatchObject({ IngressFilterRules: [], EgressFilterRules: [], NetworkServices: [] });
  });
});
