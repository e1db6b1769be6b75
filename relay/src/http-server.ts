/**
 * HTTP: the built page (web/dist) and the mailbox API.
 *
 *   GET    /api/messages          newest first: id, mailFrom, rcptTo, size, receivedAt, and
 *                                 the subject, from, to and date headers
 *   GET    /api/messages/:id/raw  the stored bytes, as message/rfc822 (404 if unknown)
 *   DELETE /api/messages          empties the mailbox (204)
 *   GET    /api/targets           what /relay can reach: the sandbox and configured servers
 *   GET    /api/watch             Server-Sent Events: every sandbox session live, and
 *                                 mailbox changes, each new message's summary and the
 *                                 ids that left (see watch.ts); ?bytes=0 leaves out
 *                                 the sessions' bytes (for a page that only follows
 *                                 the mailbox); ?protocol=pop3 carries the POP3
 *                                 sandbox's sessions instead of the SMTP one's
 *   GET    anything else          the page's files; unknown paths get index.html, so the
 *                                 page's own routes survive a reload
 *
 * HEAD goes wherever GET does (RFC 9110 9.1); any other method is 405 with an Allow
 * header. A listing is the summaries the mailbox keeps (read from each message's header
 * block when it was stored), so it costs the same for a 12 MB message as for a short
 * one and parses nothing; a message's bytes are read only for /raw, and streamed. API
 * errors are JSON with a stable `error` code. Every body and event is built with
 * shared's api.ts, where the page's parsers live beside the shapes.
 *
 * DNS rebinding: when the server listens on loopback, a request must name a loopback
 * host in its Host header. A website whose name an attacker points at 127.0.0.1 then
 * gets 403 instead of the mailbox or the watch feed. (The /relay upgrade checks the
 * same rule in ws-relay.ts.)
 *
 * Every response carries SECURITY_HEADERS: no sniffing a body into another type, no
 * Referer, no framing by any page (clickjacking), and a CSP that lets the page load
 * only its own files.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  type ApiError,
  type ApiErrorCode,
  apiError,
  formatWatchEvent,
  type MessageSummary,
  type TargetSummary,
  targetSummary,
  type WatchEvent,
  watchHello,
  watchMessageStored,
  watchMessagesRemoved,
} from '@smtp-playground/shared';
import sirv from 'sirv';
import type { MailStore } from './mailbox.js';
import type { WatchHub, WatchProtocol } from './watch.js';
import { parseRequestUrl } from './ws-relay.js';

export interface HttpServerOptions {
  mailbox: MailStore;
  /** The built web app; when it has no index.html, / explains how to build it. */
  webRoot: string;
  /** What GET /api/targets lists. */
  targets?: readonly TargetSummary[];
  watch?: WatchHub;
  /** Whether a Host header is acceptable; absent: every host is. */
  hostAllowed?: (host: string) => boolean;
}

/** A watcher further behind than this is dropped; its EventSource reconnects. */
const MAX_WATCH_BACKLOG = 4 * 1024 * 1024;
/** Pages watching at once. */
const MAX_WATCHERS = 32;
/** A comment line this often keeps proxies from closing a quiet stream. */
const WATCH_KEEPALIVE_MS = 25_000;

export type { MessageSummary, TargetSummary };

/**
 * The page's CSP. The built page needs nothing more than its own origin: Vite links its
 * module scripts and one stylesheet (no inline script or style; React sets style
 * properties through the CSSOM, which CSP leaves alone), the favicon is a file, and its
 * fetches, EventSource and WebSocket go to its own host, which 'self' covers for ws:
 * too (CSP Level 3). No plugins, no <base>, forms post nowhere else.
 */
const PAGE_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** The API returns data, never a page: nothing may run in it or frame it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** On every response; a route may replace the CSP with a stricter one (the raw message's). */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

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

/** A JSON body: one of the API's shapes (shared's api.ts). */
function json(res: http.ServerResponse, status: number, body: TargetSummary[] | ApiError, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** An API error: its status, and the body with its stable code. */
function fail(res: http.ServerResponse, status: number, code: ApiErrorCode, message: string, headers: http.OutgoingHttpHeaders = {}) {
  json(res, status, apiError(code, message), headers);
}

/** Bytes as the watch feed carries them. */
const base64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');

/** Whether the method is one of `allowed` (HEAD counts as GET); if not, answers 405. */
function allow(req: http.IncomingMessage, res: http.ServerResponse, allowed: string[]): boolean {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (method && allowed.includes(method)) return true;
  const list = allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
  fail(res, 405, 'method-not-allowed', `Use ${allowed.join(' or ')}.`, { allow: list });
  return false;
}

export function createHttpServer(options: HttpServerOptions): http.Server {
  const { mailbox } = options;
  // The listing's JSON, made once per change of the mailbox: pages list far more often
  // than mail arrives, and a full mailbox's listing is some 250 KB to stringify.
  let listing: string | null = null;
  mailbox.subscribe(() => {
    listing = null;
  });
  let watchers = 0;
  const serveStatic = existsSync(join(options.webRoot, 'index.html')) ? sirv(options.webRoot, { single: true, etag: true }) : null;

  /** GET /api/watch: the watch hub and the mailbox as Server-Sent Events. */
  function watchStream(req: http.IncomingMessage, res: http.ServerResponse, withBytes: boolean, protocol: WatchProtocol) {
    const hub = options.watch;
    if (!hub) return fail(res, 404, 'not-found', 'Watching is not available here.');
    if (watchers >= MAX_WATCHERS) return fail(res, 503, 'too-many-watchers', `${MAX_WATCHERS} pages are watching already.`);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    if (req.method === 'HEAD') return res.end();
    watchers++;
    const write = (e: WatchEvent) => {
      if (res.writableLength > MAX_WATCH_BACKLOG) {
        // A reader this far behind may never read: drop what is queued, not just stop adding.
        stop();
        res.destroy();
        return;
      }
      res.write(formatWatchEvent(e, base64));
    };
    const unwatch = hub.subscribe(write, { bytes: withBytes, protocol });
    const unmail = mailbox.subscribe((e) => write(e.type === 'messageStored' ? watchMessageStored(e.summary) : watchMessagesRemoved(e.ids)));
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), WATCH_KEEPALIVE_MS);
    let stopped = false;
    function stop() {
      if (stopped) return;
      stopped = true;
      watchers--;
      unwatch();
      unmail();
      clearInterval(keepalive);
      res.end();
    }
    res.on('close', stop);
    res.write('retry: 2000\n\n');
    write(watchHello(hub.sessions(protocol)));
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: URLSearchParams) {
    if (path === '/api/watch') {
      if (!allow(req, res, ['GET'])) return;
      const protocol = query.get('protocol') ?? 'smtp';
      if (protocol !== 'smtp' && protocol !== 'pop3') return fail(res, 400, 'bad-request', 'protocol is smtp (the default) or pop3.');
      return watchStream(req, res, query.get('bytes') !== '0', protocol);
    }
    if (path === '/api/targets') {
      if (!allow(req, res, ['GET'])) return;
      return json(res, 200, (options.targets ?? []).map(targetSummary));
    }
    if (path === '/api/messages') {
      if (!allow(req, res, ['GET', 'DELETE'])) return;
      if (req.method === 'DELETE') {
        await mailbox.clear();
        res.writeHead(204).end();
        return;
      }
      listing ??= JSON.stringify(mailbox.summaries());
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(listing);
    }
    const raw = /^\/api\/messages\/([^/]+)\/raw$/.exec(path);
    if (raw) {
      if (!allow(req, res, ['GET'])) return;
      const id = safeDecode(raw[1] as string);
      const m = await mailbox.read(id);
      if (!m) return fail(res, 404, 'not-found', 'No message with that id.');
      res.writeHead(200, {
        'content-type': 'message/rfc822',
        'content-length': m.size,
        'content-disposition': `inline; filename="${id.replace(/[^\w.-]/g, '_')}.eml"`,
        // A message is data, never a page: no sniffing it into HTML, no scripts if opened.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
        'cache-control': 'no-store',
      });
      if (m.body instanceof Uint8Array) return res.end(m.body); // (for HEAD, Node sends no body)
      if (req.method === 'HEAD') {
        m.body.destroy(); // closes the file
        return res.end();
      }
      // From the file, a piece at a time: a 50 MB message is never all in memory.
      // A client that leaves mid-way ends the pipeline, which closes the file.
      await pipeline(m.body, res).catch(() => res.destroy());
      return;
    }
    fail(res, 404, 'not-found', 'No such API path.');
  }

  return http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('content-security-policy', PAGE_CSP);
    if (options.hostAllowed && !options.hostAllowed(req.headers.host ?? '')) {
      return fail(res, 403, 'bad-host', 'This server answers only to its own loopback names, such as localhost.');
    }
    const url = parseRequestUrl(req.url);
    if (!url) return fail(res, 400, 'bad-request', 'The request target must be a path, such as /api/messages.');
    const path = url.pathname;
    if (path === '/api' || path.startsWith('/api/')) {
      res.setHeader('content-security-policy', API_CSP);
      api(req, res, path, url.searchParams).catch(() => {
        if (res.headersSent) res.destroy();
        else fail(res, 500, 'internal', 'Something went wrong.');
      });
      return;
    }
    if (!allow(req, res, ['GET'])) return;
    if (serveStatic) return serveStatic(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(NOT_BUILT);
  });
}
