/** What can go wrong in a CLI run, how each is told to the user, and the exit codes. */
import { failedOperationOf } from './failed-operation';

export const EXIT_OK = 0;
/** Audit: some VPC is NON_COMPLIANT. Remediate: the VPC could not be remediated (it stays NON_COMPLIANT). */
export const EXIT_NON_COMPLIANT = 1;
/** A usage error, or a failed AWS call. */
export const EXIT_ERROR = 2;

/** Bad flags or a missing region: the message says which flag and what it accepts. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An error raised while working on one region; `cause` is the original (SDK) error. */
export class RegionError extends Error {
  override readonly name = 'RegionError';
  constructor(
    readonly region: string,
    override readonly cause: unknown,
  ) {
    super(describeRegionError(region, cause));
  }
}

/**
 * "us-east-1: DescribeVpcs failed: UnauthorizedOperation: You are not authorized to perform this operation."
 * An error from an AWS call names the call and the service's error code; any other error is its message alone.
 */
export function describeRegionError(region: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const operation = failedOperationOf(error);
  if (operation === undefined) return `${region}: ${message}`;
  const code = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${region}: ${operation} failed: ${code}${message}`;
}

/** Runs `work` for a region, labelling anything it throws with the region. */
export async function inRegion<T>(region: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof RegionError ? error : new RegionError(region, error);
  }
}
