/**
 * A one-line progress display on stderr while regions are audited, redrawn in place with node:readline's cursor
 * helpers (no dependency, no timer keeping the process alive) and erased before the table is printed.
 * Shown only for the table format on a terminal: piped output and json/csv stay clean for machines.
 */
import { clearLine, cursorTo } from 'node:readline';
import type { RegionProgress } from './audit';
import type { AuditFormat } from './options';

export interface TerminalStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Whether to show progress: a person is watching both streams and will read a table. */
export function showsProgress(format: AuditFormat, stdout: TerminalStream, stderr: TerminalStream): boolean {
  return format === 'table' && stdout.isTTY === true && stderr.isTTY === true;
}

/** "Auditing 17 regions: 5 done, running eu-west-1, us-east-2". Pure. */
export function progressLine(total: number, done: number, running: readonly string[]): string {
  const now = running.length > 0 ? `, running ${[...running].sort().join(', ')}` : '';
  return `Auditing ${total} region${total === 1 ? '' : 's'}: ${done} done${now}`;
}

export class TerminalProgress implements RegionProgress {
  private readonly running = new Set<string>();
  private done = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly total: number,
  ) {}

  started(region: string): void {
    this.running.add(region);
    this.draw();
  }

  finished(region: string): void {
    this.running.delete(region);
    this.done++;
    this.draw();
  }

  /** Erases the line, leaving the terminal as it was. */
  clear(): void {
    cursorTo(this.stream, 0);
    clearLine(this.stream, 0);
  }

  private draw(): void {
    this.clear();
    const line = progressLine(this.total, this.done, [...this.running]);
    // A line wider than the terminal would wrap, and clearLine would erase only its last row.
    const columns = (this.stream as { columns?: number }).columns;
    this.stream.write(columns !== undefined && line.length >= columns ? `${line.slice(0, Math.max(0, columns - 2))}…` : line);
  }
}
