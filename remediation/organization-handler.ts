/**
 * Entry of the organization deployment's central remediation Lambda (infra/organization-stack.ts). The same handler
 * as the single-account one, working in the account the runbook runs in: the request's accountId (the runbook sends
 * {{ global:ACCOUNT_ID }}). Another account than the function's own is reached through the member role named by
 * MEMBER_ROLE_NAME, assumed before anything is read (a missing role fails the run at once, naming role and account)
 * and reused from cache until shortly before it expires, as the rule does (rule/member-account-credentials.ts).
 *
 * Any principal of the organization may invoke this function (its permission can only say "the organization", not
 * "the member automation roles"), so a request for another account is honoured only when it mirrors to a target the
 * organization chose (ALLOWED_TARGET_IDS: the traffic mirror target shared with the organization through AWS RAM).
 * Otherwise an administrator of one member account could have another account's VPC mirrored to a target of their own.
 */
import type { ClientOptions } from '../rule/aws-clients';
import { createEc2Client, createElbv2Client, createStsClient } from '../rule/aws-clients';
import { MemberAccountAccessError, MemberAccountClients, parseArn } from '../rule/member-account-credentials';
import type { ClientsForRequest } from './handler';
import { createRemediationHandler } from './handler';
import type { RemediationClients } from './read-inventory';
import type { RemediationRequest } from './request';
import { describeTarget } from './request';

/** The environment variable the central stack sets to the member remediation role's name. */
export const MEMBER_ROLE_NAME_ENV = 'MEMBER_ROLE_NAME';
/** The environment variable listing the traffic mirror targets member-account requests may mirror to, comma-separated. */
export const ALLOWED_TARGET_IDS_ENV = 'ALLOWED_TARGET_IDS';
/** Shown in the member account's CloudTrail as the session name. */
export const REMEDIATION_SESSION_NAME = 'vpc-mirroring-guard-remediation';

export class TargetNotAllowedError extends Error {
  override readonly name = 'TargetNotAllowedError';
}

/** Refuses a request for a member account unless it mirrors to one of the organization's targets. */
export function checkMemberTarget(request: RemediationRequest, allowedTargetIds: readonly string[]): void {
  const { target } = request;
  if (target.kind === 'existingTarget' && allowedTargetIds.includes(target.trafficMirrorTargetId)) return;
  const allowed = allowedTargetIds.length > 0 ? allowedTargetIds.join(', ') : `none (${ALLOWED_TARGET_IDS_ENV} is empty)`;
  throw new TargetNotAllowedError(
    `Refusing to remediate account ${request.accountId ?? '?'} with ${describeTarget(target)}: a member account may only be ` +
      `mirrored to a traffic mirror target the organization shares (TrafficMirrorTargetId); allowed: ${allowed}`,
  );
}

const remediationClients = (options: ClientOptions = {}): RemediationClients => ({ ec2: createEc2Client(options), elbv2: createElbv2Client(options) });

/** Clients per account: the function's own credentials for its own account, the member role's for the others. */
export function clientsForRequestAccount(roleName: string | undefined, allowedTargetIds: readonly string[] = []): ClientsForRequest {
  let own: RemediationClients | undefined;
  const members = new MemberAccountClients<RemediationClients>({
    sts: () => createStsClient(),
    roleSessionName: REMEDIATION_SESSION_NAME,
    roleNameSource: `environment variable ${MEMBER_ROLE_NAME_ENV}`,
    createClients: (credentials) => remediationClients({ credentials }),
  });
  return async (request, context) => {
    const fn = context?.invokedFunctionArn ? parseArn(context.invokedFunctionArn) : undefined;
    const accountId = request.accountId;
    if (accountId === undefined || fn === undefined || accountId === fn.accountId) return (own ??= remediationClients());
    checkMemberTarget(request, allowedTargetIds);
    if (!roleName) {
      throw new MemberAccountAccessError(
        `The request is for account ${accountId} but this function runs in account ${fn.accountId}, and ` +
          `${MEMBER_ROLE_NAME_ENV} is not set: set it to the remediation role the organization StackSet deploys in member accounts`,
      );
    }
    return members.forAccount(accountId, roleName, fn.partition);
  };
}

const allowedTargetIds = (process.env[ALLOWED_TARGET_IDS_ENV] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
export const handler = createRemediationHandler(clientsForRequestAccount(process.env[MEMBER_ROLE_NAME_ENV], allowedTargetIds));
