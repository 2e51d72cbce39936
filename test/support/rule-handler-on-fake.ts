/**
 * The rule's real Lambda handler, loaded against a fresh fake AWS endpoint, for the wire and parity tests. The fake
 * starts and the environment points the SDK at it before the handler module loads (its clients read the endpoints
 * and the region then); both are undone after the file's tests. It registers its own vitest hooks, so call it at the
 * top of a test file and read `fake` and `handler` inside tests or later hooks.
 */
import { afterAll, beforeAll } from 'vitest';
import type { FakeAws } from './fake-aws';
import type { FakeAwsOptions } from './fake-aws/types';
import { startFakeAws } from './fake-aws';

export interface RuleHandlerOnFake<R> {
  readonly fake: FakeAws;
  readonly handler: (event: unknown) => Promise<R>;
}

/** `env`: more variables set before the handler loads (e.g. POWERTOOLS_METRICS_DISABLED, read at module load). */
export function ruleHandlerOnFakeAws<R = unknown>(
  region: string,
  options: FakeAwsOptions = {},
  env: Readonly<Record<string, string>> = {},
): RuleHandlerOnFake<R> {
  let fake: FakeAws | undefined;
  let handler: ((event: unknown) => Promise<R>) | undefined;
  let savedEnv: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    fake = await startFakeAws(options);
    savedEnv = { ...process.env };
    Object.assign(process.env, fake.env(region), { POWERTOOLS_LOG_LEVEL: 'SILENT' }, env);
    const loaded = (await import('../../rule/handler')) as unknown as { handler: (event: unknown) => Promise<R> };
    handler = loaded.handler;
  });
  afterAll(async () => {
    process.env = savedEnv;
    await fake?.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`ruleHandlerOnFakeAws: ${name} is read before the file's beforeAll ran`);
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
