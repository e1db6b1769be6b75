// The mailbox under load, part of `npm run bench` (also `node bench/mailbox.mjs` on
// its own, after `tsc -b`): the real relay process (`node relay/dist/main.js`, as
// `npm start` runs it) with its mailbox filled to its cap, many-line messages (the
// kind that once took seconds each to list), then listed again and again while a
// prober times the SMTP greeting. Every loop is bounded by a count.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The mailbox's cap (shared's DEFAULT_MAILBOX_LIMITS): 1000 messages, 256 MiB. */
const MESSAGES = 1000;
const MESSAGE_BYTES = 256 * 1024 - 1024; // 1000 of these, with trace headers, fill 256 MiB
const LISTINGS = 200;

function startRelay() {
  const child = spawn(process.execPath, ['--initial-old-space-size=64', 'relay/dist/main.js', '--smtp-port', '0', '--pop3-port', '0', '--http-port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the relay exited (${code}) before listening`)));
    child.stdout.on('data', (d) => {
      out += d;
      const smtp = /SMTP sandbox\s+smtp:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      const http = /Playground\s+http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (smtp && http) resolve({ child, smtpPort: Number(smtp[1]), httpPort: Number(http[1]) });
    });
  });
}

/**
 * Sends `count` messages over one connection, pipelining each envelope (RFC 2920) and
 * sending the letter after the 354: the Exim-like sandbox, like real Exim, refuses a
 * letter that comes before it (554 synchronization error).
 */
function fill(port, count, body) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = '';
    let replies = 0;
    let sent = 0;
    const wanted = () => 2 + sent * 4; // 220, EHLO, then MAIL RCPT DATA and the letter's 250 each
    const next = () => {
      if (sent === count) return socket.end('QUIT\r\n');
      sent++;
      socket.write('MAIL FROM:<bench@client.test>\r\nRCPT TO:<sink@server.test>\r\nDATA\r\n');
    };
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      buffer += d;
      for (let i = buffer.indexOf('\r\n'); i !== -1; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (line[3] === '-') continue;
        if (!/^(220|221|250|354)/.test(line)) return reject(new Error(`fill: ${line}`));
        replies++;
        if (line.startsWith('354')) socket.write(body);
        else if (replies === 1) socket.write('EHLO bench.test\r\n');
        else if (replies === wanted()) next();
      }
    });
    socket.on('error', reject);
    socket.on('close', resolve);
  });
}

/**
 * Times connect → 220 over and over until told to stop, in a thread of its own, so
 * what it measures is the server's delay, not this process's busy event loop.
 */
const PROBER = `
const net = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.once('message', () => { stop = true; });
const greeting = () => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const s = net.connect(workerData.port, '127.0.0.1');
  s.once('data', () => { resolve(performance.now() - t0); s.end('QUIT\\r\\n'); });
  s.once('error', reject);
});
(async () => {
  const times = [];
  while (!stop && times.length < 100000) times.push(await greeting());
  parentPort.postMessage(times);
})();
`;

async function list(httpPort) {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${httpPort}/api/messages`);
  const body = await res.text();
  return { ms: performance.now() - t0, bytes: body.length, body };
}

/** The p-th percentile (0..1) of `xs`. */
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const median = (xs) => percentile(xs, 0.5);

export async function mailboxBench() {
  const relay = await startRelay();
  try {
    // Short lines, the costliest kind to parse: 256 KiB of "x" lines is some 87,000 of them.
    const head = 'From: bench@client.test\r\nTo: sink@server.test\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from the bench\r\n\r\n';
    const body = `${head}${'x\r\n'.repeat(Math.floor((MESSAGE_BYTES - head.length) / 3))}.\r\n`;
    const t0 = performance.now();
    await Promise.all([0, 1, 2, 3].map(() => fill(relay.smtpPort, MESSAGES / 4, body)));
    const fillSeconds = (performance.now() - t0) / 1000;
    const first = await list(relay.httpPort); // warm up
    const count = JSON.parse(first.body).length;
    const times = [];
    const prober = new Worker(PROBER, { eval: true, workerData: { port: relay.smtpPort } });
    const probed = new Promise((resolve) => prober.once('message', resolve));
    // Listed back to back, while the prober connects over and over.
    for (let i = 0; i < LISTINGS; i++) times.push((await list(relay.httpPort)).ms);
    // The relay keeps the listing's JSON until the mailbox changes: list right after a new message too.
    const cold = [];
    for (let i = 0; i < 20; i++) {
      await fill(relay.smtpPort, 1, body);
      cold.push((await list(relay.httpPort)).ms);
    }
    prober.postMessage('stop');
    const greetings = await probed;
    await prober.terminate();
    const rows = [
      [`listing at the cap (${count} msgs, median), ms`, median(times), '< 50', median(times) < 50],
      [`listing at the cap (${count} msgs, 95th percentile), ms`, percentile(times, 0.95), '< 50', percentile(times, 0.95) < 50],
      [`listing at the cap (${count} msgs, slowest), ms`, Math.max(...times), '< 50', Math.max(...times) < 50],
      ['listing just after a new message (median of 20), ms', median(cold), '< 50', median(cold) < 50],
      ['greeting while listing (median), ms', median(greetings), '< 50', median(greetings) < 50],
      [`greeting while listing (longest of ${greetings.length}), ms`, Math.max(...greetings), '< 50', Math.max(...greetings) < 50],
    ];
    const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
    console.log(
      `\nMailbox at its cap: ${count} messages of ${Math.round(body.length / 1024)} KiB (${Math.round(body.length / 3 / 1000)}k lines each), filled in ${fillSeconds.toFixed(1)} s; ` +
        `a listing is ${Math.round(first.bytes / 1024)} KiB of JSON; ${LISTINGS} listings back to back, the greeting timed meanwhile from another thread\n`,
    );
    console.log(`${'measure'.padEnd(52)}${'value'.padStart(9)}  target`);
    for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(52)}${fmt(value).padStart(9)}  ${target} ${ok ? 'met' : 'NOT met'}`);
  } finally {
    relay.child.kill('SIGKILL');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await mailboxBench();
