/**
 * Watching: a raw TCP session on the sandbox port, seen through GET /api/watch as the
 * page sees it (Server-Sent Events), and the HTTP server's Host check.
 */
import http from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { api, typist, usePlayground } from './support.js';

const playground = usePlayground();

interface ServerSentEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads /api/watch as an EventSource would; `until` waits for an event matching `test`. */
async function watch(port: number, query = '') {
  const abort = new AbortController();
  onTestFinished(() => abort.abort());
  const res = await fetch(`http://127.0.0.1:${port}/api/watch${query}`, { signal: abort.signal });
  const events: ServerSentEvent[] = [];
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
        if (event && data) events.push({ event, data: JSON.parse(data) });
        end = buffer.indexOf('\n\n');
      }
      for (const w of [...waiters]) w();
    }
  })().catch(() => {});
  return {
    res,
    events,
    until: (test: (e: ServerSentEvent) => boolean) =>
      new Promise<ServerSentEvent>((resolve) => {
        const check = () => {
          const found = events.find(test);
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

const text = (e: ServerSentEvent) => Buffer.from(e.data.data as string, 'base64').toString('utf8');

describe('GET /api/watch', () => {
  it('streams a telnet-style session on the sandbox port: opened, both directions, closed, and the mailbox', async () => {
    const w = await watch(playground().httpPort);
    expect(w.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await w.until((e) => e.event === 'hello');
    const t = await typist(playground().smtpPort);
    const opened = await w.until((e) => e.event === 'opened');
    expect(opened.data).toMatchObject({ client: expect.stringMatching(/^127\.0\.0\.1:\d+$/), port: playground().smtpPort, implicitTls: false });
    const id = opened.data.id;
    await t.line('HELO watcher.thm');
    await t.line('MAIL FROM:<w@watcher.thm>');
    await t.line('RCPT TO:<seen@server.thm>');
    await t.line('DATA');
    await t.line('Subject: watched\r\n\r\nHello, whoever is watching.\r\n.');
    await t.line('QUIT');
    await t.ended;
    await w.until((e) => e.event === 'closed' && e.data.id === id);
    const mine = w.events.filter((e) => e.event === 'bytes' && e.data.id === id);
    const client = mine
      .filter((e) => e.data.direction === 'client')
      .map(text)
      .join('');
    const server = mine
      .filter((e) => e.data.direction === 'server')
      .map(text)
      .join('');
    expect(client).toBe(
      'HELO watcher.thm\r\nMAIL FROM:<w@watcher.thm>\r\nRCPT TO:<seen@server.thm>\r\nDATA\r\nSubject: watched\r\n\r\nHello, whoever is watching.\r\n.\r\nQUIT\r\n',
    );
    expect(server).toMatch(
      /^220 example\.thm ESMTP Exim 4\.95 .*\r\n250 example\.thm Hello watcher\.thm.*\r\n250 OK\r\n250 Accepted\r\n354 .*\r\n250 OK id=\S+\r\n221 example\.thm closing connection\r\n$/,
    );
    expect(w.events.some((e) => e.event === 'mailbox' && (e.data.count as number) >= 1)).toBe(true);
  });

  it('leaves the bytes out for a page that follows only the mailbox (?bytes=0)', async () => {
    const full = await watch(playground().httpPort);
    const lean = await watch(playground().httpPort, '?bytes=0');
    await Promise.all([full.until((e) => e.event === 'hello'), lean.until((e) => e.event === 'hello')]);
    const t = await typist(playground().smtpPort);
    const client = `127.0.0.1:${t.socket.localPort}`;
    await t.line('HELO lean.thm');
    await t.line('MAIL FROM:<w@lean.thm>');
    await t.line('RCPT TO:<seen@server.thm>');
    await t.line('DATA');
    await t.line('Subject: lean\r\n\r\nOnly the count, please.\r\n.');
    await t.line('QUIT');
    await t.ended;
    const opened = await full.until((e) => e.event === 'opened' && e.data.client === client);
    // The full watcher saw the session's bytes and its close; by then the lean one has had its events too.
    await full.until((e) => e.event === 'closed' && e.data.id === opened.data.id);
    await lean.until((e) => e.event === 'closed' && e.data.id === opened.data.id);
    expect(full.events.some((e) => e.event === 'bytes' && e.data.id === opened.data.id)).toBe(true);
    expect(lean.events.some((e) => e.event === 'bytes')).toBe(false);
    expect(lean.events.map((e) => e.event)).toEqual(expect.arrayContaining(['hello', 'opened', 'mailbox', 'closed']));
  });

  it('names the sessions already open when a watcher arrives', async () => {
    const t = await typist(playground().smtpPort);
    onTestFinished(() => {
      t.close();
    });
    const w = await watch(playground().httpPort);
    const hello = await w.until((e) => e.event === 'hello');
    expect(hello.data.sessions).toContainEqual(expect.objectContaining({ client: `127.0.0.1:${t.socket.localPort}` }));
  });
});

describe('the Host check', () => {
  it('answers 403 to a name that is not ours, so DNS rebinding reads nothing', async () => {
    const p = playground();
    const refused = await get(p.httpPort, '/api/messages', `attacker.test:${p.httpPort}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'bad-host' });
    expect((await get(p.httpPort, '/api/watch', `localhost.attacker.test:${p.httpPort}`)).status).toBe(403);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) expect((await get(p.httpPort, '/api/targets', `${host}:${p.httpPort}`)).status, host).toBe(200);
    expect((await api(p, '/api/targets')).status).toBe(200);
  });
});
