import { describe, expect, it } from 'vitest';
import { countByCompliance, evaluateDeletedVpcs, evaluateVpcs } from '../rule/evaluate';
import { filterAcceptsTraffic } from '../rule/filter-check';
import type { RuleParameters } from '../rule/rule-definition';
import { DEFAULT_RULE_PARAMETERS } from '../rule/rule-definition';
import { acceptFilter, dnsOnlyFilter, instanceEni, inventory, rejectOnlyFilter, session, vpc } from './support/inventory-builders';

const at = new Date('2026-11-20T10:00:00.000Z');
// These cases are about sessions, filters and modes; verifying targets has its own tests (target-check.test.ts).
const any: RuleParameters = { ...DEFAULT_RULE_PARAMETERS, verifyTarget: false };
const all: RuleParameters = { ...any, mode: 'all' };

const one = (inv: Parameters<typeof evaluateVpcs>[0], params: RuleParameters = any) => {
  const [evaluation, ...rest] = evaluateVpcs(inv, params, { orderingTimestamp: at });
  expect(rest).toHaveLength(0);
  return evaluation!;
};

describe('evaluateVpcs, mode any', () => {
  it('is NON_COMPLIANT when no session has a source in the VPC', () => {
    expect(one(inventory({ vpcs: [vpc('vpc-1')], networkInterfaces: [instanceEni('eni-1', 'vpc-1')] }))).toEqual({
      vpcId: 'vpc-1',
      compliance: 'NON_COMPLIANT',
      annotation: 'No traffic mirror session has a source ENI in this VPC',
      orderingTimestamp: at,
    });
  });

  it('is COMPLIANT when a session has its source in the VPC, naming session, source and target', () => {
    const e = one(
      inventory({
        vpcs: [vpc('vpc-1')],
        networkInterfaces: [instanceEni('eni-1', 'vpc-1')],
        sessions: [session('tms-1', 'eni-1', { trafficMirrorTargetId: 'tmt-9' })],
      }),
    );
    expect(e.compliance).toBe('COMPLIANT');
    expect(e.annotation).toBe('Mirrored by tms-1 (source eni-1, target tmt-9)');
  });

  it('names the first session by ID and counts the others', () => {
    const e = one(
      inventory({
        vpcs: [vpc('vpc-1')],
        networkInterfaces: [instanceEni('eni-1', 'vpc-1'), instanceEni('eni-2', 'vpc-1')],
        sessions: [session('tms-b', 'eni-2'), session('tms-a', 'eni-1'), session('tms-c', 'eni-1', { trafficMirrorFilterId: 'tmf-dns' })],
      }),
    );
    expect(e.annotation).toBe('Mirrored by tms-a (source eni-1, target tmt-target) and 2 more sessions');
  });

  it('does not count a session whose source ENI is in another VPC', () => {
    const evaluations = evaluateVpcs(
      inventory({
        vpcs: [vpc('vpc-1'), vpc('vpc-2')],
        networkInterfaces: [instanceEni('eni-1', 'vpc-1'), instanceEni('eni-2', 'vpc-2')],
        sessions: [session('tms-1', 'eni-2')],
      }),
      any,
      { orderingTimestamp: at },
    );
    expect(evaluations.map((e) => [e.vpcId, e.compliance])).toEqual([
      ['vpc-1', 'NON_COMPLIANT'],
      ['vpc-2', 'COMPLIANT'],
    ]);
  });

  it('does not count a session whose source ENI no longer exists', () => {
    const e = one(inventory({ vpcs: [vpc('vpc-1')], sessions: [session('tms-1', 'eni-gone')] }));
    expect(e.compliance).toBe('NON_COMPLIANT');
    expect(e.annotation).toBe('No traffic mirror session has a source ENI in this VPC');
  });

  describe('requireAcceptRule', () => {
    const withFilter = (filterId: string) =>
      inventory({
        vpcs: [vpc('vpc-1')],
        networkInterfaces: [instanceEni('eni-1', 'vpc-1')],
        sessions: [session('tms-1', 'eni-1', { trafficMirrorFilterId: filterId })],
      });

    it('does not count a session whose filter accepts nothing, and says so', () => {
      const e = one(withFilter('tmf-reject'));
      expect(e.compliance).toBe('NON_COMPLIANT');
      expect(e.annotation).toBe(
        '1 session has its source in this VPC, but its filter accepts no traffic (no accept rule, no amazon-dns): tms-1 (filter tmf-reject)',
      );
    });

    it('counts a session whose filter only mirrors amazon-dns', () => {
      expect(one(withFilter('tmf-dns')).compliance).toBe('COMPLIANT');
    });

    it('does not count a session whose filter does not exist, and says it was not found', () => {
      const e = one(withFilter('tmf-missing'));
      expect(e.compliance).toBe('NON_COMPLIANT');
      expect(e.annotation).toContain('tms-1 (filter tmf-missing not found)');
    });

    it('counts every session when requireAcceptRule is false', () => {
      expect(one(withFilter('tmf-reject'), { ...any, requireAcceptRule: false }).compliance).toBe('COMPLIANT');
      expect(one(withFilter('tmf-missing'), { ...any, requireAcceptRule: false }).compliance).toBe('COMPLIANT');
    });
  });

  describe('exemptions', () => {
    const tagged = inventory({ vpcs: [vpc('vpc-1', { tags: { 'mirroring-exempt': 'lab' } })] });

    it('exempts a VPC with the tag key, whatever its value, when no value is set', () => {
      const e = one(tagged, { ...any, exemptTagKey: 'mirroring-exempt' });
      expect(e.compliance).toBe('NOT_APPLICABLE');
      expect(e.annotation).toBe('Exempt: the VPC is tagged mirroring-exempt=lab (rule parameter exemptTagKey)');
    });

    it('exempts only the matching value when a value is set', () => {
      expect(one(tagged, { ...any, exemptTagKey: 'mirroring-exempt', exemptTagValue: 'lab' }).compliance).toBe('NOT_APPLICABLE');
      expect(one(tagged, { ...any, exemptTagKey: 'mirroring-exempt', exemptTagValue: 'prod' }).compliance).toBe('NON_COMPLIANT');
    });

    it('does not exempt a VPC without the tag', () => {
      expect(one(tagged, { ...any, exemptTagKey: 'other' }).compliance).toBe('NON_COMPLIANT');
    });

    it('exempts the default VPC only when ignoreDefaultVpc is true', () => {
      const inv = inventory({ vpcs: [vpc('vpc-default', { isDefault: true })] });
      expect(one(inv).compliance).toBe('NON_COMPLIANT');
      const e = one(inv, { ...any, ignoreDefaultVpc: true });
      expect(e.compliance).toBe('NOT_APPLICABLE');
      expect(e.annotation).toBe('Default VPC, not evaluated because rule parameter ignoreDefaultVpc is true');
    });

    it('exempts before looking at sessions (an exempt mirrored VPC is NOT_APPLICABLE)', () => {
      const inv = inventory({
        vpcs: [vpc('vpc-1', { tags: { skip: '' } })],
        networkInterfaces: [instanceEni('eni-1', 'vpc-1')],
        sessions: [session('tms-1', 'eni-1')],
      });
      expect(one(inv, { ...any, exemptTagKey: 'skip' }).compliance).toBe('NOT_APPLICABLE');
    });
  });
});

describe('evaluateVpcs, mode all', () => {
  const enis = [
    instanceEni('eni-1', 'vpc-1'),
    instanceEni('eni-2', 'vpc-1'),
    instanceEni('eni-3', 'vpc-1'),
    // Not instance interfaces: never required.
    instanceEni('eni-nlb', 'vpc-1', { interfaceType: 'network_load_balancer', instanceId: undefined }),
    instanceEni('eni-idle', 'vpc-1', { status: 'available', instanceId: undefined }),
    instanceEni('eni-efa', 'vpc-1', { interfaceType: 'efa' }),
  ];

  it('is COMPLIANT when every in-use instance interface is mirrored', () => {
    const e = one(
      inventory({
        vpcs: [vpc('vpc-1')],
        networkInterfaces: enis,
        sessions: [session('tms-1', 'eni-1'), session('tms-2', 'eni-2'), session('tms-3', 'eni-3')],
      }),
      all,
    );
    expect(e.compliance).toBe('COMPLIANT');
    expect(e.annotation).toBe('All 3 instance ENIs are mirrored, e.g. by tms-1 (source eni-1, target tmt-target)');
  });

  it('names how many and which instance ENIs are not mirrored', () => {
    const e = one(inventory({ vpcs: [vpc('vpc-1')], networkInterfaces: enis, sessions: [session('tms-1', 'eni-2')] }), all);
    expect(e.compliance).toBe('NON_COMPLIANT');
    expect(e.annotation).toBe('2 of 3 instance ENIs are not mirrored: eni-1, eni-3');
  });

  it('does not count an ENI mirrored only by a session whose filter accepts nothing', () => {
    const e = one(
      inventory({
        vpcs: [vpc('vpc-1')],
        networkInterfaces: enis,
        sessions: [session('tms-1', 'eni-1'), session('tms-2', 'eni-2'), session('tms-3', 'eni-3', { trafficMirrorFilterId: 'tmf-reject' })],
      }),
      all,
    );
    expect(e.annotation).toBe('1 of 3 instance ENIs are not mirrored: eni-3');
  });

  it('requires at least one mirrored source, like mode any, when the VPC has no instance ENI', () => {
    const e = one(inventory({ vpcs: [vpc('vpc-1')] }), all);
    expect(e.compliance).toBe('NON_COMPLIANT');
    expect(e.annotation).toBe('No traffic mirror session has a source ENI in this VPC');
  });

  it('cuts a long list of unmirrored ENIs to 256 characters, between IDs', () => {
    const many = Array.from({ length: 60 }, (_, i) => instanceEni(`eni-${String(i).padStart(17, '0')}`, 'vpc-1'));
    const e = one(
      inventory({ vpcs: [vpc('vpc-1')], networkInterfaces: [...many, instanceEni('eni-m', 'vpc-1')], sessions: [session('tms-1', 'eni-m')] }),
      all,
    );
    expect(e.annotation.length).toBeLessThanOrEqual(256);
    expect(e.annotation).toMatch(/^60 of 61 instance ENIs are not mirrored: eni-0+, eni-0+1, .* and \d+ more$/);
  });
});

describe('evaluateVpcs for an account with shared VPCs', () => {
  const shared = inventory({
    vpcs: [vpc('vpc-own', { ownerId: '111111111111' }), vpc('vpc-shared', { ownerId: '999999999999' })],
    networkInterfaces: [instanceEni('eni-1', 'vpc-shared')],
    sessions: [session('tms-1', 'eni-1')],
  });

  it('leaves a VPC another account owns and shares to that account: NOT_APPLICABLE, naming the owner', () => {
    const evaluations = evaluateVpcs(shared, any, { orderingTimestamp: at, accountId: '111111111111' });
    expect(evaluations.map((e) => [e.vpcId, e.compliance, e.annotation])).toEqual([
      ['vpc-own', 'NON_COMPLIANT', 'No traffic mirror session has a source ENI in this VPC'],
      ['vpc-shared', 'NOT_APPLICABLE', 'Shared with this account by 999999999999, which owns it and evaluates it'],
    ]);
  });

  it('evaluates every VPC when the account is not given', () => {
    const evaluations = evaluateVpcs(shared, any, { orderingTimestamp: at });
    expect(evaluations.map((e) => e.compliance)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
  });
});

describe('evaluateVpcs with listed VPCs', () => {
  it('reports a listed VPC missing from the inventory as NOT_APPLICABLE: it no longer exists', () => {
    const evaluations = evaluateVpcs(inventory({ vpcs: [vpc('vpc-1')] }), any, { orderingTimestamp: at, vpcIds: ['vpc-gone', 'vpc-1'] });
    expect(evaluations).toEqual([
      { vpcId: 'vpc-gone', compliance: 'NOT_APPLICABLE', annotation: 'The VPC no longer exists', orderingTimestamp: at },
      { vpcId: 'vpc-1', compliance: 'NON_COMPLIANT', annotation: 'No traffic mirror session has a source ENI in this VPC', orderingTimestamp: at },
    ]);
  });

  it('reports only the listed VPCs', () => {
    const evaluations = evaluateVpcs(inventory({ vpcs: [vpc('vpc-1'), vpc('vpc-2')] }), any, { orderingTimestamp: at, vpcIds: ['vpc-2'] });
    expect(evaluations.map((e) => e.vpcId)).toEqual(['vpc-2']);
  });
});

describe('evaluateDeletedVpcs', () => {
  it('marks previously evaluated VPCs that were not evaluated now NOT_APPLICABLE, once each', () => {
    const current = evaluateVpcs(inventory({ vpcs: [vpc('vpc-1')] }), any, { orderingTimestamp: at });
    expect(evaluateDeletedVpcs(['vpc-1', 'vpc-old', 'vpc-old'], current, at)).toEqual([
      { vpcId: 'vpc-old', compliance: 'NOT_APPLICABLE', annotation: 'The VPC no longer exists', orderingTimestamp: at },
    ]);
  });
});

describe('helpers', () => {
  it('filterAcceptsTraffic: an accept rule or amazon-dns', () => {
    expect(filterAcceptsTraffic(acceptFilter)).toBe(true);
    expect(filterAcceptsTraffic(dnsOnlyFilter)).toBe(true);
    expect(filterAcceptsTraffic(rejectOnlyFilter)).toBe(false);
    expect(filterAcceptsTraffic(undefined)).toBe(false);
  });

  it('countByCompliance counts each type', () => {
    const evaluations = evaluateVpcs(
      inventory({
        vpcs: [vpc('vpc-1'), vpc('vpc-2'), vpc('vpc-3', { isDefault: true })],
        networkInterfaces: [instanceEni('eni-1', 'vpc-1')],
        sessions: [session('tms-1', 'eni-1')],
      }),
      { ...any, ignoreDefaultVpc: true },
      { orderingTimestamp: at },
    );
    expect(countByCompliance(evaluations)).toEqual({ COMPLIANT: 1, NON_COMPLIANT: 1, NOT_APPLICABLE: 1 });
  });
});
