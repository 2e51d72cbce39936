/**
 * The remediation refuses to reuse an existing traffic mirror target that the rule's target check fails (nothing is
 * planned, so nothing is created), and reuses one that passes, or another account's, unverified, with a warning.
 */
import { describe, expect, it } from 'vitest';
import { planRemediation, RemediationPreconditionError } from '../remediation/plan';
import type { RemediationInventory } from '../remediation/inventory';
import { EMPTY_TARGET_INVENTORY } from '../rule/target-inventory';
import { eni, inventory, managedFilter, mirrorSession, mirrorTarget, NLB_ARN, request, VPC } from './support/remediation-builders';
import { aclEntry, loadBalancer, networkAcl, securityGroup, targetEni, vpcEndpoint, vxlanRule } from './support/target-builders';

const ACCOUNT = '123456789012';
const TMT = 'tmt-0123456789abcdef0';
const reuse = (payload: Record<string, unknown> = {}) => request({ trafficMirrorTargetId: TMT, ...payload });

/** The VPC's candidate sources (10.0.0.N), an accepting filter, and the existing target as the rule would read it. */
function withTarget(target: ReturnType<typeof mirrorTarget>, parts: Partial<NonNullable<RemediationInventory['existingTargets']>> = {}) {
  return inventory({
    accountId: ACCOUNT,
    networkInterfaces: [eni('eni-00000000000000001'), eni('eni-00000000000000002')],
    filters: [managedFilter()],
    targets: [target],
    existingTargets: { ...EMPTY_TARGET_INVENTORY, targets: [target], ...parts },
  });
}

const refusal = (inv: RemediationInventory, req = reuse()) => {
  try {
    planRemediation(inv, req);
  } catch (error) {
    expect(error).toBeInstanceOf(RemediationPreconditionError);
    return (error as Error).message;
  }
  throw new Error('expected the plan to be refused');
};

describe('planRemediation: reusing an existing target', () => {
  it('refuses a target whose NLB was deleted, naming the target and why; nothing is created', () => {
    const inv = withTarget(mirrorTarget(TMT, { ownerId: ACCOUNT, networkLoadBalancerArn: NLB_ARN }));
    expect(refusal(inv)).toBe(
      `Remediation not started, nothing was created: Traffic mirror target ${TMT} cannot receive the mirrored traffic, so it is not reused: ` +
        `target ${TMT}: load balancer mirror was deleted`,
    );
  });

  it('refuses an NLB target without a UDP listener on 4789, and a Gateway Load Balancer endpoint that is not available', () => {
    const nlb = withTarget(mirrorTarget(TMT, { ownerId: ACCOUNT, networkLoadBalancerArn: NLB_ARN }), {
      loadBalancers: [loadBalancer('mirror', { loadBalancerArn: NLB_ARN, listeners: [{ port: 4789, protocol: 'TCP' }] })],
    });
    expect(refusal(nlb)).toMatch(/load balancer mirror has no UDP or TCP_UDP listener on port 4789 \(only TCP\)$/);
    const endpoint = withTarget(mirrorTarget(TMT, { ownerId: ACCOUNT, gatewayLoadBalancerEndpointId: 'vpce-1' }), {
      vpcEndpoints: [vpcEndpoint('vpce-1', { state: 'pending' })],
    });
    expect(refusal(endpoint)).toMatch(/Gateway Load Balancer endpoint vpce-1 is pending, not available$/);
  });

  it('refuses an ENI target whose network ACL denies VXLAN from every source, even when the VPC looks mirrored already', () => {
    const target = mirrorTarget(TMT, { ownerId: ACCOUNT, networkInterfaceId: 'eni-t' });
    const parts = {
      networkInterfaces: [targetEni('eni-t')],
      securityGroups: [securityGroup('sg-t', vxlanRule())],
      networkAcls: [networkAcl('acl-t', ['subnet-t'], aclEntry(50, 'deny', { protocol: '17', portRange: { from: 4789, to: 4789 } }), aclEntry(100, 'allow'))],
    };
    const inv = { ...withTarget(target, parts), sessions: [mirrorSession('tms-1', 'eni-00000000000000001', { trafficMirrorTargetId: TMT })] };
    expect(refusal(inv)).toMatch(/network ACL acl-t rule 50 denies UDP 4789 from 10\.0\.0\.\d+ into eni-t \(and 1 other reason\(s\) for other sources\)$/);
  });

  it('skips, naming why, a source the target admits no VXLAN from, and mirrors the others (mode one)', () => {
    const target = mirrorTarget(TMT, { ownerId: ACCOUNT, networkInterfaceId: 'eni-t' });
    const src1 = eni('eni-00000000000000001', { privateIpAddress: '10.0.0.11' });
    const inv = {
      ...withTarget(target, {
        networkInterfaces: [targetEni('eni-t')],
        securityGroups: [securityGroup('sg-t', vxlanRule({ ipv4Cidrs: ['10.0.0.12/32'] }))],
        networkAcls: [networkAcl('acl-t', ['subnet-t'], aclEntry(100, 'allow'))],
      }),
      networkInterfaces: [src1, eni('eni-00000000000000002', { privateIpAddress: '10.0.0.12' })],
    };
    const plan = planRemediation(inv, reuse());
    expect(plan.sessionsToCreate.map((s) => s.networkInterfaceId)).toEqual(['eni-00000000000000002']);
    expect(plan.skipped).toEqual([
      { networkInterfaceId: 'eni-00000000000000001', reason: `eni-00000000000000001 cannot mirror to target ${TMT}: security group(s) sg-t of eni-t admit no UDP 4789 from eni-00000000000000001` },
    ]);
  });

  it('reuses a target that can receive, and another account’s target unverified with a warning', () => {
    const good = withTarget(mirrorTarget(TMT, { ownerId: ACCOUNT, networkLoadBalancerArn: NLB_ARN }), {
      loadBalancers: [loadBalancer('mirror', { loadBalancerArn: NLB_ARN })],
    });
    expect(planRemediation(good, reuse()).target).toEqual({ action: 'reuse', trafficMirrorTargetId: TMT });
    const shared = withTarget(mirrorTarget(TMT, { ownerId: '999999999999', networkLoadBalancerArn: NLB_ARN }));
    const plan = planRemediation(shared, reuse());
    expect(plan.target).toEqual({ action: 'reuse', trafficMirrorTargetId: TMT });
    expect(plan.skipped).toEqual([]);
    expect(plan.warnings).toContain(`target ${TMT} of account 999999999999 was not verified`);
    expect(VPC).toMatch(/^vpc-/);
  });
});
