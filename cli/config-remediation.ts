/**
 * Config's own remediation, driven from the CLI: the rule's NON_COMPLIANT VPCs, StartRemediationExecution for them
 * in batches, and their execution status. Every run goes through the deployed runbook and its automation role, so
 * it is in the Config and SSM history exactly as the console's "Remediate" would put it.
 */
import type { ConfigServiceClient, ResourceKey } from '@aws-sdk/client-config-service';
import { StartRemediationExecutionCommand, paginateDescribeRemediationExecutionStatus } from '@aws-sdk/client-config-service';
import { listRuleResults } from '../rule/rule-results';
import { chunk } from '../rule/chunk';
import { EVALUATED_RESOURCE_TYPE } from '../rule/rule-definition';
import type { RejectedStart, RemediationStatus } from './bulk-remediation';

/** StartRemediationExecution.ResourceKeys: "Minimum number of 1 item. Maximum number of 100 items." (Config API Reference). */
export const REMEDIATION_KEYS_PER_CALL = 100;
/** DescribeRemediationExecutionStatus: ResourceKeys 1-100 items, Limit at most 100 (Config API Reference). */
export const REMEDIATION_STATUS_KEYS_PER_CALL = 100;

const vpcKey = (vpcId: string): ResourceKey => ({ resourceType: EVALUATED_RESOURCE_TYPE, resourceId: vpcId });

/** The VPCs the rule holds NON_COMPLIANT, sorted. */
export async function listNonCompliantVpcs(config: ConfigServiceClient, ruleName: string): Promise<string[]> {
  const results = await listRuleResults(config, ruleName, 'NON_COMPLIANT');
  return results.filter((r) => r.resourceType === EVALUATED_RESOURCE_TYPE).map((r) => r.resourceId).sort();
}

/**
 * Starts Config's remediation for these VPCs, 100 a call, one call after another (Config queues the runs itself).
 * What Config returns in FailedItems comes back with its FailureMessage; nothing is dropped.
 */
export async function startRemediations(
  config: ConfigServiceClient,
  ruleName: string,
  vpcIds: readonly string[],
): Promise<{ started: string[]; rejected: RejectedStart[] }> {
  const started: string[] = [];
  const rejected: RejectedStart[] = [];
  for (const batch of chunk(vpcIds, REMEDIATION_KEYS_PER_CALL)) {
    const response = await config.send(new StartRemediationExecutionCommand({ ConfigRuleName: ruleName, ResourceKeys: batch.map(vpcKey) }));
    const failed = new Set((response.FailedItems ?? []).map((k) => k.resourceId));
    const message = response.FailureMessage ?? 'Config did not start the remediation (FailedItems)';
    for (const vpcId of batch) {
      if (failed.has(vpcId)) rejected.push({ vpcId, message });
      else started.push(vpcId);
    }
  }
  return { started, rejected };
}

/** The remediation status of these VPCs: 100 keys a request, each request's pages followed. */
export async function readRemediationStatuses(config: ConfigServiceClient, ruleName: string, vpcIds: readonly string[]): Promise<RemediationStatus[]> {
  const statuses: RemediationStatus[] = [];
  for (const batch of chunk(vpcIds, REMEDIATION_STATUS_KEYS_PER_CALL)) {
    const pages = paginateDescribeRemediationExecutionStatus(
      { client: config, pageSize: REMEDIATION_STATUS_KEYS_PER_CALL },
      { ConfigRuleName: ruleName, ResourceKeys: batch.map(vpcKey) },
    );
    for await (const page of pages) {
      for (const s of page.RemediationExecutionStatuses ?? []) {
        if (s.ResourceKey?.resourceId === undefined) continue;
        statuses.push({
          vpcId: s.ResourceKey.resourceId,
          state: s.State ?? 'UNKNOWN',
          steps: (s.StepDetails ?? []).map((d) => ({
            ...(d.Name !== undefined ? { name: d.Name } : {}),
            ...(d.State !== undefined ? { state: d.State } : {}),
            ...(d.ErrorMessage !== undefined ? { errorMessage: d.ErrorMessage } : {}),
          })),
        });
      }
    }
  }
  return statuses;
}
