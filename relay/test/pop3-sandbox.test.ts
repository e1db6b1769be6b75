/**
 * The POP3 sandbox over TCP: the seed's walk as a terminal types it, implicit TLS, the
 * bounds in Dovecot's words, the Maildir read by POP3, the watch feed and the relay's
 * `pop3` target.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identifyPop3Reply, Mailbox, Maildrops, pageStartTls, parseWatchEvent, type WatchSessionEvent } from '@smtp-playground/shared';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import type { MessageSummary } from '../src/http-server.js';
import { startPop3Sandbox } from '../src/pop3-sandbox.js';
import { popTypist, rawBytes, sendOverSmtp, unstuff } from './pop3-support.js';
import { api, typist, usePlayground } from './support.js';

describe('the seed walk, typed in a terminal', () => {
  const playground = usePlayground();

  it('telnet localhost 2110, USER strategos, PASS sandbox, LIST, RETR 1 shows the message the SMTP seed session sent, QUIT', async () => {
    // The seed's SMTP session, line by line.
    const s = await typist(playground().smtpPort);
    await s.line('HELO client.thm');
    await s.line('MAIL FROM: <user@client.thm>');
    await s.line('RCPT TO: <strategos@server.thm>');
    await s.line('DATA');
    for (const l of ['From: user@client.thm', 'To: strategos@server.thm', 'Subject: Telnet email', '', 'Hello. I am using telnet to send you an email!']) {
      await s.line(l, '\r\n', false);
    }
    const id = /^250 OK id=(\S+)\r\n$/.exec(await s.line('.'))?.[1] as string;
    await s.line('QUIT');
    const raw = await rawBytes(playground(), id);

    // And POP3, as a learner types it.
    const t = await popTypist(playground().pop3Port);
    expect(t.greeting).toBe('+OK Dovecot ready.\r\n');
    expect(await t.line('USER strategos')).toBe('+OK\r\n');
    expect(await t.line('PASS sandbox')).toBe('+OK Logged in.\r\n');
    expect(await t.multi('LIST')).toBe(`+OK 1 messages:\r\n1 ${raw.length}\r\n.\r\n`);
    const retr = await t.multi('RETR 1');
    expect(retr.startsWith(`+OK ${raw.length} octets\r\n`)).toBe(true);
    const message = retr.slice(retr.indexOf('\r\n') + 2);
    expect(message).toContain('\r\n\r\nHello. I am using telnet to send you an email!\r\n.\r\n');
    expect(Buffer.from(unstuff(message), 'latin1').equals(raw)).toBe(true);
    expect(await t.line('QUIT')).toBe('+OK Logging out.\r\n');
    await t.ended;
  });
});

describe('the POP3 sandbox in the playground', () => {
  const playground = usePlayground({ pop3sPort: 0 });

  it('speaks implicit TLS on the pop3s port: no STLS offered, the same maildrop', async () => {
    const { raw } = await sendOverSmtp(playground(), 'implicit@server.thm', 'over implicit TLS');
    const t = await popTypist(playground().pop3sPort as number, { implicitTls: true });
    expect(t.greeting).toBe('+OK Dovecot ready.\r\n');
    const capa = await t.multi('CAPA');
    expect(capa).toContain('\r\nUSER\r\n');
    expect(capa).not.toContain('STLS');
    expect(await t.line('STLS')).toBe('-ERR TLS is already active.\r\n');
    expect(await t.line('USER implicit')).toBe('+OK\r\n');
    expect(await t.line('PASS sandbox')).toBe('+OK Logged in.\r\n');
    const retr = await t.multi('RETR 1');
    expect(Buffer.from(unstuff(retr.slice(retr.indexOf('\r\n') + 2)), 'latin1').equals(raw)).toBe(true);
    expect(await t.line('QUIT')).toBe('+OK Logging out.\r\n');
  });

  it('offers STLS on the plain port and reads the login after the handshake', async () => {
    await sendOverSmtp(playground(), 'stls@server.thm', 'after STLS');
    const t = await popTypist(playground().pop3Port);
    expect(await t.multi('CAPA')).toContain('\r\nSTLS\r\n');
    expect(await t.line('STLS')).toBe('+OK Begin TLS negotiation now.\r\n');
    await t.startTls();
    expect(await t.line('USER stls')).toBe('+OK\r\n');
    expect(await t.line('PASS sandbox')).toBe('+OK Logged in.\r\n');
    expect(await t.line('STAT')).toMatch(/^\+OK 1 \d+\r\n$/);
    expect(await t.line('QUIT')).toBe('+OK Logging out.\r\n');
  });

  it('applies DELE at QUIT to that user’s maildrop only; the mailbox API still lists the message', async () => {
    const p = playground();
    const transport = (await import('nodemailer')).default.createTransport({ host: '127.0.0.1', port: p.smtpPort, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({ from: 'a@client.thm', to: ['alice@server.thm', 'bob@server.thm'], subject: 'to two', text: 'hi' });
    transport.close();
    const id = /id=(\S+)$/.exec(info.response)?.[1];
    const alice = await popTypist(p.pop3Port);
    await alice.line('USER alice');
    await alice.line('PASS sandbox');
    expect(await alice.line('DELE 1')).toBe('+OK Marked to be deleted.\r\n');
    expect(await alice.line('QUIT')).toBe('+OK Logging out, messages deleted.\r\n');
    const again = await popTypist(p.pop3Port);
    await again.line('USER alice');
    await again.line('PASS sandbox');
    expect(await again.line('STAT')).toBe('+OK 0 0\r\n');
    await again.line('QUIT');
    const bob = await popTypist(p.pop3Port);
    await bob.line('USER bob');
    await bob.line('PASS sandbox');
    expect(await bob.line('STAT')).toMatch(/^\+OK 1 \d+\r\n$/);
    await bob.line('QUIT');
    const { body } = await api<MessageSummary[]>(p, '/api/messages');
    expect(body.map((m) => m.id)).toContain(id);
  });

  it('is watched as a POP3 session on GET /api/watch?protocol=pop3, and not on the SMTP feed', async () => {
    const p = playground();
    const pop3: WatchSessionEvent[] = [];
    const smtp: WatchSessionEvent[] = [];
    onTestFinished(p.watch.subscribe((e) => pop3.push(e), { protocol: 'pop3' }));
    onTestFinished(p.watch.subscribe((e) => smtp.push(e)));
    const t = await popTypist(p.pop3Port);
    // Sessions of the tests before may still be closing: this one is known by its client port.
    const client = `127.0.0.1:${t.socket.localPort}`;
    await t.line('QUIT');
    await t.ended;
    const opened = pop3.find((e) => e.type === 'opened' && e.client === client);
    expect(opened).toMatchObject({ type: 'opened', port: p.pop3Port, implicitTls: false });
    const mine = () => pop3.filter((e) => e.id === opened?.id);
    for (let i = 0; i < 100 && !mine().some((e) => e.type === 'closed'); i++) await new Promise((r) => setTimeout(r, 10));
    const said = mine().flatMap((e) => (e.type === 'bytes' ? [`${e.direction}: ${Buffer.from(e.data).toString('latin1')}`] : []));
    expect(said).toEqual(['server: +OK Dovecot ready.\r\n', 'client: QUIT\r\n', 'server: +OK Logging out\r\n']);
    expect(mine().at(-1)?.type).toBe('closed');
    expect(smtp).toEqual([]);
    const refused = await api<{ error: string }>(p, '/api/watch?protocol=imap');
    expect(refused.status).toBe(400);
  });

  it('streams POP3 sessions to a page that asks for ?protocol=pop3 as Server-Sent Events', async () => {
    const p = playground();
    const abort = new AbortController();
    onTestFinished(() => abort.abort());
    const res = await fetch(`http://127.0.0.1:${p.httpPort}/api/watch?protocol=pop3`, { signal: abort.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let stream = '';
    const readUntil = async (text: string) => {
      for (let i = 0; i < 50 && !stream.includes(text); i++) stream += (await reader.read()).value ?? '';
      return stream.includes(text);
    };
    expect(await readUntil('event: hello')).toBe(true);
    const t = await popTypist(p.pop3Port);
    expect(await readUntil('event: opened')).toBe(true);
    const opened = parseWatchEvent('opened', /event: opened\ndata: (.*)\n/.exec(stream)?.[1] ?? '');
    expect(opened).toMatchObject({ type: 'opened', port: p.pop3Port, client: `127.0.0.1:${t.socket.localPort}` });
    await t.line('QUIT');
  });

  it('is the relay’s pop3 target, STLS upgraded on the page’s request', async () => {
    const p = playground();
    const ws = new WebSocket(`ws://127.0.0.1:${p.httpPort}/relay?target=pop3`, { origin: `http://localhost:${p.httpPort}` });
    let text = '';
    const controls: string[] = [];
    const wake = new Set<() => void>();
    ws.on('message', (data: Buffer, binary: boolean) => {
      if (binary) text += data.toString('latin1');
      else controls.push(JSON.parse(data.toString('utf8')).type);
      for (const w of [...wake]) w();
    });
    onTestFinished(() => ws.terminate());
    const until = (check: () => boolean) =>
      new Promise<void>((resolve) => {
        const attempt = () => {
          if (!check()) return;
          wake.delete(attempt);
          resolve();
        };
        wake.add(attempt);
        attempt();
      });
    await until(() => text.endsWith('\r\n'));
    expect(text).toBe('+OK Dovecot ready.\r\n');
    ws.send(Buffer.from('STLS\r\n'));
    await until(() => text.endsWith('negotiation now.\r\n'));
    ws.send(JSON.stringify(pageStartTls()));
    await until(() => controls.filter((c) => c === 'tls').length === 1);
    ws.send(Buffer.from('CAPA\r\n'));
    await until(() => text.endsWith('\r\n.\r\n'));
    expect(text).toContain('SASL PLAIN\r\n.\r\n');
    expect(text.slice(text.indexOf('CAPA'))).not.toContain('STLS');
    expect(controls.slice(0, 2)).toEqual(['connected', 'tls']);
  });
});

describe('the POP3 sandbox’s bounds, in Dovecot’s words', () => {
  async function bare(limits: Parameters<typeof startPop3Sandbox>[0]['limits']) {
    const mailbox = new Mailbox();
    const sandbox = await startPop3Sandbox({ host: '127.0.0.1', port: 0, maildrops: new Maildrops(mailbox), limits });
    onTestFinished(() => sandbox.close());
    return { port: (sandbox.server.address() as AddressInfo).port, sandbox, mailbox };
  }

  it('refuses a connection past the per-client cap with -ERR and closes it, and serves another address', async () => {
    const { port } = await bare({ maxPerClient: 2 });
    const held = [await popTypist(port), await popTypist(port)];
    const third = await popTypist(port);
    expect(third.greeting).toBe('-ERR Maximum number of connections from user+IP exceeded (mail_max_userip_connections=2)\r\n');
    await third.ended;
    const other = await popTypist(port, { localAddress: '127.0.0.2' });
    expect(other.greeting).toBe('+OK Dovecot ready.\r\n');
    for (const t of held) expect(await t.line('QUIT')).toBe('+OK Logging out\r\n');
  });

  it('refuses a connection past the server’s limit with “Connection queue full”', async () => {
    const { port } = await bare({ maxConnections: 1 });
    const held = await popTypist(port);
    const next = await popTypist(port, { localAddress: '127.0.0.2' });
    expect(next.greeting).toBe('-ERR Connection queue full\r\n');
    await next.ended;
    expect(await held.line('QUIT')).toBe('+OK Logging out\r\n');
  });

  it('says -ERR and hangs up on a silent client; what it marked stays', async () => {
    const { port, mailbox } = await bare({ idleTimeoutMs: 100 });
    const raw = Buffer.from('Subject: kept\r\n\r\nstill here\r\n');
    mailbox.add({ id: 'm1', mailFrom: '', rcptTo: ['idle@server.thm'], raw, size: raw.length, receivedAt: '', helo: '', clientAddress: '', protocol: 'SMTP' });
    const t = await popTypist(port);
    await t.line('USER idle');
    await t.line('PASS sandbox');
    expect(await t.line('DELE 1')).toBe('+OK Marked to be deleted.\r\n');
    expect(await t.status()).toBe('-ERR Disconnected for inactivity.\r\n');
    await t.ended;
    const next = await popTypist(port);
    await next.line('USER idle');
    await next.line('PASS sandbox');
    expect(await next.line('STAT')).toBe(`+OK 1 ${raw.length}\r\n`);
  });

  it('says words the page’s observer knows and explains', () => {
    const said = [
      ['connect', 'Connection queue full', 'ERR_TOO_MANY_CONNECTIONS'],
      ['connect', 'Maximum number of connections from user+IP exceeded (mail_max_userip_connections=2)', 'ERR_TOO_MANY_FROM_CLIENT'],
      ['STAT', 'Disconnected for inactivity.', 'ERR_IDLE_TIMEOUT'],
      ['LIST', 'Server shutting down.', 'ERR_SHUTTING_DOWN'],
    ] as const;
    for (const [context, text, key] of said) expect(identifyPop3Reply(context, '-ERR', text), text).toBe(key);
  });

  it('tells open sessions “Server shutting down.” when it stops', async () => {
    const { port, sandbox } = await bare({});
    const t = await popTypist(port);
    await sandbox.close();
    expect(await t.status()).toBe('-ERR Server shutting down.\r\n');
    await t.ended;
  });
});

describe('the POP3 sandbox over --maildir', () => {
  let dir = '';
  // Registered before the playground's own hooks: made before it starts, removed after it stops.
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pop3-maildir-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const playground = usePlayground({
    get maildir() {
      return dir;
    },
  });

  it('retrieves from the Maildir byte for byte, and finds a message a mail program moved to cur/', async () => {
    const p = playground();
    const { id, raw } = await sendOverSmtp(p, 'disk@server.thm', 'from the Maildir');
    const t = await popTypist(p.pop3Port);
    await t.line('USER disk');
    await t.line('PASS sandbox');
    expect(await t.multi('LIST')).toBe(`+OK 1 messages:\r\n1 ${raw.length}\r\n.\r\n`);
    const retr = await t.multi('RETR 1');
    expect(Buffer.from(unstuff(retr.slice(retr.indexOf('\r\n') + 2)), 'latin1').equals(raw)).toBe(true);
    // A mail program marks it seen: new/NAME → cur/NAME:2,S, under the open session's feet.
    const { readdir, rename } = await import('node:fs/promises');
    const [file] = await readdir(join(dir, 'new'));
    await rename(join(dir, 'new', file as string), join(dir, 'cur', `${file}:2,S`));
    const again = await t.multi('RETR 1');
    expect(again).toBe(retr);
    expect(await t.line('QUIT')).toBe('+OK Logging out.\r\n');
    expect((await api<MessageSummary[]>(p, '/api/messages')).body.map((m) => m.id)).toEqual([id]);
  });
});

describe('pipelined RETRs of a large message', () => {
  const playground = usePlayground();

  it('answers every one, in order, one message at a time, and goes on serving', async () => {
    const p = playground();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: p.smtpPort, secure: false, ignoreTLS: true });
    const line = `${'y'.repeat(76)}\n`;
    await transport.sendMail({ from: 'sender@client.thm', to: 'big@server.thm', subject: 'big', text: line.repeat(16_000) });
    transport.close();
    const count = 64;
    const socket = net.connect(p.pop3Port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((r) => socket.once('data', r));
    // Everything in one write: the server must not read all 64 RETRs at once and hold 64 copies.
    socket.write(`USER big\r\nPASS sandbox\r\n${'RETR 1\r\n'.repeat(count)}QUIT\r\n`);
    await new Promise((r) => socket.once('close', r));
    const text = Buffer.concat(chunks).toString('latin1');
    expect(text.match(/\r\n\+OK \d+ octets\r\n/g)).toHaveLength(count);
    expect(text.endsWith('+OK Logging out.\r\n')).toBe(true);
    const t = await popTypist(p.pop3Port);
    expect(t.greeting).toBe('+OK Dovecot ready.\r\n');
    await t.line('QUIT');
  });
});
