/**
 * What each entry of the package loads, and where the constructs take their Lambda code from. The promises the
 * package makes rest on these: a consumer's app loads no guardrail tooling and no AWS SDK through the main entry,
 * the CLI loads the SDK only inside a command, and inside the repository the stacks never deploy a prebuilt bundle.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_HANDLER_NAMES, PREBUILT_BUNDLE_FILE, prebuiltBundleDir } from '../infra/lambda-handlers';
import { withJsExtensions } from '../scripts/build-package';
import { moduleGraphOf, packageNameOf } from '../scripts/module-graph';
import packageJson from '../package.json' with { type: 'json' };

/** What the constructs may load in a consumer's app: the peers, the package's own small dependencies, Node. */
const CONSTRUCT_PACKAGES = ['aws-cdk-lib', 'constructs', 'node:fs', 'node:path', 'node:url', 'yaml', 'zod'];

describe('module graphs', () => {
  it('the main entry loads the CDK peers, yaml and zod: no cdk-nag, cfn-guard, AWS SDK or Powertools', async () => {
    expect((await moduleGraphOf('infra/index.ts')).staticPackages).toEqual(CONSTRUCT_PACKAGES);
  });

  it('the guardrails subpath adds exactly cdk-nag and the cfn-guard validator (its optional peers)', async () => {
    const { staticPackages } = await moduleGraphOf('infra/guardrails.ts');
    expect(staticPackages.filter((p) => !CONSTRUCT_PACKAGES.includes(p))).toEqual(['@cdklabs/cdk-validator-cfnguard', 'cdk-nag']);
  });

  it('the CLI starts with commander and zod only; the AWS SDK comes with the command that calls AWS', async () => {
    const graph = await moduleGraphOf('cli/run.ts');
    expect(graph.staticPackages.filter((p) => !p.startsWith('node:'))).toEqual(['commander', 'zod']);
    expect(graph.dynamicOnlyPackages).toEqual(expect.arrayContaining(['@aws-sdk/client-ec2', '@aws-sdk/client-sts', 'cli-table3']));
  });

  it.each(['infra/index.ts', 'infra/guardrails.ts', 'cli/run.ts'])(
    '%s imports (statically or in a command) only packages a consumer installs with the package: dependencies and peers',
    async (entry) => {
      const graph = await moduleGraphOf(entry);
      const installed = [...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.peerDependencies)];
      const imported = [...graph.staticPackages, ...graph.dynamicOnlyPackages].filter((p) => !p.startsWith('node:'));
      expect(imported.filter((p) => !installed.includes(p))).toEqual([]);
    },
  );

  it('names packages as npm does', () => {
    expect(['aws-cdk-lib/aws-lambda', '@aws-sdk/client-ec2', '@aws-sdk/client-ec2/dist', 'zod'].map(packageNameOf)).toEqual([
      'aws-cdk-lib',
      '@aws-sdk/client-ec2',
      '@aws-sdk/client-ec2',
      'zod',
    ]);
  });
});

describe('prebuilt Lambda bundles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prebuilt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are never used from the repository sources: every stack bundles the TypeScript', () => {
    for (const name of LAMBDA_HANDLER_NAMES) expect(prebuiltBundleDir(name)).toBeUndefined();
  });

  it('are found beside the compiled module that asks, one directory per handler', () => {
    mkdirSync(join(dir, 'lambda', 'rule'), { recursive: true });
    writeFileSync(join(dir, 'lambda', 'rule', PREBUILT_BUNDLE_FILE), 'export const handler = () => {};');
    const chunk = pathToFileURL(join(dir, 'chunk-ABC.js'));
    expect(prebuiltBundleDir('rule', chunk)).toBe(join(dir, 'lambda', 'rule') + '/');
    expect(prebuiltBundleDir('remediation', chunk)).toBeUndefined();
  });
});

describe('declarations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'declarations-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('import with the .js extension Node resolution needs, a directory by its index', () => {
    mkdirSync(join(dir, 'infra'));
    mkdirSync(join(dir, 'remediation'));
    writeFileSync(join(dir, 'infra', 'stack.d.ts'), '');
    writeFileSync(join(dir, 'remediation', 'index.d.ts'), '');
    const file = join(dir, 'infra', 'index.d.ts');
    const source = [
      "export { A } from './stack';",
      "import type { B } from '../remediation';",
      "export type C = import('./stack').C;",
      "import { z } from 'zod';",
      "export * from './stack.js';",
    ].join('\n');
    expect(withJsExtensions(source, file)).toBe(
      [
        "export { A } from './stack.js';",
        "import type { B } from '../remediation/index.js';",
        "export type C = import('./stack.js').C;",
        "import { z } from 'zod';",
        "export * from './stack.js';",
      ].join('\n'),
    );
    expect(() => withJsExtensions("export { D } from './missing';", file)).toThrow("cannot resolve the declaration import './missing'");
  });
});
