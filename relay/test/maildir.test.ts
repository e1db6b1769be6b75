/**
 * --maildir: every message answered 250 is on disk before the 250, in Maildir layout,
 * and nothing else is; a restart lists the messages again; a real Maildir reader
 * (Python's mailbox.Maildir) reads them; and SIGKILL at any moment, in the middle of
 * DATA too, loses no message that got its 250 and leaves no partial file in new/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mailbox, type MessageSummary, parseMessageList, type StoredMessage } from '@smtp-playground/shared';
import nodemailer from 'nodemailer';
import { decodeWords } from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULTS } from '../src/config.js';
import { Maildir } from '../src/maildir.js';
import { startPlayground } from '../src/playground.js';
import { startTcpSandbox } from '../src/tcp-sandbox.js';
import { buildRelay, killAll, type RelayProcess, startRelay } from './relay-process.js';
import { api, has, run, storedBytes, typist, usePlayground } from './support.js';

/** A fresh directory for one test, removed after it. */
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-playground-maildir-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const files = (dir: string, sub: string) => (existsSync(join(dir, sub)) ? readdirSync(join(dir, sub)).sort() : []);

function stored(id: string, text: string, receivedAt = new Date().toISOString()): StoredMessage {
  const raw = Buffer.from(`Return-Path: <ann@client.test>\r\nReceived: from client.test\r\n\tby example.thm id ${id}\r\n${text}`);
  return {
    id,
    mailFrom: 'ann@client.test',
    rcptTo: ['bob@server.test', 'hidden@server.test'],
    raw,
    size: raw.length,
    receivedAt,
    helo: 'client.test',
    clientAddress: '127.0.0.1',
    protocol: 'ESMTP',
  };
}

async function bytesOf(box: Maildir, id: string): Promise<Buffer | null> {
  const m = await box.read(id);
  if (!m) return null;
  if (m.body instanceof Uint8Array) return Buffer.from(m.body);
  const chunks: Buffer[] = [];
  for await (const c of m.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('Maildir', () => {
  it('writes each message through tmp/ into new/, its envelope beside it, and lists it again after a restart', async () => {
    const dir = scratch();
    const box = await Maildir.open(dir, undefined, decodeWords);
    const m = stored('1sMrpq-0001Ah-UT', 'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nFrom: Ann <ann@client.test>\r\n\r\nHello\r\n');
    await box.add(m);
    expect(files(dir, 'tmp')).toEqual([]);
    const [name] = files(dir, 'new');
    expect(name).toMatch(/^\d+\.M\d+P\d+Q1\.[^/:]+$/);
    expect(readFileSync(join(dir, 'new', name as string))).toEqual(Buffer.from(m.raw));
    expect(JSON.parse(readFileSync(join(dir, 'envelopes', `${name}.json`), 'utf8'))).toMatchObject({ id: m.id, mailFrom: m.mailFrom, rcptTo: m.rcptTo });
    const listed = box.summaries();
    expect(listed).toEqual([expect.objectContaining({ id: m.id, subject: 'Grüße', from: 'Ann <ann@client.test>', rcptTo: m.rcptTo, size: m.size })]);

    const again = await Maildir.open(dir, undefined, decodeWords);
    expect(again.summaries()).toEqual(listed);
    expect(await bytesOf(again, m.id)).toEqual(Buffer.from(m.raw));
    expect(await again.read('no-such-id')).toBeNull();
  });

  it('keeps the mailbox’s bounds on disk: the oldest files go, as they arrive and at start', async () => {
    const dir = scratch();
    const box = await Maildir.open(dir, { maxMessages: 3, maxBytes: 1_000_000 });
    const removed: string[][] = [];
    box.subscribe((e) => e.type === 'messagesRemoved' && removed.push(e.ids));
    for (let i = 1; i <= 5; i++) await box.add(stored(`id-${i}`, `Subject: ${i}\r\n\r\n`, `2025-01-01T00:00:0${i}.000Z`));
    expect(box.summaries().map((s) => s.id)).toEqual(['id-5', 'id-4', 'id-3']);
    expect(removed).toEqual([['id-1'], ['id-2']]);
    await box.close();
    await new Promise((r) => setTimeout(r, 50)); // deletions run after the store settles
    expect(files(dir, 'new')).toHaveLength(3);
    expect(files(dir, 'envelopes')).toHaveLength(3);
    // Smaller bounds at the next start: the oldest go then.
    const smaller = await Maildir.open(dir, { maxMessages: 2, maxBytes: 1_000_000 });
    expect(smaller.summaries().map((s) => s.id)).toEqual(['id-5', 'id-4']);
    expect(files(dir, 'new')).toHaveLength(2);
    await smaller.clear();
    expect(smaller.summaries()).toEqual([]);
    expect(files(dir, 'new')).toEqual([]);
    expect(files(dir, 'envelopes')).toEqual([]);
  });

  it('lists a message dropped in by hand from its headers, and reads one a mail program moved to cur/', async () => {
    const dir = scratch();
    const box = await Maildir.open(dir);
    await box.add(stored('moved', 'Subject: read already\r\n\r\nbody\r\n'));
    const [name] = files(dir, 'new');
    // What mutt does when it has shown a message: new/NAME → cur/NAME:2,S.
    renameSync(join(dir, 'new', name as string), join(dir, 'cur', `${name}:2,S`));
    expect(String(await bytesOf(box, 'moved'))).toContain('Subject: read already');
    writeFileSync(join(dir, 'new', '1700000000.byhand.host'), 'Return-Path: <x@y.test>\r\nDelivered-To: me@here.test\r\nSubject: by hand\r\n\r\nhi\r\n');
    const again = await Maildir.open(dir);
    // Newest first: the one by hand has no envelope, so its time is its file's (now).
    expect(again.summaries().map((s) => [s.id, s.subject, s.mailFrom, s.rcptTo])).toEqual([
      ['1700000000.byhand.host', 'by hand', 'x@y.test', ['me@here.test']],
      ['moved', 'read already', 'ann@client.test', ['bob@server.test', 'hidden@server.test']],
    ]);
  });

  it('drops at start what a killed run left half-done: a partial file in tmp/, an envelope whose message never arrived', async () => {
    const dir = scratch();
    await Maildir.open(dir);
    writeFileSync(join(dir, 'tmp', `1700000000.M1P99Q7.host`), 'Subject: half a mess');
    writeFileSync(join(dir, 'tmp', 'someone-elses-fresh-file'), 'being written by another program');
    writeFileSync(join(dir, 'tmp', 'someone-elses-old-file'), 'left two days ago');
    const twoDaysAgo = Date.now() / 1000 - 48 * 3600;
    utimesSync(join(dir, 'tmp', 'someone-elses-old-file'), twoDaysAgo, twoDaysAgo);
    writeFileSync(join(dir, 'envelopes', '1700000000.M1P99Q7.host.json'), '{"id":"orphan"}');
    const box = await Maildir.open(dir);
    expect(box.summaries()).toEqual([]);
    expect(files(dir, 'tmp')).toEqual(['someone-elses-fresh-file']);
    expect(files(dir, 'envelopes')).toEqual([]);
  });

  it('refuses a directory it cannot use, saying which', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a-file'), '');
    await expect(Maildir.open(join(dir, 'a-file'))).rejects.toThrow(`${join(dir, 'a-file')} can't be used as a Maildir`);
  });
});

describe('the 250 waits for the store', () => {
  /** A mailbox whose stores settle when the test says. */
  function slowMailbox() {
    const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
    const kept = new Mailbox();
    return {
      kept,
      pending,
      add: (m: StoredMessage) =>
        new Promise<void>((resolve, reject) => {
          pending.push({
            resolve: () => {
              kept.add(m);
              resolve();
            },
            reject,
          });
        }),
    };
  }

  async function sandboxWith(mailbox: { add(m: StoredMessage): void | Promise<void> }) {
    const sandbox = await startTcpSandbox({ host: '127.0.0.1', port: 0, mailbox });
    onTestFinished(() => sandbox.close());
    return (sandbox.server.address() as AddressInfo).port;
  }

  it('holds the 250, and every reply after it, until the message is stored', async () => {
    const box = slowMailbox();
    const t = await typist(await sandboxWith(box));
    await t.line('EHLO client.test');
    await t.line('MAIL FROM:<a@client.test>');
    await t.line('RCPT TO:<b@server.test>');
    await t.line('DATA');
    let heard = '';
    t.socket.on('data', (d) => {
      heard += d;
    });
    // The letter's end and a pipelined RSET and QUIT in one write: no reply until the store settles.
    // (Not NOOP: after a DATA, Exim answers a NOOP with more input behind it 554, a synchronization error.)
    t.socket.write('Subject: wait\r\n\r\nfor the disk\r\n.\r\nRSET\r\nQUIT\r\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toBe('');
    expect(box.pending).toHaveLength(1);
    box.pending[0]?.resolve();
    await t.ended;
    expect(heard).toMatch(/^250 OK id=\S+\r\n250 Reset OK\r\n221 example\.thm closing connection\r\n$/);
    expect(box.kept.summaries().map((s) => s.subject)).toEqual(['wait']);
  });

  it('never says 250 for a message it could not store: 421, the connection closes, and nothing is kept', async () => {
    const box = slowMailbox();
    const t = await typist(await sandboxWith(box));
    await t.line('HELO client.test');
    await t.line('MAIL FROM:<a@client.test>');
    await t.line('RCPT TO:<b@server.test>');
    await t.line('DATA');
    const reply = t.line('Subject: lost\r\n\r\ndisk full\r\n.');
    await new Promise((r) => setTimeout(r, 50));
    box.pending[0]?.reject(new Error('ENOSPC: no space left on device'));
    expect(await reply).toBe('421 example.thm: Service not available - closing connection\r\n');
    await t.ended;
    expect(box.kept.summaries()).toEqual([]);
  });

  it('with --maildir, answers 421 and lists nothing when the Maildir cannot be written', async () => {
    const dir = scratch();
    const p = await startPlaygroundOn(dir);
    rmSync(join(dir, 'new'), { recursive: true }); // the rename into new/ now fails
    const t = await typist(p.smtpPort);
    await t.line('HELO client.test');
    await t.line('MAIL FROM:<a@client.test>');
    await t.line('RCPT TO:<b@server.test>');
    await t.line('DATA');
    expect(await t.line('Subject: nowhere\r\n\r\nto go\r\n.')).toMatch(/^421 /);
    expect((await api<MessageSummary[]>(p, '/api/messages')).body).toEqual([]);
    expect(files(dir, 'tmp')).toEqual([]);
    expect(files(dir, 'envelopes')).toEqual([]);
  });
});

/** An in-process playground on a Maildir, closed after the test. */
async function startPlaygroundOn(dir: string) {
  const p = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0, maildir: dir }, '/nonexistent', { log: () => {} });
  onTestFinished(() => p.close());
  return p;
}

describe('a playground on a Maildir', () => {
  // Named now, made by the playground when it starts: a run that skips these tests leaves nothing behind.
  const dir = join(tmpdir(), `smtp-playground-maildir-${process.pid}-${Date.now()}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const playground = usePlayground({ maildir: dir });
  const letters = [
    { subject: 'Grüße aus dem Sandkasten ✉', text: 'UTF-8 in the body: Grüße\n' },
    { subject: 'dots', text: '.a line that starts with a dot\n..and two\n.\nend\n' },
    { subject: 'plain', text: 'Hello Bob' },
  ];

  it('stores what nodemailer sends, serves it byte for byte, and Python’s mailbox.Maildir reads the same (skipped without python3)', async () => {
    const p = playground();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: p.smtpPort, secure: false, ignoreTLS: true });
    for (const l of letters)
      await transport.sendMail({ from: 'Ann <ann@client.test>', to: 'bob@server.test', bcc: 'carol@server.test', subject: l.subject, text: l.text });
    const list = parseMessageList(await (await fetch(`http://127.0.0.1:${p.httpPort}/api/messages`)).text()) ?? [];
    expect(list.map((m) => m.subject)).toEqual(letters.map((l) => l.subject).reverse());
    expect(list[0]?.rcptTo).toEqual(['bob@server.test', 'carol@server.test']);
    const served = new Map<string, Buffer>();
    for (const m of list) {
      const res = await fetch(`http://127.0.0.1:${p.httpPort}/api/messages/${m.id}/raw`);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body).toEqual(await storedBytes(p, m.id));
      expect(Number(res.headers.get('content-length'))).toBe(m.size);
      served.set(m.subject, body);
    }
    expect(String(served.get('dots'))).toContain('\r\n.a line that starts with a dot\r\n..and two\r\n.\r\nend\r\n');
    if (!has('python3')) return;
    const read = await pythonReads(dir);
    expect(read.map((r) => r.subject).sort()).toEqual(letters.map((l) => l.subject).sort());
    for (const r of read) expect(r.sha256, r.subject).toBe(sha256(served.get(r.subject) as Buffer));
  });
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every message of a Maildir as Python's mailbox module reads it: its decoded Subject and the SHA-256 of its bytes. */
async function pythonReads(dir: string): Promise<{ subject: string; sha256: string; folder: string }[]> {
  const script = `
import email, email.policy, hashlib, json, mailbox, sys
box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
out = []
for key in box.keys():
    raw = box.get_bytes(key)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out.append({"subject": str(msg["subject"] or ""), "sha256": hashlib.sha256(raw).hexdigest(), "folder": box.get_message(key).get_subdir()})
print(json.dumps(out))
`;
  const { stdout } = await run('python3', ['-c', script, dir]);
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------------
// The real process, killed

/** A tiny deterministic random source (a seed is printed, so a failure can be replayed). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Delivery {
  n: number;
  /** The letter as the client means it (CRLF lines, not dot-stuffed). */
  text: Buffer;
  state: 'waiting' | 'connected' | 'in-data' | 'dot-sent' | 'accepted' | 'failed';
  /** The queue id from the 250. */
  id?: string;
  /** The bytes /raw served between the 250 and the kill, when there was time to ask. */
  before?: Buffer;
}

function letter(n: number, random: () => number): Buffer {
  const lines = [`From: sender${n}@client.test`, `To: rcpt${n}@server.test`, `Subject: delivery ${n}`, `Message-ID: <${n}@client.test>`, ''];
  // Mostly short letters, some of a few hundred KB: a kill lands mid-write more often on those.
  const count = random() < 0.2 ? 2000 + Math.floor(random() * 4000) : Math.floor(random() * 60);
  for (let i = 0; i < count; i++) {
    const r = random();
    lines.push(r < 0.05 ? '' : r < 0.12 ? `.dot-started line ${i} of ${n}` : `line ${i} of delivery ${n} ${'x'.repeat(Math.floor(random() * 70))}`);
  }
  lines.push(`end of delivery ${n}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** Dot-stuffing (RFC 5321 4.5.2), so the server's unstuffing gives back `text`. */
const stuffed = (text: Buffer) => Buffer.from(text.toString('latin1').replace(/(^|\r\n)\./g, '$1..'), 'latin1');

/**
 * One delivery over a raw socket, one command at a time. `midData`: write half the
 * letter, call it (the test kills the server then), and never finish.
 */
function deliver(port: number, d: Delivery, midData?: () => void): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = '';
    const steps = [
      () => socket.write('EHLO client.test\r\n'),
      () => socket.write(`MAIL FROM:<sender${d.n}@client.test>\r\n`),
      () => socket.write(`RCPT TO:<rcpt${d.n}@server.test>\r\n`),
      () => socket.write('DATA\r\n'),
      () => {
        d.state = 'in-data';
        const body = stuffed(d.text);
        if (midData) {
          socket.write(body.subarray(0, body.length >> 1), () => midData());
          return;
        }
        socket.write(body);
        socket.write('.\r\n', () => {
          if (d.state === 'in-data') d.state = 'dot-sent';
        });
      },
      () => socket.end('QUIT\r\n'),
    ];
    const expected = ['220', '250', '250', '250', '354', '250', '221'];
    let step = 0;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (let m = /^(\d{3}) [^\r\n]*\r\n/m.exec(buffer); m; m = /^(\d{3}) [^\r\n]*\r\n/m.exec(buffer)) {
        buffer = buffer.slice(m.index + m[0].length);
        if (m[1] !== expected[step]) {
          d.state = 'failed';
          socket.destroy();
          return;
        }
        if (step === 0) d.state = 'connected';
        if (step === 5) {
          d.state = 'accepted';
          d.id = /id=(\S+)/.exec(m[0])?.[1];
        }
        steps[step++]?.();
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (d.state === 'waiting' || d.state === 'connected') d.state = 'failed';
      resolve();
    });
  });
}

/** Whether `raw` is exactly our trace headers (Return-Path, one folded Received naming `id`) and then `text`. */
function storedExactly(raw: Buffer, text: Buffer, sender: string, id: string): boolean {
  if (raw.length <= text.length || !raw.subarray(raw.length - text.length).equals(text)) return false;
  const trace = raw.subarray(0, raw.length - text.length).toString('latin1');
  return new RegExp(`^Return-Path: <${sender}>\\r\\nReceived: [^\\r\\n]*\\r\\n(?:[ \\t][^\\r\\n]*\\r\\n)*$`).test(trace) && trace.includes(`id ${id}`);
}

describe('the real process on a Maildir, killed with SIGKILL', () => {
  beforeAll(() => buildRelay(), 300_000);
  afterAll(() => killAll());

  it('keeps every message that got a 250 across 200 deliveries and kills at random points and mid-DATA, byte for byte, with no partial file in new/', async () => {
    const dir = scratch();
    const seed = Number(process.env.MAILDIR_KILL_SEED ?? Date.now() % 1_000_000);
    const random = lcg(seed);
    const deliveries: Delivery[] = Array.from({ length: 200 }, (_, i) => ({ n: i + 1, text: letter(i + 1, random), state: 'waiting' as const }));
    let next = 0;
    const midDataVictims: Delivery[] = [];
    let rounds = 0;
    for (; next < deliveries.length && rounds < 60; rounds++) {
      const relay: RelayProcess = await startRelay(['--maildir', dir]);
      let alive = true;
      const midData = rounds % 3 === 1; // every third round ends in the middle of a DATA
      let reachedMidData: () => void = () => {};
      const halfway = new Promise<void>((r) => {
        reachedMidData = r;
      });
      const worker = async (w: number) => {
        let first = true;
        while (alive && next < deliveries.length) {
          const d = deliveries[next++] as Delivery;
          const victim = midData && w === 0 && first;
          first = false;
          if (victim) midDataVictims.push(d);
          await deliver(relay.smtpPort, d, victim ? reachedMidData : undefined);
          if (victim) return;
          if (d.state === 'accepted' && alive) {
            // What /raw serves now, to compare with what it serves after the restart.
            const body = await fetch(`http://127.0.0.1:${relay.httpPort}/api/messages/${d.id}/raw`)
              .then((r) => (r.ok ? r.arrayBuffer() : null))
              .catch(() => null);
            if (body) d.before = Buffer.from(body);
          }
        }
      };
      const workers = [0, 1, 2, 3].map(worker);
      if (midData) await Promise.race([halfway, new Promise((r) => setTimeout(r, 5000))]);
      else await new Promise((r) => setTimeout(r, 30 + random() * 400));
      alive = false;
      await relay.kill();
      await Promise.all(workers);
    }

    const relay = await startRelay(['--maildir', dir]);
    const list = parseMessageList(await (await fetch(`http://127.0.0.1:${relay.httpPort}/api/messages`)).text()) ?? [];
    const raw = async (id: string) =>
      Buffer.from(await (await fetch(`http://127.0.0.1:${relay.httpPort}/api/messages/${encodeURIComponent(id)}/raw`)).arrayBuffer());
    const accepted = deliveries.filter((d) => d.state === 'accepted');
    const cutBefore250 = deliveries.filter((d) => d.state === 'dot-sent').length;
    const byId = new Map(list.map((m) => [m.id, m]));
    // Every 250 is there, byte for byte, and as /raw served it before the kill.
    for (const d of accepted) {
      const m = byId.get(d.id as string);
      expect(m, `delivery ${d.n} (id ${d.id}, seed ${seed})`).toBeDefined();
      expect(m?.subject).toBe(`delivery ${d.n}`);
      const bytes = await raw(d.id as string);
      expect(storedExactly(bytes, d.text, `sender${d.n}@client.test`, d.id as string), `delivery ${d.n}, seed ${seed}`).toBe(true);
      if (d.before) expect(bytes.equals(d.before), `delivery ${d.n} changed across the restart`).toBe(true);
    }
    // Nothing else: each message listed was sent whole (its dot went out), never one cut off mid-DATA.
    for (const m of list) {
      const d = deliveries.find((x) => `delivery ${x.n}` === m.subject);
      expect(d && ['accepted', 'dot-sent'].includes(d.state), `listed ${m.subject} (${d?.state}), seed ${seed}`).toBe(true);
      expect(storedExactly(await raw(m.id), (d as Delivery).text, `sender${d?.n}@client.test`, m.id)).toBe(true);
    }
    for (const v of midDataVictims) expect(list.some((m) => m.subject === `delivery ${v.n}`)).toBe(false);
    // On disk: every file in new/ and cur/ is one whole listed message; tmp/ was cleaned at start.
    const onDisk = [...files(dir, 'new').map((f) => join(dir, 'new', f)), ...files(dir, 'cur').map((f) => join(dir, 'cur', f))];
    expect(onDisk).toHaveLength(list.length);
    for (const path of onDisk) {
      const bytes = readFileSync(path);
      const n = Number(/^Subject: delivery (\d+)\r$/m.exec(bytes.toString('latin1'))?.[1]);
      expect(bytes.subarray(bytes.length - (deliveries[n - 1]?.text.length ?? 0)).equals(deliveries[n - 1]?.text as Buffer), path).toBe(true);
    }
    expect(files(dir, 'tmp')).toEqual([]);
    expect(files(dir, 'envelopes')).toHaveLength(list.length);
    // And a real Maildir reader reads the same messages, byte for byte.
    if (has('python3')) {
      const read = await pythonReads(dir);
      expect(read).toHaveLength(list.length);
      for (const m of list) expect(read.find((r) => r.subject === m.subject)?.sha256).toBe(sha256(await raw(m.id)));
    }
    console.log(
      `maildir kill test (seed ${seed}): ${rounds} kills (${midDataVictims.length} mid-DATA), ${accepted.length} of 200 deliveries got a 250, ` +
        `${cutBefore250} were cut between their final dot and the 250, ${list.length} messages listed after the restart`,
    );
    expect(accepted.length).toBeGreaterThan(50);
    expect(midDataVictims.length).toBeGreaterThan(0);
    await relay.kill();
  }, 300_000);

  it('lists a 12 MB message of 4 million lines 100 times with the process’s RSS growing less than 64 MiB, in memory and on a Maildir', async () => {
    const head = Buffer.from('From: ann@client.test\r\nTo: bob@server.test\r\nSubject: big\r\n\r\n');
    const raw = Buffer.concat([head, Buffer.alloc(4_000_000 * 3, 'x\r\n')]);
    for (const args of [[], ['--maildir', scratch()]]) {
      const relay = await startRelay(args);
      onTestFinished(() => relay.kill());
      await nodemailer
        .createTransport({ host: '127.0.0.1', port: relay.smtpPort, secure: false, ignoreTLS: true })
        .sendMail({ envelope: { from: 'ann@client.test', to: ['bob@server.test'] }, raw });
      const list = async () => parseMessageList(await (await fetch(`http://127.0.0.1:${relay.httpPort}/api/messages`)).text());
      expect((await list())?.map((m) => m.subject)).toEqual(['big']);
      const before = relay.rss();
      for (let i = 0; i < 100; i++) expect((await list())?.length).toBe(1);
      const growth = relay.rss() - before;
      console.log(
        `real process${args.length ? ' on a Maildir' : ', in memory'}: RSS ${(before / 2 ** 20).toFixed(0)} MiB after the delivery, +${(growth / 2 ** 20).toFixed(1)} MiB after 100 listings`,
      );
      expect(growth).toBeLessThan(64 * 2 ** 20);
      await relay.kill();
    }
  }, 120_000);
});

describe('a bounce on a Maildir (the later-bounce scenario)', () => {
  const dir = join(tmpdir(), `smtp-playground-bounce-${process.pid}-${Date.now()}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const playground = usePlayground({ maildir: dir, scenario: 'later-bounce' });

  it('has the bounce from <> on disk by the time nodemailer gets its 250, and no copy for the failed recipient', async () => {
    const p = playground();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: p.smtpPort, secure: false, ignoreTLS: true });
    const info = await transport.sendMail({ from: 'ann@client.test', to: 'nobody@server.test', subject: 'Are you there?', text: 'Hello?' });
    expect(info.accepted).toEqual(['nobody@server.test']); // a 250 is not delivery
    const list = p.mailbox.summaries(); // read at once: the 250 waited for the disk
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ mailFrom: '', rcptTo: ['ann@client.test'], subject: 'Mail delivery failed: returning message to sender' });
    expect(String(await storedBytes(p, list[0]?.id ?? ''))).toContain('Content-Type: message/delivery-status');
    expect(readdirSync(join(dir, 'new'))).toHaveLength(1);
  });
});
