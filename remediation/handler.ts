/**
 * Remediation Lambda entry point, invoked by the EnableVpcTrafficMirroring runbook's aws:invokeLambdaFunction step.
 * It only wires: validate the payload, read, plan, apply, log. A thrown error fails the runbook step with its message.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { createEc2Client, createElbv2Client } from '../rule/aws-clients';
import type { RemediationResult } from './apply';
import { applyPlan } from './apply';
import { planRemediation } from './plan';
import type { RemediationClients } from './read-inventory';
import { readRemediationInventory } from './read-inventory';
import type { RemediationRequest } from './request';
import { parseRemediationRequest } from './request';

const logger = new Logger({ serviceName: 'vpc-mirroring-guard-remediation' });

let defaultClients: RemediationClients | undefined;
/** Built once per container and reused across invocations (connection reuse). */
const ownAccountClients = () => (defaultClients ??= { ec2: createEc2Client(), elbv2: createElbv2Client() });

/**
 * The clients to remediate the request with (EC2, and ELBv2 to check an existing NLB target). The single-account
 * function uses its own; the organization's central function (organization-handler.ts) those of the request's account.
 */
export type ClientsForRequest = (request: RemediationRequest, context?: Context) => RemediationClients | Promise<RemediationClients>;

/** Builds a handler around a way of getting the clients; tests and the organization deployment pass their own. */
export function createRemediationHandler(clientsFor: ClientsForRequest = ownAccountClients) {
  return async function handler(event: unknown, context?: Context): Promise<RemediationResult> {
    if (context) logger.addContext(context);
    const request = parseRemediationRequest(event);
    try {
      const clients = await clientsFor(request, context);
      const inventory = await readRemediationInventory(clients, request);
      const plan = planRemediation(inventory, request);
      const result = await applyPlan(clients.ec2, plan, context ? { remainingTimeMs: () => context.getRemainingTimeInMillis() } : {});
      logger.info('Remediation finished', { ...result });
      return result;
    } catch (error) {
      logger.error('Remediation failed', { vpcId: request.vpcId, accountId: request.accountId, error: error as Error });
      throw error;
    }
  };
}

export const handler = createRemediationHandler();
