// Starts fauxqs (SNS, SQS, S3 emulator) for the AppHost, bound to loopback.
// fauxqs hard-codes host 0.0.0.0 in its listen call, and an emulator without auth must not be
// reachable from the network, so listen() is redirected to FAUXQS_BIND_HOST before fauxqs loads.
import net from 'node:net';

const bindHost = process.env.FAUXQS_BIND_HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args[0] && typeof args[0] === 'object' && (args[0].host === '0.0.0.0' || args[0].host === '::')) {
    args[0] = { ...args[0], host: bindHost };
  }
  return listen.apply(this, args);
};

const { startFauxqs } = await import('fauxqs');
const dataDir = process.env.FAUXQS_DATA_DIR;
const server = await startFauxqs({
  port: Number(process.env.FAUXQS_PORT || 4566),
  logger: process.env.FAUXQS_LOGGER === 'true',
  ...(dataDir ? { dataDir } : {}),
});
console.log(`fauxqs listening on http://${bindHost}:${server.port}${dataDir ? ` (persisting to ${dataDir})` : ''}`);

// A stop (SIGTERM from the AppHost) is a clean exit, not a crash to restart.
process.on('SIGTERM', () => process.exit(0));

// Tests that start a lone emulator ask it to exit when its stdin closes, so it cannot outlive a
// test host that died; under the AppHost, DCP owns the process and stdin is not a pipe.
if (process.env.EXIT_ON_STDIN_END === 'true') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
