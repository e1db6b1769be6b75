/**
 * The POP3 sandbox on TCP (127.0.0.1:2110), so telnet, Python's poplib, curl and
 * fetchmail can fetch what the SMTP sandbox stored. A driver of a few dozen lines, the
 * sans-IO way, as tcp-sandbox.ts is for SMTP: bytes in go to shared's Pop3Session,
 * its output goes back out, its events (startTls, close) are acted on. No POP3
 * knowledge here.
 *
 * Bounds, the SMTP sandbox's, written here because they are about sockets (the words
 * said are the session's, in its personality's voice: `busy()`, `timeout()`,
 * `shutdown()`):
 * - connections at once, in all and from one client address: one more is told -ERR
 *   and hung up on. The relay's own sessions to this sandbox (its `pop3` target) are
 *   not counted, since the relay bounds them itself;
 * - refusals lingering at once: past as many as the connection limit, a refused
 *   connection is dropped without a word;
 * - an idle timeout: after silence, -ERR and hang up;
 * - a whole-session deadline: however the client paces its bytes, the session ends
 *   with the idle timeout's -ERR after maxLifetimeMs;
 * - a client we hung up on has LINGER_MS to close its side, then the socket is dropped;
 * - replies the client does not read (a RETR of a large message): we stop reading
 *   until it does (backpressure). Command lines are bounded by the session.
 * On shutdown every open connection hears -ERR and is closed. None of these delete
 * anything a client marked: only QUIT does (RFC 1939 6).
 *
 * TLS: with a certificate, STLS is offered (RFC 2595 4) and an optional second
 * listener speaks implicit TLS (like port 995; RFC 8314). On the session's startTls
 * event its +OK is already queued on the socket; the socket is wrapped at once, so the
 * handshake follows the +OK. A client that sends plaintext instead fails the handshake,
 * and the connection closes, as Dovecot's does.
 *
 * Every session is reported to the watch hub (watch.ts) as a POP3 session.
 */
import type net from 'node:net';
import tls from 'node:tls';
import { type Maildrops, type Pop3Output, type Pop3Personality, Pop3Session } from '@smtp-playground/shared';
import { ConnectionSlots, hangUp, refuse } from './connection-slots.js';
import { listenSandbox, type SandboxHandle, type SandboxSocketOptions, sandboxLimits } from './sandbox-listeners.js';

export interface Pop3SandboxOptions extends SandboxSocketOptions {
  /** The maildrops, over the same mailbox the SMTP sandbox stores into. */
  maildrops: Maildrops;
  personality?: Pop3Personality;
  /** The name the sandbox calls itself (an APOP timestamp would carry it). */
  hostname?: string;
  /** Also listen with implicit TLS on this port (needs `tls`). */
  pop3sPort?: number | null;
}

export interface Pop3Sandbox extends SandboxHandle {
  /** The implicit-TLS listener, when asked for. */
  pop3s: tls.Server | null;
}

export async function startPop3Sandbox(options: Pop3SandboxOptions): Promise<Pop3Sandbox> {
  const { maxConnections, maxPerClient, idleTimeoutMs, maxLifetimeMs } = sandboxLimits(options.limits);
  const secureContext = options.tls ? tls.createSecureContext(options.tls) : null;
  const sockets = new Map<net.Socket, Pop3Session | null>(); // every open connection and its session, for shutdown
  const slots = new ConnectionSlots(maxConnections, maxPerClient);

  const newSession = (implicitTls: boolean) =>
    new Pop3Session({
      maildrops: options.maildrops,
      clock: Date.now,
      random: Math.random,
      ...(options.personality ? { personality: options.personality } : {}),
      ...(options.hostname ? { hostname: options.hostname } : {}),
      tls: secureContext !== null,
      implicitTls,
    });

  const accept = (raw: net.Socket, implicit: boolean) => {
    let socket = raw; // becomes the TLS socket after STLS
    socket.on('error', () => {}); // a reset by the client is normal; 'close' follows
    const address = raw.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
    const counted = !options.fromRelay?.(address, raw.remotePort ?? 0);
    const full = slots.full(address, counted);
    if (full) return refuse(slots, socket, sockets, () => newSession(implicit).busy(full, maxPerClient).output);
    if (counted) slots.taken(address);
    const watch = options.watch;
    const id = watch?.opened(`${address}:${raw.remotePort ?? 0}`, raw.localPort ?? 0, implicit, 'pop3') ?? '';
    raw.setNoDelay(true);
    const session = newSession(implicit);
    sockets.set(socket, session);

    const act = (r: Pop3Output) => {
      if (socket.destroyed || socket.writableEnded) return;
      if (r.output.length > 0) watch?.bytes(id, 'server', r.output);
      if (r.events.some((e) => e.type === 'close')) return hangUp(socket, r.output);
      // Backpressure: a RETR's message waits in the socket; read no more until the client has
      // taken it. Pipelined commands the session left unread behind a large reply (waiting)
      // are read once what it sent so far has gone out.
      const sent = r.output.length === 0 || socket.write(r.output);
      if (!sent || session.waiting) {
        socket.pause();
        const goOn = () => {
          if (socket.destroyed) return;
          socket.resume();
          if (session.waiting) act(session.resume());
        };
        if (sent) setImmediate(goOn);
        else socket.once('drain', goOn);
      }
      for (const e of r.events) if (e.type === 'startTls') startTls();
    };
    const onData = (chunk: Buffer) => {
      watch?.bytes(id, 'client', chunk);
      act(session.receive(chunk));
    };
    const onTimeout = () => act(session.timeout());
    const deadline = setTimeout(onTimeout, maxLifetimeMs);
    let finished = false;
    const onClose = () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      if (counted) slots.released(address);
      sockets.delete(socket);
      sockets.delete(raw);
      session.close();
      watch?.closed(id);
    };
    const startTls = () => {
      socket.off('data', onData);
      socket.setTimeout(0);
      const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: secureContext as tls.SecureContext });
      sockets.delete(socket);
      sockets.set(secure, session);
      socket = secure;
      secure.on('error', () => secure.destroy()); // a failed handshake ends the session
      secure.once('secure', () => {
        watch?.tls(id, secure.getProtocol() ?? 'TLS', secure.getCipher()?.standardName ?? 'unknown');
        act(session.tlsStarted());
      });
      secure.on('data', onData);
      secure.on('close', onClose);
      secure.setTimeout(idleTimeoutMs, onTimeout);
    };
    act(session.start());
    socket.on('data', onData);
    socket.setTimeout(idleTimeoutMs, onTimeout);
    socket.on('close', onClose);
  };

  const { server, implicit, close } = await listenSandbox(options, options.pop3sPort, 'pop3 sandbox', sockets, (socket, secure) =>
    accept(socket, secure !== null),
  );
  return { server, pop3s: implicit, close };
}
