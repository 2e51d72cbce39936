/**
 * The inputs of the benchmark: inventory sizes and the simulated network. Kept apart from the runner so the
 * smoke test in `npm test` measures the same small size the benchmark reports.
 */

export interface InventorySize {
  readonly name: string;
  readonly vpcs: number;
  readonly networkInterfaces: number;
  readonly sessions: number;
  /** Traffic mirror targets, of the three kinds in turn (default 3: one of each). */
  readonly targets?: number;
}

/**
 * The three account-region sizes of issue 7: a small account, a large one, and the largest seen in practice, whose
 * sessions mirror to 20 targets of all three kinds (issue 11) so the sweep pays for verifying them.
 */
export const INVENTORY_SIZES: readonly InventorySize[] = [
  { name: 'small', vpcs: 10, networkInterfaces: 500, sessions: 5 },
  { name: 'large', vpcs: 1_000, networkInterfaces: 50_000, sessions: 100 },
  { name: 'huge', vpcs: 10_000, networkInterfaces: 200_000, sessions: 1_000, targets: 20 },
];

/** Round trip of one EC2 or Config API call from a Lambda in the same region, roughly (issue 7). */
export const DEFAULT_LATENCY_MS = 40;

/**
 * Stale VPCs seeded in Config for a scheduled sweep: VPCs that still hold an evaluation but no longer exist,
 * as after VPCs were deleted between sweeps, so the sweep pays for reporting them NOT_APPLICABLE too.
 */
export const STALE_EVALUATIONS = 5;

/** The seed of the generated inventories, fixed so every run measures the same account. */
export const INVENTORY_SEED = 7;

/** The region the fake answers for. */
export const BENCH_REGION = 'us-east-1';

export function sizeByName(name: string): InventorySize {
  const size = INVENTORY_SIZES.find((s) => s.name === name);
  if (size === undefined) {
    throw new Error(`Unknown size '${name}': the benchmark knows ${INVENTORY_SIZES.map((s) => s.name).join(', ')}`);
  }
  return size;
}
