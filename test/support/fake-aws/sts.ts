/**
 * The fake STS: who am I, and AssumeRole with credentials the fake recognises on later calls, so a test can
 * see which role each call was made with (CallRecord.roleArn).
 */
import { randomBytes } from 'node:crypto';
import { AssumeRole$, GetCallerIdentity$ } from '@aws-sdk/client-sts';
import { FakeAwsError } from './errors';
import type { SdkOperationSchema } from './wire-codec';

/** The static credentials `FakeAws.env()` hands out. */
export const FAKE_ACCESS_KEY_ID = 'AKIAFAKEAWS000000000';
export const FAKE_SECRET_ACCESS_KEY = 'fake-aws-secret-access-key-not-a-real-one';

/** arn:aws:iam::<12 digits>:role/<optional path/>name (IAM identifiers). */
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
/** RoleSessionName: 2-64 of [\w+=,.@-] (STS API Reference, AssumeRole). */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** DurationSeconds: 900 to 43200, default 3600. */
const DEFAULT_DURATION_SECONDS = 3600;

export interface AssumedSession {
  readonly roleArn: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
}

export interface StsOperation {
  readonly schema: SdkOperationSchema;
  readonly run: (input: Record<string, unknown>, caller: AssumedSession | undefined) => object;
}

const randomKey = (prefix: string, length: number) =>
  prefix + randomBytes(length).toString('hex').toUpperCase().slice(0, length - prefix.length);

export class FakeStsService {
  /** Access key ID of credentials handed out by AssumeRole → the session they belong to. */
  private readonly sessions = new Map<string, AssumedSession>();
  private readonly denied = new Set<string>();

  constructor(private readonly accountId: string) {}

  readonly operations: Readonly<Record<string, StsOperation>> = {
    GetCallerIdentity: { schema: GetCallerIdentity$, run: (_input, caller) => this.getCallerIdentity(caller) },
    AssumeRole: { schema: AssumeRole$, run: (input, caller) => this.assumeRole(input, caller) },
  };

  deny(roleArn: string): void {
    this.denied.add(roleArn);
  }

  /** The assumed-role session a request was signed with, if its access key came from AssumeRole. */
  sessionOf(accessKeyId: string | undefined): AssumedSession | undefined {
    return accessKeyId === undefined ? undefined : this.sessions.get(accessKeyId);
  }

  private callerArn(caller: AssumedSession | undefined): string {
    return caller
      ? `arn:aws:sts::${caller.accountId}:assumed-role/${caller.roleName}/${caller.sessionName}`
      : `arn:aws:iam::${this.accountId}:user/fake-aws`;
  }

  private getCallerIdentity(caller: AssumedSession | undefined): object {
    return {
      UserId: caller ? `AROAFAKEAWSROLE00000:${caller.sessionName}` : 'AIDAFAKEAWSUSER00000',
      Account: caller?.accountId ?? this.accountId,
      Arn: this.callerArn(caller),
    };
  }

  private assumeRole(input: Record<string, unknown>, caller: AssumedSession | undefined): object {
    const roleArn = typeof input.RoleArn === 'string' ? input.RoleArn : '';
    const match = ROLE_ARN.exec(roleArn);
    if (!match) {
      throw new FakeAwsError('ValidationError', `${roleArn || 'RoleArn'} is not a valid role ARN`);
    }
    const sessionName = typeof input.RoleSessionName === 'string' ? input.RoleSessionName : '';
    if (!SESSION_NAME.test(sessionName)) {
      throw new FakeAwsError(
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      );
    }
    const duration = typeof input.DurationSeconds === 'number' ? input.DurationSeconds : DEFAULT_DURATION_SECONDS;
    if (duration < 900 || duration > 43200) {
      throw new FakeAwsError('ValidationError', 'DurationSeconds must be between 900 and 43200');
    }
    if (this.denied.has(roleArn)) {
      throw new FakeAwsError(
        'AccessDenied',
        `User: ${this.callerArn(caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    const accessKeyId = randomKey('ASIA', 20);
    const session: AssumedSession = { roleArn, accountId: match[1] ?? '', roleName: match[2] ?? '', sessionName };
    this.sessions.set(accessKeyId, session);
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(20).toString('base64'),
        SessionToken: `fake-session-token-${randomBytes(16).toString('hex')}`,
        Expiration: new Date(Date.now() + duration * 1000),
      },
      AssumedRoleUser: {
        AssumedRoleId: `AROAFAKEAWSROLE00000:${sessionName}`,
        Arn: `arn:aws:sts::${session.accountId}:assumed-role/${session.roleName}/${sessionName}`,
      },
    };
  }
}
