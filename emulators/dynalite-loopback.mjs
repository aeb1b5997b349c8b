// Starts dynalite (DynamoDB emulator) for the AppHost on loopback, in memory unless
// DYNALITE_PATH names a LevelDB directory. Tables become ACTIVE at once (createTableMs 0).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const host = process.env.DYNALITE_HOST || '127.0.0.1';
const port = Number(process.env.DYNALITE_PORT || 8000);
const path = process.env.DYNALITE_PATH;
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
server.listen(port, host, (error) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(`dynalite listening on http://${host}:${port}${path ? ` (persisting to ${path})` : ''}`);
});

// A stop (SIGTERM from the AppHost) is a clean exit, not a crash to restart.
process.on('SIGTERM', () => process.exit(0));

// Tests that start a lone emulator ask it to exit when its stdin closes, so it cannot outlive a
// test host that died; under the AppHost, DCP owns the process and stdin is not a pipe.
if (process.env.EXIT_ON_STDIN_END === 'true') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
