/**
 * Watching: a raw TCP session on the sandbox port, seen through GET /api/watch as the
 * page sees it (Server-Sent Events, each read with the page's own parser, shared's
 * parseWatchEvent), and the HTTP server's Host check.
 */
import http from 'node:http';
import { parseApiError, parseTargetList, parseWatchEvent, type WatchEvent } from '@smtp-playground/shared';
import { describe, expect, it, onTestFinished } from 'vitest';
import { api, typist, usePlayground } from './support.js';

const playground = usePlayground();

/**
 * Reads /api/watch as an EventSource would, and each event as the page does;
 * `until` waits for an event matching `test`. An event the parser refuses fails the test.
 */
async function watch(port: number, query = '') {
  const abort = new AbortController();
  const unparsed: string[] = [];
  onTestFinished(() => {
    abort.abort();
    expect(unparsed).toEqual([]);
  });
  const res = await fetch(`http://127.0.0.1:${port}/api/watch${query}`, { signal: abort.signal });
  const events: WatchEvent[] = [];
  const waiters = new Set<() => void>();
  (async () => {
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) {
          const e = parseWatchEvent(event, data);
          if (e) events.push(e);
          else unparsed.push(block);
        }
        end = buffer.indexOf('\n\n');
      }
      for (const w of [...waiters]) w();
    }
  })().catch(() => {});
  return {
    res,
    events,
    /** The first event of this type that passes `test`. */
    until: <T extends WatchEvent['type']>(type: T, test: (e: Extract<WatchEvent, { type: T }>) => boolean = () => true) =>
      new Promise<Extract<WatchEvent, { type: T }>>((resolve) => {
        const check = () => {
          const found = events.find((e): e is Extract<WatchEvent, { type: T }> => e.type === type && test(e as Extract<WatchEvent, { type: T }>));
          if (found) {
            waiters.delete(check);
            resolve(found);
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

/** A GET with a Host header of our choosing (fetch won't let us set one). */
function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** What one side of a session sent, as the page decoded it. */
const sent = (events: WatchEvent[], id: string, direction: 'client' | 'server') =>
  events
    .filter((e) => e.type === 'bytes' && e.id === id && e.direction === direction)
    .map((e) => (e.type === 'bytes' ? Buffer.from(e.data).toString('utf8') : ''))
    .join('');

describe('GET /api/watch', () => {
  it('streams a telnet-style session on the sandbox port: opened, both directions, closed, and the mailbox', async () => {
    const w = await watch(playground().httpPort);
    expect(w.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await w.until('hello');
    const t = await typist(playground().smtpPort);
    const opened = await w.until('opened');
    expect(opened).toEqual({
      type: 'opened',
      id: expect.any(String),
      client: `127.0.0.1:${t.socket.localPort}`,
      port: playground().smtpPort,
      implicitTls: false,
      at: expect.any(Number),
    });
    const id = opened.id;
    await t.line('HELO watcher.thm');
    await t.line('MAIL FROM:<w@watcher.thm>');
    await t.line('RCPT TO:<seen@server.thm>');
    await t.line('DATA');
    await t.line('Subject: watched\r\n\r\nHello, whoever is watching.\r\n.');
    await t.line('QUIT');
    await t.ended;
    const closed = await w.until('closed', (e) => e.id === id);
    expect(closed.at).toBeGreaterThanOrEqual(opened.at);
    expect(sent(w.events, id, 'client')).toBe(
      'HELO watcher.thm\r\nMAIL FROM:<w@watcher.thm>\r\nRCPT TO:<seen@server.thm>\r\nDATA\r\nSubject: watched\r\n\r\nHello, whoever is watching.\r\n.\r\nQUIT\r\n',
    );
    expect(sent(w.events, id, 'server')).toMatch(
      /^220 example\.thm ESMTP Exim 4\.95 .*\r\n250 example\.thm Hello watcher\.thm.*\r\n250 OK\r\n250 Accepted\r\n354 .*\r\n250 OK id=\S+\r\n221 example\.thm closing connection\r\n$/,
    );
    // The mailbox's change carries the new message's summary, so the page need not fetch the list.
    const stored = await w.until('messageStored', (e) => e.message.subject === 'watched');
    expect(stored.message).toMatchObject({ mailFrom: 'w@watcher.thm', rcptTo: ['seen@server.thm'], subject: 'watched', from: '', to: '' });
    expect(playground().mailbox.summaries()).toContainEqual(stored.message);
  });

  it('leaves the bytes out for a page that follows only the mailbox (?bytes=0)', async () => {
    const full = await watch(playground().httpPort);
    const lean = await watch(playground().httpPort, '?bytes=0');
    await Promise.all([full.until('hello'), lean.until('hello')]);
    const t = await typist(playground().smtpPort);
    const client = `127.0.0.1:${t.socket.localPort}`;
    await t.line('HELO lean.thm');
    await t.line('MAIL FROM:<w@lean.thm>');
    await t.line('RCPT TO:<seen@server.thm>');
    await t.line('DATA');
    await t.line('Subject: lean\r\n\r\nOnly the mailbox, please.\r\n.');
    await t.line('QUIT');
    await t.ended;
    const opened = await full.until('opened', (e) => e.client === client);
    // The full watcher saw the session's bytes and its close; by then the lean one has had its events too.
    await full.until('closed', (e) => e.id === opened.id);
    await lean.until('closed', (e) => e.id === opened.id);
    expect(full.events.some((e) => e.type === 'bytes' && e.id === opened.id)).toBe(true);
    expect(lean.events.some((e) => e.type === 'bytes')).toBe(false);
    expect(lean.events.map((e) => e.type)).toEqual(expect.arrayContaining(['hello', 'opened', 'messageStored', 'closed']));
  });

  it('names the sessions already open when a watcher arrives', async () => {
    const t = await typist(playground().smtpPort);
    onTestFinished(() => {
      t.close();
    });
    const w = await watch(playground().httpPort);
    const hello = await w.until('hello');
    expect(hello.sessions).toContainEqual({ id: expect.any(String), client: `127.0.0.1:${t.socket.localPort}`, startedAt: expect.any(Number) });
  });
});

describe('the Host check', () => {
  it('answers 403 to a name that is not ours, so DNS rebinding reads nothing', async () => {
    const p = playground();
    const refused = await get(p.httpPort, '/api/messages', `attacker.test:${p.httpPort}`);
    expect(refused.status).toBe(403);
    expect(parseApiError(refused.body)).toEqual({ error: 'bad-host', message: 'This server answers only to its own loopback names, such as localhost.' });
    expect((await get(p.httpPort, '/api/watch', `localhost.attacker.test:${p.httpPort}`)).status).toBe(403);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const answer = await get(p.httpPort, '/api/targets', `${host}:${p.httpPort}`);
      expect(answer.status, host).toBe(200);
      expect(parseTargetList(answer.body), host).toEqual([
        { name: 'sandbox', address: `127.0.0.1:${p.smtpPort}`, tls: 'starttls', insecure: false, sandbox: true },
        { name: 'pop3', address: `127.0.0.1:${p.pop3Port}`, tls: 'starttls', insecure: false, sandbox: true },
      ]);
    }
    expect((await api(p, '/api/targets')).status).toBe(200);
  });
});
