/**
 * The CLI's SDK clients: the rule's clients (default credential chain and configuration, so AWS_PROFILE, SSO
 * profiles, AWS_REGION and AWS_ENDPOINT_URL_* all apply; adaptive retries), plus a note of which operation failed,
 * because an SDK error carries the service's error code but not the operation that raised it.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { STSClient } from '@aws-sdk/client-sts';
import type { HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments, InitializeHandlerOutput } from '@aws-sdk/types';
import type { ApiCallCounter } from '../rule/aws-clients';
import { createEc2Client, createElbv2Client, createStsClient } from '../rule/aws-clients';
import type { InventoryClients } from '../rule/read-inventory';

/** Error object → the operation it came from. A WeakMap, so SDK errors pass through unchanged (callers test their names). */
const failedOperations = new WeakMap<object, string>();

/** The operation (e.g. "DescribeVpcs") whose call raised this error, if it came from one of our clients. */
export function failedOperationOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? failedOperations.get(error) : undefined;
}

/** Initialize step: sees each call once, after the retries below it have given up. */
function recordFailedOperation<I extends object, O extends object>(
  next: InitializeHandler<I, O>,
  context: HandlerExecutionContext,
): InitializeHandler<I, O> {
  return async (args: InitializeHandlerArguments<I>): Promise<InitializeHandlerOutput<O>> => {
    try {
      return await next(args);
    } catch (error) {
      if (typeof error === 'object' && error !== null && !failedOperations.has(error)) {
        failedOperations.set(error, (context.commandName ?? 'Unknown').replace(/Command$/, ''));
      }
      throw error;
    }
  };
}

const MIDDLEWARE = { step: 'initialize', name: 'vpcMirroringGuardCliFailedOperation' } as const;

export interface CliClientOptions {
  readonly region: string;
  readonly callCounter?: ApiCallCounter;
}

interface WithMiddleware {
  middlewareStack: { add: (middleware: typeof recordFailedOperation, options: typeof MIDDLEWARE) => void };
}

function noteFailedOperations<C extends WithMiddleware>(client: C): C {
  client.middlewareStack.add(recordFailedOperation, MIDDLEWARE);
  return client;
}

export const cliEc2Client = (options: CliClientOptions): EC2Client => noteFailedOperations(createEc2Client(options));

export const cliElbv2Client = (options: CliClientOptions): ElasticLoadBalancingV2Client => noteFailedOperations(createElbv2Client(options));

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
