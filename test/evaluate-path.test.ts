/**
 * evaluateVpcs with a target in another VPC: the route check runs after the target check, its reason becomes the
 * annotation, its note joins a COMPLIANT one; pathReadQueryOf asks only for the sources that need it.
 */
import { describe, expect, it } from 'vitest';
import { evaluateVpcs } from '../rule/evaluate';
import type { Inventory } from '../rule/inventory';
import type { PathInventory, RouteTable } from '../rule/path-inventory';
import { pathReadQueryOf } from '../rule/path-query';
import type { RuleParameters } from '../rule/rule-definition';
import { DEFAULT_RULE_PARAMETERS } from '../rule/rule-definition';
import { inventory, session, vpc } from './support/inventory-builders';
import { ACCOUNT, endpointTarget, loadBalancer, nlbTarget, sourceEni, targetEni, targetInventory, vpcEndpoint } from './support/target-builders';

const at = new Date('2026-01-01T00:00:00Z');
const TARGET_VPC = 'vpc-appliance';
const evaluate = (inv: Inventory, params: RuleParameters = DEFAULT_RULE_PARAMETERS) =>
  evaluateVpcs(inv, params, { orderingTimestamp: at, accountId: ACCOUNT });

const table = (routes: RouteTable['routes']): RouteTable => ({
  routeTableId: 'rtb-src',
  vpcId: 'vpc-1',
  associations: [{ subnetId: 'subnet-src', main: false }],
  routes: [{ destinationCidrBlock: '10.0.0.0/16', state: 'active', gatewayId: 'local' }, ...routes],
});
const peered = (state = 'active'): PathInventory => ({
  routeTables: [table([{ destinationCidrBlock: '10.9.0.0/16', state: 'active', vpcPeeringConnectionId: 'pcx-1' }])],
  vpcPeeringConnections: [{ vpcPeeringConnectionId: 'pcx-1', requesterVpcId: 'vpc-1', accepterVpcId: TARGET_VPC, statusCode: state }],
  transitGatewayVpcAttachments: [],
});

/** vpc-1's source eni-src mirrored by tms-1 to tmt-eni, an ENI at 10.9.0.9 in another VPC. */
const crossVpc = (parts: Partial<Inventory> = {}) =>
  inventory({
    vpcs: [vpc('vpc-1')],
    networkInterfaces: [sourceEni()],
    sessions: [session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-eni' })],
    targets: targetInventory({ networkInterfaces: [targetEni('eni-t', { vpcId: TARGET_VPC, privateIpAddress: '10.9.0.9' })] }),
    ...parts,
  });

describe('evaluateVpcs: the route to a target in another VPC', () => {
  it('COMPLIANT when the source subnet routes the target address through an active peering to its VPC', () => {
    expect(evaluate(crossVpc({ path: peered() }))[0]).toMatchObject({ compliance: 'COMPLIANT', annotation: 'Mirrored by tms-1 (source eni-src, target tmt-eni)' });
  });

  it('NON_COMPLIANT naming the session, target, address, route table and what is wrong', () => {
    expect(evaluate(crossVpc({ path: peered('pending-acceptance') }))[0]).toMatchObject({
      compliance: 'NON_COMPLIANT',
      annotation:
        '1 session has its source in this VPC, but no mirrored traffic can arrive: ' +
        'tms-1 → tmt-eni (10.9.0.9): route table rtb-src of subnet-src routes it through pcx-1, which is pending-acceptance, not active',
    });
  });

  it('mode all says which route keeps an instance ENI unmirrored', () => {
    const path = peered();
    const inv = crossVpc({
      networkInterfaces: [sourceEni(), sourceEni({ networkInterfaceId: 'eni-2', subnetId: 'subnet-2' })],
      sessions: [session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-eni' }), session('tms-2', 'eni-2', { trafficMirrorTargetId: 'tmt-eni' })],
      // subnet-2 has no table of its own: the VPC's main table, which has no route to the target VPC, applies.
      path: { ...path, routeTables: [...path.routeTables, { ...table([]), routeTableId: 'rtb-main', associations: [{ main: true }] }] },
    });
    expect(evaluate(inv, { ...DEFAULT_RULE_PARAMETERS, mode: 'all' })[0]).toMatchObject({
      compliance: 'NON_COMPLIANT',
      annotation: '1 of 2 instance ENIs are not mirrored (tms-2 → tmt-eni (10.9.0.9): route table rtb-main of subnet-2 has no route to it): eni-2',
    });
  });

  it('a target that reports no address (a GWLB endpoint) counts through an active route to its VPC', () => {
    const inv = crossVpc({
      sessions: [session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-gwlbe' })],
      targets: targetInventory({ targets: [endpointTarget('tmt-gwlbe', 'vpce-1')], vpcEndpoints: [vpcEndpoint('vpce-1', { vpcId: TARGET_VPC })] }),
      path: peered(),
    });
    expect(evaluate(inv)[0]).toMatchObject({ compliance: 'COMPLIANT', annotation: 'Mirrored by tms-1 (source eni-src, target tmt-gwlbe)' });
    const withoutRoute = { ...inv, path: { ...peered(), routeTables: [table([])] } };
    expect(evaluate(withoutRoute)[0]).toMatchObject({
      compliance: 'NON_COMPLIANT',
      annotation:
        '1 session has its source in this VPC, but no mirrored traffic can arrive: ' +
        'tms-1 → tmt-gwlbe: route table rtb-src of subnet-src has no active route through a peering connection or transit gateway to vpc-appliance',
    });
  });

  describe('a target in a VPC another account shares in (AWS RAM), whose attachment this account cannot see', () => {
    const OWNER = '999988887777';
    const viaGateway = (sourceAttachmentState: string | undefined): PathInventory => ({
      routeTables: [table([{ destinationCidrBlock: '10.9.0.0/16', state: 'active', transitGatewayId: 'tgw-1' }])],
      vpcPeeringConnections: [],
      transitGatewayVpcAttachments:
        sourceAttachmentState === undefined
          ? []
          : [{ transitGatewayAttachmentId: 'tgw-attach-src', transitGatewayId: 'tgw-1', vpcId: 'vpc-1', state: sourceAttachmentState }],
    });
    const shared = (path: PathInventory) => crossVpc({ vpcs: [vpc('vpc-1'), vpc(TARGET_VPC, { ownerId: OWNER })], path });

    it('counts through the source side: the source VPC attached, the route active, with a note that the far side was not verified', () => {
      const [own] = evaluate(shared(viaGateway('available')));
      expect(own).toMatchObject({ vpcId: 'vpc-1', compliance: 'COMPLIANT' });
      expect(own?.annotation).toContain(`account ${OWNER}`);
      expect(own?.annotation).toContain('not verified');
    });

    it('does not count when the source VPC is not attached to the transit gateway either', () => {
      expect(evaluate(shared(viaGateway(undefined)))[0]).toMatchObject({ compliance: 'NON_COMPLIANT' });
      expect(evaluate(shared(viaGateway(undefined)))[0]?.annotation).toContain('to which vpc-1 is not attached');
    });

    it('the same VPC of this account is judged by its own attachment, which is absent here', () => {
      const own = crossVpc({ vpcs: [vpc('vpc-1'), vpc(TARGET_VPC)], path: viaGateway('available') });
      expect(evaluate(own)[0]?.annotation).toContain(`to which ${TARGET_VPC} is not attached`);
    });

    it('pathReadQueryOf then also asks for the source VPCs\' attachments', () => {
      expect(pathReadQueryOf(shared(viaGateway('available')), DEFAULT_RULE_PARAMETERS, ACCOUNT).sourceAttachments).toBe(true);
      expect(pathReadQueryOf(crossVpc({ vpcs: [vpc('vpc-1'), vpc(TARGET_VPC)] }), DEFAULT_RULE_PARAMETERS, ACCOUNT).sourceAttachments).toBeUndefined();
    });
  });

  it('refuses to decide on a cross-VPC target without the route tables (a reader bug, not a verdict)', () => {
    expect(() => evaluate(crossVpc())).toThrow(/no route tables were read/);
  });

  it('with verifyTarget off, neither the target nor the route is checked', () => {
    expect(evaluate(crossVpc(), { ...DEFAULT_RULE_PARAMETERS, verifyTarget: false })[0]?.compliance).toBe('COMPLIANT');
  });
});

describe('pathReadQueryOf', () => {
  it('asks for the subnets and VPCs of counted sources whose target is elsewhere, and the targets VPCs', () => {
    const inv = crossVpc({
      vpcs: [vpc('vpc-1'), vpc('vpc-2'), vpc('vpc-3')],
      networkInterfaces: [
        sourceEni(),
        sourceEni({ networkInterfaceId: 'eni-2', vpcId: 'vpc-2', subnetId: 'subnet-2' }),
        sourceEni({ networkInterfaceId: 'eni-3', vpcId: 'vpc-3', subnetId: 'subnet-3' }),
        sourceEni({ networkInterfaceId: 'eni-same', vpcId: TARGET_VPC, subnetId: 'subnet-same' }),
      ],
      sessions: [
        session('tms-1', 'eni-src', { trafficMirrorTargetId: 'tmt-eni' }),
        session('tms-2', 'eni-2', { trafficMirrorTargetId: 'tmt-nlb' }),
        // Not counted: its filter accepts nothing, or its target is gone; or no route is needed (same VPC).
        session('tms-3', 'eni-3', { trafficMirrorTargetId: 'tmt-eni', trafficMirrorFilterId: 'tmf-reject' }),
        session('tms-4', 'eni-3', { trafficMirrorTargetId: 'tmt-gone' }),
        session('tms-5', 'eni-same', { trafficMirrorTargetId: 'tmt-eni' }),
      ],
      targets: targetInventory({
        targets: [...targetInventory().targets, nlbTarget('tmt-nlb', 'ids')],
        networkInterfaces: [targetEni('eni-t', { vpcId: TARGET_VPC, privateIpAddress: '10.9.0.9' })],
        loadBalancers: [loadBalancer('ids', { vpcId: 'vpc-nlb' })],
      }),
    });
    expect(pathReadQueryOf(inv, DEFAULT_RULE_PARAMETERS, ACCOUNT)).toEqual({
      sourceSubnetIds: ['subnet-2', 'subnet-src'],
      sourceVpcIds: ['vpc-1', 'vpc-2'],
      targetVpcIds: [TARGET_VPC, 'vpc-nlb'],
    });
    expect(pathReadQueryOf(inv, DEFAULT_RULE_PARAMETERS, ACCOUNT, ['vpc-2'])).toEqual({
      sourceSubnetIds: ['subnet-2'],
      sourceVpcIds: ['vpc-2'],
      targetVpcIds: ['vpc-nlb'],
    });
  });

  it('asks for nothing when verifyTarget is off', () => {
    expect(pathReadQueryOf(crossVpc(), { ...DEFAULT_RULE_PARAMETERS, verifyTarget: false }, ACCOUNT)).toEqual({
      sourceSubnetIds: [],
      sourceVpcIds: [],
      targetVpcIds: [],
    });
  });
});
