/**
 * Which npm packages a module loads when it is imported: its static import graph (import statements, not dynamic
 * `import()`), read from esbuild's metafile. The package's promises rest on it: the main entry loads no guardrail
 * tooling and no AWS SDK, and the CLI loads no SDK before a command asks for one.
 */
import { build } from 'esbuild';
import { relative } from 'node:path';

/** The package name of an import specifier: 'aws-cdk-lib/aws-lambda' → 'aws-cdk-lib', '@aws-sdk/client-ec2/x' → '@aws-sdk/client-ec2'. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export interface ModuleGraph {
  /** npm packages and node: built-ins imported by a statement somewhere in the graph, sorted. */
  readonly staticPackages: string[];
  /** Those reached only through a dynamic import() somewhere on the way, sorted. */
  readonly dynamicOnlyPackages: string[];
}

export async function moduleGraphOf(entry: string): Promise<ModuleGraph> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: 'unused',
    format: 'esm',
    platform: 'node',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const reach = (followDynamic: boolean): Set<string> => {
    const packages = new Set<string>();
    const seen = new Set<string>();
    const queue = [relative(process.cwd(), entry)];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const edge of inputs[file]?.imports ?? []) {
        if (edge.kind !== 'import-statement' && !(followDynamic && edge.kind === 'dynamic-import')) continue;
        if (edge.external) packages.add(packageNameOf(edge.path));
        else queue.push(edge.path);
      }
    }
    return packages;
  };
  const statics = reach(false);
  return {
    staticPackages: [...statics].sort(),
    dynamicOnlyPackages: [...reach(true)].filter((p) => !statics.has(p)).sort(),
  };
}
