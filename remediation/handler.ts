/**
 * Remediation Lambda entry point, invoked by the EnableVpcTrafficMirroring runbook's aws:invokeLambdaFunction step.
 * It only wires: validate the payload, read, plan, apply, log. A thrown error fails the runbook step with its message.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Context } from 'aws-lambda';
import { createEc2Client } from '../rule/aws-clients';
import type { RemediationResult } from './apply';
import { applyPlan } from './apply';
import { planRemediation } from './plan';
import { readRemediationInventory } from './read-inventory';
import type { RemediationRequest } from './request';
import { parseRemediationRequest } from './request';

const logger = new Logger({ serviceName: 'vpc-mirroring-guard-remediation' });

let defaultEc2: EC2Client | undefined;
/** Built once per container and reused across invocations (connection reuse). */
const ownAccountEc2 = () => (defaultEc2 ??= createEc2Client());

/**
 * The EC2 client to remediate the request with. The single-account function uses its own; the organization's central
 * function (organization-handler.ts) one for the request's account.
 */
export type Ec2ForRequest = (request: RemediationRequest, context?: Context) => EC2Client | Promise<EC2Client>;

/** Builds a handler around a way of getting the EC2 client; tests and the organization deployment pass their own. */
export function createRemediationHandler(ec2For: Ec2ForRequest = ownAccountEc2) {
  return async function handler(event: unknown, context?: Context): Promise<RemediationResult> {
    if (context) logger.addContext(context);
    const request = parseRemediationRequest(event);
    try {
      const ec2 = await ec2For(request, context);
      const inventory = await readRemediationInventory(ec2, request);
      const plan = planRemediation(inventory, request);
      const result = await applyPlan(ec2, plan, context ? { remainingTimeMs: () => context.getRemainingTimeInMillis() } : {});
      logger.info('Remediation finished', { ...result });
      return result;
    } catch (error) {
      logger.error('Remediation failed', { vpcId: request.vpcId, accountId: request.accountId, error: error as Error });
      throw error;
    }
  };
}

export const handler = createRemediationHandler();
