/** Read, then decide: the evaluation of one scope, shared by the Lambda handler and the CLI. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EvaluationScope } from './config-event';
import { evaluateVpcs, notApplicable } from './evaluate';
import type { Evaluation } from './inventory';
import { readInventory } from './read-inventory';
import type { RuleParameters } from './rule-definition';

/** `accountId`: the account evaluated; VPCs shared into it by other accounts are NOT_APPLICABLE (see evaluateVpcs). */
export async function evaluateScope(
  ec2: EC2Client,
  scope: EvaluationScope,
  params: RuleParameters,
  accountId?: string,
): Promise<Evaluation[]> {
  if (scope.kind === 'notApplicable') return [notApplicable(scope.vpcId, scope.annotation, scope.orderingTimestamp)];
  const { inventory, vpcIds } = await readInventory(ec2, scope, params);
  return evaluateVpcs(inventory, params, {
    orderingTimestamp: scope.orderingTimestamp,
    ...(accountId !== undefined ? { accountId } : {}),
    ...(vpcIds !== undefined ? { vpcIds } : {}),
  });
}
