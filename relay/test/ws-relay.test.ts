/**
 * The WebSocket relay with real sockets: a real upstream SMTP server (nodemailer's
 * smtp-server, with and without STARTTLS), the relay's own sandbox, and a page played
 * by a `ws` client. No timed assertions: limits are set small and the test waits for
 * the control message that says one was reached.
 *
 * The page's client reads every text frame with the page's own parser (shared's
 * parseRelayControl) and sends its own with shared's constructors; after each test, no
 * frame the relay sent may have been refused by that parser.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { formatControl, pageStartTls } from '@smtp-playground/shared';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Certificate, makeCertificate } from '../src/certificate.js';
import { DEFAULTS, type RelayLimits, type Target } from '../src/config.js';
import { startPlayground } from '../src/playground.js';
import { openRelay, unparsedFrames } from './relay-client.js';

import { api, has, newestBytes, typist } from './support.js';

interface Received {
  from: string;
  to: string[];
  size: number;
  user: string | undefined;
  secure: boolean;
}

/** smtp-server on a free port: STARTTLS when given a certificate (or TLS from the first byte), AUTH for learner/sandbox. */
async function upstream(cert: Certificate | null, implicit = false) {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: implicit,
    ...(cert ? { key: cert.key, cert: cert.cert } : { disabledCommands: ['STARTTLS'] }),
    authOptional: true,
    allowInsecureAuth: false,
    size: 0,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === 'learner' && auth.password === 'sandbox') done(null, { user: auth.username });
      else done(new Error('Invalid username or password'));
    },
    onData(stream, session, done) {
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          size,
          user: session.user as string | undefined,
          secure: session.secure,
        });
        done();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  return { port: (server.server.address() as AddressInfo).port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A TCP listener of our own that counts the connections it gets: none, we hope. */
async function tripwire() {
  let connections = 0;
  const server = net.createServer((s) => {
    connections++;
    s.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, connections: () => connections, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function playground(targets: Target[], relay: Partial<RelayLimits> = {}, extra: Partial<typeof DEFAULTS> = {}) {
  const log: string[] = [];
  const p = await startPlayground(
    { ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0, targets, relay: { ...DEFAULTS.relay, ...relay }, ...extra },
    '/nonexistent',
    {
      log: (line) => log.push(line),
    },
  );
  return { p, log };
}

const classic = async (c: ReturnType<typeof openRelay>, hello = 'HELO') => {
  expect(await c.line(`${hello} client.thm`)).toMatch(/^250[ -]/);
  expect(await c.line('MAIL FROM:<user@client.thm>')).toMatch(/^250 /);
  expect(await c.line('RCPT TO:<strategos@server.thm>')).toMatch(/^250 /);
  expect(await c.line('DATA')).toMatch(/^354 /);
  expect(await c.line('Subject: through the relay\r\n\r\nHello over a WebSocket.\r\n.')).toMatch(/^250 /);
  expect(await c.line('QUIT')).toMatch(/^221 /);
};

let cert: Certificate;
beforeAll(async () => {
  cert = await makeCertificate('lab.test');
});

// Every control message the relay sent in the test is one the page can read.
afterEach(() => {
  expect(unparsedFrames()).toEqual([]);
});

describe('relay to a real server (smtp-server)', () => {
  let plain: Awaited<ReturnType<typeof upstream>>;
  let withTls: Awaited<ReturnType<typeof upstream>>;
  let pg: Awaited<ReturnType<typeof playground>>;
  beforeAll(async () => {
    plain = await upstream(null);
    withTls = await upstream(cert);
    pg = await playground([
      { name: 'plain', host: '127.0.0.1', port: plain.port, tls: 'none', insecure: false },
      { name: 'lab', host: '127.0.0.1', port: withTls.port, tls: 'starttls', insecure: true },
      { name: 'strict', host: '127.0.0.1', port: withTls.port, tls: 'starttls', insecure: false },
    ]);
  });
  afterAll(async () => {
    await pg.p.close();
    await Promise.all([plain.close(), withTls.close()]);
  });

  it('carries the classic telnet session to the server and back, byte for byte', async () => {
    const c = openRelay(pg.p.httpPort, '?target=plain');
    expect(await c.control('connected')).toEqual({
      type: 'connected',
      target: 'plain',
      address: `127.0.0.1:${plain.port}`,
      tls: 'none',
      insecure: false,
      maxFrame: DEFAULTS.relay.maxPayload,
    });
    expect(await c.reply()).toMatch(/^220 /);
    await classic(c);
    expect(await c.control('closed')).toEqual({ type: 'closed', by: 'server', reason: 'The server closed the connection.' });
    expect((await c.closed).code).toBe(1000);
    expect(plain.received.at(-1)).toMatchObject({ from: 'user@client.thm', to: ['strategos@server.thm'], secure: false });
  });

  it('upgrades to TLS on the page’s word after the 220, then logs in and delivers', async () => {
    const c = openRelay(pg.p.httpPort, '?target=lab');
    await c.reply();
    expect(await c.line('EHLO client.thm')).toMatch(/^250[- ]STARTTLS\r$/m);
    expect(await c.line('STARTTLS')).toMatch(/^220 /);
    c.sendControl(pageStartTls());
    const tls = await c.control('tls');
    expect(tls).toMatchObject({
      type: 'tls',
      protocol: expect.stringMatching(/^TLSv1\.[23]$/),
      authorized: false,
      authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(tls.certificate).toMatchObject({ subject: 'CN=lab.test', issuer: 'CN=lab.test', fingerprint: cert.fingerprint });
    const ehlo = await c.line('EHLO client.thm');
    expect(ehlo).toContain('AUTH');
    expect(ehlo).not.toContain('STARTTLS');
    expect(await c.line(`AUTH PLAIN ${Buffer.from('\0learner\0sandbox').toString('base64')}`)).toMatch(/^235 /);
    expect(await c.line('MAIL FROM:<learner@client.thm>')).toMatch(/^250 /);
    expect(await c.line('RCPT TO:<bob@lab.test>')).toMatch(/^250 /);
    expect(await c.line('DATA')).toMatch(/^354 /);
    expect(await c.line('Subject: sealed\r\n\r\nOver TLS.\r\n.')).toMatch(/^250 /);
    expect(await c.line('QUIT')).toMatch(/^221 /);
    expect(withTls.received.at(-1)).toMatchObject({ from: 'learner@client.thm', user: 'learner', secure: true });
    await c.closed;
    expect(c.controls.map((m) => m.type)).toEqual(['connected', 'tls', 'closed']);
  });

  it('refuses a certificate that does not verify unless the target says insecure', async () => {
    const c = openRelay(pg.p.httpPort, '?target=strict');
    await c.reply();
    await c.line('EHLO client.thm');
    await c.line('STARTTLS');
    c.sendControl(pageStartTls());
    // What happened, in the relay's words; what to do (",insecure") is the page's advice for the code.
    expect(await c.control('error')).toEqual({
      type: 'error',
      code: 'tls-failed',
      message: "The server's certificate is self-signed, so it can't be verified.",
    });
    await c.closed;
    expect(c.controls.map((m) => m.type)).toEqual(['connected', 'error', 'closed']);
  });

  it('won’t start TLS on a tls=none target, and says why', async () => {
    const c = openRelay(pg.p.httpPort, '?target=plain');
    await c.reply();
    c.sendControl(pageStartTls());
    expect(await c.control('error')).toMatchObject({ code: 'tls-not-allowed', message: expect.stringContaining('tls=none') });
    expect((await c.closed).code).toBe(1008);
  });

  it('answers a text frame that is not a control message with bad-control', async () => {
    for (const text of ['EHLO as text', '{"type":"STARTTLS"}', '["starttls"]', 'null']) {
      const c = openRelay(pg.p.httpPort, '?target=plain');
      await c.reply();
      c.ws.send(text);
      expect(await c.control('error'), text).toEqual({
        type: 'error',
        code: 'bad-control',
        message: `A text frame must be a JSON control message, such as ${formatControl(pageStartTls())}.`,
      });
      expect((await c.closed).code).toBe(1008);
    }
  });

  it('passes a 50 MiB message with bounded memory (a slow server pauses the page)', async () => {
    const c = openRelay(pg.p.httpPort, '?target=plain');
    await c.reply();
    await c.line('EHLO client.thm');
    await c.line('MAIL FROM:<big@client.thm>');
    await c.line('RCPT TO:<bob@lab.test>');
    expect(await c.line('DATA')).toMatch(/^354 /);
    const line = `${'x'.repeat(998)}\r\n`;
    const chunk = Buffer.from(line.repeat(64)); // 64 000 bytes
    const total = 50 * 1024 * 1024;
    // Garbage is not holding: collect before each sample, so RSS shows what is kept.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const held = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const before = { rss: process.memoryUsage().rss, held: held() };
    const peak = { ...before };
    for (let sent = 0; sent < total; sent += chunk.length) {
      c.send(chunk);
      // A page would wait for its socket to drain; so does this one.
      while (c.ws.bufferedAmount > 1024 * 1024) await new Promise((r) => setImmediate(r));
      if (sent % (4 * 1024 * 1024) < chunk.length) {
        gc();
        peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
        peak.held = Math.max(peak.held, held());
      }
    }
    expect(await c.line('.')).toMatch(/^250 /);
    expect(plain.received.at(-1)?.size).toBeGreaterThanOrEqual(total);
    // Client, relay and server share this process: 50 MiB held anywhere would show.
    // (Sampled, what is held stays under 1 MiB, with bursts of ~20 MiB in flight, and
    // up to ~31 MiB when the machine is busy with other tests: the bound is above that.)
    expect(peak.held - before.held).toBeLessThan(40 * 1024 * 1024);
    expect(peak.rss - before.rss).toBeLessThan(40 * 1024 * 1024);
  });

  it('pauses a server that sends faster than the page reads, and loses nothing', async () => {
    // A server that floods: a 220, then 64 MiB as fast as its socket drains.
    const total = 64 * 1024 * 1024;
    const block = Buffer.alloc(64 * 1024, 'y');
    let written = 0;
    let waiting = false;
    const flood = net.createServer((s) => {
      s.on('error', () => {});
      s.write('220 flood.test ESMTP\r\n');
      const pump = () => {
        waiting = false;
        while (written < total) {
          written += block.length;
          if (!s.write(block)) {
            waiting = true;
            s.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    flood.listen(0, '127.0.0.1');
    await once(flood, 'listening');
    onTestFinished(() => {
      flood.close();
    });
    const { p } = await playground([{ name: 'flood', host: '127.0.0.1', port: (flood.address() as AddressInfo).port, tls: 'none', insecure: false }]);
    onTestFinished(() => p.close());
    const c = openRelay(p.httpPort, '?target=flood');
    await once(c.ws, 'open');
    c.ws.pause(); // the page stops reading (ws ignores a pause before the socket is open)
    // Wait until the flood stalls (or, without backpressure, finishes): bounded, not timed.
    let last = -1;
    for (let i = 0; i < 100 && written < total && !(waiting && written === last); i++) {
      last = written;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Socket buffers on both hops hold some MiB; the relay holds at most its high-water mark.
    expect(written).toBeLessThan(total / 2);
    let got = 0;
    c.ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) got += data.length;
    });
    c.ws.resume();
    await expect.poll(() => got, { timeout: 20_000 }).toBe(total + '220 flood.test ESMTP\r\n'.length);
    c.ws.close();
  });

  it('logs one line per session, with byte counts and no content', async () => {
    const before = pg.log.length;
    const c = openRelay(pg.p.httpPort, '?target=plain');
    await c.reply();
    await c.line('HELO secret-name.test');
    await c.line('QUIT');
    await c.closed;
    await new Promise((r) => setImmediate(r));
    const lines = pg.log.slice(before);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({
      relay: 'session',
      target: 'plain',
      client: '127.0.0.1',
      up: 'HELO secret-name.test\r\nQUIT\r\n'.length,
      end: 'server-closed',
    });
    expect(entry.down).toBeGreaterThan(0);
    expect(lines[0]).not.toContain('secret-name');
  });
});

describe('relay to a server with TLS from the first byte (tls=implicit)', () => {
  it('shakes hands before the greeting, says so, and delivers', async () => {
    const smtps = await upstream(cert, true);
    onTestFinished(() => smtps.close());
    const { p } = await playground([{ name: 'smtps', host: '127.0.0.1', port: smtps.port, tls: 'implicit', insecure: true }]);
    onTestFinished(() => p.close());
    const c = openRelay(p.httpPort, '?target=smtps');
    expect(await c.control('connected')).toMatchObject({ tls: 'implicit', insecure: true });
    expect(await c.control('tls')).toMatchObject({ authorized: false, certificate: { subject: 'CN=lab.test' } });
    // The tls message comes before the first byte of the greeting.
    expect(c.controls.map((m) => m.type)).toEqual(['connected', 'tls']);
    expect(await c.reply()).toMatch(/^220 /);
    await classic(c, 'EHLO');
    expect(smtps.received.at(-1)).toMatchObject({ from: 'user@client.thm', secure: true });
  });
});

describe("relay to Postfix's smtp-sink", () => {
  it.skipIf(!has('smtp-sink'))('carries the classic session to a Postfix test server, which keeps the letter (skipped without smtp-sink)', async () => {
    // A free port for smtp-sink: ask the kernel, then hand it over.
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const dir = mkdtempSync(join(tmpdir(), 'smtp-sink-'));
    chmodSync(dir, 0o777); // smtp-sink writes as nobody
    // -d: each transaction to a file named from this template; -u: root must drop privileges.
    const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
    const sink = spawn('smtp-sink', [...asRoot, '-d', `${dir}/msg.`, `127.0.0.1:${port}`, '10'], { stdio: 'ignore' });
    onTestFinished(() => {
      sink.kill();
      rmSync(dir, { recursive: true, force: true });
    });
    // Up when it accepts a connection (bounded: 50 tries).
    for (let i = 0; i < 50; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { p } = await playground([{ name: 'sink', host: '127.0.0.1', port, tls: 'none', insecure: false }]);
    onTestFinished(() => p.close());
    const c = openRelay(p.httpPort, '?target=sink');
    expect(await c.reply()).toMatch(/^220 .*ESMTP/);
    await classic(c, 'EHLO');
    await expect.poll(() => readdirSync(dir).length).toBe(1);
    const kept = readFileSync(join(dir, readdirSync(dir)[0] as string), 'utf8');
    expect(kept).toContain('X-Mail-Args: <user@client.thm>');
    expect(kept).toContain('X-Rcpt-Args: <strategos@server.thm>');
    expect(kept).toContain('Hello over a WebSocket.');
  });
});

describe('relay to its own sandbox', () => {
  let pg: Awaited<ReturnType<typeof playground>>;
  beforeAll(async () => {
    pg = await playground([], {}, { personality: 'postfix' });
  });
  afterAll(() => pg.p.close());

  it('delivers into the same mailbox as port 2525, over verified STARTTLS', async () => {
    const c = openRelay(pg.p.httpPort, '?target=sandbox');
    expect(await c.control('connected')).toMatchObject({ target: 'sandbox', tls: 'starttls', address: `127.0.0.1:${pg.p.smtpPort}` });
    expect(await c.reply()).toMatch(/^220 example\.thm ESMTP Postfix/);
    await c.line('EHLO client.thm');
    await c.line('STARTTLS');
    c.sendControl(pageStartTls());
    expect(await c.control('tls')).toMatchObject({
      authorized: true,
      authorizationError: null,
      certificate: { subject: 'CN=example.thm', fingerprint: pg.p.certificate.fingerprint },
    });
    await classic(c, 'EHLO');
    expect(String(await newestBytes(pg.p))).toMatch(/with ESMTPS id \w+\r\n\tfor <strategos@server\.thm>/);
  });

  it('trusts its own sandbox’s certificate when --tls-cert names another host than --hostname', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cert-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const own = await makeCertificate('mail.school.test');
    writeFileSync(join(dir, 'cert.pem'), own.cert);
    writeFileSync(join(dir, 'key.pem'), own.key);
    const { p } = await playground([], {}, { tlsCert: join(dir, 'cert.pem'), tlsKey: join(dir, 'key.pem') });
    onTestFinished(() => p.close());
    const c = openRelay(p.httpPort, '?target=sandbox');
    await c.reply();
    await c.line('EHLO client.thm');
    expect(await c.line('STARTTLS')).toMatch(/^220 /);
    c.sendControl(pageStartTls());
    expect(await c.control('tls')).toMatchObject({ authorized: true, certificate: { subject: 'CN=mail.school.test', fingerprint: own.fingerprint } });
    expect(await c.line('EHLO client.thm')).toMatch(/^250[- ]/);
  });

  it('keeps its sessions out of the sandbox’s connection limits: 200 of them leave direct clients their slots', async () => {
    const { p } = await playground([], { maxSessions: 200, maxPerClient: 200 });
    onTestFinished(() => p.close());
    const pages = Array.from({ length: 200 }, () => openRelay(p.httpPort, '?target=sandbox'));
    // All from 127.0.0.1, four times the sandbox's 50 per address: every one is greeted.
    const greetings = await Promise.all(pages.map((c) => c.reply()));
    expect(greetings.filter((g) => g.startsWith('220 '))).toHaveLength(200);
    const direct = await typist(p.smtpPort);
    expect(direct.greeting).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
    expect(await direct.line('QUIT')).toMatch(/^221 /);
    for (const c of pages) c.ws.close();
    await Promise.all(pages.map((c) => c.closed));
  });

  it('serves the targets list for the page', async () => {
    const { body } = await api<unknown[]>(pg.p, '/api/targets');
    expect(body).toEqual([
      { name: 'sandbox', address: `127.0.0.1:${pg.p.smtpPort}`, tls: 'starttls', insecure: false, sandbox: true },
      { name: 'pop3', address: `127.0.0.1:${pg.p.pop3Port}`, tls: 'starttls', insecure: false, sandbox: true },
    ]);
  });
});

describe('relay refusals', () => {
  let wire: Awaited<ReturnType<typeof tripwire>>;
  let pg: Awaited<ReturnType<typeof playground>>;
  beforeAll(async () => {
    wire = await tripwire();
    pg = await playground(
      [{ name: 'lab', host: '127.0.0.1', port: 9, tls: 'starttls', insecure: false }],
      { maxSessions: 4, maxPerClient: 3 },
      { origins: ['http://localhost:5173'] },
    );
  });
  afterAll(async () => {
    await pg.p.close();
    await wire.close();
  });

  it('refuses every spelling of an address that is not a configured target, without connecting', async () => {
    const port = wire.port;
    const spellings = [
      `127.0.0.1:${port}`,
      `127.1:${port}`,
      `2130706433:${port}`,
      `0x7f000001:${port}`,
      `[::ffff:127.0.0.1]:${port}`,
      `[::1]:${port}`,
      `localhost:${port}`,
      `127.0.0.1%3A${port}`,
      `%31%32%37%2e%30%2e%30%2e%31:${port}`,
      `127.0.0.1:${port}%00`,
      `LAB`,
      `lab%20`,
      `sandbox:${port}`,
      `..%2Flab`,
    ];
    for (const spelling of spellings) {
      const c = openRelay(pg.p.httpPort, `?target=${spelling}`);
      expect(await c.control('error'), spelling).toMatchObject({ code: 'unknown-target' });
      expect((await c.closed).code, spelling).toBe(1008);
    }
    for (const query of ['', '?', '?target=', '?target=lab&target=sandbox', '?target=lab&host=127.0.0.1', `?host=127.0.0.1&port=${port}`]) {
      const c = openRelay(pg.p.httpPort, query);
      expect(await c.control('error'), query).toMatchObject({ code: 'bad-request' });
      expect((await c.closed).code).toBe(1008);
    }
    expect(wire.connections()).toBe(0);
  });

  it('tells the learner how to add a server that is not configured', async () => {
    const c = openRelay(pg.p.httpPort, '?target=mail.lab.test:25');
    expect((await c.control('error')).message).toContain('npm start -- --target mail.lab.test:25');
  });

  it('refuses a page from another origin before the WebSocket exists', async () => {
    for (const origin of ['http://evil.test', `http://localhost:${pg.p.httpPort + 1}`, 'null', `https://localhost:${pg.p.httpPort}`]) {
      expect(await openRelay(pg.p.httpPort, '?target=sandbox', { origin }).refused, origin).toBe(403);
    }
    for (const origin of [`http://localhost:${pg.p.httpPort}`, `http://127.0.0.1:${pg.p.httpPort}`, 'http://localhost:5173', '']) {
      const c = openRelay(pg.p.httpPort, '?target=sandbox', { origin });
      expect(await c.refused, origin).toBeNull();
      expect(await c.reply()).toMatch(/^220 /);
      c.ws.close();
      await c.closed;
    }
  });

  it('refuses an upgrade whose Host is not its own, as every other route does (DNS rebinding)', async () => {
    /** The status line of a raw request naming `host`: fetch would not send our Host. */
    const status = async (host: string, upgrade: boolean) => {
      const socket = net.connect(pg.p.httpPort, '127.0.0.1');
      const headers = upgrade
        ? `Origin: http://${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n`
        : 'Connection: close\r\n';
      socket.write(`GET ${upgrade ? '/relay?target=sandbox' : '/api/targets'} HTTP/1.1\r\nHost: ${host}\r\n${headers}\r\n`);
      const [answer] = (await once(socket, 'data')) as [Buffer];
      socket.destroy();
      return answer.toString('latin1').split('\r\n')[0];
    };
    for (const host of ['evil.example', `evil.example:${pg.p.httpPort}`, `127.0.0.1:${pg.p.httpPort + 1}`]) {
      expect(await status(host, true), host).toBe('HTTP/1.1 403 Forbidden');
      expect(await status(host, false), host).toBe('HTTP/1.1 403 Forbidden');
    }
    expect(await status(`localhost:${pg.p.httpPort}`, true)).toBe('HTTP/1.1 101 Switching Protocols');
  });

  it('answers 404 to a WebSocket upgrade anywhere but /relay', async () => {
    const socket = net.connect(pg.p.httpPort, '127.0.0.1');
    socket.write(
      `GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1:${pg.p.httpPort}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    const [answer] = (await once(socket, 'data')) as [Buffer];
    socket.destroy();
    expect(answer.toString('latin1')).toMatch(/^HTTP\/1\.1 404 /);
  });

  it('answers 400 to a request target the URL parser rejects, on both paths, and keeps running', async () => {
    for (const upgrade of [true, false]) {
      const socket = net.connect(pg.p.httpPort, '127.0.0.1');
      const headers = upgrade
        ? 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
        : '';
      socket.write(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${pg.p.httpPort}\r\n${headers}\r\n`);
      const [answer] = (await once(socket, 'data')) as [Buffer];
      socket.destroy();
      expect(answer.toString('latin1'), upgrade ? 'upgrade' : 'request').toMatch(/^HTTP\/1\.1 400 /);
    }
    expect((await api(pg.p, '/api/targets')).status).toBe(200);
  });

  it('survives a bad frame on a session it is refusing', async () => {
    const socket = net.connect(pg.p.httpPort, '127.0.0.1');
    socket.write(
      `GET /relay?target=nope HTTP/1.1\r\nHost: 127.0.0.1:${pg.p.httpPort}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    await once(socket, 'data'); // 101 and the refusal
    socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0])); // opcode 3 is reserved: an invalid frame
    await once(socket, 'close');
    const c = openRelay(pg.p.httpPort, '?target=sandbox');
    expect(await c.reply()).toMatch(/^220 /);
    c.ws.close();
  });

  it('says so when the server refuses the connection', async () => {
    const c = openRelay(pg.p.httpPort, '?target=lab');
    expect(await c.control('error')).toMatchObject({
      code: 'connect-failed',
      message: '127.0.0.1:9 refused the connection: nothing is listening on that port.',
    });
    expect(await c.control('closed')).toMatchObject({ by: 'relay' });
  });

  it('limits sessions per client address, with a message', async () => {
    const open = [0, 1, 2].map(() => openRelay(pg.p.httpPort, '?target=sandbox'));
    await Promise.all(open.map((c) => c.reply()));
    const fourth = openRelay(pg.p.httpPort, '?target=sandbox');
    expect(await fourth.control('error')).toMatchObject({ code: 'too-many-from-client' });
    expect((await fourth.closed).code).toBe(1013);
    for (const c of open) c.ws.close();
    await Promise.all(open.map((c) => c.closed));
  });
});

describe('relay: upstream failures', () => {
  it('says so when a name is not in DNS, and when a server never finishes connecting', async () => {
    // A TCP listener that accepts and then says nothing: implicit TLS never completes.
    const silent = net.createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    onTestFinished(() => {
      silent.close();
    });
    const { p } = await playground(
      [
        { name: 'nowhere', host: 'no-such-host.invalid', port: 25, tls: 'starttls', insecure: false },
        { name: 'silent', host: '127.0.0.1', port: (silent.address() as AddressInfo).port, tls: 'implicit', insecure: false },
      ],
      { connectTimeout: 1 },
    );
    onTestFinished(() => p.close());
    const nowhere = openRelay(p.httpPort, '?target=nowhere');
    expect(await nowhere.control('error')).toMatchObject({ code: 'connect-failed', message: expect.stringContaining('no-such-host.invalid') });
    const hung = openRelay(p.httpPort, '?target=silent');
    expect(await hung.control('error')).toMatchObject({ code: 'connect-failed', message: expect.stringContaining('did not answer within 1 second;') });
    expect(hung.controls.some((c) => c.type === 'connected')).toBe(false);
  });
});

describe('relay: a server that takes STARTTLS and then never answers the handshake', () => {
  it('ends the session after the TLS timeout with tls-failed, saying so', async () => {
    // A real server on loopback: greets, offers STARTTLS, says 220 to it, then reads the ClientHello and says nothing.
    const mute = net.createServer((s) => {
      s.on('error', () => {});
      s.write('220 mute.test ESMTP\r\n');
      let said = '';
      const onData = (d: Buffer) => {
        said += d.toString('latin1');
        if (said.includes('EHLO')) s.write('250-mute.test\r\n250 STARTTLS\r\n');
        if (said.includes('STARTTLS')) {
          s.off('data', onData);
          s.write('220 2.0.0 Ready to start TLS\r\n');
          s.resume(); // read whatever comes, answer nothing
        }
        said = said.slice(-16);
      };
      s.on('data', onData);
    });
    mute.listen(0, '127.0.0.1');
    await once(mute, 'listening');
    onTestFinished(() => {
      mute.close();
    });
    const { p, log } = await playground([{ name: 'mute', host: '127.0.0.1', port: (mute.address() as AddressInfo).port, tls: 'starttls', insecure: true }], {
      tlsTimeout: 1,
    });
    onTestFinished(() => p.close());
    const c = openRelay(p.httpPort, '?target=mute');
    expect(await c.reply()).toMatch(/^220 /);
    expect(await c.line('EHLO client.thm')).toMatch(/^250 STARTTLS/m);
    expect(await c.line('STARTTLS')).toMatch(/^220 /);
    c.sendControl(pageStartTls());
    expect(await c.control('error')).toEqual({
      type: 'error',
      code: 'tls-failed',
      message: 'The server did not answer the TLS handshake within 1 second, so the relay ended the session.',
    });
    expect(await c.control('closed')).toMatchObject({ by: 'relay' });
    await c.closed;
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(log.at(-1) as string)).toMatchObject({ target: 'mute', end: 'tls-failed' });
  });
});

describe('relay limits', () => {
  it('ends a silent session, a session over its byte budget, and an oversized frame', async () => {
    const { p, log } = await playground([], { idleTimeout: 1, maxBytes: 4096, maxPayload: 2048 });
    onTestFinished(() => p.close());
    const quiet = openRelay(p.httpPort, '?target=sandbox');
    await quiet.reply();
    expect(await quiet.control('error')).toMatchObject({ code: 'idle-timeout' });

    const chatty = openRelay(p.httpPort, '?target=sandbox');
    await chatty.reply();
    for (let i = 0; i < 3; i++) chatty.send(`NOOP ${'n'.repeat(1500)}\r\n`);
    expect(await chatty.control('error')).toMatchObject({ code: 'byte-limit' });

    const big = openRelay(p.httpPort, '?target=sandbox');
    await big.reply();
    expect(big.controls.find((c) => c.type === 'connected')).toMatchObject({ maxFrame: 2048 });
    big.send('x'.repeat(4000));
    expect(await big.control('error')).toMatchObject({ code: 'frame-too-big', message: expect.stringContaining('at most 2048 at once') });
    expect((await big.closed).code).toBe(1009);

    // Well past the limit ws refuses the frame from its header, before buffering it.
    const huge = openRelay(p.httpPort, '?target=sandbox');
    await huge.reply();
    huge.send('x'.repeat(2048 + 64 * 1024 + 1));
    expect((await huge.closed).code).toBe(1009);
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(log.at(-1) as string)).toMatchObject({ end: 'frame-too-big', up: 0 });
  });

  it('limits sessions in total, with a message, and takes a new one when one ends', async () => {
    const { p, log } = await playground([], { maxSessions: 2, maxPerClient: 10 });
    onTestFinished(() => p.close());
    const open = [0, 1].map(() => openRelay(p.httpPort, '?target=sandbox'));
    await Promise.all(open.map((c) => c.reply()));
    const third = openRelay(p.httpPort, '?target=sandbox');
    expect(await third.control('error')).toMatchObject({ code: 'too-many-sessions', message: expect.stringContaining('2 sessions open') });
    expect((await third.closed).code).toBe(1013);
    (open[0] as (typeof open)[number]).ws.close();
    await (open[0] as (typeof open)[number]).closed;
    await expect.poll(() => log.some((l) => JSON.parse(l).end === 'page-closed')).toBe(true);
    const again = openRelay(p.httpPort, '?target=sandbox');
    expect(await again.reply()).toMatch(/^220 /);
    again.ws.close();
    (open[1] as (typeof open)[number]).ws.close();
  });

  it('ends a session whose server stopped reading, and reads the page’s close frame at once', async () => {
    // A server that greets, then never reads: the relay pauses the page side to wait for it.
    const sink = net.createServer((s) => {
      s.on('error', () => {});
      s.pause();
      s.write('220 sink.test ESMTP\r\n');
    });
    sink.listen(0, '127.0.0.1');
    await once(sink, 'listening');
    onTestFinished(() => {
      sink.close();
    });
    const { p } = await playground([{ name: 'sink', host: '127.0.0.1', port: (sink.address() as AddressInfo).port, tls: 'none', insecure: false }], {
      idleTimeout: 1,
    });
    onTestFinished(() => p.close());
    const c = openRelay(p.httpPort, '?target=sink');
    expect(await c.reply()).toMatch(/^220 /);
    const block = Buffer.alloc(64 * 1024, 'z');
    for (let i = 0; i < 128; i++) c.send(block); // 8 MiB: more than every buffer on the way holds
    expect(await c.control('error')).toMatchObject({ code: 'idle-timeout' });
    // Still paused, the relay would not read the page's close frame and ws would wait 30 s.
    expect((await c.closed).code).toBe(1000);
  });

  it('ends a session at its lifetime, however busy', async () => {
    // Postfix-like: it takes a hundred NOOPs before they count against it (Exim hangs up at the eleventh).
    const { p, log } = await playground([], { maxLifetime: 1 }, { personality: 'postfix' });
    onTestFinished(() => p.close());
    const busy = openRelay(p.httpPort, '?target=sandbox');
    await busy.reply();
    let ended = false;
    busy.control('error').then(() => {
      ended = true;
    });
    // Keep talking (the idle timer never fires) until the relay says the time is up.
    for (let i = 0; i < 100 && !ended; i++) {
      await busy.line('NOOP').catch(() => ''); // the close may come while a reply is awaited
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await busy.control('error')).toMatchObject({ code: 'session-lifetime' });
    await busy.closed;
    expect(JSON.parse(log.at(-1) as string)).toMatchObject({ end: 'session-lifetime' });
  });

  it('drops a peer that stops answering pings', async () => {
    const { p, log } = await playground([], { heartbeat: 1 });
    onTestFinished(() => p.close());
    const dead = openRelay(p.httpPort, '?target=sandbox', { autoPong: false });
    await dead.reply();
    expect((await dead.closed).code).toBe(1006);
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(log.at(-1) as string)).toMatchObject({ end: 'heartbeat' });
  });

  it('holds 100 sessions at once', async () => {
    const { p } = await playground([], { maxSessions: 150, maxPerClient: 150 });
    onTestFinished(() => p.close());
    const clients = Array.from({ length: 100 }, () => openRelay(p.httpPort, '?target=sandbox'));
    await Promise.all(clients.map((c) => c.reply()));
    const replies = await Promise.all(clients.map((c, i) => c.line(`EHLO client${i}.thm`)));
    expect(replies.every((r) => r.startsWith('250-example.thm Hello'))).toBe(true);
    const byes = await Promise.all(clients.map((c) => c.line('QUIT')));
    expect(byes.filter((r) => r.startsWith('221 '))).toHaveLength(100);
  });
});
