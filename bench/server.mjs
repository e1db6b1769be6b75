// A benchmark server in its own process: `node bench/server.mjs sandbox|smtp-server`.
// It listens on a free loopback port, reports it over IPC, answers {cmd:'rss'} with its
// resident set size after a GC, and exits when the parent says {cmd:'exit'}.
import { SMTPServer } from 'smtp-server';
import { startTcpSandbox } from '../relay/dist/tcp-sandbox.js';
import { Mailbox } from '../shared/dist/index.js';

const kind = process.argv[2];

async function start() {
  if (kind === 'sandbox') {
    // Room for every benchmark message, so eviction is not what is measured.
    const mailbox = new Mailbox({ maxMessages: 100_000, maxBytes: 2 * 1024 ** 3 });
    const server = await startTcpSandbox({ host: '127.0.0.1', port: 0, mailbox, limits: { maxConnections: 5000 } });
    return server.address().port;
  }
  // nodemailer's smtp-server, as small as it gets: no auth, no TLS, messages kept in memory.
  const stored = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    maxClients: 5000,
    logger: false,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        stored.push(Buffer.concat(chunks));
        if (stored.length > 100_000) stored.shift();
        callback(null, 'OK');
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.server.address().port;
}

const port = await start();
process.send({ port });
process.on('message', (m) => {
  if (m.cmd === 'rss') {
    globalThis.gc?.();
    globalThis.gc?.();
    process.send({ rss: process.memoryUsage().rss });
  } else if (m.cmd === 'exit') process.exit(0);
});
