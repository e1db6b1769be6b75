// A benchmark server in its own process: `node bench/server.mjs sandbox|smtp-server|floor|driver`.
// It listens on a free loopback port, reports it over IPC, answers {cmd:'rss'} with its
// resident set size after a GC, and exits when the parent says {cmd:'exit'}.
import net from 'node:net';
import { Session } from '@smtp-playground/shared';
import { decodeWords } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { MemoryStore } from '../relay/dist/mailbox.js';
import { startTcpSandbox } from '../relay/dist/tcp-sandbox.js';

const kind = process.argv[2];

/**
 * One connection's canned replies, no SMTP at all: a reply to each command line, and
 * 250 once the letter's final dot arrives. Takes each chunk as text; returns what to
 * send, and whether to hang up after it (QUIT).
 */
function cannedReplies() {
  let inData = false;
  let tail = ''; // the last bytes of the previous chunk: a line or the final dot may straddle chunks
  return (chunk) => {
    const text = tail + chunk;
    let out = '';
    let at = 0;
    while (at < text.length) {
      if (inData) {
        const end = text.indexOf('\r\n.\r\n', at);
        if (end === -1) break;
        inData = false;
        at = end + 5;
        out += '250 OK\r\n';
        continue;
      }
      const lf = text.indexOf('\n', at);
      if (lf === -1) break;
      const verb = text.slice(at, at + 4).toUpperCase();
      at = lf + 1;
      if (verb === 'DATA') {
        inData = true;
        at = lf - 1; // the CRLF that ends DATA may be the first of <CRLF>.<CRLF>
        out += '354 go\r\n';
      } else if (verb === 'EHLO') out += '250-floor\r\n250 PIPELINING\r\n';
      else if (verb === 'QUIT') return { out: `${out}221 bye\r\n`, quit: true };
      else out += '250 OK\r\n';
    }
    tail = text.slice(inData ? Math.max(at, text.length - 4) : at);
    return { out, quit: false };
  };
}

async function start() {
  if (kind === 'sandbox') {
    // The mailbox `npm start` has (playground.ts): in memory, at its cap of 1000 messages
    // the oldest making room, each summary's encoded-words decoded by postal-mime.
    const mailbox = new MemoryStore(undefined, decodeWords);
    const sandbox = await startTcpSandbox({ host: '127.0.0.1', port: 0, mailbox, limits: { maxConnections: 5000, maxPerClient: 5000 } });
    return sandbox.server.address().port;
  }
  if (kind === 'floor') {
    // No SMTP at all: canned replies (below), and the replies to one chunk go out in
    // one write. What any Node server pays for the sockets alone, and so the ceiling
    // for the others.
    const server = net.createServer((socket) => {
      socket.setNoDelay(true);
      socket.write('220 floor ESMTP\r\n');
      const canned = cannedReplies();
      socket.on('data', (d) => {
        const { out, quit } = canned(d.toString('latin1'));
        if (quit) socket.end(out);
        else if (out) socket.write(out);
      });
      socket.on('error', () => {});
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server.address().port;
  }
  if (kind === 'driver') {
    // The sandbox's own TCP driver (tcp-sandbox.ts: slots, timers, backpressure, the
    // corked rounds) around the floor's canned replies in place of the SMTP session:
    // what the driver costs, so that what the sandbox costs beyond it is the session's.
    // Only for this process: the session's two methods the driver calls are replaced.
    Session.prototype.start = function () {
      this.canned = cannedReplies();
      return { output: Buffer.from('220 driver ESMTP\r\n'), events: [] };
    };
    Session.prototype.receive = function (bytes) {
      const { out, quit } = this.canned(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'));
      return { output: Buffer.from(out, 'latin1'), events: quit ? [{ type: 'close' }] : [] };
    };
    const sandbox = await startTcpSandbox({ host: '127.0.0.1', port: 0, mailbox: new MemoryStore(), limits: { maxConnections: 5000, maxPerClient: 5000 } });
    return sandbox.server.address().port;
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
        if (stored.length > 1000) stored.shift(); // the last 1000, as the sandbox's mailbox keeps
        callback(null, 'OK');
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.server.address().port;
}

const port = await start();
process.send({ port });
// A runner that died (an error mid-run) leaves no server behind.
process.on('disconnect', () => process.exit(0));
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
