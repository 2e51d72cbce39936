/**
 * Which IAM actions a Lambda's code can call, derived from the code itself: follow the static import graph from
 * the handler's entry file and map every AWS SDK v3 command or paginator it imports by value to its IAM action
 * (`DescribeVpcsCommand` / `paginateDescribeVpcs` from `@aws-sdk/client-ec2` -> `ec2:DescribeVpcs`). Least-privilege
 * tests compare this with the synthesized policy, so the policy cannot drift from the code in either direction.
 *
 * Deliberately strict: an SDK import the derivation cannot map (a namespace import, a waiter, a credential
 * provider) is an error, never a silent gap.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const CLIENT_PACKAGE = /^@aws-sdk\/client-[a-z0-9-]+$/;

export class UnmappedSdkImportError extends Error {
  override readonly name = 'UnmappedSdkImportError';
}

/**
 * The IAM service prefix of an SDK client package: the SigV4 signing name the client's auth scheme provider
 * declares (`signingProperties: { name: "ec2" }`), which is the IAM prefix for the services this project uses.
 */
export function iamServicePrefix(clientPackage: string, fromFile: string): string {
  const packageJson = createRequire(fromFile).resolve(`${clientPackage}/package.json`);
  const provider = join(dirname(packageJson), 'dist-es', 'auth', 'httpAuthSchemeProvider.js');
  const match = existsSync(provider) ? /signingProperties:\s*\{\s*name:\s*"([^"]+)"/.exec(readFileSync(provider, 'utf8')) : null;
  if (!match?.[1]) {
    throw new UnmappedSdkImportError(`Cannot find the signing name of ${clientPackage} (looked in ${provider})`);
  }
  return match[1];
}

/** `FooCommand` and `paginateFoo` call operation Foo; other value imports (clients, enums, errors) call nothing. */
export function operationOf(importedName: string): string | undefined {
  if (/^waitUntil[A-Z]/.test(importedName)) {
    throw new UnmappedSdkImportError(`Waiter ${importedName} polls Describe operations the derivation cannot name; use the command`);
  }
  return /^([A-Z]\w*)Command$/.exec(importedName)?.[1] ?? /^paginate([A-Z]\w*)$/.exec(importedName)?.[1];
}

interface ImportEdge {
  readonly specifier: string;
  /** Names imported by value (type-only imports removed); undefined for a bare or dynamic import. */
  readonly names?: readonly string[];
  readonly namespace?: boolean;
}

function importsOf(file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) return;
      const bindings = clause?.namedBindings;
      edges.push({
        specifier: node.moduleSpecifier.text,
        ...(bindings && ts.isNamespaceImport(bindings) ? { namespace: true } : {}),
        names: [
          ...(clause?.name ? ['default'] : []),
          ...(bindings && ts.isNamedImports(bindings)
            ? bindings.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text)
            : []),
        ],
      });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (node.isTypeOnly) return;
      const clause = node.exportClause;
      edges.push({
        specifier: node.moduleSpecifier.text,
        ...(clause === undefined || ts.isNamespaceExport(clause) ? { namespace: true } : {}),
        names: clause && ts.isNamedExports(clause) ? clause.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text) : [],
      });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      edges.push({ specifier: node.arguments[0].text, namespace: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** Resolves a relative specifier the way the project's "Bundler" module resolution does (no extension needed). */
function resolveRelative(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  const found = candidates.find((c) => existsSync(c) && c.endsWith('.ts'));
  if (!found) throw new UnmappedSdkImportError(`Cannot resolve '${specifier}' imported by ${fromFile}`);
  return found;
}

/**
 * IAM actions per source module reachable from the entry file (modules calling none are left out), e.g.
 * `{ "/…/rule/ec2-reads.ts": ["ec2:DescribeVpcs", …] }`.
 */
export function sdkActionsByModule(entryFile: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const seen = new Set<string>();
  const pending = [resolve(entryFile)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const actions = new Set<string>();
    for (const edge of importsOf(file)) {
      if (edge.specifier.startsWith('.')) {
        pending.push(resolveRelative(file, edge.specifier));
      } else if (CLIENT_PACKAGE.test(edge.specifier)) {
        if (edge.namespace) {
          throw new UnmappedSdkImportError(`${file}: import commands from ${edge.specifier} by name, not as a namespace`);
        }
        const prefix = iamServicePrefix(edge.specifier, file);
        for (const name of edge.names ?? []) {
          const operation = operationOf(name);
          if (operation) actions.add(`${prefix}:${operation}`);
        }
      } else if (edge.specifier === '@aws-sdk/credential-providers') {
        throw new UnmappedSdkImportError(`${file}: credential providers call AWS APIs the derivation cannot name; use the STS command`);
      }
    }
    if (actions.size > 0) result.set(file, [...actions].sort());
  }
  return result;
}

export interface SdkActionsOptions {
  /** Modules (absolute paths) whose actions to leave out: code a deployment cannot reach, such as a path taken only with a parameter it does not set. */
  readonly except?: readonly string[];
}

/** Every IAM action the code reachable from the entry file can call, sorted. */
export function sdkActionsUsedBy(entryFile: string, options: SdkActionsOptions = {}): string[] {
  const except = new Set((options.except ?? []).map((m) => resolve(m)));
  const byModule = [...sdkActionsByModule(entryFile)].filter(([module]) => !except.has(module));
  return [...new Set(byModule.flatMap(([, actions]) => actions))].sort();
}
