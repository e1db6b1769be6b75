import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMessageList } from '@smtp-playground/shared';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { api, storedBytes, usePlayground } from './support.js';

describe('the mailbox API', () => {
  const playground = usePlayground();
  const send = (subject: string, to = 'bob@server.test') =>
    nodemailer
      .createTransport({ host: '127.0.0.1', port: playground().smtpPort, secure: false, ignoreTLS: true })
      .sendMail({ from: 'ann@client.test', to, subject, text: 'hello' });
  /** GET /api/messages, read with the page's parser. */
  const list = async () => {
    const res = await fetch(`http://127.0.0.1:${playground().httpPort}/api/messages`);
    const messages = parseMessageList(await res.text());
    expect(messages).not.toBeNull();
    return messages ?? [];
  };

  it('lists messages newest first, with envelope, size, time and the decoded Subject, From, To and Date', async () => {
    await send('first');
    await send('Grüße aus dem Sandkasten ✉', 'carol@server.test');
    const [newest, oldest] = await list();
    expect(newest).toEqual({
      id: expect.stringMatching(/^[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}$/),
      mailFrom: 'ann@client.test',
      rcptTo: ['carol@server.test'],
      size: (await storedBytes(playground(), newest?.id ?? ''))?.length,
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      subject: 'Grüße aus dem Sandkasten ✉',
      from: 'ann@client.test',
      to: 'carol@server.test',
      date: expect.stringMatching(/^\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/),
    });
    expect(oldest?.subject).toBe('first');
    // The subject really was encoded on the wire (RFC 2047), so the API decoded it.
    expect((await api<string>(playground(), `/api/messages/${newest?.id}/raw`)).body).toMatch(/^Subject: =\?UTF-8\?/m);
  });

  it('serves the stored bytes of a message as message/rfc822', async () => {
    const [m] = await list();
    const res = await fetch(`http://127.0.0.1:${playground().httpPort}/api/messages/${m?.id}/raw`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    // A message is data: stricter than the page, never run, never framed.
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(await storedBytes(playground(), m?.id ?? ''));
  });

  it('answers 404 JSON for an unknown id, a malformed id and an unknown API path', async () => {
    for (const path of ['/api/messages/nope/raw', '/api/messages/%E0%A4%A/raw', '/api/nothing', '/api']) {
      expect(await api(playground(), path)).toMatchObject({ status: 404, body: { error: 'not-found' } });
    }
  });

  it('answers 405 with an Allow header to methods it does not take', async () => {
    const post = await api(playground(), '/api/messages', { method: 'POST' });
    expect(post).toMatchObject({ status: 405, body: { error: 'method-not-allowed' } });
    expect(post.headers.get('allow')).toBe('GET, HEAD, DELETE');
    expect((await api(playground(), '/api/messages/x/raw', { method: 'DELETE' })).status).toBe(405);
    expect((await api(playground(), '/', { method: 'PUT' })).status).toBe(405);
  });

  it('empties the mailbox on DELETE', async () => {
    const [m] = await list();
    expect(m).toBeDefined();
    expect((await api(playground(), '/api/messages', { method: 'DELETE' })).status).toBe(204);
    expect(await list()).toEqual([]);
    expect((await api(playground(), `/api/messages/${m?.id}/raw`)).status).toBe(404);
  });

  it('says to build the page when there is none', async () => {
    const page = await api<string>(playground(), '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('npm run build');
  });
});

describe('serving the built page', () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'smtp-playground-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>the page</title>');
  writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));
  const playground = usePlayground({}, webRoot);

  it('serves index.html at / and for the page’s own routes', async () => {
    for (const path of ['/', '/mailbox', '/lessons/first-hello']) {
      const res = await api<string>(playground(), path);
      expect(res).toMatchObject({ status: 200, body: '<!doctype html><title>the page</title>' });
    }
  });

  it('serves the page’s files with their types, and the API beside them', async () => {
    const script = await api<string>(playground(), '/assets/app.js');
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await api(playground(), '/api/messages')).toMatchObject({ status: 200, body: [] });
  });

  it('sends the security headers with the page, its files, the favicon and every API answer', async () => {
    const common = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
    const csp = (path: string): Promise<Record<string, string | number>> =>
      api(playground(), path).then((r) => ({ ...Object.fromEntries(r.headers), status: r.status }));
    for (const path of ['/', '/mailbox', '/assets/app.js', '/favicon.svg']) {
      const h = await csp(path);
      expect(h, path).toMatchObject({ ...common, status: 200 });
      // Only its own files; no inline script or style, no framing.
      expect(h['content-security-policy'], path).toBe("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    }
    expect((await csp('/favicon.svg'))['content-type']).toBe('image/svg+xml');
    for (const [path, status] of [
      ['/api/messages', 200],
      ['/api/targets', 200],
      ['/api/nothing', 404],
    ] as const) {
      expect(await csp(path), path).toMatchObject({ ...common, status, 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" });
    }
  });
});

describe('listening on loopback by default', () => {
  const playground = usePlayground({ smtpsPort: 0 });
  // An address of this machine that is not loopback; a machine with none has nothing to prove.
  const outside = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

  it.skipIf(!outside)('refuses connections to the machine’s other addresses on every port (skipped without one)', async () => {
    const p = playground();
    const attempt = (port: number) =>
      new Promise<string>((resolve) => {
        const s = net.connect(port, outside as string);
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    for (const port of [p.smtpPort, p.httpPort, p.smtpsPort as number]) expect(await attempt(port), `port ${port}`).toBe('ECONNREFUSED');
    // …and the same ports answer on loopback, so the refusals mean something.
    expect((await api(p, '/api/targets')).status).toBe(200);
  });
});
