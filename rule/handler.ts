/**
 * AWS Config custom Lambda rule entry point. It only wires: validate the event and parameters, plan, read,
 * decide, report, log. Every decision lives in config-event.ts and evaluate.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { RuleClients } from './aws-clients';
import { ApiCallCounter, createRuleClients } from './aws-clients';
import type { ConfigRuleEvent } from './config-event';
import { parseConfigRuleEvent, planEvaluation } from './config-event';
import { listEvaluatedVpcIds, putEvaluations } from './config-reports';
import { countByCompliance, evaluateDeletedVpcs } from './evaluate';
import { evaluateScope } from './evaluate-scope';
import type { Evaluation } from './inventory';
import type { RuleParameters } from './rule-definition';
import { parseRuleParameters } from './rule-definition';

const logger = new Logger({ serviceName: 'vpc-mirroring-guard-rule' });

/** Clients are built once per container and reused across invocations (connection reuse). */
const apiCalls = new ApiCallCounter();
let defaultClients: RuleClients | undefined;

/** The clients to read and report with for this event's account. */
export type ClientsForEvent = (event: ConfigRuleEvent, params: RuleParameters, counter: ApiCallCounter) => Promise<RuleClients>;

const ownAccountClients: ClientsForEvent = async (_event, _params, counter) => {
  defaultClients ??= createRuleClients({ callCounter: counter });
  return defaultClients;
};

export interface RuleInvocationSummary {
  readonly messageType: string;
  readonly accountId: string;
  readonly evaluations: Record<Evaluation['compliance'], number>;
  readonly apiCalls: number;
  readonly apiCallsByOperation: Record<string, number>;
}

/** Builds a handler around a way of getting clients; tests and the organization deployment pass their own. */
export function createHandler(clientsFor: ClientsForEvent = ownAccountClients) {
  return async function handler(event: unknown, context?: Context): Promise<RuleInvocationSummary> {
    if (context) logger.addContext(context);
    apiCalls.reset();
    const configEvent = parseConfigRuleEvent(event);
    const params = parseRuleParameters(configEvent.ruleParameters);
    const scope = planEvaluation(configEvent);
    const { ec2, config } = await clientsFor(configEvent, params, apiCalls);
    const reportStale = scope.kind === 'region' && scope.reportStale;

    // Evaluate and report while, for scheduled sweeps, the previous evaluations are listed in parallel.
    const [evaluations, previouslyEvaluated] = await Promise.all([
      evaluateScope(ec2, scope, params).then(async (evs) => {
        await putEvaluations(config, configEvent.resultToken, evs);
        return evs;
      }),
      reportStale ? listEvaluatedVpcIds(config, configEvent.configRuleName) : Promise.resolve([]),
    ]);
    const deleted = evaluateDeletedVpcs(previouslyEvaluated, evaluations, scope.orderingTimestamp);
    await putEvaluations(config, configEvent.resultToken, deleted);

    const summary: RuleInvocationSummary = {
      messageType: configEvent.invokingEvent.messageType,
      accountId: configEvent.accountId,
      evaluations: countByCompliance([...evaluations, ...deleted]),
      apiCalls: apiCalls.total,
      apiCallsByOperation: apiCalls.byOperation(),
    };
    logger.info('Evaluation reported', { ...summary });
    return summary;
  };
}

export const handler = createHandler();
