/**
 * Counting API calls, without the SDK: the CLI creates a counter before it knows whether its command makes any call,
 * so this module must not load the clients (aws-clients.ts adds the counting middleware to them).
 */

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
