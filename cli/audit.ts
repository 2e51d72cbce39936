/**
 * The audit of one account: every VPC of each region, evaluated by the rule's own reader (readInventory, region
 * scope, as a scheduled sweep reads) and decision (evaluateVpcs). This module adds only the rows a person reads:
 * the account, the region and the VPC's Name tag next to each verdict.
 */
import pLimit from 'p-limit';
import { evaluateVpcs } from '../rule/evaluate';
import type { ComplianceType, Evaluation, Inventory } from '../rule/inventory';
import type { InventoryClients } from '../rule/read-inventory';
import { readInventory } from '../rule/read-inventory';
import type { RuleParameters } from '../rule/rule-definition';
import { inRegion } from './errors';

/** One printed row: what the JSON format prints, field for field. */
export interface AuditRow {
  readonly accountId: string;
  readonly region: string;
  readonly vpcId: string;
  /** The VPC's Name tag; null when it has none. */
  readonly name: string | null;
  readonly compliance: ComplianceType;
  readonly annotation: string;
}

/** Joins the rule's verdicts with the VPCs they are about. Pure. */
export function auditRows(accountId: string, region: string, inventory: Inventory, evaluations: readonly Evaluation[]): AuditRow[] {
  const names = new Map(inventory.vpcs.map((v) => [v.vpcId, v.tags.Name]));
  return evaluations.map((e) => ({
    accountId,
    region,
    vpcId: e.vpcId,
    name: names.get(e.vpcId) ?? null,
    compliance: e.compliance,
    annotation: e.annotation,
  }));
}

/** Rows by region, then VPC ID: the same output whatever order concurrent regions finish in. Pure. */
export function sortRows(rows: readonly AuditRow[]): AuditRow[] {
  return [...rows].sort((a, b) => a.region.localeCompare(b.region) || a.vpcId.localeCompare(b.vpcId));
}

/** 0 when every VPC is COMPLIANT or NOT_APPLICABLE, 1 when any is NON_COMPLIANT. Pure. */
export function auditExitCode(rows: readonly AuditRow[]): 0 | 1 {
  return rows.some((r) => r.compliance === 'NON_COMPLIANT') ? 1 : 0;
}

/** Every VPC of one region, evaluated exactly as the rule's scheduled sweep evaluates it. */
export async function auditRegion(
  clients: InventoryClients,
  accountId: string,
  region: string,
  params: RuleParameters,
): Promise<AuditRow[]> {
  const { inventory } = await readInventory(clients, { kind: 'region' }, params, accountId);
  return auditRows(accountId, region, inventory, evaluateVpcs(inventory, params, { orderingTimestamp: new Date(), accountId }));
}

/**
 * Regions audited at once. EC2 throttles per account and region, so regions do not compete for the same request
 * bucket; the bound keeps sockets and memory modest on a laptop or CI runner when an account has 30 regions.
 */
export const REGION_CONCURRENCY = 6;

export interface RegionProgress {
  started(region: string): void;
  finished(region: string): void;
}

/**
 * Audits the regions in a bounded pool. Every region runs to the end even when one fails, so the error lists
 * every region that failed; any failure rejects with the first (each labelled with its region).
 */
export async function auditRegions(
  regions: readonly string[],
  auditOne: (region: string) => Promise<AuditRow[]>,
  progress?: RegionProgress,
): Promise<AuditRow[]> {
  const limit = pLimit(REGION_CONCURRENCY);
  const results = await Promise.allSettled(
    regions.map((region) =>
      limit(async () => {
        progress?.started(region);
        try {
          return await inRegion(region, () => auditOne(region));
        } finally {
          progress?.finished(region);
        }
      }),
    ),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  if (failures.length > 0) throw failures.length === 1 ? failures[0] : new AggregateError(failures, 'Several regions failed');
  return sortRows(results.flatMap((r) => (r.status === 'fulfilled' ? r.value : [])));
}
