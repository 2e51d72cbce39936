/**
 * Entry of the organization deployment's central remediation Lambda (infra/organization-stack.ts). The same handler
 * as the single-account one, working in the account the runbook runs in: the request's accountId (the runbook sends
 * {{ global:ACCOUNT_ID }}). Another account than the function's own is reached through the member role named by
 * MEMBER_ROLE_NAME, assumed before anything is read (a missing role fails the run at once, naming role and account)
 * and reused from cache until shortly before it expires, as the rule does (rule/member-account-credentials.ts).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { createEc2Client, createStsClient } from '../rule/aws-clients';
import { MemberAccountAccessError, MemberAccountCredentials, parseArn } from '../rule/member-account-credentials';
import type { Ec2ForRequest } from './handler';
import { createRemediationHandler } from './handler';

/** The environment variable the central stack sets to the member remediation role's name. */
export const MEMBER_ROLE_NAME_ENV = 'MEMBER_ROLE_NAME';
/** Shown in the member account's CloudTrail as the session name. */
export const REMEDIATION_SESSION_NAME = 'vpc-mirroring-guard-remediation';

/** EC2 clients per account: the function's own credentials for its own account, the member role's for the others. */
export function ec2ForRequestAccount(roleName: string | undefined): Ec2ForRequest {
  let own: EC2Client | undefined;
  let credentials: MemberAccountCredentials | undefined;
  const members = new Map<string, EC2Client>();
  return async (request, context) => {
    const fn = context?.invokedFunctionArn ? parseArn(context.invokedFunctionArn) : undefined;
    const accountId = request.accountId;
    if (accountId === undefined || fn === undefined || accountId === fn.accountId) return (own ??= createEc2Client());
    if (!roleName) {
      throw new MemberAccountAccessError(
        `The request is for account ${accountId} but this function runs in account ${fn.accountId}, and ` +
          `${MEMBER_ROLE_NAME_ENV} is not set: set it to the remediation role the organization StackSet deploys in member accounts`,
      );
    }
    credentials ??= new MemberAccountCredentials({
      sts: createStsClient(),
      roleSessionName: REMEDIATION_SESSION_NAME,
      roleNameSource: `environment variable ${MEMBER_ROLE_NAME_ENV}`,
    });
    const cache = credentials;
    await cache.forAccount(accountId, roleName, fn.partition);
    let ec2 = members.get(accountId);
    if (ec2 === undefined) {
      ec2 = createEc2Client({ credentials: () => cache.forAccount(accountId, roleName, fn.partition) });
      members.set(accountId, ec2);
    }
    return ec2;
  };
}

export const handler = createRemediationHandler(ec2ForRequestAccount(process.env[MEMBER_ROLE_NAME_ENV]));
