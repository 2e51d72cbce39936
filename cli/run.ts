/** Process entry point: the only place that touches process.argv, the real streams and process.exitCode. */
import { runCli } from './main';

// The SDK warns on every run under Node 20 that releases from 2027 on will need Node 22. That concerns whoever
// upgrades this project's pinned SDK (package-lock.json), not someone reading an audit; a user who sets the
// variable themselves keeps their choice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
});
