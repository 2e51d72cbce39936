/**
 * The plain data the mirror path check (mirror-path.ts) decides on: the route tables of the source subnets, and the
 * peering connections and transit gateway attachments their routes lead through. Readers (ec2-path-reads.ts, tests)
 * build it. Field names follow the EC2 API's names (DescribeRouteTables, DescribeVpcPeeringConnections,
 * DescribeTransitGatewayVpcAttachments).
 */

/** One route of a route table; only IPv4 CIDR destinations are kept (mirrored VXLAN goes to an IPv4 address). */
export interface Route {
  readonly destinationCidrBlock: string;
  /** EC2's State: "active", or "blackhole" when its target is gone (a deleted or not yet active peering, ...). */
  readonly state: string;
  /** "local", an internet gateway (igw-), a virtual private gateway (vgw-), a gateway endpoint (vpce-), ... */
  readonly gatewayId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly transitGatewayId?: string;
  readonly natGatewayId?: string;
  readonly networkInterfaceId?: string;
  readonly instanceId?: string;
  readonly localGatewayId?: string;
  readonly carrierGatewayId?: string;
  readonly egressOnlyInternetGatewayId?: string;
  readonly coreNetworkArn?: string;
}

export interface RouteTableAssociation {
  /** Present for an explicit subnet association. */
  readonly subnetId?: string;
  /** True for the association that makes this the VPC's main route table. */
  readonly main: boolean;
}

export interface RouteTable {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly associations: readonly RouteTableAssociation[];
  readonly routes: readonly Route[];
}

export interface VpcPeeringConnection {
  readonly vpcPeeringConnectionId: string;
  readonly requesterVpcId: string;
  readonly accepterVpcId: string;
  readonly requesterRegion?: string;
  readonly accepterRegion?: string;
  /** EC2's Status.Code: "active", "pending-acceptance", "deleted", ... */
  readonly statusCode: string;
}

export interface TransitGatewayVpcAttachment {
  readonly transitGatewayAttachmentId: string;
  readonly transitGatewayId: string;
  readonly vpcId: string;
  /** EC2's State: "available", "pending", "deleting", ... */
  readonly state: string;
}

/**
 * What the path check needs, read only when some source mirrors to a target in another VPC:
 * - `routeTables`: the tables explicitly associated with the source subnets, and the main tables of the source VPCs.
 * - `vpcPeeringConnections`: the peering connections those tables' routes name (in any state EC2 still shows).
 * - `transitGatewayVpcAttachments`: the transit gateway attachments of the VPCs involved (in any state).
 */
export interface PathInventory {
  readonly routeTables: readonly RouteTable[];
  readonly vpcPeeringConnections: readonly VpcPeeringConnection[];
  readonly transitGatewayVpcAttachments: readonly TransitGatewayVpcAttachment[];
}

export const EMPTY_PATH_INVENTORY: PathInventory = { routeTables: [], vpcPeeringConnections: [], transitGatewayVpcAttachments: [] };

/** Which sources and targets a path inventory is read for (ec2-path-reads.ts). */
export interface PathReadQuery {
  /** Subnets of the sources whose target sits in another VPC. */
  readonly sourceSubnetIds: readonly string[];
  /** Their VPCs: a subnet without an explicit association uses its VPC's main table. */
  readonly sourceVpcIds: readonly string[];
  /** The targets' VPCs, whose transit gateway attachments decide. */
  readonly targetVpcIds: readonly string[];
  /**
   * Also read the source VPCs' attachments: needed only for a target VPC another account owns, whose attachment is
   * not visible (mirror-path.ts then takes the source side's). pathReadQueryOf sets it when the inventory lists such
   * a VPC (sharedVpcOwners).
   */
  readonly sourceAttachments?: boolean;
}
