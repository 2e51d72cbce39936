import { describe, expect, it } from 'vitest';
import { InvalidConfigEventError, parseConfigRuleEvent, planEvaluation } from '../rule/config-event';
import { changeEvent, oversizedEvent, scheduledEvent, sessionChange, vpcChange } from './support/config-events';

const plan = (event: unknown) => planEvaluation(parseConfigRuleEvent(event));

describe('planEvaluation', () => {
  it('evaluates the region, clearing deleted VPCs, on a scheduled notification, ordered by its creation time', () => {
    expect(plan(scheduledEvent({ notificationCreationTime: '2026-11-21T00:00:00.373Z' }))).toEqual({
      kind: 'region',
      reportStale: true,
      orderingTimestamp: new Date('2026-11-21T00:00:00.373Z'),
    });
  });

  it('evaluates the changed VPC, ordered by the configuration item capture time', () => {
    expect(plan(vpcChange('vpc-1', { captureTime: '2026-11-20T10:00:00.000Z' }))).toEqual({
      kind: 'vpc',
      vpcId: 'vpc-1',
      orderingTimestamp: new Date('2026-11-20T10:00:00.000Z'),
    });
  });

  it.each(['ResourceDeleted', 'ResourceDeletedNotRecorded'] as const)('reports a %s VPC NOT_APPLICABLE', (status) => {
    expect(plan(vpcChange('vpc-1', { status }))).toMatchObject({ kind: 'notApplicable', vpcId: 'vpc-1', annotation: 'The VPC was deleted' });
  });

  it('reports a VPC that left the scope NOT_APPLICABLE', () => {
    expect(plan(vpcChange('vpc-1', { eventLeftScope: true }))).toMatchObject({
      kind: 'notApplicable',
      vpcId: 'vpc-1',
      annotation: "The VPC is no longer in the rule's scope",
    });
  });

  it('evaluates the VPC of the source ENI when a session changes', () => {
    expect(plan(sessionChange('tms-1', 'eni-1', { captureTime: '2026-11-20T12:00:00.000Z' }))).toEqual({
      kind: 'sessionSource',
      networkInterfaceId: 'eni-1',
      orderingTimestamp: new Date('2026-11-20T12:00:00.000Z'),
    });
  });

  it('evaluates the whole region when a deleted session does not say where its source was', () => {
    expect(plan(sessionChange('tms-1', undefined, { status: 'ResourceDeleted' }))).toMatchObject({ kind: 'region', reportStale: false });
  });

  it.each(['OK', 'ResourceDeleted', 'ResourceDeletedNotRecorded'] as const)(
    'evaluates the VPCs of the sessions using a traffic mirror target whose item is %s',
    (status) => {
      const event = changeEvent({ resourceType: 'AWS::EC2::TrafficMirrorTarget', resourceId: 'tmt-1', status, captureTime: '2026-11-20T13:00:00.000Z' });
      expect(plan(event)).toEqual({ kind: 'trafficMirrorTarget', trafficMirrorTargetId: 'tmt-1', orderingTimestamp: new Date('2026-11-20T13:00:00.000Z') });
      expect(plan(oversizedEvent({ resourceType: 'AWS::EC2::TrafficMirrorTarget', resourceId: 'tmt-1', status }))).toMatchObject({
        kind: 'trafficMirrorTarget',
        trafficMirrorTargetId: 'tmt-1',
      });
    },
  );

  it('uses the summary of an oversized item: a VPC is evaluated, a session re-evaluates the region', () => {
    expect(plan(oversizedEvent({ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-9', captureTime: '2026-11-20T11:00:00.000Z' }))).toEqual({
      kind: 'vpc',
      vpcId: 'vpc-9',
      orderingTimestamp: new Date('2026-11-20T11:00:00.000Z'),
    });
    expect(plan(oversizedEvent({ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-9', status: 'ResourceDeleted' }))).toMatchObject({
      kind: 'notApplicable',
    });
    expect(plan(oversizedEvent({ resourceType: 'AWS::EC2::TrafficMirrorSession', resourceId: 'tms-1' }))).toMatchObject({
      kind: 'region',
      reportStale: false,
    });
  });

  it('rejects a resource type outside the rule scope, naming the supported ones', () => {
    expect(() => plan(changeEvent({ resourceType: 'AWS::EC2::Instance', resourceId: 'i-1' }))).toThrowError(
      'Unsupported resourceType AWS::EC2::Instance: this rule evaluates AWS::EC2::VPC, AWS::EC2::TrafficMirrorSession and ' +
        'AWS::EC2::TrafficMirrorTarget configuration items',
    );
  });
});

describe('parseConfigRuleEvent', () => {
  it('accepts the documented example shape and parses invokingEvent', () => {
    const parsed = parseConfigRuleEvent(scheduledEvent());
    expect(parsed.invokingEvent.messageType).toBe('ScheduledNotification');
    expect(parsed.accountId).toBe('123456789012');
    expect(parsed.eventLeftScope).toBe(false);
  });

  it.each([
    [{ ...scheduledEvent(), resultToken: undefined }, 'resultToken'],
    [{ ...scheduledEvent(), accountId: '12' }, 'accountId: must be a 12-digit AWS account ID'],
    [{ ...scheduledEvent(), invokingEvent: '{' }, 'invokingEvent is not valid JSON'],
    [{ ...scheduledEvent(), invokingEvent: '{"messageType":"Other"}' }, 'invokingEvent.messageType'],
    [
      { ...scheduledEvent(), invokingEvent: '{"messageType":"ScheduledNotification","notificationCreationTime":"yesterday"}' },
      'invokingEvent.notificationCreationTime: must be an ISO 8601 timestamp',
    ],
    [
      { ...vpcChange('vpc-1'), invokingEvent: vpcChange('vpc-1').invokingEvent.replace('"resourceId":"vpc-1",', '') },
      'invokingEvent.configurationItem.resourceId',
    ],
    ['not an object', 'Invalid Config rule event'],
  ])('rejects a malformed event, naming the field (%#)', (event, message) => {
    expect(() => parseConfigRuleEvent(event)).toThrowError(InvalidConfigEventError);
    expect(() => parseConfigRuleEvent(event)).toThrowError(message);
  });
});
