/** evaluateVpcs with verifyTarget: a session counts only if its target can receive the traffic. */
import { describe, expect, it } from 'vitest';
import { evaluateVpcs } from '../rule/evaluate';
import type { Inventory } from '../rule/inventory';
import type { RuleParameters } from '../rule/rule-definition';
import { DEFAULT_RULE_PARAMETERS } from '../rule/rule-definition';
import { instanceEni, inventory, session, vpc } from './support/inventory-builders';
import { ACCOUNT, eniTarget, sourceEni, targetInventory } from './support/target-builders';

const at = new Date('2026-01-01T00:00:00Z');
const any: RuleParameters = DEFAULT_RULE_PARAMETERS;
const one = (inv: Inventory, params: RuleParameters = any) => {
  const [e] = evaluateVpcs(inv, params, { orderingTimestamp: at, accountId: ACCOUNT });
  return e!;
};

const base = (parts: Partial<Inventory> = {}) =>
  inventory({
    vpcs: [vpc('vpc-1')],
    networkInterfaces: [sourceEni()],
    sessions: [session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-eni' })],
    targets: targetInventory(),
    ...parts,
  });

describe('evaluateVpcs with verifyTarget on (the default)', () => {
  it('is on by default', () => {
    expect(DEFAULT_RULE_PARAMETERS.verifyTarget).toBe(true);
  });

  it('COMPLIANT when the target can receive the traffic', () => {
    expect(one(base())).toMatchObject({ compliance: 'COMPLIANT', annotation: 'Mirrored by tms-1 (source eni-src, target tmt-eni)' });
  });

  it('NON_COMPLIANT when the only session has a deleted target, naming the session and the target', () => {
    const e = one(base({ targets: targetInventory({ targets: [] }) }));
    expect(e.compliance).toBe('NON_COMPLIANT');
    expect(e.annotation).toBe('1 session has its source in this VPC, but no mirrored traffic can arrive: tms-1: target tmt-eni was deleted');
  });

  it('lists each failing session with its cause, filter and target alike', () => {
    const inv = base({
      sessions: [
        session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-gone' }),
        session('tms-2', 'eni-src', { trafficMirrorTargetId: 'tmt-eni', trafficMirrorFilterId: 'tmf-reject' }),
      ],
    });
    expect(one(inv).annotation).toBe(
      '2 sessions have their source in this VPC, but no mirrored traffic can arrive: tms-1: target tmt-gone was deleted; ' +
        'tms-2: filter tmf-reject accepts no traffic',
    );
  });

  it('COMPLIANT when one of several sessions can deliver', () => {
    const inv = base({
      sessions: [session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-gone' }), session('tms-2', 'eni-src', { trafficMirrorTargetId: 'tmt-eni' })],
    });
    expect(one(inv)).toMatchObject({ compliance: 'COMPLIANT', annotation: 'Mirrored by tms-2 (source eni-src, target tmt-eni)' });
  });

  it("COMPLIANT with another account's target, saying it was not verified", () => {
    const inv = base({
      sessions: [session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-shared' })],
      targets: targetInventory({ targets: [eniTarget('tmt-shared', 'eni-x', { ownerId: '222222222222' })] }),
    });
    expect(one(inv)).toMatchObject({
      compliance: 'COMPLIANT',
      annotation: 'Mirrored by tms-1 (source eni-src, target tmt-shared); target tmt-shared of account 222222222222 was not verified',
    });
  });

  it('mode all: an ENI mirrored only to a target that cannot receive is not mirrored, and the cause is named', () => {
    const inv = base({
      networkInterfaces: [sourceEni(), instanceEni('eni-2', 'vpc-1')],
      sessions: [session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-eni' }), session('tms-2', 'eni-2', { trafficMirrorTargetId: 'tmt-gone' })],
    });
    expect(one(inv, { ...any, mode: 'all' })).toMatchObject({
      compliance: 'NON_COMPLIANT',
      annotation: '1 of 2 instance ENIs are not mirrored (tms-2: target tmt-gone was deleted): eni-2',
    });
  });

  it('with verifyTarget off, targets are neither needed nor checked (the verdicts before issue 11)', () => {
    const inv = base({ targets: undefined });
    expect(one(inv, { ...any, verifyTarget: false }).compliance).toBe('COMPLIANT');
    expect(() => one(inv)).toThrow(/verifyTarget is on but the inventory holds no targets/);
  });
});
