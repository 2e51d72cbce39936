/** Read, then decide: the evaluation of one scope, shared by the Lambda handler and the CLI. */
import type { EvaluationScope } from './config-event';
import { evaluateVpcs, notApplicable } from './evaluate';
import type { Evaluation } from './inventory';
import type { InventoryClients } from './read-inventory';
import { readInventory } from './read-inventory';
import type { RuleParameters } from './rule-definition';

/** `accountId`: the account evaluated; VPCs shared into it by other accounts are NOT_APPLICABLE (see evaluateVpcs). */
export async function evaluateScope(
  clients: InventoryClients,
  scope: EvaluationScope,
  params: RuleParameters,
  accountId?: string,
): Promise<Evaluation[]> {
  if (scope.kind === 'notApplicable') return [notApplicable(scope.vpcId, scope.annotation, scope.orderingTimestamp)];
  const { inventory, vpcIds } = await readInventory(clients, scope, params, accountId);
  return evaluateVpcs(inventory, params, {
    orderingTimestamp: scope.orderingTimestamp,
    ...(accountId !== undefined ? { accountId } : {}),
    ...(vpcIds !== undefined ? { vpcIds } : {}),
  });
}
