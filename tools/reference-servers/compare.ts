/**
 * `npm run compare -- --target HOST:PORT`: the command line of compare-server.ts, the
 * only part that touches argv, stdout and the exit code.
 */
import { runCompare } from './compare-server.js';

const code = await runCompare(
  process.argv.slice(2),
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
  process.stdout.columns,
);
// Exit now: a connection attempt that timed out may still be pending.
process.exit(code);
