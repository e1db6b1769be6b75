// `npm run bench:relay`: the playground's WebSocket relay next to its peers, one run,
// the same client for every path to the same fast SMTP-ish target:
//   direct      TCP straight to the target (the floor for everything)
//   pipe        a bare ws + net pipe with backpressure (the floor for a WebSocket relay in Node)
//   relay       our /relay?target=fast, started by startPlayground as `npm start` does
//   pipe in playground  the same bare pipe, in a process that has also started the playground
//               (a control: it separates what the relay's code costs from what its host
//               process costs, e.g. a bigger heap and the GC and page faults that follow)
//   websockify  /usr/bin/websockify, when installed
// The target and each Node proxy run in a child process of their own, and websockify is
// a process group of its own; this process is only the client, so no proxy shares an
// event loop with the client or the target (on 2 cores, client, proxy and target are
// the three busy processes on every WebSocket path alike). Measures are interleaved across the
// paths, so a slow moment of the machine hits them all alike. Every loop is bounded by a
// count, a watchdog bounds the whole run, and every process started here is stopped by
// its id at the end, on error too.
//
// The WebSocket client masks with a zero key (ws's generateMask): a masked frame is
// still sent and every server still unmasks it, but the client doesn't spend CPU
// XOR-ing 50 MiB, so the proxy, not the client, sets the pace.
//
// BENCH_PROFILE=relay (or pipe, pipehost, target) writes a CPU profile of that process to ./bench-profiles.
// The relay (and the pipe in playground) run with the node flags `npm start` gives
// relay/dist/main.js in package.json, or BENCH_RELAY_FLAGS="--flag ..." to try others.
// BENCH_PATHS=pipe,relay runs only those paths (pipe and relay are always in; the others:
// direct, pipehost, websockify).
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const WEBSOCKIFY = '/usr/bin/websockify';
const CHUNK = 64 * 1024;
const DATA_BYTES = 50 * 1024 * 1024;
const CONCURRENT = 200;
const NOOP_BLOCKS = 5; // × NOOP_PER_BLOCK round trips per path, interleaved
const NOOP_PER_BLOCK = 1000;
const DATA_REPS = 5;
const BURST_ROUNDS = 5;
const WEBSOCKIFY_BURST_ROUNDS = 1; // it forks a process per session: one round of 200 takes it seconds
const RUN_LIMIT_MS = 170_000; // the watchdog: no run outlives this
const CLOSE_LIMIT_MS = 10_000; // a session whose server doesn't hang up after 221 by then is a failure

// ---------------------------------------------------------------- processes

/** The node flags `npm start` runs the playground with, so the bench's relay runs as users' does. */
function startFlags() {
  if (process.env.BENCH_RELAY_FLAGS !== undefined) return process.env.BENCH_RELAY_FLAGS.split(/\s+/).filter(Boolean);
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const m = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+relay\/dist\/main\.js/.exec(pkg.scripts?.start ?? '');
  return m ? m[1].split(/\s+/).filter(Boolean) : [];
}
const RELAY_FLAGS = startFlags();

/** Everything started here, so that everything is stopped, whatever happens. */
const processes = [];

function forkServer(kind, args = []) {
  const profile = process.env.BENCH_PROFILE === kind ? ['--cpu-prof', '--cpu-prof-dir=bench-profiles'] : [];
  const flags = kind === 'relay' || kind === 'pipehost' ? RELAY_FLAGS : [];
  // stdout ignored: the relay writes a line per session unless its log hook is honoured.
  const child = fork(new URL('./relay-servers.mjs', import.meta.url), [kind, ...args], {
    execArgv: [...flags, ...profile],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const entry = {
    name: kind,
    pid: child.pid,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: () => child.kill('SIGKILL'),
    async stop() {
      if (!entry.alive()) return;
      const exited = once(child, 'exit');
      if (child.connected)
        child.send({ cmd: 'exit' }); // a clean exit writes the profile
      else child.kill('SIGTERM');
      if (await Promise.race([exited.then(() => true), sleep(5000, false)])) return;
      child.kill('SIGKILL');
      await exited;
    },
    cpu: () => ask(child, 'cpu'),
    faults: async () => procStat(child.pid, false).faults,
  };
  processes.push(entry);
  return new Promise((resolve, reject) => {
    const onExit = (code, signal) => reject(new Error(`${kind} exited before listening (${signal ?? code})`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      resolve({ ...entry, port: m.port });
    });
  });
}

/** µs of CPU the child has used, asked over IPC. */
function ask(child, cmd) {
  return new Promise((resolve) => {
    const on = (m) => {
      if (cmd in m) {
        child.off('message', on);
        resolve(m[cmd]);
      }
    };
    child.on('message', on);
    child.send({ cmd });
  });
}

/** A loopback port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * CPU µs and minor page faults from /proc: of one process (all its threads), or of every
 * process in a process group (websockify forks a process per session), with the
 * children each has reaped.
 */
function procStat(id, group) {
  const tick = 1e6 / 100; // CLK_TCK is 100 on Linux
  let cpu = 0;
  let faults = 0;
  for (const d of group ? readdirSync('/proc') : [String(id)]) {
    if (!/^\d+$/.test(d)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'latin1');
    } catch {
      continue; // gone meanwhile
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
    if (group && Number(f[2]) !== id) continue; // field 5: pgrp
    faults += Number(f[7]) + (group ? Number(f[8]) : 0); // minflt, cminflt
    cpu += (Number(f[11]) + Number(f[12]) + (group ? Number(f[13]) + Number(f[14]) : 0)) * tick; // utime, stime, cutime, cstime
  }
  return { cpu, faults };
}

async function startWebsockify(targetPort) {
  const port = await freePort();
  // Its own process group (detached), so its per-session children are stopped with it.
  const child = spawn(WEBSOCKIFY, [`127.0.0.1:${port}`, `127.0.0.1:${targetPort}`], { stdio: 'ignore', detached: true });
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {}
  };
  const entry = {
    name: 'websockify',
    pid: child.pid,
    port,
    alive: () => child.exitCode === null && child.signalCode === null,
    kill: () => signalGroup('SIGKILL'),
    async stop() {
      if (entry.alive()) {
        const exited = once(child, 'exit');
        signalGroup('SIGTERM');
        if (!(await Promise.race([exited.then(() => true), sleep(5000, false)]))) signalGroup('SIGKILL');
      }
      signalGroup('SIGKILL'); // any per-session child left behind
    },
    cpu: async () => procStat(child.pid, true).cpu,
    faults: async () => procStat(child.pid, true).faults,
  };
  processes.push(entry);
  for (let i = 0; i < 100; i++) {
    if (!entry.alive()) throw new Error('websockify exited at start');
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return entry;
    await sleep(100);
  }
  throw new Error('websockify did not listen within 10 s');
}

let stopping = null;
function stopAll() {
  stopping ??= Promise.all(processes.map((p) => p.stop().catch(() => p.kill())));
  return stopping;
}
process.on('exit', () => {
  for (const p of processes) if (p.alive()) p.kill(); // last resort, synchronous
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping the bench's processes`);
    stopAll().finally(() => process.exit(130));
  });
}
const watchdog = setTimeout(() => {
  console.error(`bench/relay.mjs: still running after ${RUN_LIMIT_MS / 1000} s; stopping.`);
  stopAll().finally(() => process.exit(1));
}, RUN_LIMIT_MS);
watchdog.unref();

// ---------------------------------------------------------------- the client

/** Counts SMTP replies as they complete (a line whose fourth character is a space). */
class Conn {
  constructor() {
    this.partial = '';
    this.codes = [];
    this.want = 0;
    this.waiter = null;
    this.isClosed = false;
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
  }
  feed(buf) {
    const s = this.partial + buf.toString('latin1');
    let start = 0;
    for (let i = s.indexOf('\r\n'); i !== -1; i = s.indexOf('\r\n', start)) {
      if (s[start + 3] !== '-') this.codes.push(s.slice(start, start + 3));
      start = i + 2;
    }
    this.partial = s.slice(start);
    this.check();
  }
  check() {
    if (this.waiter && this.codes.length >= this.want) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(this.codes.splice(0, this.want));
    }
  }
  gone(why) {
    this.isClosed = true;
    this.markClosed();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(new Error(`${this.label}: connection closed while waiting for a reply (${why})`));
    }
  }
  replies(n) {
    return new Promise((resolve, reject) => {
      this.want = n;
      this.waiter = { resolve, reject };
      this.check();
      if (this.waiter && this.isClosed) this.gone('already closed');
    });
  }
  async cmd(line, expect) {
    this.write(line);
    const [code] = await this.replies(1);
    if (code !== expect) throw new Error(`${this.label}: ${line.trim().slice(0, 20)} -> ${code}, not ${expect}`);
  }
}

class TcpConn extends Conn {
  static open(port) {
    return new Promise((resolve, reject) => {
      const c = new TcpConn(net.connect(port, '127.0.0.1'));
      c.socket.once('error', reject);
      c.replies(1).then(([code]) => (code === '220' ? resolve(c) : reject(new Error(`direct: greeting ${code}`))), reject);
    });
  }
  constructor(socket) {
    super();
    this.label = 'direct';
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (d) => this.feed(d));
    socket.on('error', () => {});
    socket.on('close', () => this.gone('tcp close'));
  }
  write(data) {
    this.socket.write(data);
  }
  async stream(chunk, count) {
    for (let i = 0; i < count; i++) if (!this.socket.write(chunk)) await once(this.socket, 'drain');
  }
  destroy() {
    this.socket.destroy();
  }
}

const zeroMask = (mask) => mask.fill(0);
const WS_HIGH_WATER = 16 * 1024; // what net.Socket's write() uses, so both clients wait alike

class WsConn extends Conn {
  static open(url, label) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, generateMask: zeroMask, maxPayload: 1 << 20 });
      const c = new WsConn(ws, label);
      ws.once('error', reject);
      c.replies(1).then(([code]) => (code === '220' ? resolve(c) : reject(new Error(`${label}: greeting ${code}`))), reject);
    });
  }
  constructor(ws, label) {
    super();
    this.label = label;
    this.ws = ws;
    this.control = []; // JSON text frames: the relay's control messages
    ws.on('message', (data, isBinary) => {
      if (isBinary) this.feed(data);
      else this.control.push(JSON.parse(data.toString('utf8')));
    });
    ws.on('error', () => {});
    ws.on('close', () => this.gone('websocket close'));
  }
  write(data) {
    this.ws.send(data, { binary: true });
  }
  async stream(chunk, count) {
    for (let i = 0; i < count; i++) {
      let sent;
      const flushed = new Promise((resolve, reject) => {
        sent = (e) => (e ? reject(e) : resolve());
      });
      this.ws.send(chunk, { binary: true }, sent);
      if (this.ws.bufferedAmount >= WS_HIGH_WATER) await flushed;
    }
  }
  destroy() {
    this.ws.terminate();
  }
}

// ---------------------------------------------------------------- the measures

const LETTER = (() => {
  let s = 'From: bench@client.test\r\nTo: sink@fast.test\r\nSubject: bench\r\n\r\n';
  while (s.length < 1024) s += `${'x'.repeat(76)}\r\n`;
  return `${s}.\r\n`;
})();
const BIG = Buffer.from(`${'y'.repeat(76)}\r\n`.repeat(Math.ceil(CHUNK / 78)).slice(0, CHUNK), 'latin1'); // never a dot line

/** connect, EHLO, MAIL, RCPT, DATA, a 1 KiB letter, QUIT, and the server hangs up. */
async function shortSession(open) {
  const c = await open();
  await c.cmd('EHLO bench.test\r\n', '250');
  await c.cmd('MAIL FROM:<bench@client.test>\r\n', '250');
  await c.cmd('RCPT TO:<sink@fast.test>\r\n', '250');
  await c.cmd('DATA\r\n', '354');
  await c.cmd(LETTER, '250');
  await c.cmd('QUIT\r\n', '221');
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${c.label}: no hang-up ${CLOSE_LIMIT_MS} ms after 221`)), CLOSE_LIMIT_MS);
  });
  try {
    await Promise.race([c.closed, late]);
  } finally {
    clearTimeout(timer);
    if (!c.isClosed) c.destroy();
  }
  return c;
}

/** CONCURRENT short sessions at once; wall time in ms. */
async function burst(open) {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, () => shortSession(open)));
  return performance.now() - t0;
}

async function noops(c, count, times) {
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await c.cmd('NOOP\r\n', '250');
    times?.push(performance.now() - t);
  }
}

/** One letter of `bytes` in 64 KiB chunks with backpressure; ms from the 354 to the 250. */
async function bigLetter(c, bytes) {
  await c.cmd('MAIL FROM:<bench@client.test>\r\n', '250');
  await c.cmd('RCPT TO:<sink@fast.test>\r\n', '250');
  await c.cmd('DATA\r\n', '354');
  const t0 = performance.now();
  await c.stream(BIG, Math.ceil(bytes / CHUNK));
  await c.cmd('\r\n.\r\n', '250');
  return performance.now() - t0;
}

const only = process.env.BENCH_PATHS?.split(',');
const wanted = (key) => !only || only.includes(key) || key === 'pipe' || key === 'relay';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

// ---------------------------------------------------------------- the run

/** How busy the machine is without us: % of all cores over one second, from /proc/stat. */
async function machineBusy() {
  const sample = () => {
    const f = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), idle: f[3] + f[4] };
  };
  const a = sample();
  await sleep(1000);
  const b = sample();
  return 100 - (100 * (b.idle - a.idle)) / (b.total - a.total);
}

async function main() {
  const busy = await machineBusy();
  if (busy > 15) console.log(`(the machine was ${busy.toFixed(0)}% busy before the run, with other work: expect noisy numbers)`);
  const t0 = performance.now();
  const target = await forkServer('target');
  const [pipe, relay, pipehost] = await Promise.all([
    forkServer('pipe', [String(target.port)]),
    forkServer('relay', [String(target.port)]),
    wanted('pipehost') ? forkServer('pipehost', [String(target.port)]) : null,
  ]);
  const paths = [
    { name: 'direct TCP', key: 'direct', open: () => TcpConn.open(target.port), proxy: null },
    { name: 'ws+net pipe', key: 'pipe', open: () => WsConn.open(`ws://127.0.0.1:${pipe.port}/`, 'pipe'), proxy: pipe },
    { name: '/relay', key: 'relay', open: () => WsConn.open(`ws://127.0.0.1:${relay.port}/relay?target=fast`, 'relay'), proxy: relay },
  ];
  if (pipehost) paths.push({ name: 'pipe in pg', key: 'pipehost', open: () => WsConn.open(`ws://127.0.0.1:${pipehost.port}/`, 'pipehost'), proxy: pipehost });
  if (existsSync(WEBSOCKIFY) && wanted('websockify')) {
    const wsf = await startWebsockify(target.port);
    paths.push({ name: 'websockify', key: 'websockify', open: () => WsConn.open(`ws://127.0.0.1:${wsf.port}/`, 'websockify'), proxy: wsf });
  } else if (!existsSync(WEBSOCKIFY)) console.log(`(${WEBSOCKIFY} is not installed: websockify is left out)`);
  if (!wanted('direct')) paths.shift();

  // Each path works end to end, and the relay speaks its contract.
  for (const p of paths) {
    const c = await shortSession(p.open);
    if (p.key === 'relay') {
      const types = c.control.map((m) => m.type).join(',');
      if (c.control[0]?.type !== 'connected' || !types.endsWith('closed')) throw new Error(`relay control messages: ${types}`);
    }
  }

  const r = Object.fromEntries(paths.map((p) => [p.key, { rtt: [], mbs: [], burst: [], cpu: { noop: 0, data: 0, burst: 0 }, faults: 0 }]));
  const cpuOf = async (p) => (p.proxy ? p.proxy.cpu() : 0);

  // Warm up every path: the JIT on both sides, the sockets, the allocators.
  const long = {};
  for (const p of paths) {
    const c = await p.open();
    await c.cmd('EHLO bench.test\r\n', '250');
    await noops(c, 1000);
    for (let i = 0; i < 3; i++) await bigLetter(c, 16 * 1024 * 1024);
    if (p.key !== 'websockify') await burst(p.open);
    long[p.key] = c;
  }

  // NOOP round trips on one session per path, in interleaved blocks.
  for (let b = 0; b < NOOP_BLOCKS; b++) {
    for (const p of paths) {
      const cpu0 = await cpuOf(p);
      await noops(long[p.key], NOOP_PER_BLOCK, r[p.key].rtt);
      r[p.key].cpu.noop += (await cpuOf(p)) - cpu0;
    }
  }
  // 50 MiB letters.
  for (let i = 0; i < DATA_REPS; i++) {
    for (const p of paths) {
      const cpu0 = await cpuOf(p);
      const faults0 = p.proxy ? await p.proxy.faults() : 0;
      const ms = await bigLetter(long[p.key], DATA_BYTES);
      r[p.key].cpu.data += (await cpuOf(p)) - cpu0;
      r[p.key].faults += p.proxy ? (await p.proxy.faults()) - faults0 : 0;
      r[p.key].mbs.push(DATA_BYTES / 1e6 / (ms / 1000));
    }
  }
  for (const p of paths) {
    await long[p.key].cmd('QUIT\r\n', '221');
    long[p.key].destroy();
  }
  // 200 concurrent short sessions.
  for (let i = 0; i < BURST_ROUNDS; i++) {
    for (const p of paths) {
      if (p.key === 'websockify' && i >= WEBSOCKIFY_BURST_ROUNDS) continue;
      await sleep(200); // let the previous round's sockets finish closing everywhere
      const cpu0 = await cpuOf(p);
      r[p.key].burst.push(await burst(p.open));
      r[p.key].cpu.burst += (await cpuOf(p)) - cpu0;
    }
  }

  report(paths, r, (performance.now() - t0) / 1000);
}

function report(paths, r, seconds) {
  const v = {};
  for (const p of paths) {
    const x = r[p.key];
    v[p.key] = {
      rtt: median(x.rtt) * 1000,
      p99: percentile(x.rtt, 99) * 1000,
      mbs: median(x.mbs),
      burst: median(x.burst),
      cpuNoop: p.proxy ? x.cpu.noop / x.rtt.length : null,
      cpuMiB: p.proxy ? x.cpu.data / 1000 / ((DATA_REPS * DATA_BYTES) / 1024 / 1024) : null,
      cpuBurst: p.proxy ? x.cpu.burst / 1000 / x.burst.length : null,
      faultsMiB: p.proxy ? x.faults / ((DATA_REPS * DATA_BYTES) / 1024 / 1024) : null,
    };
  }
  const fmt = (n) => (n === null || n === undefined ? '-' : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
  const rows = [
    ['NOOP round trip, median µs', 'rtt'],
    ['NOOP round trip, p99 µs', 'p99'],
    [`50 MiB DATA, MB/s (median of ${DATA_REPS})`, 'mbs'],
    [`${CONCURRENT} concurrent short sessions, ms (median of ${BURST_ROUNDS}*)`, 'burst'],
    ['proxy CPU per NOOP, µs', 'cpuNoop'],
    ['proxy CPU per MiB of DATA, ms', 'cpuMiB'],
    ['proxy minor page faults per MiB of DATA', 'faultsMiB'],
    [`proxy CPU per ${CONCURRENT} sessions, ms`, 'cpuBurst'],
  ];
  const w = 50;
  console.log('\nThe relay next to its peers: the same client, the same fast target, one run');
  console.log(
    `(${NOOP_BLOCKS * NOOP_PER_BLOCK} sequential NOOPs on one session; ${DATA_REPS} letters of 50 MiB in 64 KiB chunks; ${CONCURRENT} sessions at once, each`,
  );
  console.log(` connect, EHLO, MAIL, RCPT, DATA, 1 KiB letter, QUIT until the server hangs up; proxy CPU is the proxy process(es) only;`);
  console.log(` *websockify: ${WEBSOCKIFY_BURST_ROUNDS} round, as it forks a process per session;`);
  console.log(` pipe in pg: the bare pipe in a process that has also started the playground, a control for the host process)`);
  if (RELAY_FLAGS.length) console.log(`(relay and pipe in pg run with: node ${RELAY_FLAGS.join(' ')})`);
  console.log('');
  console.log(`${'measure'.padEnd(w)}${paths.map((p) => p.name.padStart(13)).join('')}`);
  for (const [name, k] of rows) console.log(`${name.padEnd(w)}${paths.map((p) => fmt(v[p.key][k]).padStart(13)).join('')}`);

  const rel = v.relay;
  const pipe = v.pipe;
  const wsf = v.websockify;
  const checks = [
    ['round trip (median), relay / pipe', rel.rtt / pipe.rtt, '<= 1.05x', rel.rtt <= pipe.rtt * 1.05],
    ['round trip (p99), relay / pipe', rel.p99 / pipe.p99, '(for information)', null],
    ['throughput, relay / pipe', rel.mbs / pipe.mbs, '>= 0.95x', rel.mbs >= pipe.mbs * 0.95],
    [`${CONCURRENT} concurrent, relay / pipe`, rel.burst / pipe.burst, '<= 1.1x', rel.burst <= pipe.burst * 1.1],
    ['proxy CPU per MiB, relay / pipe', rel.cpuMiB / pipe.cpuMiB, '(for information)', null],
    [`proxy CPU per ${CONCURRENT} sessions, relay / pipe`, rel.cpuBurst / pipe.cpuBurst, '(for information)', null],
  ];
  const host = v.pipehost;
  if (host) {
    checks.push(
      ['throughput, pipe in playground / pipe', host.mbs / pipe.mbs, '(the host process alone)', null],
      ['throughput, relay / pipe in playground', rel.mbs / host.mbs, '(the relay code alone)', null],
    );
  }
  if (wsf) {
    checks.push(
      ['round trip (median), relay / websockify', rel.rtt / wsf.rtt, '< 1x (ahead)', rel.rtt < wsf.rtt],
      ['throughput, relay / websockify', rel.mbs / wsf.mbs, '> 1x (ahead)', rel.mbs > wsf.mbs],
      [`${CONCURRENT} concurrent, relay / websockify`, rel.burst / wsf.burst, '< 1x (ahead)', rel.burst < wsf.burst],
    );
  }
  console.log('');
  for (const [name, ratio, target, ok] of checks) {
    console.log(`${name.padEnd(w)}${`${ratio.toFixed(2)}x`.padStart(9)}  ${target}${ok === null ? '' : ok ? ' met' : ' NOT met'}`);
  }
  console.log(`\n(bench/relay.mjs took ${seconds.toFixed(0)} s)`);
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  if (!stopping) console.error('bench/relay.mjs failed:', e); // else a signal or the watchdog said why
} finally {
  await stopAll();
  clearTimeout(watchdog);
}
process.exit(failed ? 1 : 0);
