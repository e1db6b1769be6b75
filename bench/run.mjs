// `npm run bench`: the sandbox next to nodemailer's smtp-server, driven by the same
// client in one run. Each server runs in a child process of its own; this process is
// the client. Every loop is bounded by a count, so the run ends by itself.
import { fork } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const SERVERS = ['sandbox', 'smtp-server', 'floor'];

function startServer(kind) {
  // BENCH_PROFILE=sandbox writes a CPU profile of that server to ./bench-profiles.
  const profile = process.env.BENCH_PROFILE === kind ? ['--cpu-prof', '--cpu-prof-dir=bench-profiles'] : [];
  const child = fork(new URL('./server.mjs', import.meta.url), [kind], {
    execArgv: ['--expose-gc', ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
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
  return ask(null, 'port').then((port) => ({ port, rss: () => ask('rss', 'rss'), cpu: () => ask('cpu', 'cpu'), stop: () => child.send({ cmd: 'exit' }) }));
  // (process.exit in the child writes the profile)
}

/**
 * A lean SMTP client: it counts replies as they complete (a line whose fourth
 * character is a space) and pipelines MAIL, RCPT and DATA, as RFC 2920 allows and
 * both servers offer, so the servers rather than the client set the pace.
 */
class Client {
  static connect(port) {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      const c = new Client(socket);
      socket.once('error', reject);
      socket.once('connect', () => c.replies(1).then(() => resolve(c), reject));
    });
  }
  constructor(socket) {
    this.socket = socket;
    this.partial = '';
    this.done = [];
    this.want = 0;
    this.resolve = null;
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      const s = this.partial + d;
      let start = 0;
      for (let i = s.indexOf('\r\n'); i !== -1; i = s.indexOf('\r\n', start)) {
        if (s[start + 3] !== '-') this.done.push(s.slice(start, start + 3));
        start = i + 2;
      }
      this.partial = s.slice(start);
      this.check();
    });
  }
  check() {
    if (this.resolve && this.done.length >= this.want) {
      const r = this.resolve;
      this.resolve = null;
      r(this.done.splice(0, this.want));
    }
  }
  replies(n) {
    return new Promise((resolve) => {
      this.want = n;
      this.resolve = resolve;
      this.check();
    });
  }
  async cmd(line, expect) {
    this.socket.write(line);
    const [code] = await this.replies(1);
    if (code !== expect) throw new Error(`${line.trim()} -> ${code}`);
  }
  async send(body) {
    this.socket.write('MAIL FROM:<bench@client.test>\r\nRCPT TO:<sink@server.test>\r\nDATA\r\n');
    const codes = await this.replies(3);
    if (codes.join() !== '250,250,354') throw new Error(`envelope -> ${codes}`);
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
  const r = {};
  // Idle memory first, in a fresh process, so earlier garbage does not blur it.
  const fresh = await startServer(kind);
  await throughput(fresh.port, 2, 20, 1024); // load the code paths once
  r.idle = await idleMemory(fresh, 1000);
  fresh.stop();

  const server = await startServer(kind);
  await throughput(server.port, 4, 100, 1024); // warm up the JIT on both sides
  const cpu0 = await server.cpu();
  const t = await throughput(server.port, 20, 200, 1024);
  r.cpuPerMsg = (await server.cpu()) - cpu0; // µs of server CPU for 4000 messages
  r.cpuPerMsg /= 20 * 200;
  r.msgs = t.perSecond;
  r.mbs = (await throughput(server.port, 4, 40, 100 * 1024)).mbPerSecond;
  r.conns = await connectionPerMessage(server.port, 10, 1000);
  r.noop = await noopRoundTrip(server.port, 3000);
  server.stop();
  results[kind] = r;
}

const s = results.sandbox;
const p = results['smtp-server'];
const f = results.floor;
const rows = [
  ['messages/s, 20 sessions x 1 KiB', s.msgs, p.msgs, s.msgs / p.msgs, '>= 2.2x', s.msgs / p.msgs >= 2.2],
  ['server CPU per 1 KiB message, µs', s.cpuPerMsg, p.cpuPerMsg, p.cpuPerMsg / s.cpuPerMsg, 'smtp-server / sandbox', true],
  ['MB/s, 100 KiB messages', s.mbs, p.mbs, s.mbs / p.mbs, '>= 2x', s.mbs / p.mbs >= 2],
  ['new connection per message, msg/s', s.conns, p.conns, s.conns / p.conns, 'higher is better', s.conns >= p.conns],
  ['NOOP round trip, median µs', s.noop, p.noop, s.noop / p.noop, '<= 1x (lower is better)', s.noop <= p.noop * 1.0],
  ['RSS per idle session, KiB', s.idle, p.idle, s.idle / p.idle, '<= 12 KiB', s.idle <= 12],
];
const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
console.log('\nSMTP sandbox vs nodemailer smtp-server (same client, same machine, one run)');
console.log('floor: a bare node:net responder with canned replies and no SMTP logic, the most any Node server can do here\n');
console.log(`${'measure'.padEnd(38)}${'sandbox'.padStart(11)}${'smtp-server'.padStart(13)}${'floor'.padStart(9)}${'ratio'.padStart(9)}  target`);
const floorOf = { 0: f.msgs, 1: f.cpuPerMsg, 2: f.mbs, 3: f.conns, 4: f.noop, 5: f.idle };
rows.forEach(([name, a, b, ratio, target, ok], i) => {
  console.log(
    `${name.padEnd(38)}${fmt(a).padStart(11)}${fmt(b).padStart(13)}${fmt(floorOf[i]).padStart(9)}${`${ratio.toFixed(2)}x`.padStart(9)}  ${target} ${ok ? 'met' : 'NOT met'}`,
  );
});

// The mailbox at its cap: listing time, and the greeting while it is listed.
await (await import('./mailbox.mjs')).mailboxBench();
