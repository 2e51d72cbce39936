/**
 * The CLI's `audit` end to end: the real bin in a child process, the real SDK over HTTP against the local fake AWS
 * endpoint (EC2 Query protocol, STS), with only the fake's environment. Checks the printed rows, exit codes, error
 * messages, and the calls each run makes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkActionsUsedBy } from '../infra/sdk-actions';
import type { FakeAws, FakeRegion } from './support/fake-aws';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY, startFakeAws } from './support/fake-aws';
import { runCliProcess } from './support/cli-process';
import { pathCalls } from './support/path-budget';

const ENABLED_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const NO_SESSION = 'No traffic mirror session has a source ENI in this VPC';
const DENIED = 'You are not authorized to perform this operation.';

let fake: FakeAws;
let scratch: string;

beforeAll(async () => {
  fake = await startFakeAws({ enabledRegions: ENABLED_REGIONS, accountId: '210987654321' });
  scratch = mkdtempSync(join(tmpdir(), 'cli-test-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  for (const region of ENABLED_REGIONS) fake.setRegion(region);
  fake.resetCalls();
});

const hex = (n: number) => n.toString(16).padStart(17, '0');

/** Adds a VPC to the region; with `mirrored`, an instance ENI in it that is the source of a session. */
function addVpc(state: FakeRegion, n: number, options: { name?: string; mirrored?: boolean; filter?: 'accept' | 'reject'; tags?: Record<string, string>; isDefault?: boolean } = {}): string {
  const vpcId = `vpc-${hex(n)}`;
  const tags = { ...(options.name !== undefined ? { Name: options.name } : {}), ...options.tags };
  state.vpcs.push({ VpcId: vpcId, IsDefault: options.isDefault ?? false, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
  const eni = `eni-${hex(n)}`;
  state.networkInterfaces.push({ NetworkInterfaceId: eni, VpcId: vpcId, Status: 'in-use', InterfaceType: 'interface', InstanceId: `i-${hex(n)}` });
  // Every VPC is on one transit gateway and routes the private range there: a target in another VPC is reachable.
  state.routeTables.push({ RouteTableId: `rtb-${hex(n)}`, VpcId: vpcId, Associations: [{ Main: true }], Routes: [{ DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: `tgw-${hex(1)}` }] });
  state.transitGatewayAttachments.push({ TransitGatewayAttachmentId: `tgw-attach-${hex(n)}`, TransitGatewayId: `tgw-${hex(1)}`, VpcId: vpcId, State: 'available' });
  if (options.mirrored) {
    const filterId = `tmf-${hex(options.filter === 'reject' ? 2 : 1)}`;
    if (!state.filters.some((f) => f.TrafficMirrorFilterId === filterId)) {
      state.filters.push({
        TrafficMirrorFilterId: filterId,
        IngressFilterRules: [
          {
            TrafficMirrorFilterRuleId: `tmfr-${hex(n)}`,
            TrafficMirrorFilterId: filterId,
            TrafficDirection: 'ingress',
            RuleNumber: 100,
            RuleAction: options.filter ?? 'accept',
            SourceCidrBlock: '0.0.0.0/0',
            DestinationCidrBlock: '0.0.0.0/0',
          },
        ],
        EgressFilterRules: [],
        NetworkServices: [],
      });
    }
    // The sessions' target: a Gateway Load Balancer endpoint that is available, so it can receive (verifyTarget).
    if (!state.targets.some((t) => t.TrafficMirrorTargetId === `tmt-${hex(9)}`)) {
      state.targets.push({ TrafficMirrorTargetId: `tmt-${hex(9)}`, Type: 'gateway-load-balancer-endpoint', GatewayLoadBalancerEndpointId: `vpce-${hex(9)}` });
      state.vpcEndpoints.push({ VpcEndpointId: `vpce-${hex(9)}`, VpcEndpointType: 'GatewayLoadBalancer', VpcId: vpcId, State: 'available' });
    }
    state.sessions.push({
      TrafficMirrorSessionId: `tms-${hex(n)}`,
      NetworkInterfaceId: eni,
      TrafficMirrorTargetId: `tmt-${hex(9)}`,
      TrafficMirrorFilterId: filterId,
      SessionNumber: 1,
    });
  }
  return vpcId;
}

const mirroredBy = (n: number) => `Mirrored by tms-${hex(n)} (source eni-${hex(n)}, target tmt-${hex(9)})`;
const audit = (args: string[], region = 'us-east-1') => runCliProcess(['audit', ...args], fake.env(region));

/** The data rows of a cli-table3 table: cells between the │ borders, trimmed. */
function tableRows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│').slice(1, -1).map((c) => c.trim()));
}

describe('audit of a compliant account', () => {
  it('prints one table row per VPC, a summary, nothing on stderr (no progress when not a terminal), exit 0', async () => {
    const state = fake.region('us-east-1');
    const prod = addVpc(state, 1, { name: 'prod', mirrored: true });
    const unnamed = addVpc(state, 2, { mirrored: true });

    const run = await audit(['--region', 'us-east-1']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(tableRows(run.stdout)).toEqual([
      ['Account', 'Region', 'VPC', 'Name', 'Compliance', 'Annotation'],
      ['210987654321', 'us-east-1', prod, 'prod', 'COMPLIANT', mirroredBy(1)],
      ['210987654321', 'us-east-1', unnamed, '', 'COMPLIANT', mirroredBy(2)],
    ]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('2 VPCs in 1 region: 2 COMPLIANT, 0 NON_COMPLIANT, 0 NOT_APPLICABLE');
    // The rule's region read (4 listings, 2 to verify the one target, and the route to it from the second VPC:
    // its main route table and both VPCs' attachments) plus the account lookup: nothing per VPC.
    expect(fake.callCounts()).toEqual({
      GetCallerIdentity: 1,
      DescribeVpcs: 1,
      DescribeTrafficMirrorSessions: 1,
      DescribeTrafficMirrorFilters: 1,
      DescribeNetworkInterfaces: 1,
      DescribeTrafficMirrorTargets: 1,
      DescribeVpcEndpoints: 1,
      ...pathCalls(state),
    });
    expect(pathCalls(state)).toEqual({ DescribeRouteTables: 1, DescribeTransitGatewayVpcAttachments: 1 });
  });

  it('is compliant when the only unmirrored VPCs are exempt by tag or are default VPCs the flags ignore', async () => {
    const state = fake.region('us-east-1');
    addVpc(state, 1, { mirrored: true });
    const lab = addVpc(state, 2, { tags: { 'mirroring-exempt': 'yes' } });
    const dflt = addVpc(state, 3, { isDefault: true });

    const strict = await audit(['--region', 'us-east-1', '--format', 'json']);
    expect(strict.code).toBe(1);

    const run = await audit(['--region', 'us-east-1', '--format', 'json', '--exempt-tag', 'mirroring-exempt=yes', '--ignore-default-vpc']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { vpcId: string; compliance: string; annotation: string }[];
    expect(rows.find((r) => r.vpcId === lab)).toMatchObject({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Exempt: the VPC is tagged mirroring-exempt=yes (rule parameter exemptTagKey)',
    });
    expect(rows.find((r) => r.vpcId === dflt)).toMatchObject({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Default VPC, not evaluated because rule parameter ignoreDefaultVpc is true',
    });
  });
});

describe('audit of a non-compliant account', () => {
  it('prints the JSON array of rows and exits 1', async () => {
    const state = fake.region('us-east-1');
    const prod = addVpc(state, 1, { name: 'prod', mirrored: true });
    const dev = addVpc(state, 2, { name: 'dev' });
    const rejecting = addVpc(state, 3, { mirrored: true, filter: 'reject' });

    const run = await audit(['--region', 'us-east-1', '--format', 'json']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      { accountId: '210987654321', region: 'us-east-1', vpcId: prod, name: 'prod', compliance: 'COMPLIANT', annotation: mirroredBy(1) },
      { accountId: '210987654321', region: 'us-east-1', vpcId: dev, name: 'dev', compliance: 'NON_COMPLIANT', annotation: NO_SESSION },
      {
        accountId: '210987654321',
        region: 'us-east-1',
        vpcId: rejecting,
        name: null,
        compliance: 'NON_COMPLIANT',
        annotation: `1 session has its source in this VPC, but its filter accepts no traffic (no accept rule, no amazon-dns): tms-${hex(3)} (filter tmf-${hex(2)})`,
      },
    ]);
  });

  it('prints CSV with a header, quoting fields that hold commas', async () => {
    const state = fake.region('us-east-1');
    const named = addVpc(state, 1, { name: 'prod, "blue"' });
    const mirrored = addVpc(state, 2, { mirrored: true });

    const run = await audit(['--region', 'us-east-1', '--format', 'csv']);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'accountId,region,vpcId,name,compliance,annotation\r\n' +
        `210987654321,us-east-1,${named},"prod, ""blue""",NON_COMPLIANT,${NO_SESSION}\r\n` +
        `210987654321,us-east-1,${mirrored},,COMPLIANT,"${mirroredBy(2)}"\r\n`,
    );
  });

  it('applies --mode all and --require-accept-rule false as the rule parameters do', async () => {
    const state = fake.region('us-east-1');
    const vpc = addVpc(state, 1, { mirrored: true, filter: 'reject' });
    state.networkInterfaces.push({ NetworkInterfaceId: `eni-${hex(11)}`, VpcId: vpc, Status: 'in-use', InterfaceType: 'interface', InstanceId: `i-${hex(11)}` });

    const anyMode = await audit(['--region', 'us-east-1', '--format', 'json', '--require-accept-rule', 'false']);
    expect(JSON.parse(anyMode.stdout)).toMatchObject([{ vpcId: vpc, compliance: 'COMPLIANT', annotation: mirroredBy(1) }]);
    expect(anyMode.code).toBe(0);

    const allMode = await audit(['--region', 'us-east-1', '--format', 'json', '--require-accept-rule', 'FALSE', '--mode', 'all']);
    expect(JSON.parse(allMode.stdout)).toMatchObject([
      { vpcId: vpc, compliance: 'NON_COMPLIANT', annotation: `1 of 2 instance ENIs are not mirrored: eni-${hex(11)}` },
    ]);
    expect(allMode.code).toBe(1);
  });
});

describe('regions', () => {
  it('--all-regions asks DescribeRegions once and audits every enabled region, rows sorted by region', async () => {
    const use1 = addVpc(fake.region('us-east-1'), 1, { mirrored: true });
    const euw1 = addVpc(fake.region('eu-west-1'), 2);
    const aps2 = addVpc(fake.region('ap-southeast-2'), 3, { mirrored: true });

    const run = await audit(['--all-regions', '--format', 'json']);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { region: string; vpcId: string; compliance: string }[]).map((r) => [r.region, r.vpcId, r.compliance])).toEqual([
      ['ap-southeast-2', aps2, 'COMPLIANT'],
      ['eu-west-1', euw1, 'NON_COMPLIANT'],
      ['us-east-1', use1, 'COMPLIANT'],
    ]);
    expect(fake.callCounts()).toMatchObject({ DescribeRegions: 1, GetCallerIdentity: 1, DescribeVpcs: 3 });
    for (const region of ENABLED_REGIONS) expect(fake.callCounts({ region }).DescribeVpcs).toBe(1);
  });

  it('repeated --region audits those regions only', async () => {
    addVpc(fake.region('us-east-1'), 1);
    const euw1 = addVpc(fake.region('eu-west-1'), 2, { mirrored: true });
    const aps2 = addVpc(fake.region('ap-southeast-2'), 3, { mirrored: true });

    const run = await audit(['--region', 'eu-west-1', '--region', 'ap-southeast-2', '--format', 'csv']);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\r\n').filter(Boolean).slice(1).map((l) => l.split(',').slice(1, 3))).toEqual([
      ['ap-southeast-2', aps2],
      ['eu-west-1', euw1],
    ]);
    expect(fake.callCounts().DescribeRegions).toBeUndefined();
    expect(fake.callCounts({ region: 'us-east-1' })).toEqual({});
  });

  it('without --region, audits the SDK default region (AWS_REGION)', async () => {
    const euw1 = addVpc(fake.region('eu-west-1'), 2, { mirrored: true });
    const run = await audit(['--format', 'json'], 'eu-west-1');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([{ region: 'eu-west-1', vpcId: euw1 }]);
  });

  it('--profile takes the region and credentials of that profile in the shared config file', async () => {
    const aps2 = addVpc(fake.region('ap-southeast-2'), 3, { mirrored: true });
    const configFile = join(scratch, 'config');
    writeFileSync(
      configFile,
      ['[profile auditor]', 'region = ap-southeast-2', `aws_access_key_id = ${FAKE_ACCESS_KEY_ID}`, `aws_secret_access_key = ${FAKE_SECRET_ACCESS_KEY}`, ''].join('\n'),
    );
    const env: Record<string, string> = { ...fake.env(), AWS_CONFIG_FILE: configFile };
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[name];

    const run = await runCliProcess(['audit', '--profile', 'auditor', '--format', 'json'], env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([{ region: 'ap-southeast-2', vpcId: aps2, compliance: 'COMPLIANT' }]);
  });
});

describe('usage errors exit 2, print the reason on stderr, and call nothing', () => {
  it.each([
    [['--mode', 'some'], `error: --mode "some": Rule parameter 'mode' accepts "any" or "all"`],
    [['--require-accept-rule', 'yes'], `error: --require-accept-rule "yes": Rule parameter 'requireAcceptRule' accepts "true" or "false"`],
    [['--exempt-tag', '=prod'], `error: --exempt-tag "=prod": Rule parameter 'exemptTagKey' accepts a tag key of 1 to 128 characters`],
    [['--format', 'xml'], 'error: --format "xml": accepts table, json, csv'],
    [['--region', 'useast1'], 'error: --region "useast1": accepts an AWS Region name such as us-east-1'],
    [['--region', 'us-east-1', '--all-regions'], 'error: --region and --all-regions cannot be used together: give regions, or ask for every enabled region'],
  ])('audit %j', async (args, message) => {
    const run = await audit(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${message}\n`);
    expect(fake.calls()).toEqual([]);
  });

  it('an unknown option is reported by the argument parser', async () => {
    const run = await audit(['--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: unknown option '--frobnicate'\n/);
    expect(fake.calls()).toEqual([]);
  });

  it('no region anywhere: names the ways to give one', async () => {
    const env = fake.env();
    delete env.AWS_REGION;
    delete env.AWS_DEFAULT_REGION;
    const run = await runCliProcess(['audit'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: No region to audit: pass --region REGION (repeatable) or --all-regions, or set AWS_REGION or a region in the AWS profile\n',
    );
    expect(fake.calls()).toEqual([]);
  });

  it('no command: prints the help on stderr', async () => {
    const run = await runCliProcess([], fake.env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: vpc-mirroring-guard [options] [command]');
    expect(run.stdout).toBe('');
  });

  it('--help and --version exit 0', async () => {
    const help = await runCliProcess(['audit', '--help'], fake.env());
    expect(help.code).toBe(0);
    for (const flag of ['--region', '--all-regions', '--profile', '--mode', '--require-accept-rule', '--exempt-tag', '--ignore-default-vpc', '--format', '--debug']) {
      expect(help.stdout).toContain(flag);
    }
    const version = await runCliProcess(['--version'], fake.env());
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});

describe('AWS errors exit 2 and name the region and the call', () => {
  it('access denied on a read: one line, no stack trace, nothing on stdout', async () => {
    addVpc(fake.region('us-east-1'), 1, { mirrored: true });
    fake.failNext('DescribeTrafficMirrorSessions', { code: 'UnauthorizedOperation', status: 403, message: DENIED });

    const run = await audit(['--region', 'us-east-1']);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: us-east-1: DescribeTrafficMirrorSessions failed: UnauthorizedOperation: ${DENIED}\n`);
  });

  it('--debug adds the stack trace and the calls made', async () => {
    fake.failNext('DescribeVpcs', { code: 'UnauthorizedOperation', status: 403, message: DENIED });

    const run = await audit(['--region', 'us-east-1', '--debug']);

    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe(`error: us-east-1: DescribeVpcs failed: UnauthorizedOperation: ${DENIED}`);
    expect(lines.some((l) => /^\s+at /.test(l))).toBe(true);
    // The counts of logical calls: the account lookup, then the region's listings started together.
    expect(lines).toContainEqual(expect.stringMatching(/^API calls: \{.*"DescribeVpcs":1,"GetCallerIdentity":1\}$/));
  });

  it('invalid credentials fail once, at the account lookup, before any region is read', async () => {
    fake.failNext('GetCallerIdentity', { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' });

    const run = await audit(['--all-regions']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: ap-southeast-2: GetCallerIdentity failed: InvalidClientTokenId: The security token included in the request is invalid.\n');
    expect(fake.callCounts({ service: 'ec2' })).toEqual({ DescribeRegions: 1 });
  });

  it('one region failing among several: every other region is still read, the failure is reported, no rows printed', async () => {
    for (const [i, region] of ENABLED_REGIONS.entries()) addVpc(fake.region(region), i + 1, { mirrored: true });
    fake.failNext('DescribeTrafficMirrorFilters', { code: 'UnauthorizedOperation', status: 403, message: DENIED });

    const run = await audit(['--all-regions', '--format', 'json']);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: (us-east-1|eu-west-1|ap-southeast-2): DescribeTrafficMirrorFilters failed: UnauthorizedOperation: You are not authorized to perform this operation\.\n$/);
    expect(fake.callCounts({ service: 'ec2' }).DescribeVpcs).toBe(3);
  });
});

describe('IAM', () => {
  it('every call an audit makes is an action the audit code can call (the policy in docs/cli.md lists them)', async () => {
    const east = fake.region('us-east-1');
    const vpcId = addVpc(east, 1, { mirrored: true });
    addVpc(fake.region('eu-west-1'), 2, { mirrored: true });
    // A source in another VPC than the target, so the route to it is read too, and its table names a peering.
    const third = addVpc(east, 3, { mirrored: true });
    east.routeTables.find((t) => t.VpcId === third)?.Routes?.push({ DestinationCidrBlock: '192.168.0.0/16', VpcPeeringConnectionId: `pcx-${hex(3)}` });
    east.vpcPeeringConnections.push({
      VpcPeeringConnectionId: `pcx-${hex(3)}`,
      RequesterVpcInfo: { VpcId: third, Region: 'us-east-1' },
      AccepterVpcInfo: { VpcId: `vpc-${hex(4)}`, Region: 'us-east-1' },
      Status: { Code: 'active' },
    });
    // Targets of the other two kinds, so verifying them reads their ENI, groups, network ACL, NLB and listeners.
    const nlbArn = 'arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/net/collector/0123456789abcdef';
    east.networkInterfaces.push({ NetworkInterfaceId: `eni-${hex(7)}`, VpcId: vpcId, SubnetId: 'subnet-7', Status: 'in-use', InterfaceType: 'interface', Groups: [{ GroupId: 'sg-7' }] });
    east.targets.push(
      { TrafficMirrorTargetId: `tmt-${hex(7)}`, Type: 'network-interface', NetworkInterfaceId: `eni-${hex(7)}` },
      { TrafficMirrorTargetId: `tmt-${hex(8)}`, Type: 'network-load-balancer', NetworkLoadBalancerArn: nlbArn },
    );
    east.loadBalancers.push({ LoadBalancerArn: nlbArn, LoadBalancerName: 'collector', Type: 'network', VpcId: vpcId, State: 'active' });
    east.sessions.push(
      { TrafficMirrorSessionId: `tms-${hex(7)}`, NetworkInterfaceId: `eni-${hex(1)}`, TrafficMirrorTargetId: `tmt-${hex(7)}`, TrafficMirrorFilterId: `tmf-${hex(1)}`, SessionNumber: 2 },
      { TrafficMirrorSessionId: `tms-${hex(8)}`, NetworkInterfaceId: `eni-${hex(1)}`, TrafficMirrorTargetId: `tmt-${hex(8)}`, TrafficMirrorFilterId: `tmf-${hex(1)}`, SessionNumber: 3 },
    );
    const run = await audit(['--all-regions', '--mode', 'all', '--format', 'json']);
    expect(run.code).toBe(0);
    const prefix = { ec2: 'ec2', sts: 'sts', config: 'config', elbv2: 'elasticloadbalancing', ssm: 'ssm' } as const;
    const made = [...new Set(fake.calls().map((c) => `${prefix[c.service]}:${c.operation}`))].sort();
    expect(made).toEqual(sdkActionsUsedBy('cli/audit-command.ts'));
  });
});
