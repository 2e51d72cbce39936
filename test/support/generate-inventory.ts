/**
 * Deterministic, realistic region inventories for the fake AWS endpoint: VPCs with subnets and a default
 * security group, ENIs spread over them (mostly in-use instance interfaces, some load balancer and endpoint
 * interfaces, some unattached), traffic mirror sessions whose sources sit in distinct VPCs, a few filters and
 * targets, one default VPC, some tags, a peering and transit gateway attachments. The targets can receive what is
 * mirrored to them (rule parameter verifyTarget): the NLBs are active with a UDP 4789 listener, the Gateway Load
 * Balancer endpoints available, the appliance ENIs admit VXLAN through their security group and network ACL, and
 * every VPC's main route table reaches them.
 */
import type {
  FakeFilter,
  FakeFilterRule,
  FakeListener,
  FakeLoadBalancer,
  FakeNetworkAcl,
  FakeNetworkInterface,
  FakeRegion,
  FakeRouteTable,
  FakeSecurityGroup,
  FakeSession,
  FakeSubnet,
  FakeTarget,
  FakeTransitGatewayAttachment,
  FakeVpc,
  FakeVpcEndpoint,
  FakeVpcPeering,
} from './fake-aws';
import { MAX_SESSIONS_PER_SOURCE_ENI } from './fake-aws';

export interface InventorySpec {
  readonly vpcs: number;
  readonly networkInterfaces: number;
  readonly sessions: number;
  /** PRNG seed: the same spec and seed give the same inventory (default 1). */
  readonly seed?: number;
  /**
   * true (default): sessions use filters with accept rules, so they mirror traffic.
   * false: every session uses the filter without any rule, so none mirrors anything.
   */
  readonly acceptingFilters?: boolean;
  /**
   * Traffic mirror targets (default 3, at least 3): an NLB, a Gateway Load Balancer endpoint and an appliance ENI,
   * then more of each kind in turn. Sessions use them round-robin.
   */
  readonly targets?: number;
  /**
   * true (default): every target can receive VXLAN. false: none can (the NLBs are gone, the endpoints pending, the
   * appliance ENIs' groups admit nothing), as when a session outlives what it points at.
   */
  readonly targetsReceive?: boolean;
}

/** mulberry32: a small, fast, seedable PRNG (deterministic fixtures, not security). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** EC2-style IDs (prefix + 17 hex digits), unique within one inventory. */
function idFactory(random: () => number): (prefix: string) => string {
  const used = new Set<string>();
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  return (prefix) => {
    for (;;) {
      const id = `${prefix}-${hex(17)}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}

const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const ZONES = ['a', 'b', 'c'];

/** A VPC index's /24 in 10.0.0.0/8 (repeats after 65,536 VPCs, which no test needs). */
const vpcCidr = (i: number) => `10.${(i >> 8) & 255}.${i & 255}.0/24`;
/** The k-th address of a VPC's first subnet (repeats within a VPC after 250 ENIs: no check here needs them unique). */
const vpcAddress = (i: number, k: number) => `${i === 0 ? '172.31.0' : `10.${(i >> 8) & 255}.${i & 255}`}.${(k % 250) + 4}`;
const nlbArnOf = (region: string, name: string) =>
  `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/net/${name}/0123456789abcdef`;

function acceptRule(filterId: string, id: string, direction: 'ingress' | 'egress', ruleNumber: number): FakeFilterRule {
  return {
    TrafficMirrorFilterRuleId: id,
    TrafficMirrorFilterId: filterId,
    TrafficDirection: direction,
    RuleNumber: ruleNumber,
    RuleAction: 'accept',
    DestinationCidrBlock: '0.0.0.0/0',
    SourceCidrBlock: '0.0.0.0/0',
  };
}

/** Builds one region's inventory. Deterministic for a given spec. */
export function generateInventory(spec: InventorySpec): FakeRegion {
  if (spec.vpcs < 1) throw new Error('generateInventory: vpcs must be at least 1');
  if (spec.sessions > 0 && spec.networkInterfaces < 1) throw new Error('generateInventory: sessions need network interfaces');
  const random = prng(spec.seed ?? 1);
  const newId = idFactory(random);
  const region = 'us-east-1';

  const vpcs: FakeVpc[] = [];
  const subnets: FakeSubnet[] = [];
  const securityGroups: FakeSecurityGroup[] = [];
  for (let i = 0; i < spec.vpcs; i++) {
    const isDefault = i === 0;
    const vpcId = newId('vpc');
    const env = ENVIRONMENTS[i % ENVIRONMENTS.length] ?? 'dev';
    vpcs.push({
      VpcId: vpcId,
      IsDefault: isDefault,
      CidrBlock: isDefault ? '172.31.0.0/16' : vpcCidr(i),
      // Most VPCs are tagged, as in a real estate; every tenth is not.
      ...(i % 10 === 9 ? {} : { Tags: [{ Key: 'Name', Value: `vpc-${env}-${i}` }, { Key: 'env', Value: env }] }),
    });
    subnets.push({
      SubnetId: newId('subnet'),
      VpcId: vpcId,
      CidrBlock: isDefault ? '172.31.0.0/20' : vpcCidr(i),
      AvailabilityZone: `${region}${ZONES[i % ZONES.length] ?? 'a'}`,
    });
    securityGroups.push({
      GroupId: newId('sg'),
      VpcId: vpcId,
      GroupName: 'default',
      Description: 'default VPC security group',
      IpPermissions: [],
    });
  }

  // ENIs: the first `vpcs` go one per VPC so every VPC has one; the rest land on random VPCs.
  const networkInterfaces: FakeNetworkInterface[] = [];
  const instanceEnisByVpc = new Map<number, FakeNetworkInterface[]>();
  for (let i = 0; i < spec.networkInterfaces; i++) {
    const v = i < spec.vpcs ? i : Math.floor(random() * spec.vpcs);
    const vpc = vpcs[v] as FakeVpc;
    const subnet = subnets[v] as FakeSubnet;
    const group = securityGroups[v] as FakeSecurityGroup;
    const roll = random();
    // ~85% instance interfaces (the first ENI of each VPC always is), ~5% NLB, ~5% endpoint, ~5% unattached.
    const kind = i < spec.vpcs || roll < 0.85 ? 'instance' : roll < 0.9 ? 'nlb' : roll < 0.95 ? 'endpoint' : 'available';
    const eni: FakeNetworkInterface = {
      NetworkInterfaceId: newId('eni'),
      VpcId: vpc.VpcId,
      SubnetId: subnet.SubnetId,
      PrivateIpAddress: vpcAddress(v, i),
      AvailabilityZone: subnet.AvailabilityZone,
      Groups: [{ GroupId: group.GroupId, GroupName: 'default' }],
      ...(kind === 'instance'
        ? { Status: 'in-use', InterfaceType: 'interface', InstanceId: newId('i') }
        : kind === 'nlb'
          ? { Status: 'in-use', InterfaceType: 'network_load_balancer', Description: 'ELB net/app-nlb/0123456789abcdef' }
          : kind === 'endpoint'
            ? { Status: 'in-use', InterfaceType: 'vpc_endpoint', Description: 'VPC Endpoint Interface' }
            : { Status: 'available', InterfaceType: 'interface' }),
    };
    networkInterfaces.push(eni);
    if (kind === 'instance') {
      const list = instanceEnisByVpc.get(v);
      if (list) list.push(eni);
      else instanceEnisByVpc.set(v, [eni]);
    }
  }

  // Filters: three that accept traffic, one DNS-only, one with no rule at all (mirrors nothing).
  const filters: FakeFilter[] = [];
  for (let f = 0; f < 3; f++) {
    const id = newId('tmf');
    filters.push({
      TrafficMirrorFilterId: id,
      IngressFilterRules: [acceptRule(id, newId('tmfr'), 'ingress', 100)],
      EgressFilterRules: f === 0 ? [acceptRule(id, newId('tmfr'), 'egress', 100)] : [],
      NetworkServices: [],
      Description: `accept all traffic ${f + 1}`,
    });
  }
  filters.push({
    TrafficMirrorFilterId: newId('tmf'),
    IngressFilterRules: [],
    EgressFilterRules: [],
    NetworkServices: ['amazon-dns'],
    Description: 'DNS only',
  });
  const emptyFilter: FakeFilter = {
    TrafficMirrorFilterId: newId('tmf'),
    IngressFilterRules: [],
    EgressFilterRules: [],
    NetworkServices: [],
    Description: 'no rules',
  };
  filters.push(emptyFilter);
  const sessionFilters = spec.acceptingFilters === false ? [emptyFilter] : filters.slice(0, 3);

  // Targets: an NLB, a Gateway Load Balancer endpoint and an appliance ENI (the last ENI), then more of each in turn.
  const targets: FakeTarget[] = [
    {
      TrafficMirrorTargetId: newId('tmt'),
      Type: 'network-load-balancer',
      NetworkLoadBalancerArn: nlbArnOf(region, 'mirror-collector'),
      Description: 'central collector',
    },
    {
      TrafficMirrorTargetId: newId('tmt'),
      Type: 'gateway-load-balancer-endpoint',
      GatewayLoadBalancerEndpointId: newId('vpce'),
      Description: 'inspection appliances',
    },
  ];
  const applianceEnis: FakeNetworkInterface[] = [];
  const addApplianceTarget = () => {
    const eni = networkInterfaces.at(-1 - applianceEnis.length);
    if (!eni) return;
    applianceEnis.push(eni);
    targets.push({
      TrafficMirrorTargetId: newId('tmt'),
      Type: 'network-interface',
      NetworkInterfaceId: eni.NetworkInterfaceId,
      Description: 'packet capture appliance',
    });
  };
  addApplianceTarget();
  for (let k = 3; k < (spec.targets ?? 3); k++) {
    if (k % 3 === 0) {
      targets.push({
        TrafficMirrorTargetId: newId('tmt'),
        Type: 'network-load-balancer',
        NetworkLoadBalancerArn: nlbArnOf(region, `mirror-collector-${k}`),
        Description: `collector ${k}`,
      });
    } else if (k % 3 === 1) {
      targets.push({
        TrafficMirrorTargetId: newId('tmt'),
        Type: 'gateway-load-balancer-endpoint',
        GatewayLoadBalancerEndpointId: newId('vpce'),
        Description: `inspection appliances ${k}`,
      });
    } else addApplianceTarget();
  }
  const isAppliance = new Set(applianceEnis);

  // Sessions: sources in distinct VPCs first (shuffled), then further ENIs of those VPCs.
  const order = [...instanceEnisByVpc.keys()];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const sessions: FakeSession[] = [];
  const sessionsPerEni = new Map<string, number>();
  for (let round = 0; sessions.length < spec.sessions && round < spec.networkInterfaces * MAX_SESSIONS_PER_SOURCE_ENI; round++) {
    let added = false;
    for (const v of order) {
      if (sessions.length >= spec.sessions) break;
      const enis = instanceEnisByVpc.get(v) ?? [];
      const source = enis[round % enis.length];
      if (!source || isAppliance.has(source)) continue;
      const used = sessionsPerEni.get(source.NetworkInterfaceId) ?? 0;
      if (used >= MAX_SESSIONS_PER_SOURCE_ENI) continue;
      sessionsPerEni.set(source.NetworkInterfaceId, used + 1);
      const n = sessions.length;
      sessions.push({
        TrafficMirrorSessionId: newId('tms'),
        NetworkInterfaceId: source.NetworkInterfaceId,
        TrafficMirrorTargetId: (targets[n % targets.length] as FakeTarget).TrafficMirrorTargetId,
        TrafficMirrorFilterId: (sessionFilters[n % sessionFilters.length] as FakeFilter).TrafficMirrorFilterId,
        SessionNumber: used + 1,
        VirtualNetworkId: n + 1,
        ...(n % 4 === 0 ? { Tags: [{ Key: 'purpose', Value: 'ids' }] } : {}),
      });
      added = true;
    }
    if (!added) break;
  }
  if (sessions.length < spec.sessions) {
    throw new Error(
      `generateInventory: only ${sessions.length} of ${spec.sessions} sessions fit (${MAX_SESSIONS_PER_SOURCE_ENI} per instance ENI)`,
    );
  }

  // Connectivity: the first two non-default VPCs are peered; every VPC is attached to one transit gateway, and its
  // main route table sends the private ranges there, so every target is reachable from every source (the route
  // check of rule/mirror-path.ts), through a transit gateway or, between the peered pair, the peering.
  const vpcPeeringConnections: FakeVpcPeering[] = [];
  if (vpcs.length >= 3) {
    vpcPeeringConnections.push({
      VpcPeeringConnectionId: newId('pcx'),
      RequesterVpcInfo: { VpcId: (vpcs[1] as FakeVpc).VpcId, CidrBlock: vpcCidr(1), Region: region },
      AccepterVpcInfo: { VpcId: (vpcs[2] as FakeVpc).VpcId, CidrBlock: vpcCidr(2), Region: region },
      Status: { Code: 'active', Message: 'Active' },
    });
  }
  const transitGatewayId = newId('tgw');
  const subnetOfVpc = new Map(subnets.map((s) => [s.VpcId, s.SubnetId]));
  const transitGatewayAttachments: FakeTransitGatewayAttachment[] = vpcs.map((v) => ({
    TransitGatewayAttachmentId: newId('tgw-attach'),
    TransitGatewayId: transitGatewayId,
    VpcId: v.VpcId,
    State: 'available',
    SubnetIds: [subnetOfVpc.get(v.VpcId) ?? ''],
  }));

  // Every VPC has its main route table with the local route, plus routes to whatever it is connected to.
  const routeTables: FakeRouteTable[] = vpcs.map((v) => ({
    RouteTableId: newId('rtb'),
    VpcId: v.VpcId,
    Associations: [{ Main: true }],
    Routes: [{ DestinationCidrBlock: v.CidrBlock ?? '10.0.0.0/16', GatewayId: 'local' }],
  }));
  const routesOf = new Map(routeTables.map((t) => [t.VpcId, t.Routes ?? []]));
  for (const p of vpcPeeringConnections) {
    for (const [from, to] of [
      [p.RequesterVpcInfo, p.AccepterVpcInfo],
      [p.AccepterVpcInfo, p.RequesterVpcInfo],
    ] as const) {
      routesOf.get(from.VpcId)?.push({ DestinationCidrBlock: to.CidrBlock ?? '', VpcPeeringConnectionId: p.VpcPeeringConnectionId });
    }
  }
  for (const a of transitGatewayAttachments) {
    for (const range of ['10.0.0.0/8', '172.16.0.0/12']) {
      routesOf.get(a.VpcId)?.push({ DestinationCidrBlock: range, TransitGatewayId: a.TransitGatewayId });
    }
  }

  return {
    vpcs,
    subnets,
    networkInterfaces,
    sessions,
    filters,
    targets,
    securityGroups,
    vpcPeeringConnections,
    transitGatewayAttachments,
    routeTables,
    ...targetResources({ region, newId, vpcs, subnets, securityGroups, targets, applianceEnis, receive: spec.targetsReceive !== false }),
  };
}

interface TargetResourceParts {
  readonly region: string;
  readonly newId: (prefix: string) => string;
  readonly vpcs: readonly FakeVpc[];
  readonly subnets: readonly FakeSubnet[];
  readonly securityGroups: FakeSecurityGroup[];
  readonly targets: readonly FakeTarget[];
  readonly applianceEnis: readonly FakeNetworkInterface[];
  readonly receive: boolean;
}

/**
 * What makes every target able to receive VXLAN: a network ACL per subnet that allows everything (as a default ACL
 * does), the NLBs active with a UDP 4789 listener and the endpoints available in the last VPC, and a security group
 * on the appliance ENIs admitting UDP 4789 from every VPC's addresses.
 */
function targetResources(parts: TargetResourceParts): {
  networkAcls: FakeNetworkAcl[];
  vpcEndpoints: FakeVpcEndpoint[];
  loadBalancers: FakeLoadBalancer[];
  listeners: FakeListener[];
} {
  const { region, newId, vpcs, subnets } = parts;
  const networkAcls: FakeNetworkAcl[] = subnets.map((subnet) => ({
    NetworkAclId: newId('acl'),
    VpcId: subnet.VpcId,
    IsDefault: true,
    SubnetIds: [subnet.SubnetId],
    Entries: [
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0' },
      { RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' },
    ],
  }));
  const lastVpc = vpcs.at(-1) as FakeVpc;
  const lastSubnet = subnets.at(-1) as FakeSubnet;
  const loadBalancers: FakeLoadBalancer[] = [];
  const listeners: FakeListener[] = [];
  const vpcEndpoints: FakeVpcEndpoint[] = [];
  for (const target of parts.targets) {
    if (target.NetworkLoadBalancerArn !== undefined && parts.receive) {
      const name = /net\/([^/]+)\//.exec(target.NetworkLoadBalancerArn)?.[1] ?? 'nlb';
      loadBalancers.push({
        LoadBalancerArn: target.NetworkLoadBalancerArn,
        LoadBalancerName: name,
        Type: 'network',
        VpcId: lastVpc.VpcId,
        State: 'active',
        AvailabilityZones: [{ ZoneName: lastSubnet.AvailabilityZone ?? `${region}a`, SubnetId: lastSubnet.SubnetId, PrivateIPv4Address: vpcAddress(vpcs.length - 1, 249) }],
      });
      listeners.push({
        ListenerArn: target.NetworkLoadBalancerArn.replace(':loadbalancer/', ':listener/') + `/${newId('l').slice(2)}`,
        LoadBalancerArn: target.NetworkLoadBalancerArn,
        Port: 4789,
        Protocol: 'UDP',
      });
    }
    if (target.GatewayLoadBalancerEndpointId !== undefined) {
      vpcEndpoints.push({
        VpcEndpointId: target.GatewayLoadBalancerEndpointId,
        VpcEndpointType: 'GatewayLoadBalancer',
        VpcId: lastVpc.VpcId,
        State: parts.receive ? 'available' : 'pending',
        SubnetIds: [lastSubnet.SubnetId],
        NetworkInterfaceIds: [newId('eni')],
      });
    }
  }
  for (const eni of parts.applianceEnis) eni.Status = 'in-use';
  if (parts.applianceEnis.length > 0 && parts.receive) {
    const group: FakeSecurityGroup = {
      GroupId: newId('sg'),
      VpcId: lastVpc.VpcId,
      GroupName: 'mirror-appliance',
      Description: 'VXLAN from mirrored sources',
      IpPermissions: [{ IpProtocol: 'udp', FromPort: 4789, ToPort: 4789, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '172.16.0.0/12' }] }],
    };
    parts.securityGroups.push(group);
    for (const eni of parts.applianceEnis) {
      eni.Groups = [...(eni.Groups ?? []), { GroupId: group.GroupId, GroupName: 'mirror-appliance' }];
    }
  }
  return { networkAcls, vpcEndpoints, loadBalancers, listeners };
}
