/**
 * The CLI's SDK clients: the rule's clients (default credential chain and configuration, so AWS_PROFILE, SSO
 * profiles, AWS_REGION and AWS_ENDPOINT_URL_* all apply; adaptive retries), plus a note of which operation failed,
 * because an SDK error carries the service's error code but not the operation that raised it.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ApiCallCounter } from '../rule/api-call-counter';
import { createConfigClient, createEc2Client, createElbv2Client, createStsClient } from '../rule/aws-clients';
import type { InventoryClients } from '../rule/read-inventory';
import { recordFailedOperation } from './failed-operation';

const MIDDLEWARE = { step: 'initialize', name: 'vpcMirroringGuardCliFailedOperation' } as const;

export interface CliClientOptions {
  readonly region: string;
  readonly callCounter?: ApiCallCounter;
}

interface WithMiddleware {
  middlewareStack: { add: (middleware: typeof recordFailedOperation, options: typeof MIDDLEWARE) => void };
}

/** Notes which operation raised an error (errors.ts names it); every CLI client gets it, SSM's included. */
export function noteFailedOperations<C extends WithMiddleware>(client: C): C {
  client.middlewareStack.add(recordFailedOperation, MIDDLEWARE);
  return client;
}

export const cliEc2Client = (options: CliClientOptions): EC2Client => noteFailedOperations(createEc2Client(options));

export const cliElbv2Client = (options: CliClientOptions): ElasticLoadBalancingV2Client => noteFailedOperations(createElbv2Client(options));

export const cliConfigClient = (options: CliClientOptions): ConfigServiceClient => noteFailedOperations(createConfigClient(options));

export const cliStsClient = (options: CliClientOptions): STSClient => noteFailedOperations(createStsClient(options));

/** What the audit of one region reads with: the rule's inventory clients. */
export const cliInventoryClients = (options: CliClientOptions): InventoryClients => ({
  ec2: cliEc2Client(options),
  elbv2: cliElbv2Client(options),
});

/**
 * The region the SDK resolves without being told one: AWS_REGION, else the profile's `region`
 * (AWS_PROFILE / --profile). Undefined when there is none.
 */
export async function defaultRegion(): Promise<string | undefined> {
  const client = createEc2Client();
  try {
    return await client.config.region();
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}
