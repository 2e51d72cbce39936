/**
 * Child process of the cold-initialisation measurement: a fresh `node` that imports the bundled rule Lambda and
 * invokes its handler once (argv: bundle path, event JSON), then exits. The parent times it from spawn to exit
 * and subtracts the same for bench/noop.ts.
 */
import { pathToFileURL } from 'node:url';

const [bundlePath, eventJson] = process.argv.slice(2);
if (bundlePath === undefined || eventJson === undefined) throw new Error('usage: cold-start.mjs <bundle> <event JSON>');
const { handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: (event: unknown) => Promise<unknown> };
await handler(JSON.parse(eventJson));
// Keep-alive sockets would hold the process open; the Lambda runtime freezes it instead.
process.exit(0);
