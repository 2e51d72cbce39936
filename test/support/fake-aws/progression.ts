/**
 * Long-running work (an Automation execution, a Config remediation) as the fake plays it: each status read moves it
 * one state along its path, so a caller that polls sees it queued, then running, then finished, with no clock.
 */
export class Progression<S extends string> {
  private reads = 0;

  constructor(private readonly path: readonly [S, ...S[]]) {}

  /** The current state, then a step along the path (the last state stays). */
  read(): S {
    const state = this.path[Math.min(this.reads, this.path.length - 1)] ?? this.path[0];
    this.reads++;
    return state;
  }

  /** The current state without moving on (for writes that do not count as a status read). */
  peek(): S {
    return this.path[Math.min(this.reads, this.path.length - 1)] ?? this.path[0];
  }
}
