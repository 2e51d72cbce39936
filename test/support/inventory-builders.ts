/** Small builders for the rule's plain inventory data, for tests of the pure core. */
import type { Inventory, NetworkInterface, TrafficMirrorFilter, TrafficMirrorSession, Vpc } from '../../rule/inventory';

export const vpc = (vpcId: string, extra: Partial<Vpc> = {}): Vpc => ({ vpcId, isDefault: false, tags: {}, ...extra });

export const instanceEni = (networkInterfaceId: string, vpcId: string, extra: Partial<NetworkInterface> = {}): NetworkInterface => ({
  networkInterfaceId,
  vpcId,
  status: 'in-use',
  interfaceType: 'interface',
  instanceId: `i-${networkInterfaceId.slice(4)}`,
  ...extra,
});

export const session = (
  trafficMirrorSessionId: string,
  networkInterfaceId: string,
  extra: Partial<TrafficMirrorSession> = {},
): TrafficMirrorSession => ({
  trafficMirrorSessionId,
  networkInterfaceId,
  trafficMirrorTargetId: 'tmt-target',
  trafficMirrorFilterId: 'tmf-accept',
  ...extra,
});

export const acceptFilter: TrafficMirrorFilter = { trafficMirrorFilterId: 'tmf-accept', hasAcceptRule: true, networkServices: [] };
export const rejectOnlyFilter: TrafficMirrorFilter = { trafficMirrorFilterId: 'tmf-reject', hasAcceptRule: false, networkServices: [] };
export const dnsOnlyFilter: TrafficMirrorFilter = {
  trafficMirrorFilterId: 'tmf-dns',
  hasAcceptRule: false,
  networkServices: ['amazon-dns'],
};

export const inventory = (parts: Partial<Inventory>): Inventory => ({
  vpcs: [],
  sessions: [],
  filters: [acceptFilter, rejectOnlyFilter, dnsOnlyFilter],
  networkInterfaces: [],
  ...parts,
});
