// `npm run bench`: the sandbox next to nodemailer's smtp-server, driven by the same
// client in one run. Each server runs in a child process of its own; this process is
// the client. Every loop is bounded by a count, so the run ends by itself.
import { fork } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const SERVERS = ['sandbox', 'smtp-server'];

function startServer(kind) {
  const child = fork(new URL('./server.mjs', import.meta.url), [kind], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (cmd, key) =>
    new Promise((resolve) => {
      const on = (m) => {
        if (key in m) {
          child.off('message', on);
          resolve(m[key]);
        }
      };
      child.on('message', on);
      if (cmd) child.send({ cmd });
    });
  return ask(null, 'port').then((port) => ({ port, rss: () => ask('rss', 'rss'), stop: () => child.send({ cmd: 'exit' }) }));
}

/** A minimal SMTP client: one reply at a time, multi-line aware. */
class Client {
  static connect(port) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      const c = new Client(socket);
      socket.once('error', reject);
      socket.once('connect', () => c.reply().then(() => resolve(c), reject));
    });
  }
  constructor(socket) {
    this.socket = socket;
    this.buf = '';
    this.waiting = null;
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      this.buf += d;
      this.check();
    });
  }
  check() {
    if (!this.waiting) return;
    // A reply ends with a line "NNN " (space after the code).
    const m = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buf);
    if (!m) return;
    const end = m.index + m[0].length;
    const reply = this.buf.slice(0, end);
    this.buf = this.buf.slice(end);
    const w = this.waiting;
    this.waiting = null;
    w(reply);
  }
  reply() {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.check();
    });
  }
  async cmd(line, expect) {
    this.socket.write(line);
    const r = await this.reply();
    if (!r.startsWith(expect)) throw new Error(`${line.trim()} -> ${r.trim()}`);
    return r;
  }
  async send(body) {
    await this.cmd('MAIL FROM:<bench@client.test>\r\n', '250');
    await this.cmd('RCPT TO:<sink@server.test>\r\n', '250');
    await this.cmd('DATA\r\n', '354');
    await this.cmd(body, '250');
  }
  close() {
    this.socket.destroy();
  }
}

function message(size) {
  const line = `${'x'.repeat(76)}\r\n`;
  let body = 'From: bench@client.test\r\nTo: sink@server.test\r\nSubject: bench\r\n\r\n';
  while (body.length < size) body += line;
  return `${body}.\r\n`;
}

async function throughput(port, sessions, perSession, size) {
  const body = message(size);
  const clients = await Promise.all(Array.from({ length: sessions }, () => Client.connect(port)));
  await Promise.all(clients.map((c) => c.cmd('EHLO bench.test\r\n', '250')));
  const t0 = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      for (let i = 0; i < perSession; i++) await c.send(body);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const c of clients) c.close();
  const n = sessions * perSession;
  return { perSecond: n / seconds, mbPerSecond: (n * body.length) / 1e6 / seconds };
}

async function connectionPerMessage(port, concurrency, total) {
  const body = message(1024);
  let left = total;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        const c = await Client.connect(port);
        await c.cmd('EHLO bench.test\r\n', '250');
        await c.send(body);
        await c.cmd('QUIT\r\n', '221');
        c.close();
      }
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

async function noopRoundTrip(port, count) {
  const c = await Client.connect(port);
  await c.cmd('EHLO bench.test\r\n', '250');
  for (let i = 0; i < 500; i++) await c.cmd('NOOP\r\n', '250'); // warm up
  const times = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await c.cmd('NOOP\r\n', '250');
    times.push(performance.now() - t);
  }
  c.close();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] * 1000; // median, µs
}

async function idleMemory(server, count) {
  const before = await server.rss();
  const clients = [];
  for (let i = 0; i < count; i++) {
    const c = await Client.connect(server.port);
    await c.cmd('EHLO bench.test\r\n', '250');
    clients.push(c);
  }
  const after = await server.rss();
  for (const c of clients) c.close();
  return (after - before) / count / 1024; // KiB per session
}

const results = {};
for (const kind of SERVERS) {
  const server = await startServer(kind);
  await throughput(server.port, 4, 50, 1024); // warm up the JIT on both sides
  const r = {};
  r.msgs = (await throughput(server.port, 20, 150, 1024)).perSecond;
  r.mbs = (await throughput(server.port, 4, 40, 100 * 1024)).mbPerSecond;
  r.conns = await connectionPerMessage(server.port, 10, 1000);
  r.noop = await noopRoundTrip(server.port, 3000);
  r.idle = await idleMemory(server, 1000);
  server.stop();
  results[kind] = r;
}

const s = results.sandbox;
const p = results['smtp-server'];
const rows = [
  ['messages/s, 20 sessions x 1 KiB', s.msgs, p.msgs, s.msgs / p.msgs, '>= 2.2x', s.msgs / p.msgs >= 2.2],
  ['MB/s, 100 KiB messages', s.mbs, p.mbs, s.mbs / p.mbs, '>= 2x', s.mbs / p.mbs >= 2],
  ['new connection per message, msg/s', s.conns, p.conns, s.conns / p.conns, 'higher is better', s.conns >= p.conns],
  ['NOOP round trip, median µs', s.noop, p.noop, s.noop / p.noop, '<= 1x (lower is better)', s.noop <= p.noop * 1.0],
  ['RSS per idle session, KiB', s.idle, p.idle, s.idle / p.idle, '<= 12 KiB', s.idle <= 12],
];
const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
console.log('\nSMTP sandbox vs nodemailer smtp-server (same client, same machine, one run)\n');
console.log(`${'measure'.padEnd(38)}${'sandbox'.padStart(11)}${'smtp-server'.padStart(13)}${'ratio'.padStart(9)}  target`);
for (const [name, a, b, ratio, target, ok] of rows) {
  console.log(`${name.padEnd(38)}${fmt(a).padStart(11)}${fmt(b).padStart(13)}${`${ratio.toFixed(2)}x`.padStart(9)}  ${target} ${ok ? 'met' : 'NOT met'}`);
}
