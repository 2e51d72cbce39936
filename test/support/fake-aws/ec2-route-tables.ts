/**
 * DescribeRouteTables for the fake EC2: the filters EC2 documents for it (EC2 API Reference, DescribeRouteTables,
 * "Filter.N") and the output shape (element names come from the SDK's schema through wire-codec.ts: routeTableSet,
 * associationSet, routeSet). MaxResults is 5-100 for this call, not 5-1000 ("Valid Range: Minimum value of 5.
 * Maximum value of 100.").
 */
import type { DescribeContext, ResourceKind } from './ec2-describe';
import type { FakeRoute, FakeRouteTable, FakeRouteTableAssociation } from './types';

/** DescribeRouteTables' MaxResults upper bound. */
export const MAX_ROUTE_TABLE_RESULTS = 100;

const owner = (id: string | undefined, ctx: DescribeContext) => id ?? ctx.accountId;
const associations = (t: FakeRouteTable): FakeRouteTableAssociation[] => t.Associations ?? [];
const routes = (t: FakeRouteTable): FakeRoute[] => t.Routes ?? [];
const associationId = (t: FakeRouteTable, a: FakeRouteTableAssociation, i: number) =>
  a.RouteTableAssociationId ?? `rtbassoc-${t.RouteTableId.slice(4)}${i}`;

export const routeTableKind: ResourceKind<FakeRouteTable> = {
  noun: 'routeTable ID',
  notFoundCode: 'InvalidRouteTableID.NotFound',
  idFilter: 'route-table-id',
  idOf: (t) => t.RouteTableId,
  indexedFilters: ['vpc-id', 'association.subnet-id'],
  tagsOf: (t) => t.Tags,
  maxMaxResults: MAX_ROUTE_TABLE_RESULTS,
  filters: {
    'route-table-id': (t) => t.RouteTableId,
    'vpc-id': (t) => t.VpcId,
    'owner-id': (t, ctx) => owner(t.OwnerId, ctx),
    'association.subnet-id': (t) => associations(t).map((a) => a.SubnetId),
    'association.route-table-id': (t) => (associations(t).length > 0 ? t.RouteTableId : undefined),
    'association.route-table-association-id': (t) => associations(t).map((a, i) => associationId(t, a, i)),
    // "Route tables that do not have an association ID are not returned in the response."
    'association.main': (t) => associations(t).map((a) => String(a.Main === true)),
    'route.destination-cidr-block': (t) => routes(t).map((r) => r.DestinationCidrBlock),
    'route.destination-ipv6-cidr-block': (t) => routes(t).map((r) => r.DestinationIpv6CidrBlock),
    'route.destination-prefix-list-id': (t) => routes(t).map((r) => r.DestinationPrefixListId),
    'route.gateway-id': (t) => routes(t).map((r) => r.GatewayId),
    'route.instance-id': (t) => routes(t).map((r) => r.InstanceId),
    'route.nat-gateway-id': (t) => routes(t).map((r) => r.NatGatewayId),
    'route.transit-gateway-id': (t) => routes(t).map((r) => r.TransitGatewayId),
    'route.vpc-peering-connection-id': (t) => routes(t).map((r) => r.VpcPeeringConnectionId),
    'route.origin': (t) => routes(t).map((r) => r.Origin ?? (r.GatewayId === 'local' ? 'CreateRouteTable' : 'CreateRoute')),
    'route.state': (t) => routes(t).map((r) => r.State ?? 'active'),
  },
};

export const routeTableToWire = (t: FakeRouteTable, ctx: DescribeContext) => ({
  RouteTableId: t.RouteTableId,
  VpcId: t.VpcId,
  OwnerId: owner(t.OwnerId, ctx),
  Associations: associations(t).map((a, i) => ({
    Main: a.Main === true,
    RouteTableAssociationId: associationId(t, a, i),
    RouteTableId: t.RouteTableId,
    SubnetId: a.SubnetId,
    AssociationState: { State: 'associated' },
  })),
  Routes: routes(t).map((r) => ({
    ...r,
    Origin: r.Origin ?? (r.GatewayId === 'local' ? 'CreateRouteTable' : 'CreateRoute'),
    State: r.State ?? 'active',
  })),
  PropagatingVgws: [],
  Tags: t.Tags && t.Tags.length > 0 ? t.Tags : undefined,
});
