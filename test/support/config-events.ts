/**
 * Config rule events shaped exactly like AWS's documented examples
 * (Config Developer Guide, "Example Events for AWS Config Rules"), for any resource and message type.
 */
export const ACCOUNT_ID = '123456789012';
export const RULE_NAME_IN_EVENTS = 'vpc-traffic-mirroring-in-use';

interface EventOptions {
  readonly ruleParameters?: Record<string, string> | string;
  readonly eventLeftScope?: boolean;
  readonly accountId?: string;
  readonly resultToken?: string;
  readonly configRuleName?: string;
}

function envelope(invokingEvent: object, options: EventOptions = {}) {
  const accountId = options.accountId ?? ACCOUNT_ID;
  const ruleParameters =
    typeof options.ruleParameters === 'string' ? options.ruleParameters : JSON.stringify(options.ruleParameters ?? {});
  return {
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters,
    resultToken: options.resultToken ?? 'myResultToken',
    eventLeftScope: options.eventLeftScope ?? false,
    executionRoleArn: `arn:aws:iam::${accountId}:role/config-role`,
    configRuleArn: `arn:aws:config:us-east-1:${accountId}:config-rule/config-rule-0123456`,
    configRuleName: options.configRuleName ?? RULE_NAME_IN_EVENTS,
    configRuleId: 'config-rule-0123456',
    accountId,
    version: '1.0',
  };
}

export type ItemStatus = 'OK' | 'ResourceDiscovered' | 'ResourceNotRecorded' | 'ResourceDeleted' | 'ResourceDeletedNotRecorded';

export interface ItemOptions extends EventOptions {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly status?: ItemStatus;
  readonly captureTime?: string;
  readonly configuration?: Record<string, unknown> | null;
}

/** The fields a configuration item and an oversized item's summary share, as AWS's examples show them. */
function itemIdentity(
  item: Omit<ItemOptions, 'configuration'>,
  defaults: { version: string; captureTime: string; stateId: number; md5: string },
) {
  const accountId = item.accountId ?? ACCOUNT_ID;
  return {
    configurationItemVersion: defaults.version,
    configurationItemCaptureTime: item.captureTime ?? defaults.captureTime,
    configurationStateId: defaults.stateId,
    awsAccountId: accountId,
    configurationItemStatus: item.status ?? 'OK',
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: null,
    ARN: `arn:aws:ec2:us-east-1:${accountId}:${item.resourceId}`,
    awsRegion: 'us-east-1',
    availabilityZone: 'Multiple Availability Zones',
    configurationStateMd5Hash: defaults.md5,
    resourceCreationTime: '2026-01-01T00:00:00.000Z',
  };
}

export function changeEvent(item: ItemOptions) {
  const deleted = item.status === 'ResourceDeleted' || item.status === 'ResourceDeletedNotRecorded';
  return envelope(
    {
      configurationItemDiff: null,
      configurationItem: {
        relatedEvents: [],
        relationships: [],
        configuration: item.configuration !== undefined ? item.configuration : deleted ? null : { foo: 'bar' },
        supplementaryConfiguration: {},
        tags: {},
        ...itemIdentity(item, { version: '1.3', captureTime: '2026-11-20T10:00:00.000Z', stateId: 1700000000000, md5: '' }),
      },
      notificationCreationTime: '2026-11-20T10:00:05.000Z',
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
    },
    item,
  );
}

export function oversizedEvent(item: Omit<ItemOptions, 'configuration'>) {
  return envelope(
    {
      configurationItemSummary: {
        changeType: 'UPDATE',
        ...itemIdentity(item, {
          version: '1.2',
          captureTime: '2026-11-20T11:00:00.000Z',
          stateId: 0,
          md5: '8f1ee69b287895a0f8bc5753eca68e96',
        }),
      },
      messageType: 'OversizedConfigurationItemChangeNotification',
    },
    item,
  );
}

export function scheduledEvent(options: EventOptions & { readonly notificationCreationTime?: string } = {}) {
  return envelope(
    {
      awsAccountId: options.accountId ?? ACCOUNT_ID,
      notificationCreationTime: options.notificationCreationTime ?? '2026-11-21T00:00:00.373Z',
      messageType: 'ScheduledNotification',
      recordVersion: '1.0',
    },
    options,
  );
}

export const vpcChange = (vpcId: string, options: Omit<ItemOptions, 'resourceType' | 'resourceId'> = {}) =>
  changeEvent({ ...options, resourceType: 'AWS::EC2::VPC', resourceId: vpcId });

export const sessionChange = (
  sessionId: string,
  networkInterfaceId: string | undefined,
  options: Omit<ItemOptions, 'resourceType' | 'resourceId' | 'configuration'> = {},
) =>
  changeEvent({
    ...options,
    resourceType: 'AWS::EC2::TrafficMirrorSession',
    resourceId: sessionId,
    configuration:
      networkInterfaceId === undefined
        ? null
        : {
            TrafficMirrorSessionId: sessionId,
            NetworkInterfaceId: networkInterfaceId,
            TrafficMirrorTargetId: 'tmt-0123456789abcdef0',
            TrafficMirrorFilterId: 'tmf-0123456789abcdef0',
            SessionNumber: 1,
          },
  });

/**
 * The event with rule parameter verifyTarget "false" unless it sets verifyTarget itself: for tests that pin what
 * the rule reads and decides about sessions, filters and modes, whose mocks hold no traffic mirror targets.
 */
export function withoutTargetVerification<E extends { ruleParameters: string }>(event: E): E {
  let params: unknown;
  try {
    params = JSON.parse(event.ruleParameters);
  } catch {
    return event;
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params) || 'verifyTarget' in params) return event;
  return { ...event, ruleParameters: JSON.stringify({ ...params, verifyTarget: 'false' }) };
}
