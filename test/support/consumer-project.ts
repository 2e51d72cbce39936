/**
 * An empty project outside the repository that installs the packed tarball as a user would, offline.
 *
 * `npm install name@version --offline` needs each package's registry metadata in the npm cache, and `npm ci` (all a
 * fresh CI machine has run) caches tarballs only. So the project gets a package-lock.json whose entries are copied
 * from this repository's lock (same versions, resolved URLs and integrity), and `npm ci --offline` installs exactly
 * those tarballs from the cache: the versions the repository tests with, nothing fetched, nothing from the
 * repository's node_modules.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** npm settings `npm test` exports that the consumer's npm must share: the cache `npm ci` filled, the user's config. */
const SHARED_NPM_SETTINGS = ['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_registry'];

/**
 * The environment for npm and node in the consumer project: this process's, without the rest of what `npm test`
 * exported (npm_config_local_prefix, npm_package_json, ... would point npm back at the repository) and without
 * NODE_PATH or NODE_OPTIONS, which could make the repository's modules visible.
 */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || ['INIT_CWD', 'NODE_PATH', 'NODE_OPTIONS', 'VITEST', 'TEST'].includes(key)) continue;
    if (/^npm_/i.test(key) && !SHARED_NPM_SETTINGS.includes(key.toLowerCase())) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** The lock's path of package `name` as Node would find it from the package at `from` ('' for the root). */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const path = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (packages[path]) return path;
    if (base === '') return undefined;
    const at = base.lastIndexOf('/node_modules/');
    base = at < 0 ? '' : base.slice(0, at);
  }
}

/** Every lock entry these root packages need at run time (dependencies, optional ones, required peers), by path. */
function closureOf(packages: Record<string, LockEntry>, roots: readonly string[]): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const queue: string[] = [];
  const need = (from: string, name: string, optional: boolean) => {
    const path = resolveInLock(packages, from, name);
    if (path !== undefined) queue.push(path);
    else if (!optional) throw new Error(`package-lock.json has no ${name} for ${from || 'the root'}`);
  };
  for (const name of roots) need('', name, false);
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (out[path]) continue;
    // The repository's dev/peer flags mean nothing to the consumer; npm recomputes them.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[path] as LockEntry;
    out[path] = entry;
    for (const name of Object.keys(entry.dependencies ?? {})) need(path, name, false);
    for (const name of Object.keys(entry.optionalDependencies ?? {})) need(path, name, true);
    for (const name of Object.keys(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[name]?.optional) need(path, name, true);
    }
  }
  return out;
}

export interface ConsumerProject {
  readonly dir: string;
  /** The installed package's directory (node_modules/vpc-mirroring-guard). */
  readonly packageDir: string;
}

/**
 * Writes package.json and package-lock.json into `dir` for the tarball plus `alongside` (packages of this
 * repository's lock, at its versions: aws-cdk-lib, constructs, ...), then runs `npm ci --offline` there.
 */
export function installConsumerProject(dir: string, tarball: string, alongside: readonly string[]): ConsumerProject {
  const repoPackage = readJson<PackageJson>(join(REPO_ROOT, 'package.json'));
  const repoLock = readJson<{ packages: Record<string, LockEntry> }>(join(REPO_ROOT, 'package-lock.json'));
  const dependencies: Record<string, string> = { [repoPackage.name]: `file:${tarball}` };
  for (const name of alongside) {
    const version = repoLock.packages[`node_modules/${name}`]?.version;
    if (version === undefined) throw new Error(`package-lock.json has no top-level ${name}`);
    dependencies[name] = version;
  }
  const { dependencies: runtime, bin, engines, license, peerDependencies, peerDependenciesMeta } = repoPackage;
  const entries = closureOf(repoLock.packages, [...alongside, ...Object.keys(runtime ?? {})]);
  entries[`node_modules/${repoPackage.name}`] = {
    version: repoPackage.version,
    resolved: `file:${tarball}`,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    license,
    dependencies: runtime ?? {},
    bin,
    engines,
    peerDependencies,
    peerDependenciesMeta,
  } as LockEntry;
  const root = { name: 'consumer', version: '1.0.0', private: true, dependencies };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(root, null, 2)}\n`);
  const lock = { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: { '': root, ...entries } };
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, env: isolatedEnv(), stdio: 'pipe' });
  return { dir, packageDir: join(dir, 'node_modules', repoPackage.name) };
}
