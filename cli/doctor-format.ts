/** `doctor`'s output: a table (one row per check, then a summary line) or JSON. Pure: rows in, text out. */
import Table from 'cli-table3';
import type { DoctorRow } from './doctor';
import type { DoctorOutput } from './operate-options';

const FIELDS = ['region', 'check', 'status', 'detail', 'fix'] as const satisfies readonly (keyof DoctorRow)[];
const HEAD = ['Region', 'Check', 'Status', 'Detail', 'Fix'];

/** "7 checks in 1 region: 5 ok, 1 warn, 1 fail". */
export function doctorSummary(rows: readonly DoctorRow[]): string {
  const count = (status: DoctorRow['status']) => rows.filter((r) => r.status === status).length;
  const regions = new Set(rows.map((r) => r.region)).size;
  return `${rows.length} checks in ${regions} region${regions === 1 ? '' : 's'}: ${count('ok')} ok, ${count('warn')} warn, ${count('fail')} fail`;
}

export function formatDoctor(rows: readonly DoctorRow[], output: DoctorOutput, columns?: number): string {
  if (output === 'json') return `${JSON.stringify(rows.map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f]]))), null, 2)}\n`;
  // On a terminal, Detail and Fix share what the short columns leave; elsewhere lines stay whole (greppable logs).
  const wrap = columns !== undefined ? Math.max(30, Math.floor((columns - 40) / 2)) : undefined;
  const table = new Table({
    head: HEAD,
    style: { head: [], border: [], compact: true },
    ...(wrap !== undefined ? { colWidths: [null, null, null, wrap, wrap], wordWrap: true, wrapOnWordBoundary: false } : {}),
  });
  for (const row of rows) table.push(FIELDS.map((f) => row[f]));
  return `${table.toString()}\n${doctorSummary(rows)}\n`;
}
