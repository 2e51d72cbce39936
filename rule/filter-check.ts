import type { TrafficMirrorFilter } from './inventory';

/** Does this filter let any traffic through to the target? An accept rule, or the amazon-dns network service. */
export function filterAcceptsTraffic(filter: TrafficMirrorFilter | undefined): boolean {
  return filter !== undefined && (filter.hasAcceptRule || filter.networkServices.includes('amazon-dns'));
}
