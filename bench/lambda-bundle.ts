/**
 * Builds the rule Lambda exactly as the CDK stack deploys it: infra/guard-function.ts decides the bundling once
 * (GUARD_FUNCTION_BUNDLING, GUARD_FUNCTION_RUNTIME), and scripts/lambda-esbuild-options.ts turns those
 * NodejsFunction options into the esbuild build NodejsFunction runs, so the benchmark measures the artifact that
 * ships, not a look-alike.
 */
import type { BuildOptions, Metafile } from 'esbuild';
import { build } from 'esbuild';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { GUARD_FUNCTION_BUNDLING, GUARD_FUNCTION_RUNTIME } from '../infra/guard-function';
import { RULE_HANDLER_ENTRY } from '../infra/traffic-mirroring-rule';
import { esbuildOptionsOf } from '../scripts/lambda-esbuild-options';

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
