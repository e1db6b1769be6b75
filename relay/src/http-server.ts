/**
 * HTTP: the built page (web/dist) and the mailbox API.
 *
 *   GET    /api/messages          newest first: id, mailFrom, rcptTo, size, receivedAt, subject
 *   GET    /api/messages/:id/raw  the stored bytes, as message/rfc822 (404 if unknown)
 *   DELETE /api/messages          empties the mailbox (204)
 *   GET    anything else          the page's files; unknown paths get index.html, so the
 *                                 page's own routes survive a reload
 *
 * HEAD goes wherever GET does (RFC 9110 9.1); any other method is 405 with an Allow
 * header. Subjects are decoded with postal-mime (RFC 2047 encoded words and all), once
 * per message. API errors are JSON with a stable `error` code.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { Mailbox, StoredMessage } from '@smtp-playground/shared';
import PostalMime from 'postal-mime';
import sirv from 'sirv';

export interface HttpServerOptions {
  mailbox: Mailbox;
  /** The built web app; when it has no index.html, / explains how to build it. */
  webRoot: string;
}

/** One entry of GET /api/messages. */
export interface MessageSummary {
  id: string;
  mailFrom: string;
  rcptTo: string[];
  size: number;
  /** ISO 8601. */
  receivedAt: string;
  /** Decoded; "" when the message has none. */
  subject: string;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>SMTP Playground</title>
<p>The page is not built yet. Run <code>npm run build</code>, then start again (<code>npm start</code> does both).</p>
<p>The sandbox SMTP server and the <a href="/api/messages">mailbox API</a> work without it.</p>`;

/** A path segment decoded; a malformed escape matches no message rather than failing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** Whether the method is one of `allowed` (HEAD counts as GET); if not, answers 405. */
function allow(req: http.IncomingMessage, res: http.ServerResponse, allowed: string[]): boolean {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (method && allowed.includes(method)) return true;
  const list = allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
  json(res, 405, { error: 'method-not-allowed', message: `Use ${allowed.join(' or ')}.` }, { allow: list });
  return false;
}

export function createHttpServer(options: HttpServerOptions): http.Server {
  const { mailbox } = options;
  // Decoded subjects by message id; entries go when their message leaves the mailbox.
  const subjects = new Map<string, Promise<string>>();
  mailbox.subscribe((e) => {
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

  const serveStatic = existsSync(join(options.webRoot, 'index.html')) ? sirv(options.webRoot, { single: true, etag: true }) : null;

  async function api(req: http.IncomingMessage, res: http.ServerResponse, path: string) {
    if (path === '/api/messages') {
      if (!allow(req, res, ['GET', 'DELETE'])) return;
      if (req.method === 'DELETE') {
        mailbox.clear();
        res.writeHead(204).end();
        return;
      }
      const summaries = await Promise.all(
        mailbox.list().map(
          async (m): Promise<MessageSummary> => ({
            id: m.id,
            mailFrom: m.mailFrom,
            rcptTo: m.rcptTo,
            size: m.size,
            receivedAt: m.receivedAt,
            subject: await subjectOf(m),
          }),
        ),
      );
      return json(res, 200, summaries);
    }
    const raw = /^\/api\/messages\/([^/]+)\/raw$/.exec(path);
    if (raw) {
      if (!allow(req, res, ['GET'])) return;
      const m = mailbox.get(safeDecode(raw[1] as string));
      if (!m) return json(res, 404, { error: 'not-found', message: 'No message with that id.' });
      res.writeHead(200, {
        'content-type': 'message/rfc822',
        'content-length': m.raw.length,
        'content-disposition': `inline; filename="${m.id}.eml"`,
        // A message is data, never a page: no sniffing it into HTML, no scripts if opened.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'no-store',
      });
      res.end(m.raw);
      return;
    }
    json(res, 404, { error: 'not-found', message: 'No such API path.' });
  }

  return http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/api' || path.startsWith('/api/')) {
      api(req, res, path).catch(() => {
        if (res.headersSent) res.destroy();
        else json(res, 500, { error: 'internal', message: 'Something went wrong.' });
      });
      return;
    }
    if (!allow(req, res, ['GET'])) return;
    if (serveStatic) return serveStatic(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(NOT_BUILT);
  });
}
