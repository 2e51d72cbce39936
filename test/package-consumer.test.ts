/**
 * The package as a user gets it: `npm pack` (which builds through prepack), the tarball installed offline into an
 * empty project outside the repository beside aws-cdk-lib and constructs, and then
 * - a plain ESM app and a TypeScript app compiled to CommonJS (as `cdk init` makes them) synthesize every construct
 *   the main entry exports, deploying the Lambda bundles the package ships prebuilt;
 * - the installed CLI prints its version, the same help as the repository's, and the same audit rows.
 * One pack and one install serve every case.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_HANDLER_NAMES, PREBUILT_BUNDLE_FILE } from '../infra/lambda-handlers';
import packageJson from '../package.json' with { type: 'json' };
import type { ConsumerProject } from './support/consumer-project';
import { installConsumerProject, isolatedEnv } from './support/consumer-project';
import type { CliRun } from './support/cli-process';
import { runCliProcess } from './support/cli-process';
import type { FakeAws } from './support/fake-aws';
import { startFakeAws } from './support/fake-aws';

const REPO_ROOT = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
/** The limit for the tarball. */
const MAX_TARBALL_BYTES = 1.5 * 1024 * 1024;
/** Pack (a full build) and an install of aws-cdk-lib on two shared cores. */
const SETUP_TIMEOUT_MS = 600_000;

interface PackResult {
  filename: string;
  size: number;
  files: { path: string }[];
}

/** Installed beside the tarball: the peers, and what the TypeScript app compiles with. */
const CONSUMER_PACKAGES = ['aws-cdk-lib', 'constructs', 'typescript', '@types/node'];

let workDir: string;
let pack: PackResult;
let consumer: ConsumerProject;

beforeAll(() => {
  workDir = realpathSync(mkdtempSync(join(tmpdir(), 'vpc-mirroring-guard-consumer-')));
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: REPO_ROOT, env: isolatedEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // npm prints the prepack script's output before the JSON report.
  pack = (JSON.parse(output.slice(output.indexOf('\n[') + 1)) as PackResult[])[0] as PackResult;
  const dir = join(workDir, 'app');
  mkdirSync(dir);
  consumer = installConsumerProject(dir, join(workDir, pack.filename), CONSUMER_PACKAGES);
}, SETUP_TIMEOUT_MS);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const node = (args: string[], cwd = consumer.dir) => execFileSync(process.execPath, args, { cwd, env: isolatedEnv(), encoding: 'utf8' });

describe('the tarball', () => {
  it('ships compiled JavaScript, declarations, the prebuilt bundles and the runbook: no tests, bench or TypeScript sources', () => {
    const paths = pack.files.map((f) => f.path);
    expect(paths.filter((p) => /^(test|bench|scripts|cli|infra|rule|remediation)\//.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/guardrails.js', 'dist/cli.js', 'ssm-documents/enable-vpc-traffic-mirroring.yaml']));
    expect(paths).toEqual(expect.arrayContaining(LAMBDA_HANDLER_NAMES.map((name) => `dist/lambda/${name}/${PREBUILT_BUNDLE_FILE}`)));
    expect(pack.size).toBeLessThan(MAX_TARBALL_BYTES);
  });

  it('points exports, types and bin at files it ships', () => {
    const paths = new Set(pack.files.map((f) => f.path));
    const targets = [packageJson.main, packageJson.types, ...Object.values(packageJson.bin)];
    for (const target of Object.values(packageJson.exports)) {
      targets.push(...(typeof target === 'string' ? [target] : [target.types, target.default]));
    }
    for (const target of targets) expect(paths, target).toContain(target.replace(/^\.\//, ''));
  });
});

describe('the consumer project', () => {
  it('lies outside the repository and resolves everything from its own node_modules', () => {
    expect(relative(REPO_ROOT, consumer.dir).startsWith('..')).toBe(true);
    const resolved = JSON.parse(
      node(['--input-type=module', '-e', "console.log(JSON.stringify(['vpc-mirroring-guard', 'aws-cdk-lib', 'constructs', 'zod'].map((m) => import.meta.resolve(m))))"]),
    ) as string[];
    for (const url of resolved) expect(fileURLToPath(url).startsWith(join(consumer.dir, 'node_modules'))).toBe(true);
  });
});

/** The constructs the ESM app builds, by export name; the app fails if the package exports a construct not listed. */
const ESM_APP = `
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as guard from 'vpc-mirroring-guard';

const app = new App({ outdir: process.argv[2] });
const ruleStack = new Stack(app, 'RuleAndRemediation');
const rule = new guard.TrafficMirroringRule(ruleStack, 'Rule', { mode: 'all' });
const built = {
  TrafficMirroringRule: rule,
  TrafficMirroringRemediation: new guard.TrafficMirroringRemediation(ruleStack, 'Remediation', {
    configRule: rule,
    target: { networkInterfaceId: 'eni-0123456789abcdef0' },
    sourceSelection: 'all',
  }),
  OperationsAlarms: new guard.OperationsAlarms(ruleStack, 'Alarms', {
    ruleFunction: rule.ruleFunction.function,
    ruleFrequency: 'TwentyFour_Hours',
    documentName: 'EnableVpcTrafficMirroring',
  }),
  VpcMirroringGuardStack: new guard.VpcMirroringGuardStack(app, 'SingleAccount'),
  VpcMirroringGuardOrganizationStack: new guard.VpcMirroringGuardOrganizationStack(app, 'Organization', {
    organizationId: 'o-a1b2c3d4e5',
    deploymentTargets: ['ou-ab12-cd34ef56'],
  }),
  VpcMirroringGuardMemberStack: new guard.VpcMirroringGuardMemberStack(app, 'Member'),
};
const constructExports = Object.entries(guard)
  .filter(([, value]) => typeof value === 'function' && value.prototype instanceof Construct)
  .map(([name]) => name);
app.synth();
console.log(JSON.stringify({ constructExports: constructExports.sort(), built: Object.keys(built).sort() }));
`;

/** A `cdk init`-style TypeScript app: module commonjs, compiled by tsc, run by node (which require()s the ES module package). */
const CJS_APP = `
import { App, Stack } from 'aws-cdk-lib';
import { TrafficMirroringRemediation, TrafficMirroringRule } from 'vpc-mirroring-guard';
import type { TrafficMirroringRuleProps } from 'vpc-mirroring-guard';

const app = new App({ outdir: process.argv[2] });
const stack = new Stack(app, 'RuleAndRemediation');
const rule = new TrafficMirroringRule(stack, 'Rule');
// The declarations are really in use: a mode the rule does not accept must not compile.
// @ts-expect-error 'some' is not a RuleMode
const notAccepted: TrafficMirroringRuleProps = { mode: 'some' };
void notAccepted;
new TrafficMirroringRemediation(stack, 'Remediation', { configRule: rule, target: { trafficMirrorTargetId: 'tmt-0123456789abcdef0' } });
app.synth();
`;

const CJS_TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, rootDir: 'src', outDir: 'out', skipLibCheck: true, types: ['node'] },
  include: ['src'],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));
}

interface LambdaAsset {
  readonly handler: string;
  readonly files: string[];
  readonly code: string;
}

/** Every Lambda function of every template in the assembly, with the files of its asset. */
function lambdaAssets(outdir: string): LambdaAsset[] {
  const assets: LambdaAsset[] = [];
  for (const templatePath of filesUnder(outdir).filter((p) => p.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(templatePath, 'utf8')) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const key = (resource.Properties.Code as { S3Key: string }).S3Key;
      const assetDir = filesUnder(outdir).find((p) => p.includes(`asset.${key.replace(/\.zip$/, '')}/`));
      if (assetDir === undefined) throw new Error(`no asset directory for ${key}`);
      const dir = assetDir.slice(0, assetDir.indexOf(`asset.${key.replace(/\.zip$/, '')}/`)) + `asset.${key.replace(/\.zip$/, '')}`;
      assets.push({ handler: resource.Properties.Handler as string, files: readdirSync(dir), code: readFileSync(join(dir, PREBUILT_BUNDLE_FILE), 'utf8') });
    }
  }
  return assets;
}

/** Each asset is exactly one of the bundles the package ships, byte for byte. */
function expectPrebuiltAssets(outdir: string, expectedFunctions: number): void {
  const shipped = LAMBDA_HANDLER_NAMES.map((name) => readFileSync(join(consumer.packageDir, 'dist', 'lambda', name, PREBUILT_BUNDLE_FILE), 'utf8'));
  const assets = lambdaAssets(outdir);
  expect(assets).toHaveLength(expectedFunctions);
  for (const asset of assets) {
    expect(asset.handler).toBe('index.handler');
    expect(asset.files).toEqual([PREBUILT_BUNDLE_FILE]);
    expect(shipped).toContain(asset.code);
  }
}

describe('a CDK app using the package', () => {
  it('(ESM, node app.mjs) synthesizes every construct the main entry exports with the prebuilt Lambda bundles', () => {
    writeFileSync(join(consumer.dir, 'app.mjs'), ESM_APP);
    const outdir = join(consumer.dir, 'cdk.out.esm');
    const report = JSON.parse(node(['app.mjs', outdir])) as { constructExports: string[]; built: string[] };
    expect(report.constructExports).toContain('TrafficMirroringRule');
    expect(report.constructExports).toContain('TrafficMirroringRemediation');
    // A construct added to the main entry must be added to ESM_APP, so it is tested from the package too.
    expect(report.built).toEqual(report.constructExports);
    // Rule + remediation, the single-account stack's two, the organization's two.
    expectPrebuiltAssets(outdir, 6);
  });

  it('(TypeScript compiled to CommonJS, as cdk init apps are) synthesizes the rule and remediation with the prebuilt bundles', () => {
    mkdirSync(join(consumer.dir, 'src'), { recursive: true });
    writeFileSync(join(consumer.dir, 'src', 'app.ts'), CJS_APP);
    writeFileSync(join(consumer.dir, 'tsconfig.json'), JSON.stringify(CJS_TSCONFIG));
    node([join(consumer.dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    expect(readFileSync(join(consumer.dir, 'out', 'app.js'), 'utf8')).toContain('require("vpc-mirroring-guard")');
    const outdir = join(consumer.dir, 'cdk.out.cjs');
    node(['out/app.js', outdir]);
    expectPrebuiltAssets(outdir, 2);
    expect(existsSync(join(outdir, 'RuleAndRemediation.template.json'))).toBe(true);
  });
});

/** The JavaScript and TypeScript blocks of README.md and docs/ that use the package, as ES module source. */
function docsCodeBlocks(filter: (code: string) => boolean): { where: string; code: string }[] {
  const pages = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  return pages.flatMap((page) =>
    [...readFileSync(join(REPO_ROOT, page), 'utf8').matchAll(/```(js|ts)\n([\s\S]*?)```/g)]
      .map((m, index) => ({ where: `${page} block ${index + 1}`, code: m[2] as string }))
      .filter((block) => block.code.includes("from 'vpc-mirroring-guard") && filter(block.code))
      .map(({ where, code }) => ({ where, code: ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText })),
  );
}

/** Runs each block as an app in the consumer project; every one must exit 0. */
function runDocsBlocks(blocks: { where: string; code: string }[]): void {
  for (const [index, block] of blocks.entries()) {
    const file = join(consumer.dir, `docs-block-${index}.mjs`);
    writeFileSync(file, block.code);
    const outdir = join(consumer.dir, `cdk.out.docs-${index}`);
    expect(() => execFileSync(process.execPath, [file], { cwd: consumer.dir, env: isolatedEnv({ CDK_OUTDIR: outdir }), stdio: 'pipe' }), block.where).not.toThrow();
  }
}

describe('the documentation', () => {
  it("runs its CDK code blocks as written against the installed package (the guardrails one with the guardrails)", () => {
    const blocks = docsCodeBlocks((code) => !code.includes('vpc-mirroring-guard/guardrails'));
    expect(blocks.map((b) => b.where)).toEqual(expect.arrayContaining([expect.stringMatching(/^README\.md/)]));
    runDocsBlocks(blocks);
  });
});

describe('the installed CLI', () => {
  let fake: FakeAws;
  const installedCli = () => join(consumer.dir, 'node_modules', '.bin', 'vpc-mirroring-guard');
  const runInstalled = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
    runCliProcess(args, env, { script: installedCli(), cwd: consumer.dir });

  beforeAll(async () => {
    fake = await startFakeAws();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('--version prints the package version', async () => {
    const run = await runInstalled(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
  });

  it('--help lists the same commands and options as the repository CLI, and so does each command', async () => {
    const repoHelp = await runCliProcess(['--help'], {});
    const installedHelp = await runInstalled(['--help']);
    expect(installedHelp).toEqual(repoHelp);
    const commands = [...repoHelp.stdout.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
    expect(commands).toContain('audit');
    for (const command of commands) expect(await runInstalled([command, '--help'])).toEqual(await runCliProcess([command, '--help'], {}));
  });

  it('audit against the fake endpoint prints the same rows and exit code as the repository CLI', async () => {
    fake.setRegion('us-east-1', {
      vpcs: [
        { VpcId: 'vpc-0123456789abcdef0', Tags: [{ Key: 'Name', Value: 'lone' }] },
        { VpcId: 'vpc-0123456789abcdef1', IsDefault: true },
      ],
    });
    for (const output of ['table', 'csv', 'json']) {
      const args = ['audit', '--region', 'us-east-1', '--output', output];
      const fromRepo = await runCliProcess(args, fake.env());
      const installed = await runInstalled(args, fake.env());
      expect(fromRepo.stdout).toContain('vpc-0123456789abcdef0');
      expect(installed).toEqual(fromRepo);
    }
  });
});

/** The opt-in subpath: cdk-nag and the cfn-guard validator are the consumer's to install (optional peers). */
const GUARDRAILS_APP = `
import { App, Stack } from 'aws-cdk-lib';
import { TrafficMirroringRemediation, TrafficMirroringRule } from 'vpc-mirroring-guard';
import { addGuardrails } from 'vpc-mirroring-guard/guardrails';

const app = new App({ outdir: process.argv[2] });
console.log(JSON.stringify(addGuardrails(app)));
const stack = new Stack(app, 'Guarded');
const rule = new TrafficMirroringRule(stack, 'Rule');
new TrafficMirroringRemediation(stack, 'Remediation', { configRule: rule, target: { networkInterfaceId: 'eni-0123456789abcdef0' } });
app.synth();
`;

describe('the guardrails subpath', () => {
  // Runs last: it reinstalls the project with the optional peers, which every case above ran without.
  it('is not loadable without its optional peers, and checks the constructs clean once they are installed', () => {
    writeFileSync(join(consumer.dir, 'guarded.mjs'), GUARDRAILS_APP);
    expect(() => execFileSync(process.execPath, ['guarded.mjs', join(consumer.dir, 'cdk.out.unguarded')], { cwd: consumer.dir, env: isolatedEnv(), stdio: 'pipe' })).toThrow(
      /Cannot find package '(@cdklabs\/cdk-validator-cfnguard|cdk-nag)'/,
    );
    installConsumerProject(consumer.dir, join(workDir, pack.filename), [...CONSUMER_PACKAGES, 'cdk-nag', '@cdklabs/cdk-validator-cfnguard']);
    const outdir = join(consumer.dir, 'cdk.out.guarded');
    const checks = JSON.parse(node(['guarded.mjs', outdir])) as string[];
    expect(checks).toHaveLength(2);
    // A failing check fails the synth; the report shows the Control Tower rules ran over the templates and passed.
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; conclusion: string }[] };
    expect(report.pluginReports.map((r) => [r.pluginName, r.conclusion])).toContainEqual(['cdk-validator-cfnguard', 'success']);
    expect(report.pluginReports.every((r) => r.conclusion === 'success')).toBe(true);
    const guardrailsBlocks = docsCodeBlocks((code) => code.includes('vpc-mirroring-guard/guardrails'));
    expect(guardrailsBlocks).toHaveLength(1);
    runDocsBlocks(guardrailsBlocks);
  }, SETUP_TIMEOUT_MS);
});
