/**
 * The project's Lambda handlers: where each one's TypeScript lives, and where the package ships it prebuilt.
 *
 * Inside this repository a function is bundled from its TypeScript entry at every synth (NodejsFunction), so no
 * stale bundle can be deployed. The published package carries each handler bundled at pack time
 * (scripts/build-package.ts) in `lambda/<name>/index.mjs` next to its compiled modules, and the constructs use that
 * instead: a consumer's synth then needs no esbuild, Docker or TypeScript. The repository's sources never have such a
 * directory (infra/lambda/ does not exist), so which path is taken depends only on where the code runs from.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAMBDA_HANDLER_ENTRIES = {
  /** The Config rule's evaluator (single account, and the organization's central rule function). */
  rule: fileURLToPath(new URL('../rule/handler.ts', import.meta.url)),
  /** The EnableVpcTrafficMirroring runbook's Lambda in the account it runs in. */
  remediation: fileURLToPath(new URL('../remediation/handler.ts', import.meta.url)),
  /** The organization's central remediation Lambda, working in member accounts through their role. */
  'organization-remediation': fileURLToPath(new URL('../remediation/organization-handler.ts', import.meta.url)),
} as const;

export type LambdaHandlerName = keyof typeof LAMBDA_HANDLER_ENTRIES;
export const LAMBDA_HANDLER_NAMES = Object.keys(LAMBDA_HANDLER_ENTRIES) as LambdaHandlerName[];

/** NodejsFunction names an ESM bundle index.mjs (handler `index.<export>`); the prebuilt bundles are named alike. */
export const PREBUILT_BUNDLE_MODULE = 'index';
export const PREBUILT_BUNDLE_FILE = `${PREBUILT_BUNDLE_MODULE}.mjs`;
/** The directory, next to the compiled package modules, that holds one directory of prebuilt bundle per handler. */
export const PREBUILT_BUNDLES_DIR = 'lambda';

/**
 * The directory holding the prebuilt bundle of this handler, if the code runs from the package; undefined in the
 * repository. `base` is the URL of the module asking (the package's compiled chunk, or infra/ in the sources).
 */
export function prebuiltBundleDir(name: LambdaHandlerName, base: string | URL = import.meta.url): string | undefined {
  const dir = fileURLToPath(new URL(`./${PREBUILT_BUNDLES_DIR}/${name}/`, base));
  return existsSync(join(dir, PREBUILT_BUNDLE_FILE)) ? dir : undefined;
}
