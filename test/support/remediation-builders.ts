/** Small builders for the remediation's plain inventory and requests, for tests of the pure planner. */
import { EMPTY_PATH_INVENTORY } from '../../rule/path-inventory';
import { MANAGED_BY_TAG_KEY, MANAGED_BY_TAG_VALUE } from '../../rule/rule-definition';
import type {
  IngressRule,
  MirrorFilter,
  MirrorSession,
  MirrorTarget,
  RemediationInventory,
  RemediationNetworkInterface,
  SecurityGroup,
} from '../../remediation/inventory';
import type { RemediationRequest } from '../../remediation/request';
import { parseRemediationRequest } from '../../remediation/request';

export const VPC = 'vpc-0a0a0a0a0a0a0a0a0';
export const OTHER_VPC = 'vpc-0b0b0b0b0b0b0b0b0';
export const MANAGED = { [MANAGED_BY_TAG_KEY]: MANAGED_BY_TAG_VALUE } as const;

/** An in-use ENI of type interface attached to an instance, at 10.0.0.N. */
export const eni = (id: string, extra: Partial<RemediationNetworkInterface> = {}): RemediationNetworkInterface => ({
  networkInterfaceId: id,
  vpcId: VPC,
  status: 'in-use',
  interfaceType: 'interface',
  instanceId: `i-${id.slice(4)}`,
  privateIpAddress: `10.0.0.${(id.charCodeAt(id.length - 1) % 200) + 10}`,
  securityGroupIds: ['sg-source'],
  ...extra,
});

export const mirrorSession = (id: string, source: string, extra: Partial<MirrorSession> = {}): MirrorSession => ({
  trafficMirrorSessionId: id,
  networkInterfaceId: source,
  trafficMirrorTargetId: 'tmt-existing',
  trafficMirrorFilterId: 'tmf-managed',
  sessionNumber: 1,
  tags: {},
  ...extra,
});

export const mirrorTarget = (id: string, extra: Partial<MirrorTarget> = {}): MirrorTarget => ({ trafficMirrorTargetId: id, tags: {}, ...extra });

export const managedFilter = (id = 'tmf-managed', extra: Partial<MirrorFilter> = {}): MirrorFilter => ({
  trafficMirrorFilterId: id,
  hasAcceptRule: true,
  networkServices: [],
  tags: MANAGED,
  ...extra,
});

export const udpRule = (extra: Partial<IngressRule> = {}): IngressRule => ({
  ipProtocol: 'udp',
  fromPort: 4789,
  toPort: 4789,
  ipv4Cidrs: [],
  ipv6Cidrs: [],
  sourceGroupIds: [],
  prefixListIds: [],
  ...extra,
});

export const group = (groupId: string, ...ingress: IngressRule[]): SecurityGroup => ({ groupId, ingress });

export const inventory = (parts: Partial<RemediationInventory> = {}): RemediationInventory => ({
  vpc: { vpcId: VPC, isDefault: false, tags: {} },
  networkInterfaces: [],
  sessions: [],
  targets: [],
  filters: [],
  path: EMPTY_PATH_INVENTORY,
  ...parts,
});

export const NLB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/mirror/0123456789abcdef';

/** A request for VPC, NLB target by default (no security group check), with payload overrides. */
export const request = (payload: Record<string, unknown> = {}): RemediationRequest =>
  parseRemediationRequest({
    vpcId: VPC,
    ...(['trafficMirrorTargetId', 'targetNetworkInterfaceId', 'targetNetworkLoadBalancerArn', 'targetGatewayLoadBalancerEndpointId'].some(
      (k) => k in payload,
    )
      ? {}
      : { targetNetworkLoadBalancerArn: NLB_ARN }),
    ...payload,
  });
