/**
 * SDK clients with the SDK's default configuration (region from AWS_REGION, endpoints from the standard
 * resolution, so AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_CONFIG_SERVICE / AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2
 * work) and adaptive retries.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

/**
 * Adaptive retry adds client-side rate limiting on throttling errors. 10 attempts ride out a throttling burst
 * (EC2's non-mutating request bucket refills at 20 requests/s: "Request throttling for the Amazon EC2 API").
 */
export const RETRY_MODE = 'adaptive';
export const MAX_ATTEMPTS = 10;

export interface ClientOptions {
  readonly region?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Counts every logical API call made through the clients, by operation name. */
  readonly callCounter?: ApiCallCounter;
}

export interface RuleClients {
  readonly ec2: EC2Client;
  /** Network Load Balancer targets' state and listeners (verifyTarget). */
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly config: ConfigServiceClient;
}

/** Counts API calls by operation ("DescribeVpcs": 3, ...); retries of one call count once. */
export class ApiCallCounter {
  private readonly counts = new Map<string, number>();

  record(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  reset(): void {
    this.counts.clear();
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}

interface MiddlewareClient {
  middlewareStack: {
    add: (
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ) => void;
  };
}

/** Adds a counting middleware to a client (initialize step: once per call, before retries). */
export function countApiCalls<C>(client: C, counter: ApiCallCounter): C {
  (client as unknown as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      counter.record((context.commandName ?? 'Unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'vpcMirroringGuardApiCallCounter' },
  );
  return client;
}

/** The configuration every client of ours shares: adaptive retries, and region/credentials when given. */
function clientConfig(options: ClientOptions) {
  return {
    retryMode: RETRY_MODE,
    maxAttempts: MAX_ATTEMPTS,
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

function withCounter<C>(client: C, options: ClientOptions): C {
  return options.callCounter ? countApiCalls(client, options.callCounter) : client;
}

export const createEc2Client = (options: ClientOptions = {}): EC2Client => withCounter(new EC2Client(clientConfig(options)), options);

export const createElbv2Client = (options: ClientOptions = {}): ElasticLoadBalancingV2Client =>
  withCounter(new ElasticLoadBalancingV2Client(clientConfig(options)), options);

export const createConfigClient = (options: ClientOptions = {}): ConfigServiceClient =>
  withCounter(new ConfigServiceClient(clientConfig(options)), options);

export const createStsClient = (options: ClientOptions = {}): STSClient => withCounter(new STSClient(clientConfig(options)), options);

export function createRuleClients(options: ClientOptions = {}): RuleClients {
  return { ec2: createEc2Client(options), elbv2: createElbv2Client(options), config: createConfigClient(options) };
}
