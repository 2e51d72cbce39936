/**
 * A real Lambda handler loaded against a fresh fake AWS endpoint, for the wire and parity tests. The fake starts and
 * the environment points the SDK at it before the handler module loads (its clients read the endpoints and the region
 * then); both are undone after the file's tests. It registers its own vitest hooks, so call it at the top of a test
 * file and read `fake` and `handler` inside tests or later hooks.
 */
import { afterAll, beforeAll } from 'vitest';
import type { FakeAws } from './fake-aws';
import { startFakeAws } from './fake-aws';
import type { FakeAwsOptions } from './fake-aws/types';

export interface HandlerOnFake<R> {
  readonly fake: FakeAws;
  readonly handler: (event: unknown) => Promise<R>;
}

export interface HandlerOnFakeOptions {
  readonly fake?: FakeAwsOptions;
  /** More variables set before the handler loads (e.g. POWERTOOLS_METRICS_DISABLED, read at module load). */
  readonly env?: Readonly<Record<string, string>>;
}

/** `load` imports the handler module (dynamically: after the environment is set) and returns the handler. */
export function handlerOnFakeAws<R>(
  region: string,
  load: () => Promise<(event: unknown) => Promise<R>>,
  options: HandlerOnFakeOptions = {},
): HandlerOnFake<R> {
  let fake: FakeAws | undefined;
  let handler: ((event: unknown) => Promise<R>) | undefined;
  let savedEnv: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    fake = await startFakeAws(options.fake);
    savedEnv = { ...process.env };
    Object.assign(process.env, fake.env(region), { POWERTOOLS_LOG_LEVEL: 'SILENT' }, options.env ?? {});
    handler = await load();
  });
  afterAll(async () => {
    process.env = savedEnv;
    await fake?.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`handlerOnFakeAws: ${name} is read before the file's beforeAll ran`);
    return value;
  };
  return {
    get fake() {
      return ready(fake, 'fake');
    },
    get handler() {
      return ready(handler, 'handler');
    },
  };
}

/** The Config rule's handler (rule/handler.ts). */
export function ruleHandlerOnFakeAws<R = unknown>(region: string, options: HandlerOnFakeOptions = {}): HandlerOnFake<R> {
  return handlerOnFakeAws(region, async () => {
    const loaded = (await import('../../rule/handler')) as unknown as { handler: (event: unknown) => Promise<R> };
    return loaded.handler;
  }, options);
}

/** The remediation's handler (remediation/handler.ts) with the SDK clients the runbook's Lambda builds. */
export function remediationHandlerOnFakeAws<R = unknown>(region: string, options: HandlerOnFakeOptions = {}): HandlerOnFake<R> {
  return handlerOnFakeAws(region, async () => {
    const [{ createRemediationHandler }, { createEc2Client, createElbv2Client }] = await Promise.all([
      import('../../remediation/handler'),
      import('../../rule/aws-clients'),
    ]);
    const clients = { ec2: createEc2Client(), elbv2: createElbv2Client() };
    return createRemediationHandler(() => clients) as unknown as (event: unknown) => Promise<R>;
  }, options);
}
