/**
 * Thin Config writers and readers: PutEvaluations in batches, retrying what Config reports as failed, and the
 * VPCs that still hold an evaluation from this rule.
 */
import type { ConfigServiceClient, Evaluation as ConfigEvaluation } from '@aws-sdk/client-config-service';
import { PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import pLimit from 'p-limit';
import { chunk } from './chunk';
import type { Evaluation } from './inventory';
import { EVALUATED_RESOURCE_TYPE } from './rule-definition';
import { listRuleResults } from './rule-results';

export { COMPLIANCE_DETAILS_PAGE_SIZE } from './rule-results';

/** PutEvaluations accepts at most 100 evaluations per call (Config API Reference, PutEvaluations "Evaluations"). */
export const PUT_EVALUATIONS_BATCH_SIZE = 100;
/** PutEvaluations calls in flight at once: keeps a 10,000-VPC sweep well under a second of writes at 40 ms a call. */
export const PUT_EVALUATIONS_CONCURRENCY = 5;
/** How often a batch's FailedEvaluations are sent again before the invocation fails. */
export const FAILED_EVALUATION_RETRIES = 4;

export class EvaluationsNotRecordedError extends Error {
  override readonly name = 'EvaluationsNotRecordedError';
}

function toConfigEvaluation(e: Evaluation): ConfigEvaluation {
  return {
    ComplianceResourceType: EVALUATED_RESOURCE_TYPE,
    ComplianceResourceId: e.vpcId,
    ComplianceType: e.compliance,
    Annotation: e.annotation,
    OrderingTimestamp: e.orderingTimestamp,
  };
}

export interface PutEvaluationsOptions {
  /** Pause before resending failed evaluations; doubled each retry. Tests pass 0. */
  readonly retryDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function putBatch(
  config: ConfigServiceClient,
  resultToken: string,
  batch: ConfigEvaluation[],
  retryDelayMs: number,
): Promise<void> {
  let pending = batch;
  for (let attempt = 0; ; attempt++) {
    const response = await config.send(new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: pending }));
    const failed = response.FailedEvaluations ?? [];
    if (failed.length === 0) return;
    if (attempt >= FAILED_EVALUATION_RETRIES) {
      const ids = failed.map((f) => f.ComplianceResourceId).join(', ');
      throw new EvaluationsNotRecordedError(
        `Config did not record ${failed.length} evaluation(s) after ${FAILED_EVALUATION_RETRIES + 1} attempts: ${ids}`,
      );
    }
    pending = failed;
    await sleep(retryDelayMs * 2 ** attempt);
  }
}

/** Reports evaluations to Config: batches of 100, a bounded number in flight, FailedEvaluations retried. */
export async function putEvaluations(
  config: ConfigServiceClient,
  resultToken: string,
  evaluations: readonly Evaluation[],
  options: PutEvaluationsOptions = {},
): Promise<void> {
  const limit = pLimit(PUT_EVALUATIONS_CONCURRENCY);
  const retryDelayMs = options.retryDelayMs ?? 250;
  await Promise.all(
    chunk(evaluations.map(toConfigEvaluation), PUT_EVALUATIONS_BATCH_SIZE).map((batch) =>
      limit(() => putBatch(config, resultToken, batch, retryDelayMs)),
    ),
  );
}

/** The verdicts whose stale copies must be cleared (NOT_APPLICABLE ones need no clean-up, so they are not fetched). */
const CLEARED_COMPLIANCE_TYPES = ['COMPLIANT', 'NON_COMPLIANT'] as const;

/**
 * The VPCs that hold a COMPLIANT or NON_COMPLIANT evaluation from this rule. Config pages these 100 at a time and
 * only one page after another, so at 10,000 VPCs this listing is the sweep's critical path (about 100 pages): the
 * two compliance types are listed as two chains in parallel, which costs at most one extra call and shortens the
 * chain to the larger of the two.
 */
export async function listEvaluatedVpcIds(config: ConfigServiceClient, configRuleName: string): Promise<string[]> {
  const listings = await Promise.all(CLEARED_COMPLIANCE_TYPES.map((type) => listRuleResults(config, configRuleName, type)));
  return listings.flat().flatMap((r) => (r.resourceType === EVALUATED_RESOURCE_TYPE ? [r.resourceId] : []));
}
