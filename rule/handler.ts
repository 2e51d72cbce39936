/**
 * AWS Config custom Lambda rule entry point. It only wires: validate the event and parameters, plan, read,
 * decide, report, log. Every decision lives in config-event.ts and evaluate.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { RuleClients } from './aws-clients';
import { ApiCallCounter, createRuleClients, createStsClient } from './aws-clients';
import type { ConfigRuleEvent } from './config-event';
import { parseConfigRuleEvent, planEvaluation } from './config-event';
import { listEvaluatedVpcIds, putEvaluations } from './config-reports';
import { countByCompliance, evaluateDeletedVpcs } from './evaluate';
import { evaluateScope } from './evaluate-scope';
import type { Evaluation } from './inventory';
import { MemberAccountAccessError, MemberAccountClients, parseArn } from './member-account-credentials';
import type { RuleParameters } from './rule-definition';
import { parseRuleParameters } from './rule-definition';

/** Exported so tests can read the one line each invocation logs. */
export const logger = new Logger({ serviceName: 'vpc-mirroring-guard-rule' });

/** Clients are built once per container and reused across invocations (connection reuse). */
const apiCalls = new ApiCallCounter();
let ownClients: RuleClients | undefined;
const memberClients = new MemberAccountClients<RuleClients>({
  sts: () => createStsClient({ callCounter: apiCalls }),
  roleSessionName: 'vpc-mirroring-guard-rule',
  createClients: (credentials) => createRuleClients({ callCounter: apiCalls, credentials }),
});

/** The clients to read and report with for this event's account. */
export type ClientsForEvent = (
  event: ConfigRuleEvent,
  params: RuleParameters,
  counter: ApiCallCounter,
  context?: Context,
) => Promise<RuleClients>;

/**
 * The event's own account: this function's credentials. Another account (an organization conformance pack
 * rule): the member role named by executionRoleName, assumed up front so a missing role fails loudly, and
 * reused from cache until shortly before it expires. PutEvaluations goes out with the same credentials,
 * because the result token belongs to the member account.
 */
export const clientsForEventAccount: ClientsForEvent = async (event, params, counter, context) => {
  const own = context?.invokedFunctionArn ? parseArn(context.invokedFunctionArn) : undefined;
  if (own === undefined || own.accountId === event.accountId) {
    ownClients ??= createRuleClients({ callCounter: counter });
    return ownClients;
  }
  const roleName = params.executionRoleName;
  if (roleName === undefined) {
    throw new MemberAccountAccessError(
      `The event is for account ${event.accountId} but this function runs in account ${own.accountId}, and rule ` +
        'parameter executionRoleName is not set: set it to the role the organization StackSet deploys in member accounts',
    );
  }
  return memberClients.forAccount(event.accountId, roleName, own.partition);
};

export interface RuleInvocationSummary {
  readonly messageType: string;
  readonly accountId: string;
  readonly evaluations: Record<Evaluation['compliance'], number>;
  readonly apiCalls: number;
  readonly apiCallsByOperation: Record<string, number>;
}

/** Builds a handler around a way of getting clients; tests and the organization deployment pass their own. */
export function createHandler(clientsFor: ClientsForEvent = clientsForEventAccount) {
  return async function handler(event: unknown, context?: Context): Promise<RuleInvocationSummary> {
    if (context) logger.addContext(context);
    apiCalls.reset();
    const configEvent = parseConfigRuleEvent(event);
    const params = parseRuleParameters(configEvent.ruleParameters);
    const scope = planEvaluation(configEvent);
    const { ec2, elbv2, config } = await clientsFor(configEvent, params, apiCalls, context);
    const reportStale = scope.kind === 'region' && scope.reportStale;

    // Evaluate and report while, for scheduled sweeps, the previous evaluations are listed in parallel.
    const [evaluations, previouslyEvaluated] = await Promise.all([
      evaluateScope({ ec2, elbv2 }, scope, params, configEvent.accountId).then(async (evs) => {
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
