import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // CDK synth with esbuild bundling and child-process CLI tests are slow on 2 shared cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Handlers log one JSON line and print one EMF metrics line per invocation; tests that check them turn the
    // level up or the metrics on themselves (Powertools reads POWERTOOLS_METRICS_DISABLED when the module loads).
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
