/**
 * `npm run build` (and `prepack`, so `npm pack` never ships a stale build): the package as consumers install it,
 * into dist/:
 * - dist/index.js (the constructs), dist/guardrails.js (the opt-in cdk-nag and cfn-guard checks), dist/cli.js (the
 *   `bin`): ES modules bundled from the sources by esbuild, which resolves their extension-less imports. Every npm
 *   package stays an import (dependencies and peers are the consumer's to install, once). Code shared by the entries
 *   goes into chunks beside them, and the CLI's commands into chunks of their own, loaded by their action. All of it
 *   sits directly in dist/, so paths the modules take from import.meta.url (../ssm-documents,
 *   ./lambda/<handler>) mean the same from every chunk.
 * - dist/lambda/<handler>/index.mjs: each Lambda handler bundled with the options NodejsFunction uses in the
 *   repository (infra/lambda-handlers.ts explains who picks which).
 * - dist/types/: declarations (tsc, tsconfig.build.json), their relative imports given the `.js` extension Node's
 *   ESM resolution (TypeScript `module: nodenext` consumers) needs.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUARD_FUNCTION_BUNDLING, GUARD_FUNCTION_RUNTIME } from '../infra/guard-function';
import { LAMBDA_HANDLER_ENTRIES, LAMBDA_HANDLER_NAMES, PREBUILT_BUNDLES_DIR } from '../infra/lambda-handlers';
import { esbuildOptionsOf } from './lambda-esbuild-options';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const TYPES_DIR = join(DIST, 'types');

/** The package's entry points: output name (dist/<name>.js) → source. */
export const PACKAGE_ENTRIES = {
  index: 'infra/index.ts',
  guardrails: 'infra/guardrails.ts',
  cli: 'cli/run.ts',
} as const;

/** Node 20.19 is the oldest Node the package supports (package.json engines): the first that `require`s ES modules. */
const NODE_TARGET = 'node20.19';

async function buildModules(): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(Object.entries(PACKAGE_ENTRIES).map(([name, source]) => [name, join(ROOT, source)])),
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: NODE_TARGET,
    packages: 'external',
    logLevel: 'warning',
  });
  const cli = join(DIST, 'cli.js');
  writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
  chmodSync(cli, 0o755);
}

async function buildLambdaBundles(): Promise<void> {
  for (const name of LAMBDA_HANDLER_NAMES) {
    const outDir = join(DIST, PREBUILT_BUNDLES_DIR, name);
    await build(esbuildOptionsOf(GUARD_FUNCTION_BUNDLING, GUARD_FUNCTION_RUNTIME, LAMBDA_HANDLER_ENTRIES[name], outDir));
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** './x' → './x.js', '../y' → '../y/index.js' when y is a directory: the specifiers Node's ESM resolution accepts. */
export function withJsExtensions(declarations: string, file: string): string {
  return declarations.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*)\2/g, (match, lead: string, quote: string, specifier: string) => {
    if (/\.(js|mjs|cjs|json)$/.test(specifier)) return match;
    const target = resolve(dirname(file), specifier);
    const resolved = existsSync(`${target}.d.ts`) ? `${specifier}.js` : existsSync(join(target, 'index.d.ts')) ? `${specifier}/index.js` : undefined;
    if (resolved === undefined) throw new Error(`${file}: cannot resolve the declaration import '${specifier}'`);
    return `${lead}${quote}${resolved}${quote}`;
  });
}

function buildDeclarations(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const file of filesUnder(TYPES_DIR).filter((f) => f.endsWith('.d.ts'))) {
    writeFileSync(file, withJsExtensions(readFileSync(file, 'utf8'), file));
  }
}

export async function buildPackage(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await buildModules();
  await buildLambdaBundles();
  buildDeclarations();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildPackage();
  console.log(`Built ${DIST} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
