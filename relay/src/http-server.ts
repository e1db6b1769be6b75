/**
 * HTTP: the built page (web/dist) and the mailbox API.
 *
 *   GET    /api/messages          newest first: id, mailFrom, rcptTo, size, receivedAt, subject
 *   GET    /api/messages/:id/raw  the stored bytes, as message/rfc822 (404 if unknown)
 *   DELETE /api/messages          empties the mailbox (204)
 *
 * Subjects are decoded with postal-mime (RFC 2047 encoded words and all), once per
 * message. API errors are JSON with a stable `error` code.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { Mailbox, StoredMessage } from '@smtp-playground/shared';
import PostalMime from 'postal-mime';
import sirv from 'sirv';

export interface HttpServerOptions {
  mailbox: Mailbox;
  /** The built web app; when missing, / explains how to build it. */
  webRoot: string;
}

const NOT_BUILT = `<!doctype html><title>SMTP Playground</title>
<p>The page is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds first).</p>
<p>The sandbox SMTP server and the <a href="/api/messages">mailbox API</a> work without it.</p>`;

/** A path segment decoded; a malformed escape matches no message rather than failing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function json(res: http.ServerResponse, status: number, body: unknown, allow?: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(allow ? { allow } : {}) });
  res.end(JSON.stringify(body));
}

export function createHttpServer(options: HttpServerOptions): http.Server {
  const subjects = new Map<string, Promise<string>>();
  options.mailbox.subscribe((e) => {
    if (e.type === 'messagesRemoved') for (const id of e.ids) subjects.delete(id);
  });
  const subjectOf = (m: StoredMessage) => {
    let s = subjects.get(m.id);
    if (!s) {
      s = PostalMime.parse(m.raw).then(
        (email) => email.subject ?? '',
        () => '',
      );
      subjects.set(m.id, s);
    }
    return s;
  };

  const serveStatic = existsSync(options.webRoot) ? sirv(options.webRoot, { single: true, etag: true }) : null;

  async function api(req: http.IncomingMessage, res: http.ServerResponse, path: string) {
    if (path === '/api/messages') {
      if (req.method === 'DELETE') {
        options.mailbox.clear();
        res.writeHead(204).end();
        return;
      }
      if (req.method !== 'GET') return json(res, 405, { error: 'method-not-allowed', message: 'Use GET or DELETE.' }, 'GET, DELETE');
      const list = options.mailbox.list();
      const body = await Promise.all(
        list.map(async (m) => ({ id: m.id, mailFrom: m.mailFrom, rcptTo: m.rcptTo, size: m.size, receivedAt: m.receivedAt, subject: await subjectOf(m) })),
      );
      return json(res, 200, body);
    }
    const raw = /^\/api\/messages\/([^/]+)\/raw$/.exec(path);
    if (raw) {
      if (req.method !== 'GET') return json(res, 405, { error: 'method-not-allowed', message: 'Use GET.' }, 'GET');
      const m = options.mailbox.get(safeDecode(raw[1] as string));
      if (!m) return json(res, 404, { error: 'not-found', message: 'No message with that id.' });
      res.writeHead(200, { 'content-type': 'message/rfc822', 'content-length': m.raw.length, 'content-disposition': `inline; filename="${m.id}.eml"` });
      res.end(m.raw);
      return;
    }
    json(res, 404, { error: 'not-found', message: 'No such API path.' });
  }

  return http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/api/')) {
      api(req, res, path).catch(() => json(res, 500, { error: 'internal', message: 'Something went wrong.' }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method-not-allowed', message: 'Use GET.' }, 'GET, HEAD');
    if (serveStatic) return serveStatic(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(NOT_BUILT);
  });
}
