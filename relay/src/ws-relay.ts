/**
 * The WebSocket relay at /relay: the page's way to a TCP SMTP server it names.
 *
 * Rules (each one is a test in relay/test/ws-relay.test.ts):
 * - The page names a target (`?target=NAME`); it never sends an address. `sandbox` (the
 *   SMTP sandbox) is always there, and `pop3` (the POP3 sandbox on the same mailbox)
 *   when it listens; real servers only as the operator configured them. Anything else is
 *   refused before a single TCP connection is opened (websockify's token model).
 * - A browser page from another origin can't open the relay: the Origin header is
 *   checked in the upgrade handler, before the WebSocket exists (HTTP 403). No Origin
 *   at all means a non-browser client, which no website can drive. The Host header is
 *   checked there too, by the rule every HTTP route follows (DNS rebinding).
 * - Binary frames are raw bytes, passed through unchanged both ways: no line
 *   buffering, no SMTP knowledge. Text frames are JSON control messages, each built
 *   and read with shared's api.ts (RelayControl out, PageControl in).
 * - Every session is bounded: sessions at once (in total and per client address),
 *   idle time, lifetime, bytes, frame size. Reaching a bound ends the session with an
 *   `error` control message saying which, then `closed`, then the close frame. (The one
 *   exception: a frame more than FRAME_SLACK over the frame limit, which ws refuses as
 *   its header arrives, before a byte of it is buffered, with a bare close 1009.
 *   `connected` tells the page the limit, so the page itself never sends one.)
 * - A STARTTLS handshake has `tlsTimeout` to finish; a server that never answers it
 *   ends the session with `tls-failed`, not a wait for the idle timeout.
 * - Backpressure both ways: a slow page pauses the TCP side, a slow server pauses
 *   the WebSocket side, so memory stays bounded whatever the message size.
 * - Heartbeat: a ping every `heartbeat` seconds; a peer that missed a pong is dropped.
 * - One log line per session: target, client, bytes each way, how it ended. Never content.
 */
import type http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import {
  formatControl,
  pageStartTls,
  parsePageControl,
  type RelayClosed,
  type RelayControl,
  type RelayErrorCode,
  relayClosed,
  relayConnected,
  relayError,
  relayTls,
  type TlsMode,
} from '@smtp-playground/shared';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { parseTarget, type RelayLimits, type Target } from './config.js';

/** The relay's own sandbox: where it listens, and the certificate to trust for it. */
export interface SandboxTarget {
  host: string;
  port: number;
  /** The name to send in SNI (its --hostname). */
  servername: string;
  cert: string;
  /** The certificate's SHA-256 fingerprint: the relay trusts exactly that certificate, whatever names it carries. */
  fingerprint: string;
}

export interface RelayOptions {
  targets: readonly Target[];
  sandbox: SandboxTarget;
  /** The POP3 sandbox's port, on the sandbox's host with its certificate: the `pop3` target. */
  pop3Port?: number;
  limits: RelayLimits;
  /** Whether a browser page from this origin may use the relay. */
  originAllowed(origin: string, req: http.IncomingMessage): boolean;
  /** Whether a Host header is acceptable (the HTTP server's rule); absent: every host is. */
  hostAllowed?: (host: string) => boolean;
  /** One line per session; console.log by default. */
  log?: (line: string) => void;
}

export interface Relay {
  /** Open sessions. */
  size(): number;
  /**
   * Whether a TCP connection, by its client address and port as the sandbox sees them,
   * is one this relay opened to its sandbox: the sandbox does not count those against
   * its own limits, as the relay bounds them.
   */
  dialedSandbox(address: string, port: number): boolean;
  /** Tells every open session the relay is going away, and closes it. */
  close(): void;
}

/**
 * ws itself accepts frames up to this much over the relay's limit, so that one just over
 * it arrives and can be answered with `frame-too-big`; a session holds at most the
 * limit plus this in one message.
 */
const FRAME_SLACK = 64 * 1024;

/** Above this many bytes queued toward the page, stop reading from the server. */
const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;

/** A target as the relay dials it. */
interface Dialable {
  name: string;
  host: string;
  port: number;
  tls: TlsMode;
  insecure: boolean;
  /** Extra trust: the sandbox's own certificate. */
  ca?: string[];
  servername?: string;
  /** Trust this certificate (by SHA-256 fingerprint) in place of the name check. */
  pin?: string;
}

/** "1 second", "30 seconds". */
const seconds = (n: number) => `${n} second${n === 1 ? '' : 's'}`;

function send(ws: WebSocket, message: RelayControl): void {
  if (ws.readyState === ws.OPEN) ws.send(formatControl(message));
}

/** "CN=example.thm, O=Lab" from Node's parsed certificate fields. */
function distinguishedName(fields: Record<string, string | string[]> | undefined): string {
  if (!fields) return '';
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function tlsMessage(socket: tls.TLSSocket): RelayControl {
  const peer = socket.getPeerCertificate();
  const hasPeer = peer && Object.keys(peer).length > 0;
  return relayTls({
    protocol: socket.getProtocol() ?? 'TLS',
    cipher: socket.getCipher()?.standardName ?? 'unknown',
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    certificate: hasPeer
      ? {
          subject: distinguishedName(peer.subject as never),
          issuer: distinguishedName(peer.issuer as never),
          validTo: peer.valid_to,
          fingerprint: peer.fingerprint256,
        }
      : null,
  });
}

/** A sentence for a failed connect, in the learner's words. */
function connectFailure(target: Dialable, e: NodeJS.ErrnoException): string {
  const where = `${target.host}:${target.port}`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection: nothing is listening on that port.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The name ${target.host} could not be found in DNS.`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time; a firewall may be dropping the connection.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `There is no route to ${where} from the relay's machine.`;
    default:
      return `Could not connect to ${where}: ${e.message}.`;
  }
}

/** Undefined if the server showed the pinned certificate; otherwise the error that fails the handshake. */
function pinned(fingerprint: string, cert: tls.PeerCertificate): Error | undefined {
  return cert.fingerprint256 === fingerprint ? undefined : new Error(`the server showed a certificate other than the sandbox's own (${cert.fingerprint256})`);
}

/**
 * A sentence for a failed TLS handshake: what went wrong. What to do about it (",insecure"
 * for a lab server) is the page's advice for `tls-failed`, the same whatever the cause.
 */
function tlsFailure(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return "The server's certificate is self-signed, so it can't be verified.";
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return "The server's certificate is signed by an authority the relay doesn't know.";
    case 'CERT_HAS_EXPIRED':
      return "The server's certificate has expired.";
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The server's certificate is for another name (${e.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '')}).`;
    default:
      return `The TLS handshake failed: ${e.message}.`;
  }
}

export function attachRelay(server: http.Server, options: RelayOptions): Relay {
  const { limits } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayload + FRAME_SLACK, perMessageDeflate: false });
  /** Open sessions, each with the way to end it (for shutdown). */
  const live = new Map<WebSocket, () => void>();
  const perClient = new Map<string, number>();
  /** The TCP connections of open sessions to the sandboxes (at most maxSessions), for `dialedSandbox`. */
  const toSandbox = new Set<net.Socket>();
  const targets = new Map<string, Dialable>(options.targets.map((t) => [t.name, t]));
  const { sandbox } = options;
  const ownSandbox = (name: string, port: number): Dialable => ({
    name,
    host: sandbox.host,
    port,
    tls: 'starttls',
    insecure: false,
    ca: [...tls.rootCertificates, sandbox.cert],
    servername: sandbox.servername,
    // An operator's --tls-cert may be for a name other than --hostname: the relay knows
    // the very certificate, so it checks that instead of a name.
    pin: sandbox.fingerprint,
  });
  targets.set('sandbox', ownSandbox('sandbox', sandbox.port));
  // STLS upgrades the way STARTTLS does: the page asks once the server's +OK is in.
  if (options.pop3Port !== undefined) targets.set('pop3', ownSandbox('pop3', options.pop3Port));

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = parseRequestUrl(req.url);
    if (!url) return refuseUpgrade(socket, 400, 'Bad Request');
    if (url.pathname !== '/relay') return refuseUpgrade(socket, 404, 'Not Found');
    if (options.hostAllowed && !options.hostAllowed(req.headers.host ?? '')) return refuseUpgrade(socket, 403, 'Forbidden');
    const origin = req.headers.origin;
    if (origin !== undefined && !options.originAllowed(origin, req)) return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Before anything else: a bad frame on a session we refuse must not crash the process.
      ws.on('error', () => {});
      start(ws, req, url, socket);
    });
  });

  // Heartbeat: a peer that didn't answer the last ping is gone (a laptop lid closed).
  const alive = new WeakMap<WebSocket, boolean>();
  /** Peers the heartbeat dropped, so their log line says so. */
  const unanswered = new WeakSet<WebSocket>();
  // While the page side is paused for a slow server, its pongs sit unread: not a dead peer.
  const pausedPages = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of live.keys()) {
      if (pausedPages.has(ws)) continue;
      if (alive.get(ws) === false) {
        unanswered.add(ws);
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, limits.heartbeat * 1000);
  heartbeat.unref();

  /** Refuses a session that never got a TCP connection: error, closed, close frame. */
  function refuse(ws: WebSocket, code: RelayErrorCode, message: string, closeCode = 1008): void {
    send(ws, relayError(code, message));
    send(ws, relayClosed('relay', message));
    ws.close(closeCode, code);
  }

  function start(ws: WebSocket, req: http.IncomingMessage, url: RequestTarget, socket: Duplex): void {
    const client = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
    const names = url.searchParams.getAll('target');
    const extra = [...url.searchParams.keys()].filter((k) => k !== 'target');
    const name = names[0] ?? '';
    if (names.length !== 1 || name === '' || extra.length > 0) {
      return refuse(ws, 'bad-request', 'Name exactly one target, as /relay?target=NAME, and nothing else.');
    }
    const target = targets.get(name);
    if (!target) {
      // The name as the operator would write it: a HOST:PORT is a target as it stands.
      const example = parseTarget(name, '').ok ? name : /^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(name) ? `${name}=HOST:PORT` : 'lab=HOST:PORT';
      return refuse(
        ws,
        'unknown-target',
        `There is no target named "${name.slice(0, 100)}". The relay reaches only the sandboxes and the servers it was started with: add one with npm start -- --target ${example}`,
      );
    }
    if (live.size >= limits.maxSessions) {
      return refuse(
        ws,
        'too-many-sessions',
        `The relay already has ${limits.maxSessions} sessions open, its limit. Close one, or try again in a moment.`,
        1013,
      );
    }
    if ((perClient.get(client) ?? 0) >= limits.maxPerClient) {
      return refuse(ws, 'too-many-from-client', `You already have ${limits.maxPerClient} relay sessions open, the limit per address. Close one first.`, 1013);
    }
    relay(ws, client, target, socket);
  }

  function relay(ws: WebSocket, client: string, target: Dialable, socket: Duplex): void {
    const started = Date.now();
    let up = 0; // page → server
    let down = 0; // server → page
    let ended = false;
    let paused = false; // server side paused for a slow page
    let upgrading = false;
    let upstream: net.Socket =
      target.tls === 'implicit'
        ? tls.connect({ host: target.host, port: target.port, ...tlsOptions(target) })
        : net.connect({ host: target.host, port: target.port });
    const dialed = upstream;
    if (target.name === 'sandbox' || target.name === 'pop3') toSandbox.add(dialed);
    let tcpUp = false; // the TCP connection exists
    let connected = false; // and, for implicit TLS, the handshake is done
    let wsPaused = false; // page side paused for a slow server
    upstream.setNoDelay(true);
    upstream.once('connect', () => {
      tcpUp = true;
    });
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    alive.set(ws, true);

    /**
     * Ends the session once: an `error` if `code`, then `closed`, the close frame, the
     * TCP side, and the log line. `why` is the log's short word for how it ended.
     */
    const end = (code: RelayErrorCode | null, message: string, closeCode = 1000, by: RelayClosed['by'] = 'relay', why: string = code ?? 'relay') => {
      if (ended) return;
      ended = true;
      clearTimeout(idle);
      clearTimeout(lifetime);
      clearTimeout(connectTimer);
      clearTimeout(handshakeTimer);
      live.delete(ws);
      toSandbox.delete(dialed);
      // A paused page would leave its close frame unread, and ws waiting 30 s for it.
      resumePage();
      const n = (perClient.get(client) ?? 1) - 1;
      if (n === 0) perClient.delete(client);
      else perClient.set(client, n);
      // The last words and the close frame go out in one write, not three.
      socket.cork();
      if (code) send(ws, relayError(code, message));
      send(ws, relayClosed(by, message));
      if (ws.readyState === ws.OPEN) ws.close(closeCode, code ?? undefined);
      socket.uncork();
      upstream.destroy();
      log(
        JSON.stringify({
          relay: 'session',
          target: target.name,
          client,
          up,
          down,
          ms: Date.now() - started,
          end: why,
        }),
      );
    };
    live.set(ws, () => end(null, 'The relay is shutting down.', 1001, 'relay', 'relay-shutdown'));

    const bounds = (n: number) => {
      if (ended) return false;
      idle.refresh();
      if (up + down + n > limits.maxBytes) {
        end('byte-limit', `This session carried ${limits.maxBytes} bytes, the relay's limit per session, so it was ended.`, 1008);
        return false;
      }
      return true;
    };
    let idle: ReturnType<typeof setTimeout> = setTimeout(() => {}, 0);
    const refreshIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => end('idle-timeout', `Nothing was sent either way for ${seconds(limits.idleTimeout)}, so the relay ended the session.`),
        limits.idleTimeout * 1000,
      );
    };
    refreshIdle();
    const lifetime = setTimeout(
      () => end('session-lifetime', `Relay sessions last at most ${seconds(limits.maxLifetime)}; this one reached it.`),
      limits.maxLifetime * 1000,
    );
    let handshakeTimer: ReturnType<typeof setTimeout> | undefined; // STARTTLS's, once asked for
    const connectTimer = setTimeout(
      () =>
        end(
          'connect-failed',
          `${target.host}:${target.port} did not answer within ${seconds(limits.connectTimeout)}; a firewall may be dropping the connection.`,
        ),
      limits.connectTimeout * 1000,
    );

    // Server → page.
    const fromServer = (chunk: Buffer) => {
      if (!bounds(chunk.length)) return;
      down += chunk.length;
      ws.send(chunk, { binary: true }, () => {
        if (paused && ws.bufferedAmount < LOW_WATER) {
          paused = false;
          upstream.resume();
        }
      });
      if (!paused && ws.bufferedAmount > HIGH_WATER) {
        paused = true;
        upstream.pause();
      }
    };
    const wire = (socket: net.Socket) => {
      socket.on('data', fromServer);
      socket.on('error', (e: NodeJS.ErrnoException) => {
        if (!tcpUp) end('connect-failed', connectFailure(target, e));
        // A handshake in progress (STARTTLS, or implicit TLS before it is up) fails as TLS;
        // once TLS is up, a reset is just a lost connection.
        else if (upgrading || (target.tls === 'implicit' && !connected)) end('tls-failed', tlsFailure(e));
        else end(null, `The connection to the server failed: ${e.message}.`, 1011, 'relay', 'server-error');
      });
      socket.on('close', () => end(null, 'The server closed the connection.', 1000, 'server', 'server-closed'));
    };
    wire(upstream);
    upstream.once(target.tls === 'implicit' ? 'secureConnect' : 'connect', () => {
      connected = true;
      clearTimeout(connectTimer);
      send(
        ws,
        relayConnected({
          target: target.name,
          address: `${target.host}:${target.port}`,
          tls: target.tls,
          insecure: target.insecure,
          maxFrame: limits.maxPayload,
        }),
      );
      if (upstream instanceof tls.TLSSocket) send(ws, tlsMessage(upstream));
    });

    function resumePage(): void {
      if (!wsPaused) return;
      wsPaused = false;
      pausedPages.delete(ws);
      ws.resume();
    }

    // Page → server.
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = data as Buffer; // binaryType is nodebuffer and fragments are joined
      if (ended) return;
      if (bytes.length > limits.maxPayload) {
        return end(
          'frame-too-big',
          `One WebSocket message carried ${bytes.length} bytes; the relay takes at most ${limits.maxPayload} at once. Send long data in smaller pieces.`,
          1009,
        );
      }
      if (!isBinary) return control(bytes.toString('utf8'));
      if (!bounds(bytes.length)) return;
      up += bytes.length;
      if (!upstream.write(bytes) && !wsPaused) {
        wsPaused = true;
        pausedPages.add(ws);
        ws.pause();
        upstream.once('drain', resumePage);
      }
    });
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () =>
      unanswered.has(ws)
        ? end(null, 'The page stopped answering pings.', 1000, 'relay', 'heartbeat') // already closed: the code is not sent
        : end(null, 'The page closed the connection.', 1000, 'relay', 'page-closed'),
    );
    ws.on('error', (e: Error & { code?: string }) => {
      // ws has already sent its close frame (1009 for a frame over maxPayload).
      end(null, 'The WebSocket failed.', 1002, 'relay', e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frame-too-big' : 'websocket-error');
    });

    function control(text: string): void {
      // starttls is the one control message a page sends.
      if (!parsePageControl(text)) {
        return end('bad-control', `A text frame must be a JSON control message, such as ${formatControl(pageStartTls())}.`, 1008);
      }
      if (target.tls !== 'starttls') {
        const why = target.tls === 'implicit' ? 'already uses TLS from the first byte' : 'is configured with tls=none';
        return end('tls-not-allowed', `The target "${target.name}" ${why}, so the relay won't start TLS on it.`, 1008);
      }
      if (!connected || upgrading || upstream instanceof tls.TLSSocket)
        return end('bad-control', 'STARTTLS can happen once, after the connection is up.', 1008);
      // The server said 220 to STARTTLS; from here its side of the socket speaks TLS.
      upgrading = true;
      const plain = upstream;
      plain.removeAllListeners('data');
      plain.removeAllListeners('error');
      plain.removeAllListeners('close');
      plain.removeListener('drain', resumePage);
      // Pauses belonged to the plain socket, whose events stop now: start the TLS one unpaused.
      resumePage();
      paused = false;
      const secure = tls.connect({ socket: plain, ...tlsOptions(target) });
      upstream = secure;
      wire(secure);
      // A server that took STARTTLS but never answers the handshake sends nothing at all,
      // so without this only the idle timeout would end it, minutes later and misnamed.
      handshakeTimer = setTimeout(
        () => end('tls-failed', `The server did not answer the TLS handshake within ${seconds(limits.tlsTimeout)}, so the relay ended the session.`),
        limits.tlsTimeout * 1000,
      );
      secure.once('secureConnect', () => {
        clearTimeout(handshakeTimer);
        upgrading = false;
        send(ws, tlsMessage(secure));
      });
    }
  }

  function tlsOptions(target: Dialable): tls.ConnectionOptions {
    return {
      rejectUnauthorized: !target.insecure,
      // SNI takes a name, never an address (RFC 6066 3).
      ...(target.servername ? { servername: target.servername } : net.isIP(target.host) ? {} : { servername: target.host }),
      ...(target.ca ? { ca: target.ca } : {}),
      ...(target.pin ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => pinned(target.pin as string, cert) } : {}),
    };
  }

  return {
    size: () => live.size,
    // Node reads a socket's own address once and keeps it: read before the connect call
    // it would stay empty until 'connect'. Nothing here reads it earlier, and the sandbox
    // can only accept the connection after that call.
    dialedSandbox: (address, port) => {
      for (const s of toSandbox) if (s.localPort === port && s.localAddress?.replace(/^::ffff:/, '') === address) return true;
      return false;
    },
    close: () => {
      clearInterval(heartbeat);
      for (const end of [...live.values()]) end();
      // Refused sessions still closing, and pages that don't answer the close frame,
      // would otherwise hold the process for ws's 30 s close timeout.
      setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 500).unref();
      wss.close();
    },
  };
}

/** A request target split into its path and query, or null unless it is a path ("GET http://[" is not). */
export interface RequestTarget {
  pathname: string;
  searchParams: URLSearchParams;
}

/**
 * Splits the request target by hand: the path is compared as sent (no dot-segment or
 * percent-decoding games), and the WHATWG URL parser, which costs more than the rest
 * of opening a session, is not needed for it.
 */
export function parseRequestUrl(url: string | undefined): RequestTarget | null {
  if (!url?.startsWith('/')) return null;
  const q = url.indexOf('?');
  return q === -1 ? { pathname: url, searchParams: new URLSearchParams() } : { pathname: url.slice(0, q), searchParams: new URLSearchParams(url.slice(q + 1)) };
}

/** Answers an upgrade we won't do with a plain HTTP status, and hangs up. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${text.length}\r\n\r\n${text}`,
  );
}
