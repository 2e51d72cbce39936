/**
 * What a mode `all` sweep reads: only the VPCs holding a session source have their instance ENIs listed
 * (vpcsWithSessionSource), which must give the verdicts a listing of every ENI gives; the ENIs listed are slim
 * records, while session sources keep every field.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { evaluateVpcs } from '../rule/evaluate';
import type { Inventory, NetworkInterface } from '../rule/inventory';
import { isInstanceInterface, vpcsWithSessionSource } from '../rule/inventory';
import { readInventory } from '../rule/read-inventory';
import type { RuleParameters } from '../rule/rule-definition';
import { DEFAULT_RULE_PARAMETERS } from '../rule/rule-definition';
import { generateInventory } from './support/generate-inventory';
import { instanceEni, session, vpc } from './support/inventory-builders';
import { answerFromInventory, ec2AcceptFilter, ec2Eni, ec2Session, ec2Vpc } from './support/sdk-mocks';

// The ENI listing is what is tested here; target verification has its own tests (read-targets, rule-targets.wire).
const all: RuleParameters = { ...DEFAULT_RULE_PARAMETERS, mode: 'all', verifyTarget: false };
const clients = () => ({ ec2: new EC2Client({ region: 'us-east-1' }), elbv2: new ElasticLoadBalancingV2Client({ region: 'us-east-1' }) });

describe('vpcsWithSessionSource', () => {
  it('is the VPCs of the ENIs that are a session source, each once', () => {
    const enis = [instanceEni('eni-a1', 'vpc-a'), instanceEni('eni-a2', 'vpc-a'), instanceEni('eni-b1', 'vpc-b'), instanceEni('eni-c1', 'vpc-c')];
    const sessions = [session('tms-1', 'eni-a1'), session('tms-2', 'eni-a2'), session('tms-3', 'eni-c1')];
    expect(vpcsWithSessionSource(sessions, enis).sort()).toEqual(['vpc-a', 'vpc-c']);
  });

  it('leaves out a session whose source ENI is not in the inventory, and is empty without sessions', () => {
    expect(vpcsWithSessionSource([session('tms-1', 'eni-gone')], [instanceEni('eni-a1', 'vpc-a')])).toEqual([]);
    expect(vpcsWithSessionSource([], [instanceEni('eni-a1', 'vpc-a')])).toEqual([]);
  });

  it('counts a source that is not an instance interface', () => {
    const detached = instanceEni('eni-a1', 'vpc-a', { status: 'available' });
    expect(vpcsWithSessionSource([session('tms-1', 'eni-a1')], [detached])).toEqual(['vpc-a']);
  });
});

/** A generated region as the rule's plain inventory, every ENI of it. */
function fullInventory(seed: number, sessions: number): Inventory {
  const region = generateInventory({ vpcs: 60, networkInterfaces: 120, sessions, seed });
  const filterIds = new Map(region.filters.map((f) => [f.TrafficMirrorFilterId, f]));
  return {
    vpcs: region.vpcs.map((v) => vpc(v.VpcId, { isDefault: v.IsDefault === true })),
    sessions: region.sessions.map((s) => session(s.TrafficMirrorSessionId, s.NetworkInterfaceId, { trafficMirrorFilterId: s.TrafficMirrorFilterId })),
    filters: [...filterIds.values()].map((f) => ({
      trafficMirrorFilterId: f.TrafficMirrorFilterId,
      hasAcceptRule: [...f.IngressFilterRules, ...f.EgressFilterRules].some((r) => r.RuleAction === 'accept'),
      networkServices: f.NetworkServices,
    })),
    networkInterfaces: region.networkInterfaces.map((n) => ({
      networkInterfaceId: n.NetworkInterfaceId,
      vpcId: n.VpcId,
      status: n.Status ?? 'in-use',
      interfaceType: n.InterfaceType ?? 'interface',
      ...(n.InstanceId ? { instanceId: n.InstanceId } : {}),
    })),
  };
}

/** What the mode `all` sweep holds: the sources, and the instance interfaces of the VPCs holding one. */
function sweepInventory(full: Inventory): Inventory {
  const sources = new Set(full.sessions.map((s) => s.networkInterfaceId));
  const listed = new Set(vpcsWithSessionSource(full.sessions, full.networkInterfaces));
  return {
    ...full,
    networkInterfaces: full.networkInterfaces.filter(
      (n) => sources.has(n.networkInterfaceId) || (listed.has(n.vpcId) && isInstanceInterface(n)),
    ),
  };
}

describe('mode all decides on the VPCs holding a source as on every ENI of the region', () => {
  it.each([
    [1, 20, true],
    [2, 40, true],
    [3, 90, true],
    [4, 40, false],
  ])('seed %i, %i sessions, requireAcceptRule %s', (seed, sessions, requireAcceptRule) => {
    const params = { ...all, requireAcceptRule };
    const full = fullInventory(seed, sessions);
    const pruned = sweepInventory(full);
    expect(pruned.networkInterfaces.length).toBeLessThan(full.networkInterfaces.length);
    const orderingTimestamp = new Date(0);
    const evaluations = evaluateVpcs(full, params, { orderingTimestamp });
    expect(evaluateVpcs(pruned, params, { orderingTimestamp })).toEqual(evaluations);
    // Both verdicts occur, so the comparison covers partly mirrored VPCs as well as unmirrored ones.
    expect(new Set(evaluations.map((e) => e.compliance)).size).toBeGreaterThan(1);
  });
});

describe('readInventory, region, mode all', () => {
  const ec2 = mockClient(EC2Client);
  afterAll(() => ec2.restore());
  beforeEach(() => ec2.reset());

  const withFields = { SubnetId: 'subnet-a', PrivateIpAddress: '10.0.0.5', Groups: [{ GroupId: 'sg-a' }] };

  it('keeps every field of the session sources and only ID, VPC, status, type and instance of the other instance ENIs', async () => {
    answerFromInventory(ec2, {
      vpcs: [ec2Vpc('vpc-a'), ec2Vpc('vpc-b')],
      networkInterfaces: [
        ec2Eni('eni-a1', 'vpc-a', withFields),
        ec2Eni('eni-a2', 'vpc-a', withFields),
        ec2Eni('eni-a3', 'vpc-a', { ...withFields, Status: 'available', Attachment: undefined }),
        ec2Eni('eni-a4', 'vpc-a', { ...withFields, InterfaceType: 'vpc_endpoint', Attachment: undefined }),
        // In use and of type interface but attached to no instance (a service's ENI): past EC2's filters, not kept.
        ec2Eni('eni-a5', 'vpc-a', { ...withFields, Attachment: { AttachmentId: 'ela-attach-1', InstanceOwnerId: 'amazon-elb' } }),
        ec2Eni('eni-b1', 'vpc-b', withFields),
      ],
      sessions: [ec2Session('tms-a', 'eni-a1')],
      filters: [ec2AcceptFilter],
    });

    const { inventory: read } = await readInventory(clients(), { kind: 'region' }, all);

    const byId = new Map<string, NetworkInterface>(read.networkInterfaces.map((n) => [n.networkInterfaceId, n]));
    expect([...byId.keys()].sort()).toEqual(['eni-a1', 'eni-a2']);
    expect(read.networkInterfaces).toHaveLength(2);
    expect(byId.get('eni-a1')).toEqual({
      networkInterfaceId: 'eni-a1',
      vpcId: 'vpc-a',
      status: 'in-use',
      interfaceType: 'interface',
      instanceId: 'i-a1',
      subnetId: 'subnet-a',
      privateIpAddress: '10.0.0.5',
      securityGroupIds: ['sg-a'],
    });
    expect(byId.get('eni-a2')).toEqual({
      networkInterfaceId: 'eni-a2',
      vpcId: 'vpc-a',
      status: 'in-use',
      interfaceType: 'interface',
      instanceId: 'i-a2',
    });
  });

  it('makes no listing by VPC when no session has a source', async () => {
    answerFromInventory(ec2, {
      vpcs: [ec2Vpc('vpc-a')],
      networkInterfaces: [ec2Eni('eni-a1', 'vpc-a')],
      sessions: [ec2Session('tms-orphan', 'eni-gone')],
      filters: [ec2AcceptFilter],
    });
    const { inventory: read } = await readInventory(clients(), { kind: 'region' }, all);
    expect(read.networkInterfaces).toEqual([]);
    expect(evaluateVpcs(read, all, { orderingTimestamp: new Date(0) })[0]?.compliance).toBe('NON_COMPLIANT');
    expect(ec2.calls().map((c) => (c.args[0].input as { Filters?: { Name?: string }[] }).Filters?.[0]?.Name)).not.toContain('vpc-id');
  });
});
