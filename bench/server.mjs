// A benchmark server in its own process: `node bench/server.mjs sandbox|smtp-server`.
// It listens on a free loopback port, reports it over IPC, answers {cmd:'rss'} with its
// resident set size after a GC, and exits when the parent says {cmd:'exit'}.
import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTcpSandbox } from '../relay/dist/tcp-sandbox.js';
import { Mailbox } from '../shared/dist/index.js';

const kind = process.argv[2];

async function start() {
  if (kind === 'sandbox') {
    // Room for every benchmark message, so eviction is not what is measured.
    const mailbox = new Mailbox({ maxMessages: 100_000, maxBytes: 2 * 1024 ** 3 });
    const sandbox = await startTcpSandbox({ host: '127.0.0.1', port: 0, mailbox, limits: { maxConnections: 5000 } });
    return sandbox.server.address().port;
  }
  if (kind === 'floor') {
    // No SMTP at all: canned replies keyed on the last bytes of each chunk. What any
    // Node server pays for the sockets alone, and so the ceiling for both others.
    const server = net.createServer((socket) => {
      socket.write('220 floor\r\n');
      let inData = false;
      socket.on('data', (d) => {
        const tail = d.subarray(-6).toString('latin1');
        if (inData) {
          if (tail.endsWith('\r\n.\r\n')) {
            inData = false;
            socket.write('250 OK\r\n');
          }
        } else if (tail.endsWith('DATA\r\n')) {
          inData = true;
          socket.write('250 OK\r\n250 OK\r\n354 go\r\n');
        } else if (tail.endsWith('QUIT\r\n')) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      });
      socket.on('error', () => {});
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
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
  if (m.cmd === 'cpu') {
    const u = process.cpuUsage();
    process.send({ cpu: u.user + u.system });
  } else if (m.cmd === 'rss') {
    globalThis.gc?.();
    globalThis.gc?.();
    process.send({ rss: process.memoryUsage().rss });
  } else if (m.cmd === 'exit') process.exit(0);
});
