/**
 * `npm run build:cli [-- OUTFILE]`: the CLI as one self-contained ESM file (the SDK, commander, cli-table3, zod
 * bundled in), for a machine that has Node.js but no npm registry to install the package from. The package's bin is
 * dist/cli.js instead (scripts/build-package.ts), which leaves its dependencies to npm.
 */
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const DEFAULT_OUTFILE = fileURLToPath(new URL('../dist/vpc-mirroring-guard.mjs', import.meta.url));

export async function buildCli(outfile = DEFAULT_OUTFILE): Promise<string> {
  await build({
    entryPoints: [fileURLToPath(new URL('./run.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    // CommonJS dependencies (cli-table3) require Node built-ins; an ES module has no `require` of its own.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  await chmod(outfile, 0o755);
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildCli(process.argv[2]));
}
