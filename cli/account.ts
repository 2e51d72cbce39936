/** The account the credentials belong to, for the account column. */
import type { STSClient } from '@aws-sdk/client-sts';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

/** GetCallerIdentity needs no IAM permission: it works with any valid credentials (STS API Reference). */
export async function callerAccountId(sts: STSClient): Promise<string> {
  const { Account } = await sts.send(new GetCallerIdentityCommand({}));
  if (!Account) throw new Error('GetCallerIdentity returned no Account');
  return Account;
}
