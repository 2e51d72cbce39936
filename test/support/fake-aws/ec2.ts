/**
 * The fake EC2 service: the Describe calls the rule, CLI and remediation read, and the Traffic Mirroring
 * writes the remediation makes, with EC2's validation, error codes and ClientToken idempotency.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateTrafficMirrorFilter$,
  CreateTrafficMirrorFilterRule$,
  CreateTrafficMirrorSession$,
  CreateTrafficMirrorTarget$,
  DeleteTrafficMirrorFilter$,
  DeleteTrafficMirrorFilterRule$,
  DeleteTrafficMirrorSession$,
  DeleteTrafficMirrorTarget$,
  DescribeNetworkAcls$,
  DescribeNetworkInterfaces$,
  DescribeRegions$,
  DescribeRouteTables$,
  DescribeSecurityGroups$,
  DescribeSubnets$,
  DescribeTrafficMirrorFilters$,
  DescribeTrafficMirrorSessions$,
  DescribeTrafficMirrorTargets$,
  DescribeTransitGatewayAttachments$,
  DescribeTransitGatewayVpcAttachments$,
  DescribeVpcEndpoints$,
  DescribeVpcPeeringConnections$,
  DescribeVpcs$,
  ModifyTrafficMirrorFilterNetworkServices$,
} from '@aws-sdk/client-ec2';
import type { DescribeContext, EcFilter, ResourceKind } from './ec2-describe';
import { describePage, invalidateIndex } from './ec2-describe';
import {
  filterKind,
  filterToWire,
  networkInterfaceKind,
  networkInterfaceToWire,
  regionKind,
  regionToWire,
  securityGroupKind,
  securityGroupToWire,
  sessionKind,
  sessionToWire,
  subnetKind,
  subnetToWire,
  targetKind,
  targetToWire,
  transitGatewayAttachmentKind,
  transitGatewayAttachmentToWire,
  transitGatewayVpcAttachmentKind,
  transitGatewayVpcAttachmentToWire,
  vpcKind,
  vpcPeeringKind,
  vpcPeeringToWire,
  vpcToWire,
} from './ec2-resources';
import { routeTableKind, routeTableToWire } from './ec2-route-tables';
import { networkAclKind, networkAclToWire, vpcEndpointKind, vpcEndpointToWire } from './ec2-target-resources';
import { FakeAwsError, invalidParameterValue, missingParameter } from './errors';
import type { FakeFilter, FakeFilterRule, FakeRegion, FakeSession, FakeTag, FakeTarget } from './types';
import type { SdkOperationSchema } from './wire-codec';

/** What an EC2 operation sees of the fake. */
export interface Ec2Env extends DescribeContext {
  readonly state: FakeRegion;
  readonly regionName: string;
  readonly enabledRegions: readonly string[];
  /** ClientToken → the request it was first used with and the response given, per region. */
  readonly idempotency: Map<string, { fingerprint: string; output: object }>;
}

export interface Ec2Operation {
  readonly schema: SdkOperationSchema;
  readonly run: (input: Record<string, unknown>, env: Ec2Env) => object;
}

/** EC2 IDs: a prefix and 17 hex digits (e.g. `tms-0123456789abcdef0`). */
export function newEc2Id(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

const str = (input: Record<string, unknown>, name: string): string | undefined => {
  const v = input[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
const num = (input: Record<string, unknown>, name: string): number | undefined => {
  const v = input[name];
  return typeof v === 'number' && !Number.isNaN(v) ? v : undefined;
};
const required = (input: Record<string, unknown>, name: string): string => {
  const v = str(input, name);
  if (v === undefined) throw missingParameter(name);
  return v;
};
const strings = (input: Record<string, unknown>, name: string): string[] | undefined =>
  Array.isArray(input[name]) ? (input[name] as unknown[]).map(String) : undefined;

// ---------------------------------------------------------------------------------------------------------------
// Describe operations

function describeOperation<T>(
  schema: SdkOperationSchema,
  kind: ResourceKind<T>,
  list: (state: FakeRegion) => T[],
  idsMember: string | undefined,
  outputMember: string,
  toWire: (item: T, ctx: DescribeContext) => object,
): Ec2Operation {
  return {
    schema,
    run: (input, env) => {
      const page = describePage(
        kind,
        list(env.state),
        {
          operation: schema[2],
          ...(idsMember && strings(input, idsMember) ? { ids: strings(input, idsMember) } : {}),
          ...(Array.isArray(input.Filters) ? { filters: input.Filters as EcFilter[] } : {}),
          ...(num(input, 'MaxResults') !== undefined ? { maxResults: num(input, 'MaxResults') } : {}),
          ...(str(input, 'NextToken') ? { nextToken: str(input, 'NextToken') } : {}),
        },
        env,
      );
      return { [outputMember]: page.items.map((item) => toWire(item, env)), NextToken: page.nextToken };
    },
  };
}

const describeRegions: Ec2Operation = {
  schema: DescribeRegions$,
  run: (input, env) => {
    const regions = env.enabledRegions.map((RegionName) => ({ RegionName }));
    const names = strings(input, 'RegionNames');
    const unknown = (names ?? []).filter((n) => !env.enabledRegions.includes(n));
    if (unknown.length > 0) throw invalidParameterValue(`Invalid region: ${unknown.join(', ')}`);
    const page = describePage(
      regionKind,
      regions,
      { operation: 'DescribeRegions', ...(Array.isArray(input.Filters) ? { filters: input.Filters as EcFilter[] } : {}) },
      env,
    );
    const selected = names ? page.items.filter((r) => names.includes(r.RegionName)) : page.items;
    return { Regions: selected.map(regionToWire) };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Writes

interface SdkTagSpecification {
  ResourceType?: string;
  Tags?: { Key?: string; Value?: string }[];
}

/** The tags of TagSpecification.N for this resource type; a specification for another type is rejected, as EC2 does. */
function tagsFor(input: Record<string, unknown>, resourceType: string): FakeTag[] | undefined {
  const specs = (input.TagSpecifications as SdkTagSpecification[] | undefined) ?? [];
  const tags: FakeTag[] = [];
  for (const spec of specs) {
    if (spec.ResourceType !== resourceType) {
      throw invalidParameterValue(
        `'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation; expected '${resourceType}'`,
      );
    }
    for (const t of spec.Tags ?? []) {
      if (!t.Key) throw invalidParameterValue('Tag keys must not be empty');
      tags.push({ Key: t.Key, Value: t.Value ?? '' });
    }
  }
  return tags.length > 0 ? tags : undefined;
}

/**
 * EC2 idempotency: a retried request with the same ClientToken and the same parameters returns the first
 * response and creates nothing; the same token with other parameters is IdempotentParameterMismatch
 * ("Ensuring idempotency in Amazon EC2 API requests").
 */
function idempotent(
  operation: string,
  input: Record<string, unknown>,
  env: Ec2Env,
  create: () => Record<string, unknown>,
): object {
  const token = str(input, 'ClientToken');
  if (token === undefined) return create();
  const { ClientToken: _token, DryRun: _dryRun, ...params } = input;
  const fingerprint = JSON.stringify([operation, params]);
  const key = `${operation}:${token}`;
  const previous = env.idempotency.get(key);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      throw new FakeAwsError(
        'IdempotentParameterMismatch',
        `The client token '${token}' was already used with different parameters`,
      );
    }
    return previous.output;
  }
  const output = { ...create(), ClientToken: token };
  env.idempotency.set(key, { fingerprint, output });
  return output;
}

function findOrThrow<T>(kind: ResourceKind<T>, items: readonly T[], id: string): T {
  const found = items.find((item) => kind.idOf(item) === id);
  if (found === undefined) throw new FakeAwsError(kind.notFoundCode, `The ${kind.noun} '${id}' does not exist`);
  return found;
}

function removeItem<T>(items: T[], item: T): void {
  const i = items.indexOf(item);
  if (i >= 0) items.splice(i, 1);
  invalidateIndex(items);
}

/** Session and rule numbers: 1-32766 (EC2 API Reference, CreateTrafficMirrorSession / CreateTrafficMirrorFilterRule). */
function checkRange(name: string, value: number | undefined, min: number, max: number): number {
  if (value === undefined) throw missingParameter(name);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameterValue(`Value (${value}) for parameter ${name} is invalid. It must be between ${min} and ${max}.`);
  }
  return value;
}

/** Traffic Mirroring quota "Sessions per source network interface": 3 (VPC Traffic Mirroring quotas). */
export const MAX_SESSIONS_PER_SOURCE_ENI = 3;

const createTarget: Ec2Operation = {
  schema: CreateTrafficMirrorTarget$,
  run: (input, env) =>
    idempotent('CreateTrafficMirrorTarget', input, env, () => {
      const eni = str(input, 'NetworkInterfaceId');
      const nlb = str(input, 'NetworkLoadBalancerArn');
      const gwlbe = str(input, 'GatewayLoadBalancerEndpointId');
      const given = [eni, nlb, gwlbe].filter((v) => v !== undefined).length;
      if (given !== 1) {
        throw new FakeAwsError(
          'InvalidParameterCombination',
          'Specify exactly one of NetworkInterfaceId, NetworkLoadBalancerArn or GatewayLoadBalancerEndpointId',
        );
      }
      if (eni !== undefined) findOrThrow(networkInterfaceKind, env.state.networkInterfaces, eni);
      const description = str(input, 'Description');
      const tags = tagsFor(input, 'traffic-mirror-target');
      const target: FakeTarget = {
        TrafficMirrorTargetId: newEc2Id('tmt'),
        Type: eni ? 'network-interface' : nlb ? 'network-load-balancer' : 'gateway-load-balancer-endpoint',
        ...(eni ? { NetworkInterfaceId: eni } : {}),
        ...(nlb ? { NetworkLoadBalancerArn: nlb } : {}),
        ...(gwlbe ? { GatewayLoadBalancerEndpointId: gwlbe } : {}),
        ...(description ? { Description: description } : {}),
        ...(tags ? { Tags: tags } : {}),
      };
      env.state.targets.push(target);
      return { TrafficMirrorTarget: targetToWire(target, env) };
    }),
};

const createFilter: Ec2Operation = {
  schema: CreateTrafficMirrorFilter$,
  run: (input, env) =>
    idempotent('CreateTrafficMirrorFilter', input, env, () => {
      const description = str(input, 'Description');
      const tags = tagsFor(input, 'traffic-mirror-filter');
      const filter: FakeFilter = {
        TrafficMirrorFilterId: newEc2Id('tmf'),
        IngressFilterRules: [],
        EgressFilterRules: [],
        NetworkServices: [],
        ...(description ? { Description: description } : {}),
        ...(tags ? { Tags: tags } : {}),
      };
      env.state.filters.push(filter);
      return { TrafficMirrorFilter: filterToWire(filter) };
    }),
};

interface SdkPortRange {
  FromPort?: number;
  ToPort?: number;
}

const createFilterRule: Ec2Operation = {
  schema: CreateTrafficMirrorFilterRule$,
  run: (input, env) =>
    idempotent('CreateTrafficMirrorFilterRule', input, env, () => {
      const filter = findOrThrow(filterKind, env.state.filters, required(input, 'TrafficMirrorFilterId'));
      const direction = required(input, 'TrafficDirection');
      if (direction !== 'ingress' && direction !== 'egress') {
        throw invalidParameterValue(`Value (${direction}) for parameter TrafficDirection is invalid: ingress or egress`);
      }
      const action = required(input, 'RuleAction');
      if (action !== 'accept' && action !== 'reject') {
        throw invalidParameterValue(`Value (${action}) for parameter RuleAction is invalid: accept or reject`);
      }
      const ruleNumber = checkRange('RuleNumber', num(input, 'RuleNumber'), 1, 32766);
      const rules = direction === 'ingress' ? filter.IngressFilterRules : filter.EgressFilterRules;
      if (rules.some((r) => r.RuleNumber === ruleNumber)) {
        throw new FakeAwsError(
          'TrafficMirrorFilterRuleAlreadyExists',
          `The ${direction} rule number ${ruleNumber} already exists in ${filter.TrafficMirrorFilterId}`,
        );
      }
      const protocol = num(input, 'Protocol');
      const description = str(input, 'Description');
      const tags = tagsFor(input, 'traffic-mirror-filter-rule');
      const rule: FakeFilterRule = {
        TrafficMirrorFilterRuleId: newEc2Id('tmfr'),
        TrafficMirrorFilterId: filter.TrafficMirrorFilterId,
        TrafficDirection: direction,
        RuleNumber: ruleNumber,
        RuleAction: action,
        DestinationCidrBlock: required(input, 'DestinationCidrBlock'),
        SourceCidrBlock: required(input, 'SourceCidrBlock'),
        ...(protocol !== undefined ? { Protocol: protocol } : {}),
        ...(input.DestinationPortRange ? { DestinationPortRange: input.DestinationPortRange as SdkPortRange } : {}),
        ...(input.SourcePortRange ? { SourcePortRange: input.SourcePortRange as SdkPortRange } : {}),
        ...(description ? { Description: description } : {}),
        ...(tags ? { Tags: tags } : {}),
      };
      rules.push(rule);
      return { TrafficMirrorFilterRule: rule };
    }),
};

let nextVirtualNetworkId = 1;

const createSession: Ec2Operation = {
  schema: CreateTrafficMirrorSession$,
  run: (input, env) =>
    idempotent('CreateTrafficMirrorSession', input, env, () => {
      const source = findOrThrow(networkInterfaceKind, env.state.networkInterfaces, required(input, 'NetworkInterfaceId'));
      const target = findOrThrow(targetKind, env.state.targets, required(input, 'TrafficMirrorTargetId'));
      const filter = findOrThrow(filterKind, env.state.filters, required(input, 'TrafficMirrorFilterId'));
      const sessionNumber = checkRange('SessionNumber', num(input, 'SessionNumber'), 1, 32766);
      if (source.mirrorable === false) {
        throw new FakeAwsError(
          'NetworkInterfaceNotSupported',
          `${source.NetworkInterfaceId} must be attached to an instance type that supports Traffic Mirroring`,
        );
      }
      if (target.NetworkInterfaceId === source.NetworkInterfaceId) {
        throw invalidParameterValue('The source network interface cannot be the Traffic Mirror target');
      }
      const existing = env.state.sessions.filter((s) => s.NetworkInterfaceId === source.NetworkInterfaceId);
      if (existing.length >= MAX_SESSIONS_PER_SOURCE_ENI) {
        throw new FakeAwsError(
          'TrafficMirrorSessionsPerInterfaceLimitExceeded',
          `${source.NetworkInterfaceId} is already the source of ${existing.length} Traffic Mirror sessions`,
        );
      }
      const packetLength = num(input, 'PacketLength');
      const description = str(input, 'Description');
      const tags = tagsFor(input, 'traffic-mirror-session');
      const session: FakeSession = {
        TrafficMirrorSessionId: newEc2Id('tms'),
        NetworkInterfaceId: source.NetworkInterfaceId,
        TrafficMirrorTargetId: target.TrafficMirrorTargetId,
        TrafficMirrorFilterId: filter.TrafficMirrorFilterId,
        SessionNumber: sessionNumber,
        // "If you do not specify a VirtualNetworkId, an account-wide unique ID is chosen at random."
        VirtualNetworkId: num(input, 'VirtualNetworkId') ?? nextVirtualNetworkId++,
        ...(packetLength !== undefined ? { PacketLength: packetLength } : {}),
        ...(description ? { Description: description } : {}),
        ...(tags ? { Tags: tags } : {}),
      };
      env.state.sessions.push(session);
      return { TrafficMirrorSession: sessionToWire(session, env) };
    }),
};

const deleteSession: Ec2Operation = {
  schema: DeleteTrafficMirrorSession$,
  run: (input, env) => {
    const session = findOrThrow(sessionKind, env.state.sessions, required(input, 'TrafficMirrorSessionId'));
    removeItem(env.state.sessions, session);
    return { TrafficMirrorSessionId: session.TrafficMirrorSessionId };
  },
};

const deleteFilterRule: Ec2Operation = {
  schema: DeleteTrafficMirrorFilterRule$,
  run: (input, env) => {
    const id = required(input, 'TrafficMirrorFilterRuleId');
    for (const filter of env.state.filters) {
      for (const rules of [filter.IngressFilterRules, filter.EgressFilterRules]) {
        const i = rules.findIndex((r) => r.TrafficMirrorFilterRuleId === id);
        if (i >= 0) {
          rules.splice(i, 1);
          return { TrafficMirrorFilterRuleId: id };
        }
      }
    }
    throw new FakeAwsError('InvalidTrafficMirrorFilterRuleId.NotFound', `The traffic mirror filter rule ID '${id}' does not exist`);
  },
};

const deleteFilter: Ec2Operation = {
  schema: DeleteTrafficMirrorFilter$,
  run: (input, env) => {
    const filter = findOrThrow(filterKind, env.state.filters, required(input, 'TrafficMirrorFilterId'));
    if (env.state.sessions.some((s) => s.TrafficMirrorFilterId === filter.TrafficMirrorFilterId)) {
      throw new FakeAwsError(
        'TrafficMirrorFilterInUse',
        `The Traffic Mirror filter ${filter.TrafficMirrorFilterId} cannot be deleted because a Traffic Mirror session is using it`,
      );
    }
    removeItem(env.state.filters, filter);
    return { TrafficMirrorFilterId: filter.TrafficMirrorFilterId };
  },
};

const deleteTarget: Ec2Operation = {
  schema: DeleteTrafficMirrorTarget$,
  run: (input, env) => {
    const target = findOrThrow(targetKind, env.state.targets, required(input, 'TrafficMirrorTargetId'));
    if (env.state.sessions.some((s) => s.TrafficMirrorTargetId === target.TrafficMirrorTargetId)) {
      throw new FakeAwsError(
        'TrafficMirrorTargetInUseException',
        `The Traffic Mirror target ${target.TrafficMirrorTargetId} cannot be deleted because a Traffic Mirror session is using it`,
      );
    }
    removeItem(env.state.targets, target);
    return { TrafficMirrorTargetId: target.TrafficMirrorTargetId };
  },
};

/** The only network service Traffic Mirroring supports (ModifyTrafficMirrorFilterNetworkServices). */
const NETWORK_SERVICES = ['amazon-dns'];

const modifyNetworkServices: Ec2Operation = {
  schema: ModifyTrafficMirrorFilterNetworkServices$,
  run: (input, env) => {
    const filter = findOrThrow(filterKind, env.state.filters, required(input, 'TrafficMirrorFilterId'));
    const add = strings(input, 'AddNetworkServices') ?? [];
    const remove = strings(input, 'RemoveNetworkServices') ?? [];
    for (const s of [...add, ...remove]) {
      if (!NETWORK_SERVICES.includes(s)) throw invalidParameterValue(`Value (${s}) for parameter NetworkService is invalid`);
    }
    filter.NetworkServices = [...new Set([...filter.NetworkServices, ...add])].filter((s) => !remove.includes(s));
    return { TrafficMirrorFilter: filterToWire(filter) };
  },
};

/** Every EC2 operation the fake serves, by Action name. */
export const EC2_OPERATIONS: Readonly<Record<string, Ec2Operation>> = {
  DescribeVpcs: describeOperation(DescribeVpcs$, vpcKind, (s) => s.vpcs, 'VpcIds', 'Vpcs', vpcToWire),
  DescribeSubnets: describeOperation(DescribeSubnets$, subnetKind, (s) => s.subnets, 'SubnetIds', 'Subnets', subnetToWire),
  DescribeNetworkInterfaces: describeOperation(
    DescribeNetworkInterfaces$,
    networkInterfaceKind,
    (s) => s.networkInterfaces,
    'NetworkInterfaceIds',
    'NetworkInterfaces',
    networkInterfaceToWire,
  ),
  DescribeTrafficMirrorSessions: describeOperation(
    DescribeTrafficMirrorSessions$,
    sessionKind,
    (s) => s.sessions,
    'TrafficMirrorSessionIds',
    'TrafficMirrorSessions',
    sessionToWire,
  ),
  DescribeTrafficMirrorFilters: describeOperation(
    DescribeTrafficMirrorFilters$,
    filterKind,
    (s) => s.filters,
    'TrafficMirrorFilterIds',
    'TrafficMirrorFilters',
    filterToWire,
  ),
  DescribeTrafficMirrorTargets: describeOperation(
    DescribeTrafficMirrorTargets$,
    targetKind,
    (s) => s.targets,
    'TrafficMirrorTargetIds',
    'TrafficMirrorTargets',
    targetToWire,
  ),
  DescribeSecurityGroups: describeOperation(
    DescribeSecurityGroups$,
    securityGroupKind,
    (s) => s.securityGroups,
    'GroupIds',
    'SecurityGroups',
    securityGroupToWire,
  ),
  DescribeVpcPeeringConnections: describeOperation(
    DescribeVpcPeeringConnections$,
    vpcPeeringKind,
    (s) => s.vpcPeeringConnections,
    'VpcPeeringConnectionIds',
    'VpcPeeringConnections',
    vpcPeeringToWire,
  ),
  DescribeTransitGatewayVpcAttachments: describeOperation(
    DescribeTransitGatewayVpcAttachments$,
    transitGatewayVpcAttachmentKind,
    (s) => s.transitGatewayAttachments,
    'TransitGatewayAttachmentIds',
    'TransitGatewayVpcAttachments',
    transitGatewayVpcAttachmentToWire,
  ),
  DescribeTransitGatewayAttachments: describeOperation(
    DescribeTransitGatewayAttachments$,
    transitGatewayAttachmentKind,
    (s) => s.transitGatewayAttachments,
    'TransitGatewayAttachmentIds',
    'TransitGatewayAttachments',
    transitGatewayAttachmentToWire,
  ),
  // What verifying a traffic mirror target reads besides ENIs and security groups.
  DescribeNetworkAcls: describeOperation(DescribeNetworkAcls$, networkAclKind, (s) => s.networkAcls, 'NetworkAclIds', 'NetworkAcls', networkAclToWire),
  DescribeVpcEndpoints: describeOperation(
    DescribeVpcEndpoints$,
    vpcEndpointKind,
    (s) => s.vpcEndpoints,
    'VpcEndpointIds',
    'VpcEndpoints',
    vpcEndpointToWire,
  ),
  DescribeRegions: describeRegions,
  DescribeRouteTables: describeOperation(DescribeRouteTables$, routeTableKind, (s) => s.routeTables, 'RouteTableIds', 'RouteTables', routeTableToWire),
  CreateTrafficMirrorTarget: createTarget,
  CreateTrafficMirrorFilter: createFilter,
  CreateTrafficMirrorFilterRule: createFilterRule,
  CreateTrafficMirrorSession: createSession,
  DeleteTrafficMirrorSession: deleteSession,
  DeleteTrafficMirrorFilterRule: deleteFilterRule,
  DeleteTrafficMirrorFilter: deleteFilter,
  DeleteTrafficMirrorTarget: deleteTarget,
  ModifyTrafficMirrorFilterNetworkServices: modifyNetworkServices,
};
