import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // CDK synth with esbuild bundling and child-process CLI tests are slow on 2 shared cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Handlers log one JSON line per invocation; tests that check it turn the level up themselves.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
