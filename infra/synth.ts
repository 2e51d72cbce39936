/**
 * `npm run synth`: synthesizes the app into cdk.out without the CDK CLI (so nothing reaches the network: no
 * notices, no telemetry, no version check) and prints what it would deploy. `npx cdk deploy` runs the same app
 * through cdk.json. Exits non-zero on any failing check (cdk-nag, template validation) or bad context.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contextFromArgs } from './app-config';
import { SINGLE_ACCOUNT_STACK_NAME, buildApp } from './build-app';
import { buildConformancePack, writeConformancePack } from './conformance-pack';
import { summarizeStack } from './synth-summary';

const OUTDIR = process.env.CDK_OUTDIR ?? 'cdk.out';

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

function main(): void {
  const started = performance.now();
  const { app, validations, conformancePack } = buildApp({ outdir: OUTDIR, context: contextFromArgs(process.argv.slice(2)) });
  const assembly = app.synth();
  const singleAccountTemplate = assembly.getStackByName(SINGLE_ACCOUNT_STACK_NAME).template;
  const packFile = writeConformancePack(OUTDIR, buildConformancePack({ ...conformancePack, singleAccountTemplate }));
  for (const stack of assembly.stacksRecursively) {
    const lines = summarizeStack({
      stackName: stack.stackName,
      templateFile: relative(process.cwd(), stack.templateFullPath),
      template: stack.template,
      assetSize: (hash) => {
        try {
          return sizeOf(join(assembly.directory, `asset.${hash}`));
        } catch {
          return undefined;
        }
      },
    });
    console.log(lines.join('\n'));
  }
  console.log(`Conformance pack: ${relative(process.cwd(), packFile)} (the organization's rule and remediation)`);
  console.log(`Checks passed: ${validations.join(', ')}`);
  console.log(`Synthesized into ${OUTDIR} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (e) {
  console.error(`Synth failed: ${(e as Error).message}`);
  process.exitCode = 1;
}
