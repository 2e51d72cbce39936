/**
 * One fake account for the route check (issue 14) end to end: an appliance ENI target in a target VPC
 * (10.20.0.0/16, address 10.20.0.50, admitting VXLAN), and one source VPC per case, each with one instance ENI
 * mirrored to that target by one session. The cases are the "Done when" list: each VPC's route tables, peering
 * connections and transit gateway attachments differ, and so does the verdict. A source in the target VPC itself
 * (same VPC: nothing to read) completes it.
 */
import type { FakeAws, FakeNetworkInterface, FakeRegion, FakeRoute, FakeRouteTable, FakeTransitGatewayAttachment, FakeVpcPeering } from './fake-aws';

export const TARGET_VPC = 'vpc-0feed000000000000';
export const TARGET_ENI = 'eni-0feed000000000000';
export const TARGET_ADDRESS = '10.20.0.50';
export const TMT = 'tmt-0feed000000000000';
const TMF = 'tmf-0feed000000000000';
const THIRD_VPC = 'vpc-0eeee000000000000';

export interface CrossVpcCase {
  readonly label: string;
  readonly vpcId: string;
  readonly sessionId: string;
  readonly compliance: 'COMPLIANT' | 'NON_COMPLIANT';
  /** The annotation the rule and the CLI must give the VPC. */
  readonly annotation: string;
}

interface CaseSpec {
  readonly label: string;
  /** The source subnet's table; absent: the subnet has no explicit association and uses the main table. */
  readonly subnetRoutes?: FakeRoute[];
  readonly mainRoutes?: FakeRoute[];
  readonly peerings?: (ids: CaseIds) => FakeVpcPeering[];
  readonly attachments?: (ids: CaseIds) => FakeTransitGatewayAttachment[];
  /** After "route table rtb-… of subnet-… "; absent: COMPLIANT. */
  readonly failure?: (ids: CaseIds) => string;
}

interface CaseIds {
  readonly n: number;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly eniId: string;
  readonly sessionId: string;
  readonly subnetTableId: string;
  readonly mainTableId: string;
  readonly pcx: string;
}

const hex = (prefix: string, n: number) => `${prefix}-0${String(n).padStart(16, '0')}`;
const idsOf = (n: number): CaseIds => ({
  n,
  vpcId: hex('vpc', n),
  subnetId: hex('subnet', n),
  eniId: hex('eni', n),
  sessionId: hex('tms', n),
  subnetTableId: hex('rtb', n * 10 + 1),
  mainTableId: hex('rtb', n * 10),
  pcx: hex('pcx', n),
});

const TO_TARGET = '10.20.0.0/16';
const viaPeering = (pcx: string, state: 'active' | 'blackhole' = 'active', cidr = TO_TARGET): FakeRoute => ({
  DestinationCidrBlock: cidr,
  VpcPeeringConnectionId: pcx,
  State: state,
});
const viaGateway = (tgw: string): FakeRoute => ({ DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: tgw });
const peering = (pcx: string, a: string, b: string, code = 'active'): FakeVpcPeering => ({
  VpcPeeringConnectionId: pcx,
  RequesterVpcInfo: { VpcId: a, Region: 'us-east-1' },
  AccepterVpcInfo: { VpcId: b, Region: 'us-east-1' },
  Status: { Code: code },
});
const attachment = (vpcId: string, tgw: string, state: string): FakeTransitGatewayAttachment => ({
  TransitGatewayAttachmentId: `tgw-attach-${vpcId.slice(4)}${tgw.slice(-1)}`,
  TransitGatewayId: tgw,
  VpcId: vpcId,
  State: state,
});

const CASES: CaseSpec[] = [
  {
    label: 'an explicit subnet association beats the main table',
    subnetRoutes: [],
    mainRoutes: [viaPeering(idsOf(1).pcx)],
    peerings: (c) => [peering(c.pcx, c.vpcId, TARGET_VPC)],
    failure: () => 'has no route to it',
  },
  {
    label: 'the longest prefix wins: a /24 blackhole inside a /16 peering route',
    subnetRoutes: [viaPeering(idsOf(2).pcx), viaPeering('pcx-00000000000000dead', 'blackhole', '10.20.0.0/24')],
    peerings: (c) => [peering(c.pcx, c.vpcId, TARGET_VPC)],
    failure: () => 'routes it to a blackhole (10.20.0.0/24 via pcx-00000000000000dead)',
  },
  {
    label: 'a route through a deleted peering connection is a blackhole',
    subnetRoutes: [viaPeering(idsOf(3).pcx, 'blackhole')],
    peerings: (c) => [peering(c.pcx, c.vpcId, TARGET_VPC, 'deleted')],
    failure: (c) => `routes it to a blackhole (${TO_TARGET} via ${c.pcx})`,
  },
  {
    label: 'an active peering connection that joins the source VPC to some other VPC',
    subnetRoutes: [viaPeering(idsOf(4).pcx)],
    peerings: (c) => [peering(c.pcx, c.vpcId, THIRD_VPC)],
    failure: (c) => `routes it through ${c.pcx}, which joins ${c.vpcId} to ${THIRD_VPC}, not to the target's VPC`,
  },
  {
    label: "a transit gateway with the target VPC's attachment available",
    subnetRoutes: [viaGateway('tgw-00000000000000001')],
    attachments: (c) => [attachment(c.vpcId, 'tgw-00000000000000001', 'available'), attachment(TARGET_VPC, 'tgw-00000000000000001', 'available')],
  },
  {
    label: "a transit gateway with the target VPC's attachment pending",
    subnetRoutes: [viaGateway('tgw-00000000000000002')],
    attachments: (c) => [attachment(c.vpcId, 'tgw-00000000000000002', 'available'), attachment(TARGET_VPC, 'tgw-00000000000000002', 'pending')],
    failure: () => `routes it through tgw-00000000000000002, to which ${TARGET_VPC} is not attached (its attachment is pending)`,
  },
  {
    label: 'a transit gateway the target VPC is not attached to',
    subnetRoutes: [viaGateway('tgw-00000000000000003')],
    attachments: (c) => [attachment(c.vpcId, 'tgw-00000000000000003', 'available')],
    failure: () => `routes it through tgw-00000000000000003, to which ${TARGET_VPC} is not attached`,
  },
  {
    label: 'a default route to an internet gateway',
    subnetRoutes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-00000000000000001' }],
    failure: () => 'routes it to igw-00000000000000001, which does not lead to a private address in another VPC',
  },
  {
    label: 'an active peering connection to the target VPC',
    mainRoutes: [viaPeering(idsOf(9).pcx)],
    peerings: (c) => [peering(c.pcx, TARGET_VPC, c.vpcId)],
  },
];

/** The rule's prefix for a VPC whose one session cannot deliver, when the reason still fits in 256 characters after it. */
function withPrefix(reason: string): string {
  const prefixed = `1 session has its source in this VPC, but no mirrored traffic can arrive: ${reason}`;
  return prefixed.length <= 256 ? prefixed : reason;
}

function sourceEni(c: CaseIds, vpcId = c.vpcId, subnetId = c.subnetId, address = `10.${c.n}.0.10`): FakeNetworkInterface {
  return {
    NetworkInterfaceId: c.eniId,
    VpcId: vpcId,
    SubnetId: subnetId,
    Status: 'in-use',
    InterfaceType: 'interface',
    InstanceId: hex('i', c.n),
    PrivateIpAddress: address,
    Groups: [{ GroupId: 'sg-0a0a0a0a0a0a0a0a0' }],
  };
}

/** The account's state, and what each source VPC's verdict must be. */
export function seedCrossVpcAccount(fake: FakeAws, region: string): { state: FakeRegion; cases: CrossVpcCase[] } {
  const local = (n: number): FakeRoute => ({ DestinationCidrBlock: `10.${n}.0.0/16`, GatewayId: 'local' });
  const routeTables: FakeRouteTable[] = [];
  const cases: CrossVpcCase[] = [];
  const state: Partial<FakeRegion> = {
    vpcs: [{ VpcId: TARGET_VPC, CidrBlock: '10.20.0.0/16' }],
    networkInterfaces: [
      {
        NetworkInterfaceId: TARGET_ENI,
        VpcId: TARGET_VPC,
        SubnetId: 'subnet-0feed000000000000',
        Status: 'in-use',
        InterfaceType: 'interface',
        InstanceId: 'i-0feed000000000000',
        PrivateIpAddress: TARGET_ADDRESS,
        Groups: [{ GroupId: 'sg-0feed000000000000' }],
      },
    ],
    securityGroups: [
      {
        GroupId: 'sg-0feed000000000000',
        VpcId: TARGET_VPC,
        IpPermissions: [{ IpProtocol: 'udp', FromPort: 4789, ToPort: 4789, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
      },
    ],
    networkAcls: [
      {
        NetworkAclId: 'acl-0feed000000000000',
        VpcId: TARGET_VPC,
        IsDefault: true,
        SubnetIds: ['subnet-0feed000000000000'],
        Entries: [{ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' }],
      },
    ],
    targets: [{ TrafficMirrorTargetId: TMT, Type: 'network-interface', NetworkInterfaceId: TARGET_ENI }],
    filters: [
      {
        TrafficMirrorFilterId: TMF,
        IngressFilterRules: [
          {
            TrafficMirrorFilterRuleId: 'tmfr-0feed000000000000',
            TrafficMirrorFilterId: TMF,
            TrafficDirection: 'ingress',
            RuleNumber: 100,
            RuleAction: 'accept',
            SourceCidrBlock: '0.0.0.0/0',
            DestinationCidrBlock: '0.0.0.0/0',
          },
        ],
        EgressFilterRules: [],
        NetworkServices: [],
      },
    ],
    sessions: [],
    vpcPeeringConnections: [],
    transitGatewayAttachments: [],
    routeTables,
  };
  const session = (c: CaseIds) => ({ TrafficMirrorSessionId: c.sessionId, NetworkInterfaceId: c.eniId, TrafficMirrorTargetId: TMT, TrafficMirrorFilterId: TMF, SessionNumber: 1 });

  CASES.forEach((spec, i) => {
    const c = idsOf(i + 1);
    state.vpcs!.push({ VpcId: c.vpcId, CidrBlock: `10.${c.n}.0.0/16` });
    state.networkInterfaces!.push(sourceEni(c));
    state.sessions!.push(session(c));
    routeTables.push({ RouteTableId: c.mainTableId, VpcId: c.vpcId, Associations: [{ Main: true }], Routes: [local(c.n), ...(spec.mainRoutes ?? [])] });
    if (spec.subnetRoutes !== undefined) {
      routeTables.push({ RouteTableId: c.subnetTableId, VpcId: c.vpcId, Associations: [{ SubnetId: c.subnetId }], Routes: [local(c.n), ...spec.subnetRoutes] });
    }
    state.vpcPeeringConnections!.push(...(spec.peerings?.(c) ?? []));
    state.transitGatewayAttachments!.push(...(spec.attachments?.(c) ?? []));
    const table = spec.subnetRoutes !== undefined ? c.subnetTableId : c.mainTableId;
    cases.push({
      label: spec.label,
      vpcId: c.vpcId,
      sessionId: c.sessionId,
      ...(spec.failure === undefined
        ? { compliance: 'COMPLIANT' as const, annotation: `Mirrored by ${c.sessionId} (source ${c.eniId}, target ${TMT})` }
        : { compliance: 'NON_COMPLIANT' as const, annotation: withPrefix(`${c.sessionId} → ${TMT} (${TARGET_ADDRESS}): route table ${table} of ${c.subnetId} ${spec.failure(c)}`) }),
    });
  });

  // Same VPC: a source next to the target needs no route table.
  const same = idsOf(20);
  state.networkInterfaces!.push(sourceEni(same, TARGET_VPC, 'subnet-0feed000000000000', '10.20.0.10'));
  state.sessions!.push(session(same));
  cases.push({
    label: 'a source in the target VPC',
    vpcId: TARGET_VPC,
    sessionId: same.sessionId,
    compliance: 'COMPLIANT',
    annotation: `Mirrored by ${same.sessionId} (source ${same.eniId}, target ${TMT})`,
  });

  return { state: fake.setRegion(region, state), cases };
}

/** Only the same-VPC source of the account above: a region where nothing crosses VPCs. */
export function keepOnlySameVpcSession(state: FakeRegion): void {
  state.sessions.splice(0, state.sessions.length, ...state.sessions.filter((s) => s.TrafficMirrorSessionId === hex('tms', 20)));
}
