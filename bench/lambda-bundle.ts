/**
 * Builds the rule Lambda exactly as the CDK stack deploys it: infra/guard-function.ts decides the bundling once
 * (GUARD_FUNCTION_BUNDLING, GUARD_FUNCTION_RUNTIME), and this module turns those NodejsFunction options into
 * the esbuild build NodejsFunction runs (aws-lambda-nodejs Bundling.buildEsbuildArgs), so the benchmark measures
 * the artifact that ships, not a look-alike. An option this mirror does not translate fails loudly instead of
 * being ignored.
 */
import type { BuildOptions, Metafile } from 'esbuild';
import { build } from 'esbuild';
import type { Runtime } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUARD_FUNCTION_BUNDLING, GUARD_FUNCTION_RUNTIME } from '../infra/guard-function';

export const RULE_HANDLER_ENTRY = fileURLToPath(new URL('../rule/handler.ts', import.meta.url));

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
    throw new Error(`bench/lambda-bundle.ts does not mirror NodejsFunction option(s) ${unmirrored.join(', ')}: teach it before measuring`);
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

export interface LambdaBundle {
  /** The bundle's entry file, as the Lambda runtime loads it. */
  readonly path: string;
  readonly bytes: number;
  /** Gzip-compressed size: about what the deployment package (a zip) weighs. */
  readonly gzipBytes: number;
  readonly esbuildOptions: BuildOptions;
  /** Packages (or our own source) by bytes they contribute to the output, largest first. */
  readonly largestInputs: { readonly name: string; readonly bytes: number }[];
}

/** Groups output bytes by npm package ("@aws-sdk/client-ec2", "zod") or "(own code)". */
function bytesByPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const name = match?.[1] ?? '(own code)';
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * Bundles the rule handler with the stack's options into outDir; `overrides` builds a variant for comparison
 * (e.g. the SDK left to the runtime), never the deployed artifact.
 */
export async function buildRuleBundle(outDir: string, overrides: Partial<BundlingOptions> = {}): Promise<LambdaBundle> {
  const bundling = { ...GUARD_FUNCTION_BUNDLING, ...overrides };
  const esbuildOptions = esbuildOptionsOf(bundling, GUARD_FUNCTION_RUNTIME, RULE_HANDLER_ENTRY, outDir);
  const result = await build({ ...esbuildOptions, metafile: true });
  const path = esbuildOptions.outfile ?? '';
  const code = readFileSync(path);
  return {
    path,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    esbuildOptions,
    largestInputs: bytesByPackage(result.metafile).slice(0, 8),
  };
}
