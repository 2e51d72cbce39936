/**
 * The esbuild build NodejsFunction runs for given bundling options (aws-lambda-nodejs Bundling.buildEsbuildArgs).
 * infra/guard-function.ts decides the bundling once (GUARD_FUNCTION_BUNDLING, GUARD_FUNCTION_RUNTIME); the package
 * build (build-package.ts) and the benchmark (bench/lambda-bundle.ts) turn it into this same esbuild build, so the
 * bundles a consumer deploys and the one the benchmark measures are the ones the repository's stacks deploy. An
 * option this mirror does not translate fails loudly instead of being ignored.
 */
import type { BuildOptions } from 'esbuild';
import type { Runtime } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { join } from 'node:path';

/** NodejsFunction options that change the output but that this mirror does not reproduce. */
const UNMIRRORED_OPTIONS = ['esbuildArgs', 'preCompilation', 'commandHooks', 'nodeModules', 'inject', 'tsconfig'] as const;

/** NodejsFunction's target: the runtime's Node.js major (aws-lambda-nodejs toTarget). */
function targetOf(runtime: Runtime): string {
  const major = /nodejs(\d+)/.exec(runtime.name)?.[1];
  if (major === undefined) throw new Error(`Cannot derive an esbuild target from runtime ${runtime.name}`);
  return `node${major}`;
}

/** The esbuild options NodejsFunction uses for these bundling options (CDK's defaults where unset). */
export function esbuildOptionsOf(bundling: BundlingOptions, runtime: Runtime, entry: string, outDir: string): BuildOptions {
  const unmirrored = UNMIRRORED_OPTIONS.filter((key) => bundling[key] !== undefined);
  if (unmirrored.length > 0) {
    throw new Error(`scripts/lambda-esbuild-options.ts does not mirror NodejsFunction option(s) ${unmirrored.join(', ')}: teach it before building`);
  }
  const format = bundling.format ?? 'cjs';
  // NodejsFunction leaves the AWS SDK to the runtime unless bundleAwsSDK; externalModules overrides both.
  const external = bundling.externalModules ?? (bundling.bundleAwsSDK ? [] : ['@aws-sdk/*']);
  const sourcemap = bundling.sourceMapMode ?? bundling.sourceMap;
  return {
    entryPoints: [entry],
    bundle: true,
    target: bundling.target ?? targetOf(runtime),
    platform: 'node',
    format,
    outfile: join(outDir, format === 'esm' ? 'index.mjs' : 'index.js'),
    minify: bundling.minify ?? false,
    ...(sourcemap ? { sourcemap: sourcemap === true || sourcemap === 'default' ? true : sourcemap } : {}),
    ...(bundling.sourcesContent === false ? { sourcesContent: false } : {}),
    external,
    ...(bundling.loader ? { loader: bundling.loader as BuildOptions['loader'] } : {}),
    ...(bundling.define ? { define: bundling.define } : {}),
    ...(bundling.keepNames ? { keepNames: true } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.footer ? { footer: { js: bundling.footer } } : {}),
    ...(bundling.mainFields ? { mainFields: bundling.mainFields } : {}),
    ...(bundling.charset ? { charset: bundling.charset as BuildOptions['charset'] } : {}),
    logLevel: 'warning',
  };
}
