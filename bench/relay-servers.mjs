// The processes bench/relay.mjs measures, one kind per child process, so none of them
// shares an event loop with the client or with another:
//   node bench/relay-servers.mjs target            a fast SMTP-ish responder on node:net
//   node bench/relay-servers.mjs pipe TARGETPORT   a bare ws + net pipe to it
//   node bench/relay-servers.mjs relay TARGETPORT  the playground's /relay?target=fast
//   node bench/relay-servers.mjs pipehost TARGETPORT  the bare pipe, in a process that has
//                                                    also started the playground (a control)
// Each listens on 127.0.0.1 port 0, reports {port} over IPC and exits on {cmd:'exit'}
// (or when the parent goes away).
import net from 'node:net';
import { WebSocketServer } from 'ws';

const [kind, targetArg] = process.argv.slice(2);
const targetPort = Number(targetArg);

/**
 * No SMTP logic, just the shape of it: 220 on connect, 250 to every command line,
 * 354 to DATA and 250 after the CRLF.CRLF that ends the letter, 221 and a hang-up on
 * QUIT. The letter is scanned as bytes, never split into lines, so the target costs
 * next to nothing per byte and what is measured is the path to it.
 */
function startTarget() {
  const END = Buffer.from('\r\n.\r\n');
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.write('220 fast.test ESMTP bench target\r\n');
    let inData = false;
    let tail = Buffer.alloc(0); // the last bytes of the letter so far (an end marker may straddle chunks)
    let partial = Buffer.alloc(0); // a command line not yet ended
    socket.on('data', (chunk) => {
      let buf = chunk;
      let out = '';
      let quit = false;
      while (buf.length > 0 && !quit) {
        if (inData) {
          let end = -1;
          const probe = Buffer.concat([tail, buf.subarray(0, 4)]);
          const across = probe.indexOf(END);
          if (across !== -1) end = across + END.length - tail.length;
          else {
            const inside = buf.indexOf(END);
            if (inside !== -1) end = inside + END.length;
          }
          if (end === -1) {
            tail = buf.length >= 4 ? Buffer.from(buf.subarray(-4)) : Buffer.concat([tail, buf]).subarray(-4);
            break;
          }
          inData = false;
          out += '250 2.0.0 Ok: queued\r\n';
          buf = buf.subarray(end);
          continue;
        }
        const nl = buf.indexOf(10);
        if (nl === -1) {
          partial = Buffer.concat([partial, buf]);
          if (partial.length > 4096) socket.destroy(); // bounded: no command is this long
          break;
        }
        const line = (partial.length ? Buffer.concat([partial, buf.subarray(0, nl + 1)]) : buf.subarray(0, nl + 1)).toString('latin1');
        partial = Buffer.alloc(0);
        buf = buf.subarray(nl + 1);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'DATA') {
          inData = true;
          tail = Buffer.from('\r\n'); // a "." straight after DATA ends an empty letter
          out += '354 End data with <CR><LF>.<CR><LF>\r\n';
        } else if (verb === 'QUIT') {
          out += '221 2.0.0 Bye\r\n';
          quit = true;
        } else if (verb === 'EHLO') out += '250-fast.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n';
        else out += '250 2.0.0 Ok\r\n';
      }
      if (quit) socket.end(out);
      else if (out) socket.write(out);
    });
  });
  server.maxConnections = 2000;
  return new Promise((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => resolve(server.address().port)));
}

/**
 * The floor for any WebSocket-to-TCP relay in Node: a WebSocketServer whose connection
 * dials the target and pipes raw binary both ways, with backpressure (the minimum any
 * relay that passes 50 MiB with bounded memory must do) and nothing else.
 */
function startPipe() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 1024, perMessageDeflate: false, maxPayload: 1 << 20 });
  wss.on('connection', (ws) => {
    const tcp = net.connect(targetPort, '127.0.0.1');
    tcp.setNoDelay(true);
    tcp.on('data', (d) => {
      ws.send(d, { binary: true }, () => ws.bufferedAmount < 256 * 1024 && tcp.isPaused() && tcp.resume());
      if (ws.bufferedAmount > 1 << 20) tcp.pause();
    });
    ws.on('message', (d) => {
      if (!tcp.write(d)) {
        ws.pause();
        tcp.once('drain', () => ws.resume());
      }
    });
    tcp.on('close', () => ws.close());
    tcp.on('error', () => {});
    ws.on('close', () => tcp.destroy());
    ws.on('error', () => {});
  });
  return new Promise((resolve) => wss.on('listening', () => resolve(wss.address().port)));
}

/** The playground itself, as `npm start` would run it, with one target: the fast responder. */
async function startRelay() {
  const { DEFAULTS } = await import('../relay/dist/config.js');
  const { startPlayground } = await import('../relay/dist/playground.js');
  const config = {
    ...DEFAULTS,
    host: '127.0.0.1',
    smtpPort: 0,
    pop3Port: 0,
    httpPort: 0,
    targets: [{ name: 'fast', host: '127.0.0.1', port: targetPort, tls: 'none', insecure: false }],
    relay: { ...DEFAULTS.relay, maxSessions: 400, maxPerClient: 400, maxBytes: 1 << 30, maxPayload: 1 << 20 },
  };
  // The relay logs one line per session; the bench opens thousands, so they go nowhere
  // (the hook, and stdout is ignored by the parent as well in case the hook goes away).
  const webRoot = new URL('../web/dist', import.meta.url).pathname;
  const playground = await startPlayground(config, webRoot, { log: () => {} });
  return playground.httpPort;
}

const start = {
  target: startTarget,
  pipe: startPipe,
  relay: startRelay,
  pipehost: async () => {
    await startRelay();
    return startPipe();
  },
}[kind];
if (!start || (kind !== 'target' && !(targetPort > 0))) {
  console.error('usage: node bench/relay-servers.mjs target | pipe PORT | relay PORT | pipehost PORT');
  process.exit(2);
}
const port = await start();
process.send({ port });
process.on('message', (m) => {
  if (m.cmd === 'cpu') {
    const u = process.cpuUsage();
    process.send({ cpu: u.user + u.system });
  } else if (m.cmd === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0)); // the bench is gone: don't linger
