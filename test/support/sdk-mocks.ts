/**
 * aws-sdk-client-mock responders that answer EC2 Describe calls from a small in-memory inventory, honouring the
 * filters the rule sends and paginating with NextToken at a page size of the test's choosing (to force several
 * pages). The mock stands at the SDK client boundary: our code runs unchanged above it.
 */
import type {
  Filter,
  NetworkInterface as Ec2NetworkInterface,
  TrafficMirrorFilter as Ec2Filter,
  TrafficMirrorSession as Ec2Session,
  Vpc as Ec2Vpc,
} from '@aws-sdk/client-ec2';
import type { EC2ClientResolvedConfig, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-ec2';
import {
  DescribeNetworkInterfacesCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeTrafficMirrorSessionsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import type { AwsStub } from 'aws-sdk-client-mock';

export interface MockEc2Inventory {
  vpcs: Ec2Vpc[];
  networkInterfaces: Ec2NetworkInterface[];
  sessions: Ec2Session[];
  filters: Ec2Filter[];
}

export const ec2Vpc = (VpcId: string, extra: Partial<Ec2Vpc> = {}): Ec2Vpc => ({ VpcId, IsDefault: false, OwnerId: '123456789012', Tags: [], ...extra });
export const ec2Eni = (NetworkInterfaceId: string, VpcId: string, extra: Partial<Ec2NetworkInterface> = {}): Ec2NetworkInterface => ({
  NetworkInterfaceId,
  VpcId,
  Status: 'in-use',
  InterfaceType: 'interface',
  Attachment: { InstanceId: `i-${NetworkInterfaceId.slice(4)}` },
  ...extra,
});
export const ec2Session = (TrafficMirrorSessionId: string, NetworkInterfaceId: string, extra: Partial<Ec2Session> = {}): Ec2Session => ({
  TrafficMirrorSessionId,
  NetworkInterfaceId,
  TrafficMirrorTargetId: 'tmt-1',
  TrafficMirrorFilterId: 'tmf-accept',
  SessionNumber: 1,
  ...extra,
});
export const ec2AcceptFilter: Ec2Filter = {
  TrafficMirrorFilterId: 'tmf-accept',
  IngressFilterRules: [{ RuleAction: 'accept', TrafficDirection: 'ingress', RuleNumber: 100 }],
  EgressFilterRules: [],
  NetworkServices: [],
};
export const ec2RejectFilter: Ec2Filter = {
  TrafficMirrorFilterId: 'tmf-reject',
  IngressFilterRules: [{ RuleAction: 'reject', TrafficDirection: 'ingress', RuleNumber: 100 }],
  EgressFilterRules: [],
  NetworkServices: [],
};

function matches(filters: Filter[] | undefined, fields: Record<string, string | undefined>): boolean {
  return (filters ?? []).every((f) => {
    if (!(f.Name! in fields)) throw new Error(`sdk-mocks: unsupported filter ${f.Name}`);
    return (f.Values ?? []).includes(fields[f.Name!] ?? '');
  });
}

function paginate<T>(items: T[], pageSize: number, token: string | undefined) {
  const start = token ? Number(token) : 0;
  const end = start + pageSize;
  return { page: items.slice(start, end), NextToken: end < items.length ? String(end) : undefined };
}

/** Answers the four EC2 Describe calls the rule makes from `inventory`, `pageSize` items per page. */
export function answerFromInventory(
  ec2: AwsStub<ServiceInputTypes, ServiceOutputTypes, EC2ClientResolvedConfig>,
  inventory: MockEc2Inventory, pageSize = 1000): void {
  ec2.on(DescribeVpcsCommand).callsFake((input) => {
    const vpcs = inventory.vpcs.filter((v) => matches(input.Filters, { 'vpc-id': v.VpcId }));
    const { page, NextToken } = paginate(vpcs, pageSize, input.NextToken);
    return { Vpcs: page, NextToken };
  });
  ec2.on(DescribeTrafficMirrorSessionsCommand).callsFake((input) => {
    const { page, NextToken } = paginate(inventory.sessions, pageSize, input.NextToken);
    return { TrafficMirrorSessions: page, NextToken };
  });
  ec2.on(DescribeTrafficMirrorFiltersCommand).callsFake((input) => {
    const { page, NextToken } = paginate(inventory.filters, pageSize, input.NextToken);
    return { TrafficMirrorFilters: page, NextToken };
  });
  ec2.on(DescribeNetworkInterfacesCommand).callsFake((input) => {
    if ((input.Filters ?? []).some((f: Filter) => (f.Values ?? []).length > 200)) throw new Error('sdk-mocks: more than 200 filter values');
    const enis = inventory.networkInterfaces.filter((n) =>
      matches(input.Filters, {
        'vpc-id': n.VpcId,
        'network-interface-id': n.NetworkInterfaceId,
        status: n.Status,
        'interface-type': n.InterfaceType,
      }),
    );
    const { page, NextToken } = paginate(enis, pageSize, input.NextToken);
    return { NetworkInterfaces: page, NextToken };
  });
}
