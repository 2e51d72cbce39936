/**
 * Organization deployments: the rule (and remediation) Lambdas run in a central account and work in member
 * accounts through a role there, named by the rule parameter executionRoleName. Credentials are cached per
 * account and role until shortly before they expire, so a burst of Config events costs one AssumeRole.
 * (The event's executionRoleArn is Config's service-linked role, which Lambda cannot assume: never used.)
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';

/** Refresh this long before expiry, so a long sweep never runs on credentials that lapse mid-way. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;
/** AssumeRole's default (and role's default maximum) session: 1 hour (STS API Reference, DurationSeconds). */
export const SESSION_DURATION_SECONDS = 3600;

export class MemberAccountAccessError extends Error {
  override readonly name = 'MemberAccountAccessError';
}

export interface MemberAccountCredentialsOptions {
  readonly sts: STSClient;
  /** Shown in the member account's CloudTrail as the session name. */
  readonly roleSessionName: string;
  /** Where the role name comes from, for error messages. @default 'rule parameter executionRoleName' */
  readonly roleNameSource?: string;
  readonly now?: () => number;
}

/** `arn:<partition>:iam::<account>:role/<name>` */
export function memberRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The account and partition of an ARN such as a Lambda's invokedFunctionArn. */
export function parseArn(arn: string): { partition: string; accountId: string } | undefined {
  const [, partition, , , accountId] = arn.split(':');
  return partition && accountId && /^\d{12}$/.test(accountId) ? { partition, accountId } : undefined;
}

export class MemberAccountCredentials {
  private readonly cache = new Map<string, AwsCredentialIdentity & { expiration: Date }>();
  private readonly now: () => number;

  constructor(private readonly options: MemberAccountCredentialsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Credentials for the role in the member account, from cache while they have more than 5 minutes left. */
  async forAccount(accountId: string, roleName: string, partition = 'aws'): Promise<AwsCredentialIdentity> {
    const roleArn = memberRoleArn(accountId, roleName, partition);
    const cached = this.cache.get(roleArn);
    if (cached && cached.expiration.getTime() - REFRESH_BEFORE_EXPIRY_MS > this.now()) return cached;

    let response;
    try {
      response = await this.options.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.options.roleSessionName,
          DurationSeconds: SESSION_DURATION_SECONDS,
        }),
      );
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new MemberAccountAccessError(
        `Cannot assume role ${roleArn} in account ${accountId} (${this.options.roleNameSource ?? 'rule parameter executionRoleName'}=${roleName}): ${reason}. ` +
          'Deploy the member role to that account (the organization StackSet does) and check that it trusts this function.',
      );
    }
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new MemberAccountAccessError(`AssumeRole of ${roleArn} in account ${accountId} returned no credentials`);
    }
    const credentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
    this.cache.set(roleArn, credentials);
    return credentials;
  }
}

export interface MemberAccountClientsOptions<C> extends Omit<MemberAccountCredentialsOptions, 'sts'> {
  /** Built on first use, so a single-account deployment never creates an STS client. */
  readonly sts: () => STSClient;
  /** Builds the clients for one member account from a credentials provider that refreshes from the cache. */
  readonly createClients: (credentials: () => Promise<AwsCredentialIdentity>) => C;
}

/**
 * Clients per member account and role, for both Lambdas: the role is assumed before the clients are handed out (so a
 * missing role fails at once, naming role and account), and the clients are built once and reused, their credentials
 * coming from the cache above.
 */
export class MemberAccountClients<C> {
  private credentials: MemberAccountCredentials | undefined;
  private readonly clients = new Map<string, C>();

  constructor(private readonly options: MemberAccountClientsOptions<C>) {}

  async forAccount(accountId: string, roleName: string, partition = 'aws'): Promise<C> {
    this.credentials ??= new MemberAccountCredentials({ ...this.options, sts: this.options.sts() });
    const cache = this.credentials;
    await cache.forAccount(accountId, roleName, partition);
    const key = memberRoleArn(accountId, roleName, partition);
    let clients = this.clients.get(key);
    if (clients === undefined) {
      clients = this.options.createClients(() => cache.forAccount(accountId, roleName, partition));
      this.clients.set(key, clients);
    }
    return clients;
  }
}
