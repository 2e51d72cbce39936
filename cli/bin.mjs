#!/usr/bin/env node
// The package's `bin`. It runs the TypeScript sources through tsx's loader, so the CLI is always the code in this
// tree: no build step that a fresh clone or CI could skip, no stale dist/. The cost is compiling on first use
// (tsx caches the result). `npm run build:cli` bundles a standalone file for machines without the repository.
import { fileURLToPath, URL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./run.ts');
