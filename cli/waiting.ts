/** The clock and the pause between status reads of the commands that follow runs; tests pass their own clock. */
export interface Waiting {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const realWaiting: Waiting = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
