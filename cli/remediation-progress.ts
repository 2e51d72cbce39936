/**
 * The progress bar of `remediate --non-compliant --wait` on a terminal: one line on stderr, redrawn in place with
 * node:readline's cursor helpers, erased before the result table. Not drawn when either stream is not a terminal.
 */
import { clearLine, cursorTo } from 'node:readline';
import type { TerminalStream } from './progress';

const BAR_WIDTH = 30;

/** "[##########--------------------] 84/250 finished, 2 failed". Pure. */
export function progressBar(finished: number, total: number, failed: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((finished / total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${finished}/${total} finished, ${failed} failed`;
}

export class TerminalProgressBar {
  constructor(private readonly stream: NodeJS.WritableStream) {}

  draw(counts: { finished: number; total: number; failed: number }): void {
    this.clear();
    this.stream.write(progressBar(counts.finished, counts.total, counts.failed));
  }

  clear(): void {
    cursorTo(this.stream, 0);
    clearLine(this.stream, 0);
  }
}

/** A person is watching: both streams are terminals. */
export const watching = (stdout: TerminalStream, stderr: TerminalStream): boolean => stdout.isTTY === true && stderr.isTTY === true;
