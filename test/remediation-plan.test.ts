import { describe, expect, it } from 'vitest';
import type { RemediationPlan } from '../remediation/plan';
import { MAX_SOURCES_TRIED_FOR_ONE, planRemediation, RemediationPreconditionError } from '../remediation/plan';
import type { PathInventory, Route, RouteTable, VpcPeeringConnection } from '../rule/path-inventory';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE, VPC_TAG_KEY } from '../rule/rule-definition';
import {
  MANAGED,
  NLB_ARN,
  OTHER_VPC,
  VPC,
  eni,
  group,
  inventory,
  managedFilter,
  mirrorSession,
  mirrorTarget,
  request,
  udpRule,
} from './support/remediation-builders';

const TARGET_ENI = 'eni-0feedfeedfeedfeed';
const TMT = 'tmt-0123456789abcdef0';
const TMF = 'tmf-0123456789abcdef0';
const GWLBE = 'vpce-0123456789abcdef0';

const nlbResource = { kind: 'networkLoadBalancer' as const, id: NLB_ARN, vpcId: VPC };
const sources = (plan: RemediationPlan) => plan.sessionsToCreate.map((s) => s.networkInterfaceId);

/** The problems a precondition failure names. */
function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RemediationPreconditionError);
    expect((e as Error).message).toMatch(/^Remediation not started, nothing was created: /);
    return (e as RemediationPreconditionError).problems;
  }
  throw new Error('expected a RemediationPreconditionError');
}

describe('planRemediation: source selection', () => {
  const enis = [
    eni('eni-c'),
    eni('eni-a', { instanceId: undefined }), // not attached to an instance: tried after attached ones
    eni('eni-b'),
    eni('eni-other-vpc', { vpcId: OTHER_VPC }),
    eni('eni-available', { status: 'available' }),
    eni('eni-endpoint', { interfaceType: 'vpc_endpoint' }),
    eni('eni-nlb', { interfaceType: 'network_load_balancer' }),
  ];
  const inv = inventory({ networkInterfaces: enis, targetResource: nlbResource });

  it('mode one lists in-use interface ENIs of the VPC, attached ones first, then by ID, as ordered candidates', () => {
    const plan = planRemediation(inv, request());
    expect(plan.sourceSelection).toBe('one');
    expect(sources(plan)).toEqual(['eni-b', 'eni-c', 'eni-a']);
    expect(plan.reusedSessions).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });

  it('mode all plans a session for every eligible ENI', () => {
    expect(sources(planRemediation(inv, request({ sourceSelection: 'all' })))).toEqual(['eni-b', 'eni-c', 'eni-a']);
  });

  it(`mode one tries at most ${MAX_SOURCES_TRIED_FOR_ONE} candidates; mode all takes every one`, () => {
    const many = Array.from({ length: 45 }, (_, i) => eni(`eni-${String(i).padStart(3, '0')}`));
    const big = inventory({ networkInterfaces: many, targetResource: nlbResource });
    expect(sources(planRemediation(big, request()))).toHaveLength(MAX_SOURCES_TRIED_FOR_ONE);
    expect(sources(planRemediation(big, request({ sourceSelection: 'all' })))).toHaveLength(45);
  });

  it('skips, with the reason, the target ENI, ENIs used by any target, full ENIs, a taken session number and another filter to the same target', () => {
    const inv2 = inventory({
      networkInterfaces: [
        eni(TARGET_ENI),
        eni('eni-other-target'),
        eni('eni-full'),
        eni('eni-numbered'),
        eni('eni-otherfilter'),
        eni('eni-ok'),
      ],
      targets: [mirrorTarget(TMT, { networkInterfaceId: TARGET_ENI }), mirrorTarget('tmt-x', { networkInterfaceId: 'eni-other-target' })],
      sessions: [
        mirrorSession('tms-1', 'eni-full', { trafficMirrorTargetId: 'tmt-y', sessionNumber: 1 }),
        mirrorSession('tms-2', 'eni-full', { trafficMirrorTargetId: 'tmt-y', sessionNumber: 2 }),
        mirrorSession('tms-3', 'eni-full', { trafficMirrorTargetId: 'tmt-y', sessionNumber: 3 }),
        mirrorSession('tms-4', 'eni-numbered', { trafficMirrorTargetId: 'tmt-y', sessionNumber: 7 }),
        mirrorSession('tms-5', 'eni-otherfilter', { trafficMirrorTargetId: TMT, trafficMirrorFilterId: 'tmf-other' }),
      ],
      filters: [managedFilter()],
      targetResource: { kind: 'networkInterface', id: TARGET_ENI, vpcId: VPC, interfaceType: 'interface', securityGroups: [group('sg-t', udpRule({ ipv4Cidrs: ['0.0.0.0/0'] }))] },
    });
    const plan = planRemediation(inv2, request({ targetNetworkInterfaceId: TARGET_ENI, sessionNumber: 7, sourceSelection: 'all' }));
    expect(sources(plan)).toEqual(['eni-ok']);
    expect(plan.skipped).toEqual([
      { networkInterfaceId: TARGET_ENI, reason: 'it is a traffic mirror target, and EC2 does not let an ENI be both source and target' },
      { networkInterfaceId: 'eni-full', reason: "it already has 3 sessions, AWS's limit per source ENI (tms-1, tms-2, tms-3)" },
      { networkInterfaceId: 'eni-numbered', reason: 'session number 7 is already used on it by tms-4' },
      { networkInterfaceId: 'eni-other-target', reason: 'it is a traffic mirror target, and EC2 does not let an ENI be both source and target' },
      { networkInterfaceId: 'eni-otherfilter', reason: `already mirrored to ${TMT} by tms-5 with filter tmf-other` },
    ]);
  });

  it('an ENI with 2 sessions and a free session number is still a candidate', () => {
    const plan = planRemediation(
      inventory({
        networkInterfaces: [eni('eni-a')],
        sessions: [mirrorSession('tms-1', 'eni-a', { trafficMirrorTargetId: 'tmt-y', sessionNumber: 2 }), mirrorSession('tms-2', 'eni-a', { trafficMirrorTargetId: 'tmt-z', sessionNumber: 3 })],
        targetResource: nlbResource,
      }),
      request(),
    );
    expect(sources(plan)).toEqual(['eni-a']);
  });

  it('refuses, naming every reason, when no ENI can be a source', () => {
    expect(problemsOf(() => planRemediation(inventory({ targetResource: nlbResource }), request()))).toEqual([
      `No ENI of ${VPC} can be a traffic mirror source: it has no in-use ENI of type interface`,
    ]);
    const full = inventory({
      networkInterfaces: [eni('eni-a')],
      sessions: [1, 2, 3].map((n) => mirrorSession(`tms-${n}`, 'eni-a', { trafficMirrorTargetId: 'tmt-y', sessionNumber: n })),
      targetResource: nlbResource,
    });
    expect(problemsOf(() => planRemediation(full, request()))).toEqual([
      `No ENI of ${VPC} can be a traffic mirror source: every candidate is excluded: eni-a: it already has 3 sessions, AWS's limit per source ENI (tms-1, tms-2, tms-3)`,
    ]);
  });
});

describe('planRemediation: targets', () => {
  const enis = [eni('eni-a')];

  it('creates a tagged target for an NLB that has none, with a deterministic ClientToken', () => {
    const plan = planRemediation(inventory({ networkInterfaces: enis, targetResource: nlbResource }), request());
    expect(plan.target).toEqual({
      action: 'create',
      create: {
        kind: 'networkLoadBalancer',
        resourceId: NLB_ARN,
        clientToken: expect.stringMatching(/^vmg-[0-9a-f]{40}$/),
        description: `vpc-mirroring-guard: mirror target for ${NLB_ARN}`,
        tags: { [MANAGED_BY_TAG_KEY]: MANAGED_BY_TAG_VALUE, [VPC_TAG_KEY]: VPC },
      },
    });
    const again = planRemediation(inventory({ networkInterfaces: enis, targetResource: nlbResource }), request());
    expect(again.target).toEqual(plan.target);
  });

  it.each([
    ['an ENI', { targetNetworkInterfaceId: TARGET_ENI }, { networkInterfaceId: TARGET_ENI }, { kind: 'networkInterface', id: TARGET_ENI, vpcId: VPC, interfaceType: 'interface', securityGroups: [group('sg-t', udpRule({ ipv4Cidrs: ['10.0.0.0/8'] }))] }],
    ['an NLB', { targetNetworkLoadBalancerArn: NLB_ARN }, { networkLoadBalancerArn: NLB_ARN }, nlbResource],
    ['a GWLB endpoint', { targetGatewayLoadBalancerEndpointId: GWLBE }, { gatewayLoadBalancerEndpointId: GWLBE }, { kind: 'gatewayLoadBalancerEndpoint', id: GWLBE, vpcId: VPC }],
  ] as const)('reuses the existing target of %s, whoever created it', (_, payload, pointer, resource) => {
    const inv = inventory({
      networkInterfaces: enis,
      targets: [mirrorTarget('tmt-unrelated', { networkInterfaceId: 'eni-zzz' }), mirrorTarget(TMT, pointer)],
      targetResource: resource,
    });
    expect(planRemediation(inv, request(payload)).target).toEqual({ action: 'reuse', trafficMirrorTargetId: TMT });
  });

  it('uses an existing target named by ID, and refuses one that does not exist', () => {
    const inv = inventory({ networkInterfaces: enis, targets: [mirrorTarget(TMT, { networkLoadBalancerArn: NLB_ARN })], targetResource: nlbResource });
    expect(planRemediation(inv, request({ trafficMirrorTargetId: TMT })).target).toEqual({ action: 'reuse', trafficMirrorTargetId: TMT });
    expect(problemsOf(() => planRemediation(inventory({ networkInterfaces: enis }), request({ trafficMirrorTargetId: TMT })))).toEqual([
      `Traffic mirror target ${TMT} (TrafficMirrorTargetId) does not exist in this account-region`,
    ]);
  });

  it('refuses an ENI target that does not exist or is not of type interface', () => {
    expect(problemsOf(() => planRemediation(inventory({ networkInterfaces: enis, targetResource: { kind: 'networkInterface', id: TARGET_ENI } }), request({ targetNetworkInterfaceId: TARGET_ENI })))).toEqual([
      `ENI ${TARGET_ENI} (TargetNetworkInterfaceId) does not exist in this account-region`,
    ]);
    const wrongType = { kind: 'networkInterface' as const, id: TARGET_ENI, vpcId: VPC, interfaceType: 'vpc_endpoint', securityGroups: [] };
    expect(problemsOf(() => planRemediation(inventory({ networkInterfaces: enis, targetResource: wrongType }), request({ targetNetworkInterfaceId: TARGET_ENI })))).toEqual([
      `ENI ${TARGET_ENI} is of type vpc_endpoint: only ENIs of type interface can be traffic mirror targets`,
    ]);
  });

  it('refuses a GWLB endpoint that does not exist', () => {
    expect(
      problemsOf(() =>
        planRemediation(inventory({ networkInterfaces: enis, targetResource: { kind: 'gatewayLoadBalancerEndpoint', id: GWLBE } }), request({ targetGatewayLoadBalancerEndpointId: GWLBE })),
      ),
    ).toEqual([`Gateway Load Balancer endpoint ${GWLBE} (TargetGatewayLoadBalancerEndpointId) does not exist in this account-region`]);
  });
});

describe('planRemediation: the route from each source to a target in another VPC', () => {
  const nlbIn = (vpcId: string | undefined, addresses = ['10.9.0.9']) => ({ kind: 'networkLoadBalancer' as const, id: NLB_ARN, ...(vpcId ? { vpcId, addresses } : {}) });
  const routed = eni('eni-a', { subnetId: 'subnet-routed' });
  const stranded = eni('eni-b', { subnetId: 'subnet-stranded' });
  const base = { networkInterfaces: [routed, stranded] };
  const routeTable = (routeTableId: string, subnetId: string, routes: Route[]): RouteTable => ({
    routeTableId,
    vpcId: VPC,
    associations: [{ subnetId, main: false }],
    routes: [{ destinationCidrBlock: '10.0.0.0/16', state: 'active', gatewayId: 'local' }, ...routes],
  });
  const peering: VpcPeeringConnection = { vpcPeeringConnectionId: 'pcx-1', requesterVpcId: VPC, accepterVpcId: OTHER_VPC, statusCode: 'active' };
  const path = (extra: Partial<PathInventory> = {}): PathInventory => ({
    routeTables: [
      routeTable('rtb-routed', 'subnet-routed', [{ destinationCidrBlock: '10.9.0.0/16', state: 'active', vpcPeeringConnectionId: 'pcx-1' }]),
      routeTable('rtb-stranded', 'subnet-stranded', []),
    ],
    vpcPeeringConnections: [peering],
    transitGatewayVpcAttachments: [],
    ...extra,
  });

  it('accepts a target in the same VPC without looking at any route table', () => {
    expect(sources(planRemediation(inventory({ ...base, targetResource: nlbIn(VPC) }), request()))).toEqual(['eni-a', 'eni-b']);
  });

  it('skips, with the reason, a source whose subnet has no route to the target, and uses the one that has', () => {
    for (const sourceSelection of ['one', 'all']) {
      const plan = planRemediation(inventory({ ...base, targetResource: nlbIn(OTHER_VPC), path: path() }), request({ sourceSelection }));
      expect(sources(plan)).toEqual(['eni-a']);
      expect(plan.skipped).toEqual([
        { networkInterfaceId: 'eni-b', reason: `eni-b → ${NLB_ARN} (10.9.0.9): route table rtb-stranded of subnet-stranded has no route to it` },
      ]);
    }
  });

  it('names an existing target by its ID in the reason', () => {
    const inv = inventory({ ...base, targets: [mirrorTarget(TMT, { networkLoadBalancerArn: NLB_ARN })], targetResource: nlbIn(OTHER_VPC), path: path() });
    expect(planRemediation(inv, request({ trafficMirrorTargetId: TMT })).skipped).toEqual([
      { networkInterfaceId: 'eni-b', reason: `eni-b → ${TMT} (10.9.0.9): route table rtb-stranded of subnet-stranded has no route to it` },
    ]);
  });

  it('fails, naming the route tables to fix and creating nothing, when no source has a route', () => {
    const blackholed = path({
      routeTables: [
        routeTable('rtb-routed', 'subnet-routed', [{ destinationCidrBlock: '10.9.0.0/16', state: 'blackhole', vpcPeeringConnectionId: 'pcx-1' }]),
        routeTable('rtb-stranded', 'subnet-stranded', []),
      ],
    });
    const third = eni('eni-c', { subnetId: 'subnet-stranded' });
    expect(problemsOf(() => planRemediation(inventory({ networkInterfaces: [routed, stranded, third], targetResource: nlbIn(OTHER_VPC), path: blackholed }), request()))).toEqual([
      `No candidate source of ${VPC} has a route to Network Load Balancer ${NLB_ARN}: add one to route table(s) rtb-routed, rtb-stranded`,
      `eni-a → ${NLB_ARN} (10.9.0.9): route table rtb-routed of subnet-routed routes it to a blackhole (10.9.0.0/16 via pcx-1)`,
      `eni-b → ${NLB_ARN} (10.9.0.9): route table rtb-stranded of subnet-stranded has no route to it (and the same for 1 other source(s))`,
    ]);
  });

  it('refuses a route through a peering that is not active, or crosses Regions', () => {
    for (const p of [{ ...peering, statusCode: 'pending-acceptance' }, { ...peering, requesterRegion: 'us-east-1', accepterRegion: 'eu-west-1' }]) {
      expect(problemsOf(() => planRemediation(inventory({ ...base, targetResource: nlbIn(OTHER_VPC), path: path({ vpcPeeringConnections: [p] }) }), request()))).toHaveLength(3);
    }
  });

  it('accepts a route through a transit gateway the target VPC is attached to', () => {
    const viaGateway = path({
      routeTables: [routeTable('rtb-routed', 'subnet-routed', [{ destinationCidrBlock: '10.0.0.0/8', state: 'active', transitGatewayId: 'tgw-1' }])],
      transitGatewayVpcAttachments: [{ transitGatewayAttachmentId: 'tgw-attach-1', transitGatewayId: 'tgw-1', vpcId: OTHER_VPC, state: 'available' }],
    });
    expect(sources(planRemediation(inventory({ networkInterfaces: [routed], targetResource: nlbIn(OTHER_VPC), path: viaGateway }), request()))).toEqual(['eni-a']);
  });

  it('warns, and goes on, when the target VPC is not visible from this account', () => {
    const plan = planRemediation(inventory({ ...base, targetResource: nlbIn(undefined) }), request());
    expect(plan.warnings).toEqual([
      `The VPC of ${NLB_ARN} is not visible from this account (a target shared by another account?): whether it is reachable from the source VPC by VPC peering or a transit gateway was not checked`,
    ]);
  });

  it('refuses a VPC that does not exist', () => {
    expect(problemsOf(() => planRemediation(inventory({ vpc: undefined }), request()))).toEqual([`VPC ${VPC} (VpcId) does not exist in this account-region`]);
  });
});

describe('planRemediation: VXLAN into an ENI target', () => {
  const target = (...ingress: Parameters<typeof udpRule>[0][]) => ({
    kind: 'networkInterface' as const,
    id: TARGET_ENI,
    vpcId: VPC,
    interfaceType: 'interface',
    securityGroups: [group('sg-target', ...ingress.map((r) => udpRule(r)))],
  });
  const enis = [eni('eni-a', { privateIpAddress: '10.0.1.5' }), eni('eni-b', { privateIpAddress: '10.0.2.5' })];
  const req = (selection: 'one' | 'all') => request({ targetNetworkInterfaceId: TARGET_ENI, sourceSelection: selection });

  it('mode all refuses when the target groups block a source, naming the group and the source, and creates nothing', () => {
    const inv = inventory({ networkInterfaces: enis, targetResource: target({ ipv4Cidrs: ['10.0.1.0/24'] }) });
    expect(problemsOf(() => planRemediation(inv, req('all')))).toEqual([
      `Target ENI ${TARGET_ENI}: security group(s) sg-target allow no inbound UDP 4789 (VXLAN) from source eni-b (10.0.2.5, sg-source); add an inbound rule for UDP 4789 from the source's address or security group`,
    ]);
  });

  it('mode one uses a source the groups admit and reports the blocked ones as skipped', () => {
    const plan = planRemediation(inventory({ networkInterfaces: enis, targetResource: target({ ipv4Cidrs: ['10.0.2.0/24'] }) }), req('one'));
    expect(sources(plan)).toEqual(['eni-b']);
    expect(plan.skipped).toEqual([{ networkInterfaceId: 'eni-a', reason: expect.stringContaining('sg-target allow no inbound UDP 4789') }]);
  });

  it('mode one refuses when no candidate is admitted', () => {
    expect(problemsOf(() => planRemediation(inventory({ networkInterfaces: enis, targetResource: target({ ipv4Cidrs: ['192.168.0.0/16'] }) }), req('one')))).toEqual([
      `Target ENI ${TARGET_ENI}: security group(s) sg-target allow no inbound UDP 4789 (VXLAN) from source eni-a (10.0.1.5, sg-source); add an inbound rule for UDP 4789 from the source's address or security group (and the same for the 1 other candidate source(s))`,
    ]);
  });

  it('admits sources by security group reference', () => {
    expect(sources(planRemediation(inventory({ networkInterfaces: enis, targetResource: target({ sourceGroupIds: ['sg-source'] }) }), req('all')))).toEqual(['eni-a', 'eni-b']);
  });

  it('does not check VXLAN for NLB and GWLB endpoint targets', () => {
    expect(sources(planRemediation(inventory({ networkInterfaces: enis, targetResource: nlbResource }), request({ sourceSelection: 'all' })))).toEqual(['eni-a', 'eni-b']);
  });
});

describe('planRemediation: filters', () => {
  const base = { networkInterfaces: [eni('eni-a')], targetResource: nlbResource };

  it('creates the managed filter, accepting all ingress and egress IPv4 and IPv6, when there is none', () => {
    const plan = planRemediation(inventory({ ...base, filters: [managedFilter('tmf-unmanaged', { tags: {} })] }), request());
    expect(plan.filter.action).toBe('create');
    const create = plan.filter.action === 'create' ? plan.filter.create : undefined;
    expect(create?.tags).toEqual({ ...MANAGED, [VPC_TAG_KEY]: VPC });
    expect(create?.networkServices).toEqual([]);
    expect(create?.rules.map((r) => [r.trafficDirection, r.ruleNumber, r.ruleAction, r.sourceCidrBlock, r.destinationCidrBlock])).toEqual([
      ['ingress', 100, 'accept', '0.0.0.0/0', '0.0.0.0/0'],
      ['ingress', 200, 'accept', '::/0', '::/0'],
      ['egress', 100, 'accept', '0.0.0.0/0', '0.0.0.0/0'],
      ['egress', 200, 'accept', '::/0', '::/0'],
    ]);
    expect(new Set(create?.rules.map((r) => r.clientToken)).size).toBe(4);
  });

  it('adds amazon-dns to a new managed filter when asked', () => {
    const plan = planRemediation(inventory(base), request({ mirrorAmazonDns: true }));
    expect(plan.filter.action === 'create' && plan.filter.create.networkServices).toEqual(['amazon-dns']);
  });

  it('reuses the managed filter with the same amazon-dns setting, and not one that accepts nothing', () => {
    const filters = [
      managedFilter('tmf-dns', { networkServices: ['amazon-dns'] }),
      managedFilter('tmf-broken', { hasAcceptRule: false }),
      managedFilter('tmf-plain'),
    ];
    expect(planRemediation(inventory({ ...base, filters }), request()).filter).toEqual({ action: 'reuse', trafficMirrorFilterId: 'tmf-plain' });
    expect(planRemediation(inventory({ ...base, filters }), request({ mirrorAmazonDns: true })).filter).toEqual({ action: 'reuse', trafficMirrorFilterId: 'tmf-dns' });
  });

  it('uses the filter named by ID, warning when it mirrors nothing, and refuses one that does not exist', () => {
    const rejectOnly = managedFilter(TMF, { hasAcceptRule: false, tags: {} });
    const plan = planRemediation(inventory({ ...base, filters: [rejectOnly] }), request({ trafficMirrorFilterId: TMF }));
    expect(plan.filter).toEqual({ action: 'reuse', trafficMirrorFilterId: TMF });
    expect(plan.warnings).toEqual([expect.stringContaining(`Filter ${TMF} has no accept rule and does not mirror amazon-dns`)]);
    expect(problemsOf(() => planRemediation(inventory(base), request({ trafficMirrorFilterId: TMF })))).toEqual([
      `Traffic mirror filter ${TMF} (TrafficMirrorFilterId) does not exist in this account-region`,
    ]);
  });
});

describe('planRemediation: idempotency', () => {
  const firstRun = inventory({ networkInterfaces: [eni('eni-a'), eni('eni-b')], targetResource: nlbResource });

  it('after a run, the same request reuses the target, filter and session and creates nothing', () => {
    const afterRun = inventory({
      ...firstRun,
      targets: [mirrorTarget(TMT, { networkLoadBalancerArn: NLB_ARN, tags: MANAGED })],
      filters: [managedFilter(TMF)],
      sessions: [mirrorSession('tms-made', 'eni-a', { trafficMirrorTargetId: TMT, trafficMirrorFilterId: TMF, tags: MANAGED })],
    });
    const plan = planRemediation(afterRun, request());
    expect(plan).toMatchObject({
      target: { action: 'reuse', trafficMirrorTargetId: TMT },
      filter: { action: 'reuse', trafficMirrorFilterId: TMF },
      reusedSessions: [{ sessionId: 'tms-made', networkInterfaceId: 'eni-a' }],
      sessionsToCreate: [],
      skipped: [],
    });
  });

  it('mode all creates only for the sources not yet mirrored to the target', () => {
    const partial = inventory({
      ...firstRun,
      targets: [mirrorTarget(TMT, { networkLoadBalancerArn: NLB_ARN })],
      filters: [managedFilter(TMF)],
      sessions: [mirrorSession('tms-made', 'eni-a', { trafficMirrorTargetId: TMT, trafficMirrorFilterId: TMF })],
    });
    const plan = planRemediation(partial, request({ sourceSelection: 'all' }));
    expect(plan.reusedSessions).toEqual([{ sessionId: 'tms-made', networkInterfaceId: 'eni-a' }]);
    expect(sources(plan)).toEqual(['eni-b']);
  });

  it('derives session ClientTokens from run, VPC, source, target, filter and session parameters', () => {
    const token = (payload: Record<string, unknown>, inv = firstRun) => planRemediation(inv, request(payload)).sessionsToCreate[0]!.clientToken;
    expect(token({})).toBe(token({}));
    expect(token({ sessionNumber: 2 })).not.toBe(token({}));
    expect(token({ packetLength: 100 })).not.toBe(token({}));
    expect(token({ mirrorAmazonDns: true })).not.toBe(token({}));
    expect(token({ runId: 'exec-2' })).not.toBe(token({ runId: 'exec-1' }));
    expect(token({ runId: 'exec-1' })).toBe(token({ runId: 'exec-1' }));
    expect(token({}, inventory({ ...firstRun, networkInterfaces: [eni('eni-b')] }))).not.toBe(token({}));
  });

  it('carries the session parameters and dry run into the plan', () => {
    const plan = planRemediation(firstRun, request({ sessionNumber: 9, packetLength: 128, virtualNetworkId: 42, dryRun: true }));
    expect(plan.dryRun).toBe(true);
    expect(plan.sessionsToCreate[0]).toMatchObject({ networkInterfaceId: 'eni-a', sessionNumber: 9, packetLength: 128, virtualNetworkId: 42 });
  });
});
