/** The audit's three output formats. Pure: rows in, text out. */
import Table from 'cli-table3';
import { countByCompliance } from '../rule/evaluate';
import type { AuditRow } from './audit';
import type { AuditFormat } from './options';

const HEAD = ['Account', 'Region', 'VPC', 'Name', 'Compliance', 'Annotation'] as const;
const FIELDS = ['accountId', 'region', 'vpcId', 'name', 'compliance', 'annotation'] as const satisfies readonly (keyof AuditRow)[];

/** Below this many columns the annotation is not squeezed further: the table just wraps in the terminal. */
const MIN_ANNOTATION_WIDTH = 30;
const MAX_NAME_WIDTH = 24;

export interface TableLayout {
  /** The terminal's width: long names and annotations wrap to fit it. Absent (not a terminal): no wrapping. */
  readonly columns?: number;
}

const cells = (r: AuditRow) => FIELDS.map((f) => r[f] ?? '');

/** Column widths that fit `columns`: the short columns keep their natural width, Name and Annotation wrap. */
function fittedWidths(rows: readonly AuditRow[], columns: number): (number | null)[] {
  // cli-table3 widths include one space of padding on each side; the table has 7 borders.
  const natural = FIELDS.map((f, i) => Math.max(HEAD[i]!.length, ...rows.map((r) => String(r[f] ?? '').length)) + 2);
  const name = Math.min(natural[3]!, MAX_NAME_WIDTH + 2);
  const fixed = natural[0]! + natural[1]! + natural[2]! + name + natural[4]! + HEAD.length + 1;
  const annotation = Math.max(MIN_ANNOTATION_WIDTH, Math.min(natural[5]!, columns - fixed));
  return [null, null, null, name, null, annotation];
}

/** A table with one row per VPC, then a summary line. */
export function formatTable(rows: readonly AuditRow[], layout: TableLayout = {}): string {
  const table = new Table({
    head: [...HEAD],
    // No colours: the same bytes on a terminal, in a CI log and in a test.
    style: { head: [], border: [], compact: true },
    ...(layout.columns !== undefined ? { colWidths: fittedWidths(rows, layout.columns), wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  for (const row of rows) {
    const [account, region, vpcId, name, compliance, annotation] = cells(row);
    // A Name tag may have no spaces: wrap it anywhere rather than cut it.
    table.push([account, region, vpcId, { content: name, wrapOnWordBoundary: false }, compliance, annotation]);
  }
  return `${rows.length > 0 ? `${table.toString()}\n` : ''}${summary(rows)}\n`;
}

/** "4 VPCs in 2 regions: 1 COMPLIANT, 2 NON_COMPLIANT, 1 NOT_APPLICABLE". */
export function summary(rows: readonly AuditRow[]): string {
  const regions = new Set(rows.map((r) => r.region)).size;
  const counts = countByCompliance(rows.map((r) => ({ ...r, orderingTimestamp: new Date(0) })));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (rows.length === 0) return 'No VPCs found.';
  return (
    `${plural(rows.length, 'VPC')} in ${plural(regions, 'region')}: ` +
    `${counts.COMPLIANT} COMPLIANT, ${counts.NON_COMPLIANT} NON_COMPLIANT, ${counts.NOT_APPLICABLE} NOT_APPLICABLE`
  );
}

/** An array of { accountId, region, vpcId, name, compliance, annotation }. */
export function formatJson(rows: readonly AuditRow[]): string {
  return `${JSON.stringify(rows.map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f]]))), null, 2)}\n`;
}

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string | null): string {
  const text = value ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line of the JSON field names, then one line per VPC (CRLF line ends, as RFC 4180 has them). */
export function formatCsv(rows: readonly AuditRow[]): string {
  return [FIELDS.join(','), ...rows.map((r) => FIELDS.map((f) => csvField(r[f])).join(','))].map((line) => `${line}\r\n`).join('');
}

export function formatAudit(rows: readonly AuditRow[], format: AuditFormat, layout: TableLayout = {}): string {
  switch (format) {
    case 'table':
      return formatTable(rows, layout);
    case 'json':
      return formatJson(rows);
    case 'csv':
      return formatCsv(rows);
  }
}
