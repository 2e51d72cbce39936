import { describe, expect, it } from 'vitest';
import { InvalidRemediationRequestError, parseRemediationRequest } from '../remediation/request';

const VPC = 'vpc-0123456789abcdef0';
const ENI = 'eni-0123456789abcdef0';
const NLB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/mirror-nlb/0123456789abcdef';

const errorOf = (payload: unknown): string => {
  try {
    parseRemediationRequest(payload);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidRemediationRequestError);
    return (e as Error).message;
  }
  throw new Error('expected the payload to be rejected');
};

describe('parseRemediationRequest', () => {
  it('applies the defaults', () => {
    expect(parseRemediationRequest({ vpcId: VPC, targetNetworkInterfaceId: ENI })).toEqual({
      vpcId: VPC,
      target: { kind: 'networkInterface', networkInterfaceId: ENI },
      mirrorAmazonDns: false,
      sourceSelection: 'one',
      sessionNumber: 1,
      dryRun: false,
    });
  });

  it('accepts the payload exactly as SSM sends it: unset optional parameters as "", typed values as text', () => {
    expect(
      parseRemediationRequest({
        vpcId: VPC,
        trafficMirrorTargetId: '',
        targetNetworkInterfaceId: '',
        targetNetworkLoadBalancerArn: NLB,
        targetGatewayLoadBalancerEndpointId: '',
        trafficMirrorFilterId: 'tmf-0123456789abcdef0',
        mirrorAmazonDns: 'true',
        sourceSelection: 'all',
        sessionNumber: '5',
        packetLength: '',
        virtualNetworkId: '123',
        dryRun: 'false',
        runId: '4f2ac1b0-7a55-4bd6-9c1e-0123456789ab',
      }),
    ).toEqual({
      vpcId: VPC,
      target: { kind: 'networkLoadBalancer', networkLoadBalancerArn: NLB },
      trafficMirrorFilterId: 'tmf-0123456789abcdef0',
      mirrorAmazonDns: true,
      sourceSelection: 'all',
      sessionNumber: 5,
      virtualNetworkId: 123,
      dryRun: false,
      runId: '4f2ac1b0-7a55-4bd6-9c1e-0123456789ab',
    });
  });

  it.each([
    [{ trafficMirrorTargetId: 'tmt-0123456789abcdef0' }, { kind: 'existingTarget', trafficMirrorTargetId: 'tmt-0123456789abcdef0' }],
    [{ targetGatewayLoadBalancerEndpointId: 'vpce-01234567' }, { kind: 'gatewayLoadBalancerEndpoint', gatewayLoadBalancerEndpointId: 'vpce-01234567' }],
  ])('turns the one target field given into a target spec: %j', (fields, target) => {
    expect(parseRemediationRequest({ vpcId: VPC, ...fields, packetLength: 8500, dryRun: true }).target).toEqual(target);
  });

  it('requires exactly one target, naming the runbook parameters', () => {
    expect(errorOf({ vpcId: VPC })).toBe(
      'No target given: set exactly one of TrafficMirrorTargetId, TargetNetworkInterfaceId, TargetNetworkLoadBalancerArn, TargetGatewayLoadBalancerEndpointId',
    );
    expect(errorOf({ vpcId: VPC, targetNetworkInterfaceId: ENI, targetNetworkLoadBalancerArn: NLB })).toBe(
      'Several targets given (TargetNetworkInterfaceId, TargetNetworkLoadBalancerArn): set exactly one of TrafficMirrorTargetId, TargetNetworkInterfaceId, TargetNetworkLoadBalancerArn, TargetGatewayLoadBalancerEndpointId',
    );
  });

  it.each([
    [{ vpcId: 'vpc-XYZ' }, 'vpcId (runbook parameter VpcId) must look like vpc-0123456789abcdef0'],
    [{ vpcId: undefined }, 'vpcId (runbook parameter VpcId) is required'],
    [{ targetNetworkInterfaceId: 'i-0123456789abcdef0' }, 'targetNetworkInterfaceId (runbook parameter TargetNetworkInterfaceId) must look like eni-0123456789abcdef0'],
    [{ targetNetworkLoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef' }, 'targetNetworkLoadBalancerArn (runbook parameter TargetNetworkLoadBalancerArn) must look like arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/0123456789abcdef'],
    [{ trafficMirrorFilterId: 'tmf-1' }, 'trafficMirrorFilterId (runbook parameter TrafficMirrorFilterId) must look like tmf-0123456789abcdef0'],
    [{ sourceSelection: 'some' }, 'sourceSelection (runbook parameter SourceSelection) must be "one" or "all"'],
    [{ sessionNumber: 0 }, 'sessionNumber (runbook parameter SessionNumber) must be a whole number from 1 to 32766'],
    [{ sessionNumber: 32767 }, 'sessionNumber (runbook parameter SessionNumber) must be a whole number from 1 to 32766'],
    [{ sessionNumber: 1.5 }, 'sessionNumber (runbook parameter SessionNumber) must be a whole number from 1 to 32766'],
    [{ sessionNumber: 'two' }, 'sessionNumber (runbook parameter SessionNumber) must be a whole number from 1 to 32766'],
    [{ packetLength: 8501 }, 'packetLength (runbook parameter PacketLength) must be a whole number from 1 to 8500'],
    [{ virtualNetworkId: 16777216 }, 'virtualNetworkId (runbook parameter VirtualNetworkId) must be a whole number from 0 to 16777215'],
    [{ dryRun: 'yes' }, 'dryRun (runbook parameter DryRun) must be true or false'],
    [{ mirrorAmazonDns: 1 }, 'mirrorAmazonDns (runbook parameter MirrorAmazonDns) must be true or false'],
    [{ runId: 'exec 1' }, 'runId must be 1 to 64 letters, digits and hyphens'],
  ])('rejects %j: %s', (fields, message) => {
    expect(errorOf({ vpcId: VPC, targetNetworkInterfaceId: ENI, ...fields })).toBe(`Invalid remediation request: ${message}`);
  });

  it('names every wrong field at once', () => {
    expect(errorOf({ vpcId: 'vpc-1', targetNetworkInterfaceId: ENI, sessionNumber: 0 })).toBe(
      'Invalid remediation request: vpcId (runbook parameter VpcId) must look like vpc-0123456789abcdef0; sessionNumber (runbook parameter SessionNumber) must be a whole number from 1 to 32766',
    );
  });

  it('rejects unknown fields instead of ignoring a typo', () => {
    expect(errorOf({ vpcId: VPC, targetNetworkInterfaceId: ENI, sessionNumbr: 2 })).toMatch(
      /^Invalid remediation request: Unknown field\(s\) sessionNumbr; accepted: vpcId, trafficMirrorTargetId, /,
    );
  });

  it('rejects a payload that is not an object', () => {
    expect(errorOf('vpc-0123456789abcdef0')).toBe('Invalid remediation request: The remediation payload must be a JSON object');
  });
});
