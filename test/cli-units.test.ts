/**
 * The CLI's pure parts without any process or endpoint: flag validation against the rule's and the runbook's own
 * schemas, rows, output formats, the region pool, the progress line and the remediation report.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NoMirrorableSourceError, RemediationPreconditionError } from '../remediation';
import type { RemediationResult } from '../remediation';
import { DEFAULT_RULE_PARAMETERS } from '../rule/rule-definition';
import type { AuditRow } from '../cli/audit';
import { auditExitCode, auditRegions, auditRows, REGION_CONCURRENCY, sortRows } from '../cli/audit';
import { describeRegionError, RegionError, UsageError } from '../cli/errors';
import { csvField, formatCsv, formatJson, formatTable, summary } from '../cli/format';
import { parseAuditOptions, parseRemediateOptions, splitExemptTag } from '../cli/options';
import { progressLine, showsProgress, TerminalProgress } from '../cli/progress';
import { formatRemediationText, isRemediationRefusal } from '../cli/remediate-command';
import { inventory, vpc } from './support/inventory-builders';

const row = (vpcId: string, compliance: AuditRow['compliance'], extra: Partial<AuditRow> = {}): AuditRow => ({
  accountId: '123456789012',
  region: 'us-east-1',
  vpcId,
  name: null,
  compliance,
  annotation: compliance === 'COMPLIANT' ? 'Mirrored by tms-1 (source eni-1, target tmt-1)' : 'No traffic mirror session has a source ENI in this VPC',
  ...extra,
});

describe('audit flags', () => {
  it('default to the rule parameters Config would apply to an empty InputParameters, and the table format', () => {
    expect(parseAuditOptions({})).toEqual({ regions: [], allRegions: false, params: DEFAULT_RULE_PARAMETERS, format: 'table', debug: false });
  });

  it('map onto the rule parameters, parsed as the rule parses them (case, whitespace)', () => {
    const options = parseAuditOptions({
      region: ['eu-west-1', 'us-east-1', 'eu-west-1'],
      profile: 'sso-audit',
      mode: 'ALL',
      requireAcceptRule: ' False ',
      verifyTarget: 'FALSE',
      exemptTag: 'team=net=ops',
      ignoreDefaultVpc: true,
      format: 'csv',
      debug: true,
    });
    expect(options).toEqual({
      regions: ['eu-west-1', 'us-east-1'],
      allRegions: false,
      profile: 'sso-audit',
      params: { mode: 'all', requireAcceptRule: false, verifyTarget: false, exemptTagKey: 'team', exemptTagValue: 'net=ops', ignoreDefaultVpc: true },
      format: 'csv',
      debug: true,
    });
  });

  it('--exempt-tag KEY alone exempts any value; KEY= exempts only the empty value', () => {
    expect(splitExemptTag('lab')).toEqual({ exemptTagKey: 'lab' });
    expect(splitExemptTag('lab=')).toEqual({ exemptTagKey: 'lab', exemptTagValue: '' });
    expect(parseAuditOptions({ exemptTag: 'lab' }).params).toEqual({ ...DEFAULT_RULE_PARAMETERS, exemptTagKey: 'lab' });
  });

  it.each([
    [{ mode: 'some' }, `--mode "some": Rule parameter 'mode' accepts "any" or "all"`],
    [{ requireAcceptRule: 'maybe' }, `--require-accept-rule "maybe": Rule parameter 'requireAcceptRule' accepts "true" or "false"`],
    [{ verifyTarget: 'maybe' }, `--verify-target "maybe": Rule parameter 'verifyTarget' accepts "true" or "false"`],
    [{ exemptTag: `${'k'.repeat(129)}=v` }, `--exempt-tag "${'k'.repeat(129)}=v": Rule parameter 'exemptTagKey' accepts a tag key of 1 to 128 characters`],
    [{ exemptTag: `k=${'v'.repeat(257)}` }, `--exempt-tag "k=${'v'.repeat(257)}": Rule parameter 'exemptTagValue' accepts a tag value of up to 256 characters`],
    [{ region: ['us-east-1', 'moon-1'] }, '--region "moon-1": accepts an AWS Region name such as us-east-1'],
    [{ profile: 'my profile' }, '--profile "my profile": accepts a profile name from the AWS config files'],
    [{ format: 'yaml' }, '--format "yaml": accepts table, json, csv'],
    [{ allRegions: true, region: ['us-east-1'] }, '--region and --all-regions cannot be used together: give regions, or ask for every enabled region'],
    [{ mode: 'some', format: 'yaml' }, `--mode "some": Rule parameter 'mode' accepts "any" or "all"; --format "yaml": accepts table, json, csv`],
  ])('reject %j naming the flag and what it accepts', (flags, message) => {
    expect(() => parseAuditOptions(flags)).toThrow(new UsageError(message));
  });

  it('accept every region name shape AWS uses', () => {
    const regions = ['us-east-1', 'us-gov-west-1', 'cn-northwest-1', 'ap-southeast-5', 'eusc-de-east-1', 'us-isob-east-1'];
    expect(parseAuditOptions({ region: regions }).regions).toEqual(regions);
  });
});

describe('remediate flags', () => {
  const base = { vpc: 'vpc-0123456789abcdef0', region: 'eu-west-1' };

  it('become the runbook payload, parsed by the runbook parser, with this run as runId', () => {
    expect(parseRemediateOptions({ ...base, targetEni: 'eni-0123456789abcdef0' }, 'run-1')).toEqual({
      region: 'eu-west-1',
      format: 'text',
      debug: false,
      request: {
        vpcId: 'vpc-0123456789abcdef0',
        target: { kind: 'networkInterface', networkInterfaceId: 'eni-0123456789abcdef0' },
        mirrorAmazonDns: false,
        sourceSelection: 'one',
        sessionNumber: 1,
        dryRun: false,
        runId: 'run-1',
      },
    });
  });

  it.each([
    [{ targetId: 'tmt-0123456789abcdef0' }, { kind: 'existingTarget', trafficMirrorTargetId: 'tmt-0123456789abcdef0' }],
    [{ targetGwlbe: 'vpce-0123456789abcdef0' }, { kind: 'gatewayLoadBalancerEndpoint', gatewayLoadBalancerEndpointId: 'vpce-0123456789abcdef0' }],
    [
      { targetNlb: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/m/0123456789abcdef' },
      { kind: 'networkLoadBalancer', networkLoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/m/0123456789abcdef' },
    ],
  ])('%j names the target', (flags, target) => {
    const options = parseRemediateOptions({ ...base, ...flags, sourceSelection: 'all', dryRun: true, format: 'json' }, 'r');
    expect(options.request).toMatchObject({ target, sourceSelection: 'all', dryRun: true });
    expect(options.format).toBe('json');
  });

  it('reject a bad value naming the flag, with the runbook schema message', () => {
    expect(() => parseRemediateOptions({ ...base, targetEni: 'eni-1' }, 'r')).toThrow(
      new UsageError('--target-eni "eni-1": must look like eni-0123456789abcdef0'),
    );
    expect(() => parseRemediateOptions({ ...base, targetEni: 'eni-0123456789abcdef0', format: 'table' }, 'r')).toThrow(
      new UsageError('--format "table": accepts text, json'),
    );
  });
});

describe('rows', () => {
  it('carry the Name tag of the VPC, or null', () => {
    const inv = inventory({ vpcs: [vpc('vpc-1', { tags: { Name: 'prod', env: 'p' } }), vpc('vpc-2', { tags: { env: 'd' } })] });
    const evaluations = [
      { vpcId: 'vpc-1', compliance: 'COMPLIANT' as const, annotation: 'a', orderingTimestamp: new Date(0) },
      { vpcId: 'vpc-2', compliance: 'NON_COMPLIANT' as const, annotation: 'b', orderingTimestamp: new Date(0) },
    ];
    expect(auditRows('123456789012', 'eu-west-1', inv, evaluations)).toEqual([
      { accountId: '123456789012', region: 'eu-west-1', vpcId: 'vpc-1', name: 'prod', compliance: 'COMPLIANT', annotation: 'a' },
      { accountId: '123456789012', region: 'eu-west-1', vpcId: 'vpc-2', name: null, compliance: 'NON_COMPLIANT', annotation: 'b' },
    ]);
  });

  it('sort by region, then VPC ID; exit 1 only when some VPC is NON_COMPLIANT', () => {
    const rows = [row('vpc-b', 'COMPLIANT'), row('vpc-a', 'NOT_APPLICABLE', { region: 'us-west-2' }), row('vpc-c', 'COMPLIANT', { region: 'eu-west-1' }), row('vpc-a', 'COMPLIANT')];
    expect(sortRows(rows).map((r) => `${r.region}/${r.vpcId}`)).toEqual(['eu-west-1/vpc-c', 'us-east-1/vpc-a', 'us-east-1/vpc-b', 'us-west-2/vpc-a']);
    expect(auditExitCode(rows)).toBe(0);
    expect(auditExitCode([])).toBe(0);
    expect(auditExitCode([...rows, row('vpc-d', 'NON_COMPLIANT')])).toBe(1);
  });
});

describe('formats', () => {
  const rows = [row('vpc-0a', 'COMPLIANT', { name: 'prod' }), row('vpc-0b', 'NON_COMPLIANT')];

  it('table: a header, one row per VPC, no colours, then the summary', () => {
    expect(formatTable(rows)).toBe(
      [
        '┌──────────────┬───────────┬────────┬──────┬───────────────┬────────────────────────────────────────────────────────┐',
        '│ Account      │ Region    │ VPC    │ Name │ Compliance    │ Annotation                                             │',
        '├──────────────┼───────────┼────────┼──────┼───────────────┼────────────────────────────────────────────────────────┤',
        '│ 123456789012 │ us-east-1 │ vpc-0a │ prod │ COMPLIANT     │ Mirrored by tms-1 (source eni-1, target tmt-1)         │',
        '│ 123456789012 │ us-east-1 │ vpc-0b │      │ NON_COMPLIANT │ No traffic mirror session has a source ENI in this VPC │',
        '└──────────────┴───────────┴────────┴──────┴───────────────┴────────────────────────────────────────────────────────┘',
        '2 VPCs in 1 region: 1 COMPLIANT, 1 NON_COMPLIANT, 0 NOT_APPLICABLE',
        '',
      ].join('\n'),
    );
  });

  it('table on a terminal: long annotations and names wrap to the terminal width', () => {
    const eni = (i: number) => `eni-${String(i).padStart(17, '0')}`;
    const long = row('vpc-0123456789abcdef0', 'NON_COMPLIANT', {
      region: 'ap-southeast-2',
      name: 'n'.repeat(60),
      annotation: `12 of 12 instance ENIs are not mirrored: ${Array.from({ length: 12 }, (_, i) => eni(i)).join(', ')}`,
    });
    const text = formatTable([...rows, long], { columns: 140 });
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(140);
    // Nothing is cut: each column, read down, holds the whole text.
    const column = (i: number) =>
      lines
        .filter((l) => l.startsWith('│'))
        .map((l) => l.split('│')[i]!.trim())
        .join(' ');
    expect(column(6)).toContain(long.annotation);
    expect(column(4).replace(/\s/g, '')).toContain(long.name);
  });

  it('summary counts VPCs, regions and verdicts; an account without VPCs says so', () => {
    expect(summary([row('vpc-1', 'NOT_APPLICABLE', { region: 'eu-west-1' }), row('vpc-2', 'COMPLIANT')])).toBe(
      '2 VPCs in 2 regions: 1 COMPLIANT, 0 NON_COMPLIANT, 1 NOT_APPLICABLE',
    );
    expect(formatTable([])).toBe('No VPCs found.\n');
  });

  it('json: an array of { accountId, region, vpcId, name, compliance, annotation }', () => {
    expect(JSON.parse(formatJson(rows))).toEqual(rows);
    expect(Object.keys((JSON.parse(formatJson(rows)) as object[])[1]!)).toEqual(['accountId', 'region', 'vpcId', 'name', 'compliance', 'annotation']);
    expect(formatJson([])).toBe('[]\n');
  });

  it('csv: RFC 4180 quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsv([row('vpc-1', 'NON_COMPLIANT', { name: 'x,y' })])).toBe(
      'accountId,region,vpcId,name,compliance,annotation\r\n123456789012,us-east-1,vpc-1,"x,y",NON_COMPLIANT,No traffic mirror session has a source ENI in this VPC\r\n',
    );
  });
});

/** A promise and the functions that settle it, so a test decides when each region's audit finishes. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the region pool', () => {
  it(`runs at most ${REGION_CONCURRENCY} regions at once, reports progress, and sorts the rows`, async () => {
    const regions = Array.from({ length: REGION_CONCURRENCY + 3 }, (_, i) => `xx-test-${i + 1}`);
    const pending = new Map(regions.map((r) => [r, deferred<AuditRow[]>()]));
    const events: string[] = [];
    const running = new Set<string>();
    let most = 0;
    const result = auditRegions(
      regions,
      (region) => pending.get(region)!.promise,
      {
        started: (r) => (events.push(`+${r}`), running.add(r), (most = Math.max(most, running.size))),
        finished: (r) => (events.push(`-${r}`), running.delete(r)),
      },
    );
    await tick();
    expect(running.size).toBe(REGION_CONCURRENCY);
    for (const region of [...regions].reverse()) {
      pending.get(region)!.resolve([row(`vpc-${region}`, 'COMPLIANT', { region })]);
      await tick();
    }
    const rows = await result;
    expect(most).toBe(REGION_CONCURRENCY);
    expect(events.filter((e) => e.startsWith('+'))).toHaveLength(regions.length);
    expect(events.filter((e) => e.startsWith('-'))).toHaveLength(regions.length);
    expect(rows.map((r) => r.region)).toEqual([...regions].sort());
  });

  it('finishes every region when one fails, then rejects with the failure labelled by region', async () => {
    const done: string[] = [];
    const audit = (region: string) =>
      region === 'eu-west-1' ? Promise.reject(new Error('boom')) : Promise.resolve((done.push(region), [row('vpc-1', 'COMPLIANT', { region })]));
    await expect(auditRegions(['us-east-1', 'eu-west-1', 'us-west-2'], audit)).rejects.toThrow(new RegionError('eu-west-1', new Error('boom')));
    expect(done.sort()).toEqual(['us-east-1', 'us-west-2']);
  });

  it('reports every failed region', async () => {
    const failure = await auditRegions(['us-east-1', 'eu-west-1'], (region) => Promise.reject(new Error(`no ${region}`))).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AggregateError);
    expect((failure as AggregateError).errors.map((e: Error) => e.message).sort()).toEqual(['eu-west-1: no eu-west-1', 'us-east-1: no us-east-1']);
  });
});

describe('errors', () => {
  it('an error from outside an AWS call is the region and the message', () => {
    expect(describeRegionError('us-east-1', new Error('DescribeRegions listed nothing'))).toBe('us-east-1: DescribeRegions listed nothing');
    expect(describeRegionError('us-east-1', 'text')).toBe('us-east-1: text');
  });

  it('remediation refusals (exit 1) are told apart from other failures (exit 2)', () => {
    expect(isRemediationRefusal(new RemediationPreconditionError(['VPC vpc-1 (VpcId) does not exist']))).toBe(true);
    expect(isRemediationRefusal(new NoMirrorableSourceError('none'))).toBe(true);
    expect(isRemediationRefusal(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' }))).toBe(false);
  });
});

describe('progress', () => {
  it('is shown only for a table with both streams on a terminal', () => {
    const tty = { isTTY: true, write: () => true };
    const pipe = { isTTY: false, write: () => true };
    expect(showsProgress('table', tty, tty)).toBe(true);
    expect(showsProgress('json', tty, tty)).toBe(false);
    expect(showsProgress('csv', tty, tty)).toBe(false);
    expect(showsProgress('table', pipe, tty)).toBe(false);
    expect(showsProgress('table', tty, pipe)).toBe(false);
  });

  it('redraws one line in place and erases it at the end', () => {
    expect(progressLine(3, 1, ['us-west-2', 'eu-west-1'])).toBe('Auditing 3 regions: 1 done, running eu-west-1, us-west-2');
    expect(progressLine(1, 1, [])).toBe('Auditing 1 region: 1 done');

    const stream = new PassThrough();
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const progress = new TerminalProgress(stream, 2);
    progress.started('us-east-1');
    progress.started('eu-west-1');
    progress.finished('us-east-1');
    progress.clear();
    // ESC[1G ESC[2K: back to the first column and erase the line (node:readline cursorTo + clearLine).
    const frames = written.split('\x1b[1G\x1b[2K');
    expect(frames).toEqual([
      '',
      'Auditing 2 regions: 0 done, running us-east-1',
      'Auditing 2 regions: 0 done, running eu-west-1, us-east-1',
      'Auditing 2 regions: 1 done, running eu-west-1',
      '',
    ]);
  });

  it('cuts the line to the terminal width, since a wrapped line could not be erased', () => {
    const stream = Object.assign(new PassThrough(), { columns: 20 });
    let written = '';
    stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
    new TerminalProgress(stream, 30).started('ap-southeast-2');
    expect(written.split('\x1b[1G\x1b[2K').at(-1)).toBe('Auditing 30 region…');
  });
});

describe('remediation report', () => {
  const result: RemediationResult = {
    vpcId: 'vpc-1',
    dryRun: true,
    sourceSelection: 'one',
    targetId: 'tmt-1',
    filterId: 'tmf-1',
    sessions: [{ sessionId: 'tms-1', networkInterfaceId: 'eni-1' }],
    created: [],
    reused: ['tmt-1', 'tmf-1', 'tms-1'],
    skipped: [{ networkInterfaceId: 'eni-2', reason: 'it reached AWS\'s limit of sessions per source ENI' }],
    wouldCreate: [],
    warnings: ['Could not check that the target accepts VXLAN'],
  };

  it('a dry run with nothing to do says so, with what it would reuse, skip and warn about', () => {
    expect(formatRemediationText(result, 'eu-west-1')).toBe(
      [
        'Dry run for vpc-1 in eu-west-1: nothing was created.',
        'A real run would create nothing.',
        'Would reuse: tmt-1, tmf-1, tms-1',
        "Skipped eni-2: it reached AWS's limit of sessions per source ENI",
        'Warning: Could not check that the target accepts VXLAN',
        '',
      ].join('\n'),
    );
  });
});
