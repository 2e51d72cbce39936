#!/usr/bin/env node
// The CLI straight from this repository's TypeScript (`npm run cli -- audit ...`, and the tests that run the CLI as a
// child process): tsx compiles the sources as they are, so what runs here is never a stale build. The package's
// `bin` is the compiled dist/cli.js that `npm run build` (and `npm pack`) produce from the same cli/run.ts.
import { fileURLToPath, URL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./run.ts');
