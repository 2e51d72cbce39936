/**
 * Which operation an SDK error came from: an SDK error carries the service's error code but not the operation that
 * raised it. No SDK at run time (types only), so errors.ts can tell errors without loading any client.
 */
import type { HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments, InitializeHandlerOutput } from '@aws-sdk/types';

/** Error object → the operation it came from. A WeakMap, so SDK errors pass through unchanged (callers test their names). */
const failedOperations = new WeakMap<object, string>();

/** The operation (e.g. "DescribeVpcs") whose call raised this error, if it came from one of our clients. */
export function failedOperationOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? failedOperations.get(error) : undefined;
}

/** Initialize step: sees each call once, after the retries below it have given up. */
export function recordFailedOperation<I extends object, O extends object>(
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
