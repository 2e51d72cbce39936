/**
 * The rule's stored results, read back from Config (GetComplianceDetailsByConfigRule). Its own module so that a
 * reader of results (the sweep, the CLI's doctor and bulk remediation) is not taken for a writer of evaluations by
 * the IAM derivation (infra/sdk-actions.ts).
 */
import type { ComplianceType, ConfigServiceClient } from '@aws-sdk/client-config-service';
import { paginateGetComplianceDetailsByConfigRule } from '@aws-sdk/client-config-service';

/** GetComplianceDetailsByConfigRule returns at most 100 results per page (its "Limit" parameter). */
export const COMPLIANCE_DETAILS_PAGE_SIZE = 100;

/** One of the rule's stored results, as GetComplianceDetailsByConfigRule lists it. */
export interface RuleResult {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly complianceType: ComplianceType;
}

/** Every result of the rule with this compliance type, 100 a page (one page after another: Config's token chains them). */
export async function listRuleResults(config: ConfigServiceClient, configRuleName: string, complianceType: ComplianceType): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  const pages = paginateGetComplianceDetailsByConfigRule(
    { client: config, pageSize: COMPLIANCE_DETAILS_PAGE_SIZE },
    { ConfigRuleName: configRuleName, ComplianceTypes: [complianceType] },
  );
  for await (const page of pages) {
    for (const result of page.EvaluationResults ?? []) {
      const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      if (q?.ResourceType && q.ResourceId) results.push({ resourceType: q.ResourceType, resourceId: q.ResourceId, complianceType });
    }
  }
  return results;
}
