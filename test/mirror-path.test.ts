/**
 * The pure path check: which route table applies, which route wins, and where it leads, for a source in one VPC and
 * a target in another. Every case of issue 14's "Done when" list, plus the edges the verdict wording depends on.
 */
import { describe, expect, it } from 'vitest';
import type { MirrorPathQuery } from '../rule/mirror-path';
import { checkMirrorPath, longestPrefixMatch, routeTableOf } from '../rule/mirror-path';
import type { PathInventory, Route, RouteTable, TransitGatewayVpcAttachment, VpcPeeringConnection } from '../rule/path-inventory';
import { EMPTY_PATH_INVENTORY } from '../rule/path-inventory';

const SOURCE_VPC = 'vpc-0source';
const TARGET_VPC = 'vpc-0target';
const SUBNET = 'subnet-0source';
const TARGET_IP = '10.20.0.50';

const query = (target: Partial<MirrorPathQuery['target']> = {}, source: Partial<MirrorPathQuery['source']> = {}): MirrorPathQuery => ({
  trafficMirrorSessionId: 'tms-1',
  source: { networkInterfaceId: 'eni-source', vpcId: SOURCE_VPC, subnetId: SUBNET, ...source },
  target: { trafficMirrorTargetId: 'tmt-1', vpcId: TARGET_VPC, addresses: [TARGET_IP], ...target },
});

const LOCAL: Route = { destinationCidrBlock: '10.0.0.0/16', state: 'active', gatewayId: 'local' };
const viaPeering = (destinationCidrBlock: string, id = 'pcx-1', state = 'active'): Route => ({ destinationCidrBlock, state, vpcPeeringConnectionId: id });
const viaGateway = (destinationCidrBlock: string, id = 'tgw-1', state = 'active'): Route => ({ destinationCidrBlock, state, transitGatewayId: id });

const table = (routeTableId: string, routes: Route[], association: { subnetId?: string; main?: boolean } = { subnetId: SUBNET }): RouteTable => ({
  routeTableId,
  vpcId: SOURCE_VPC,
  associations: [{ main: association.main ?? false, ...(association.subnetId ? { subnetId: association.subnetId } : {}) }],
  routes: [LOCAL, ...routes],
});
const mainTable = (routes: Route[]) => table('rtb-main', routes, { main: true });

const peering = (extra: Partial<VpcPeeringConnection> = {}): VpcPeeringConnection => ({
  vpcPeeringConnectionId: 'pcx-1',
  requesterVpcId: SOURCE_VPC,
  accepterVpcId: TARGET_VPC,
  requesterRegion: 'us-east-1',
  accepterRegion: 'us-east-1',
  statusCode: 'active',
  ...extra,
});
const attachment = (vpcId: string, state = 'available', transitGatewayId = 'tgw-1'): TransitGatewayVpcAttachment => ({
  transitGatewayAttachmentId: `tgw-attach-${vpcId.slice(4)}`,
  transitGatewayId,
  vpcId,
  state,
});

const inventory = (extra: Partial<PathInventory>): PathInventory => ({ ...EMPTY_PATH_INVENTORY, ...extra });
const PREFIX = `tms-1 → tmt-1 (${TARGET_IP}): route table`;

describe('checkMirrorPath: same VPC', () => {
  it('needs nothing: the local route always exists, so no route table is read or consulted', () => {
    expect(checkMirrorPath(query({ vpcId: SOURCE_VPC }), EMPTY_PATH_INVENTORY)).toEqual({ reachable: true, via: 'local' });
  });
});

describe('checkMirrorPath: which route table', () => {
  it('the explicit subnet association beats the main table', () => {
    const inv = inventory({
      routeTables: [mainTable([viaPeering('10.20.0.0/16')]), table('rtb-subnet', [])],
      vpcPeeringConnections: [peering()],
    });
    expect(routeTableOf(inv, SOURCE_VPC, SUBNET)?.routeTableId).toBe('rtb-subnet');
    expect(checkMirrorPath(query(), inv)).toEqual({
      reachable: false,
      reason: `${PREFIX} rtb-subnet of ${SUBNET} has no route to it`,
      routeTableId: 'rtb-subnet',
    });
  });

  it('a subnet without an explicit association uses its VPC main table', () => {
    const inv = inventory({
      routeTables: [mainTable([viaPeering('10.20.0.0/16')]), table('rtb-other-subnet', [], { subnetId: 'subnet-other' })],
      vpcPeeringConnections: [peering()],
    });
    expect(checkMirrorPath(query(), inv)).toEqual({ reachable: true, via: 'pcx-1' });
  });

  it('fails, naming the subnet, when neither table was found', () => {
    expect(checkMirrorPath(query(), EMPTY_PATH_INVENTORY)).toEqual({
      reachable: false,
      reason: `tms-1 → tmt-1 (${TARGET_IP}): no route table of ${SUBNET} (nor a main table of ${SOURCE_VPC}) was found`,
    });
  });
});

describe('checkMirrorPath: which route', () => {
  it('the longest prefix wins: a /24 blackhole inside a /16 peering route drops the packets', () => {
    const inv = inventory({
      routeTables: [table('rtb-1', [viaPeering('10.20.0.0/16'), viaPeering('10.20.0.0/24', 'pcx-old', 'blackhole')])],
      vpcPeeringConnections: [peering()],
    });
    expect(checkMirrorPath(query(), inv)).toEqual({
      reachable: false,
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it to a blackhole (10.20.0.0/24 via pcx-old)`,
      routeTableId: 'rtb-1',
    });
    // An address of the /16 outside the /24 takes the working route.
    expect(checkMirrorPath(query({ addresses: ['10.20.1.50'] }), inv)).toEqual({ reachable: true, via: 'pcx-1' });
  });

  it('the longest prefix wins the other way too: a /24 through a peering inside a default route to an internet gateway', () => {
    const inv = inventory({
      routeTables: [table('rtb-1', [{ destinationCidrBlock: '0.0.0.0/0', state: 'active', gatewayId: 'igw-1' }, viaPeering('10.20.0.0/24')])],
      vpcPeeringConnections: [peering()],
    });
    expect(checkMirrorPath(query(), inv)).toEqual({ reachable: true, via: 'pcx-1' });
    expect(longestPrefixMatch(inv.routeTables[0]!.routes, '10.20.9.9')?.gatewayId).toBe('igw-1');
  });

  it('a blackhole: EC2 shows a route through a peering that is not yet active, or was deleted, as blackhole', () => {
    const inv = inventory({
      routeTables: [table('rtb-1', [viaPeering('10.20.0.0/16', 'pcx-1', 'blackhole')])],
      vpcPeeringConnections: [peering({ statusCode: 'deleted' })],
    });
    expect(checkMirrorPath(query(), inv)).toMatchObject({
      reachable: false,
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it to a blackhole (10.20.0.0/16 via pcx-1)`,
    });
  });

  it('no route at all', () => {
    const inv = inventory({ routeTables: [table('rtb-1', [])] });
    expect(checkMirrorPath(query(), inv)).toMatchObject({ reachable: false, reason: `${PREFIX} rtb-1 of ${SUBNET} has no route to it` });
  });
});

describe('checkMirrorPath: VPC peering', () => {
  const routes = [table('rtb-1', [viaPeering('10.20.0.0/16')])];

  it.each([
    ['requester', peering()],
    ['accepter', peering({ requesterVpcId: TARGET_VPC, accepterVpcId: SOURCE_VPC })],
  ])('reaches the target through an active peering whose %s is the source VPC', (_, p) => {
    expect(checkMirrorPath(query(), inventory({ routeTables: routes, vpcPeeringConnections: [p] }))).toEqual({ reachable: true, via: 'pcx-1' });
  });

  it('an active peering that joins the source VPC to some other VPC does not reach the target', () => {
    const inv = inventory({ routeTables: routes, vpcPeeringConnections: [peering({ accepterVpcId: 'vpc-0third' })] });
    expect(checkMirrorPath(query(), inv)).toEqual({
      reachable: false,
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it through pcx-1, which joins ${SOURCE_VPC} to vpc-0third, not to the target's VPC`,
      routeTableId: 'rtb-1',
    });
  });

  it('a peering that is not active, or no longer exists, carries nothing even if the route still shows active', () => {
    const pending = inventory({ routeTables: routes, vpcPeeringConnections: [peering({ statusCode: 'pending-acceptance' })] });
    expect(checkMirrorPath(query(), pending)).toMatchObject({
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it through pcx-1, which is pending-acceptance, not active`,
    });
    expect(checkMirrorPath(query(), inventory({ routeTables: routes }))).toMatchObject({
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it through pcx-1, which does not exist any more`,
    });
  });

  it('an inter-Region peering is not crossed by Traffic Mirroring', () => {
    const inv = inventory({ routeTables: routes, vpcPeeringConnections: [peering({ accepterRegion: 'eu-west-1' })] });
    expect(checkMirrorPath(query(), inv)).toMatchObject({
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it through pcx-1, which peers us-east-1 with eu-west-1: Traffic Mirroring does not cross Regions`,
    });
  });
});

describe('checkMirrorPath: transit gateway', () => {
  const routes = [table('rtb-1', [viaGateway('10.0.0.0/8')])];

  it("reaches the target when the target VPC's attachment is available", () => {
    const inv = inventory({ routeTables: routes, transitGatewayVpcAttachments: [attachment(SOURCE_VPC), attachment(TARGET_VPC)] });
    expect(checkMirrorPath(query(), inv)).toEqual({ reachable: true, via: 'tgw-1' });
  });

  it("does not when the target VPC's attachment is pending", () => {
    const inv = inventory({ routeTables: routes, transitGatewayVpcAttachments: [attachment(SOURCE_VPC), attachment(TARGET_VPC, 'pending')] });
    expect(checkMirrorPath(query(), inv)).toEqual({
      reachable: false,
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it through tgw-1, to which ${TARGET_VPC} is not attached (its attachment is pending)`,
      routeTableId: 'rtb-1',
    });
  });

  it('does not when the target VPC has no attachment to that transit gateway', () => {
    const inv = inventory({
      routeTables: routes,
      transitGatewayVpcAttachments: [attachment(SOURCE_VPC), attachment(TARGET_VPC, 'available', 'tgw-2')],
    });
    expect(checkMirrorPath(query(), inv)).toMatchObject({
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it through tgw-1, to which ${TARGET_VPC} is not attached`,
    });
  });
});

describe('checkMirrorPath: routes that lead elsewhere', () => {
  it.each([
    ['an internet gateway', { gatewayId: 'igw-1' }, 'igw-1'],
    ['a NAT gateway', { natGatewayId: 'nat-1' }, 'nat-1'],
    ['an instance', { instanceId: 'i-1', networkInterfaceId: 'eni-appliance' }, 'eni-appliance'],
  ])('a route to %s does not reach a private target', (_, hop, named) => {
    const inv = inventory({ routeTables: [table('rtb-1', [{ destinationCidrBlock: '0.0.0.0/0', state: 'active', ...hop }])] });
    expect(checkMirrorPath(query(), inv)).toMatchObject({
      reachable: false,
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it to ${named}, which does not lead to a private address in another VPC`,
    });
  });

  it("a target address inside the source VPC's own range goes to the local route, not to the other VPC", () => {
    const inv = inventory({ routeTables: [table('rtb-1', [viaPeering('10.0.0.0/8')])], vpcPeeringConnections: [peering()] });
    expect(checkMirrorPath(query({ addresses: ['10.0.3.3'] }), inv)).toMatchObject({
      reason: `tms-1 → tmt-1 (10.0.3.3): route table rtb-1 of ${SUBNET} routes it to its own VPC (local route 10.0.0.0/16): the target's address overlaps the source VPC`,
    });
  });
});

describe('checkMirrorPath: target VPC of another account (shared through AWS RAM)', () => {
  const shared = { ownerId: '210987654321' };

  it('checks the peering state and the source-side route', () => {
    const routes = [table('rtb-1', [viaPeering('10.20.0.0/16')])];
    expect(checkMirrorPath(query(shared), inventory({ routeTables: routes, vpcPeeringConnections: [peering()] }))).toEqual({ reachable: true, via: 'pcx-1' });
    expect(checkMirrorPath(query(shared), inventory({ routeTables: routes, vpcPeeringConnections: [peering({ statusCode: 'expired' })] }))).toMatchObject({
      reachable: false,
    });
  });

  it("takes the source VPC's available attachment when the target's is not visible, and says so", () => {
    const routes = [table('rtb-1', [viaGateway('10.20.0.0/16')])];
    expect(checkMirrorPath(query(shared), inventory({ routeTables: routes, transitGatewayVpcAttachments: [attachment(SOURCE_VPC)] }))).toEqual({
      reachable: true,
      via: 'tgw-1',
      note: `the attachment of ${TARGET_VPC} (account 210987654321) to tgw-1 is not visible from here and was not verified`,
    });
    expect(checkMirrorPath(query(shared), inventory({ routeTables: routes, transitGatewayVpcAttachments: [attachment(SOURCE_VPC, 'pending')] }))).toMatchObject({
      reason: `${PREFIX} rtb-1 of ${SUBNET} routes it through tgw-1, to which ${SOURCE_VPC} is not attached (and the attachment of ${TARGET_VPC} is not visible)`,
    });
  });

  it("a visible attachment of the target's VPC still decides", () => {
    const routes = [table('rtb-1', [viaGateway('10.20.0.0/16')])];
    const inv = inventory({ routeTables: routes, transitGatewayVpcAttachments: [attachment(SOURCE_VPC), attachment(TARGET_VPC, 'deleting')] });
    expect(checkMirrorPath(query(shared), inv)).toMatchObject({ reachable: false });
  });
});

describe('checkMirrorPath: targets with several addresses, or none known', () => {
  const inv = inventory({
    routeTables: [table('rtb-1', [viaPeering('10.20.0.0/24', 'pcx-1', 'blackhole'), viaPeering('10.20.1.0/24')])],
    vpcPeeringConnections: [peering()],
  });

  it('one reachable address of a load balancer is enough', () => {
    expect(checkMirrorPath(query({ addresses: ['10.20.0.5', '10.20.1.5'] }), inv)).toEqual({ reachable: true, via: 'pcx-1' });
  });

  it('when none is reachable, the verdict names each address and each cause once', () => {
    expect(checkMirrorPath(query({ addresses: ['10.20.0.5', '10.20.0.6', '10.20.2.5'] }), inv)).toMatchObject({
      reason:
        `tms-1 → tmt-1 (10.20.0.5, 10.20.0.6, 10.20.2.5): route table rtb-1 of ${SUBNET} ` +
        'routes it to a blackhole (10.20.0.0/24 via pcx-1); has no route to it',
    });
  });

  it('without a known address, an active route through a peering to the target VPC is taken', () => {
    expect(checkMirrorPath(query({ addresses: [] }), inv)).toEqual({ reachable: true, via: 'pcx-1' });
    const none = inventory({ routeTables: [table('rtb-1', [viaPeering('10.20.0.0/16', 'pcx-1', 'blackhole')])], vpcPeeringConnections: [peering()] });
    expect(checkMirrorPath(query({ addresses: [] }), none)).toEqual({
      reachable: false,
      reason: `tms-1 → tmt-1: route table rtb-1 of ${SUBNET} has no active route through a peering connection or transit gateway to ${TARGET_VPC}`,
      routeTableId: 'rtb-1',
    });
  });

  it('names the source ENI and the target resource when there is no session or target yet (the remediation)', () => {
    const q: MirrorPathQuery = { source: query().source, target: { resourceId: 'eni-target', vpcId: TARGET_VPC, addresses: [TARGET_IP] } };
    expect(checkMirrorPath(q, inventory({ routeTables: [table('rtb-1', [])] }))).toMatchObject({
      reason: `eni-source → eni-target (${TARGET_IP}): route table rtb-1 of ${SUBNET} has no route to it`,
    });
  });
});
