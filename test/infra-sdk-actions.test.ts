/**
 * The derivation of IAM actions from code: it follows value imports (not type-only ones), maps commands and
 * paginators through the client's signing name, and refuses SDK imports it cannot map instead of missing them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamServicePrefix, operationOf, sdkActionsByModule, sdkActionsUsedBy } from '../infra/sdk-actions';

// Inside node_modules so the fixtures resolve @aws-sdk/* the way the project's own files do.
const cacheDir = resolve('node_modules/.cache');
let dir: string;
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

beforeAll(() => {
  mkdirSync(cacheDir, { recursive: true });
  dir = mkdtempSync(join(cacheDir, 'sdk-actions-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('operationOf', () => {
  it('maps commands and paginators to their operation and ignores clients, types and errors', () => {
    expect(operationOf('DescribeVpcsCommand')).toBe('DescribeVpcs');
    expect(operationOf('paginateGetComplianceDetailsByConfigRule')).toBe('GetComplianceDetailsByConfigRule');
    expect(operationOf('EC2Client')).toBeUndefined();
    expect(operationOf('STSServiceException')).toBeUndefined();
  });

  it('refuses waiters, whose underlying calls it cannot name', () => {
    expect(() => operationOf('waitUntilVpcAvailable')).toThrow(/Waiter waitUntilVpcAvailable/);
  });
});

describe('iamServicePrefix', () => {
  it('reads the signing name each client declares', () => {
    const from = resolve('infra/sdk-actions.ts');
    expect(iamServicePrefix('@aws-sdk/client-ec2', from)).toBe('ec2');
    expect(iamServicePrefix('@aws-sdk/client-config-service', from)).toBe('config');
    expect(iamServicePrefix('@aws-sdk/client-sts', from)).toBe('sts');
    expect(iamServicePrefix('@aws-sdk/client-elastic-load-balancing-v2', from)).toBe('elasticloadbalancing');
  });
});

describe('sdkActionsByModule', () => {
  it('follows value imports, re-exports and dynamic imports, and skips type-only imports', () => {
    write(
      'entry.ts',
      [
        "import { readVpcs } from './reads';",
        "import type { Secret } from './never-loaded';",
        "export { report } from './reports';",
        "export const later = () => import('./lazy');",
      ].join('\n'),
    );
    write(
      'reads.ts',
      [
        "import { EC2Client, paginateDescribeVpcs, type DescribeSubnetsCommand } from '@aws-sdk/client-ec2';",
        "import type { DeleteVpcCommand } from '@aws-sdk/client-ec2';",
        'export const readVpcs = (c: EC2Client) => paginateDescribeVpcs({ client: c }, {});',
        'export type X = DescribeSubnetsCommand | DeleteVpcCommand;',
      ].join('\n'),
    );
    write('reports.ts', "import { PutEvaluationsCommand } from '@aws-sdk/client-config-service';\nexport const report = PutEvaluationsCommand;");
    write('lazy.ts', "import { AssumeRoleCommand } from '@aws-sdk/client-sts';\nexport default AssumeRoleCommand;");
    write('never-loaded.ts', "import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';\nexport type Secret = TerminateInstancesCommand;");

    const byModule = sdkActionsByModule(join(dir, 'entry.ts'));
    expect(Object.fromEntries([...byModule].map(([file, actions]) => [file.slice(dir.length + 1), actions]))).toEqual({
      'reads.ts': ['ec2:DescribeVpcs'],
      'reports.ts': ['config:PutEvaluations'],
      'lazy.ts': ['sts:AssumeRole'],
    });
    expect(sdkActionsUsedBy(join(dir, 'entry.ts'))).toEqual(['config:PutEvaluations', 'ec2:DescribeVpcs', 'sts:AssumeRole']);
    expect(sdkActionsUsedBy(join(dir, 'entry.ts'), { except: [join(dir, 'lazy.ts')] })).toEqual([
      'config:PutEvaluations',
      'ec2:DescribeVpcs',
    ]);
  });

  it('refuses a namespace import of a client and a credential provider', () => {
    write('namespace.ts', "import * as ec2 from '@aws-sdk/client-ec2';\nexport const c = ec2;");
    expect(() => sdkActionsByModule(join(dir, 'namespace.ts'))).toThrow(/import commands from @aws-sdk\/client-ec2 by name/);
    write('provider.ts', "import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';\nexport const p = fromTemporaryCredentials;");
    expect(() => sdkActionsByModule(join(dir, 'provider.ts'))).toThrow(/credential providers call AWS APIs/);
  });

  it('fails on an import it cannot resolve instead of skipping it', () => {
    write('broken.ts', "import { x } from './missing';\nexport const y = x;");
    expect(() => sdkActionsByModule(join(dir, 'broken.ts'))).toThrow(/Cannot resolve '\.\/missing'/);
  });
});
