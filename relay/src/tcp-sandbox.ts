/**
 * The sandbox on plain TCP, so telnet, nc, swaks and mail programs can talk to it.
 * A driver of a few dozen lines, the sans-IO way: bytes in go to the session, the
 * session's output goes back out, its events are acted on. No SMTP knowledge here.
 *
 * Bounds, written here because they are about sockets, not SMTP (the words said are
 * the session's, in its personality's voice: `busy()`, `timeout()`, `shutdown()`):
 * - connections at once, in all and from one client address (Postfix's anvil count,
 *   Exim's smtp_accept_max_per_host): one more is told 421 and hung up on, so one
 *   client can't take every slot. The relay's own sessions to this sandbox are not
 *   counted (the relay bounds them itself), so pages never crowd out direct clients;
 * - refusals lingering at once: past as many as the connection limit, a refused
 *   connection is dropped without a word, so a flood can't pile up sockets either;
 * - an idle timeout: after silence, 421 and hang up;
 * - a whole-session deadline: however the client paces its bytes (each one resets
 *   the idle timer), the session ends with the timeout's 421 after maxLifetimeMs;
 * - a client we hung up on has LINGER_MS to close its side, then the socket is
 *   dropped, so half-closed connections never hold a slot for long;
 * - replies the client does not read: we stop reading until it does (backpressure).
 * On shutdown every open connection hears 421 and is closed (RFC 5321 3.8), so a
 * forgotten telnet session never keeps the process alive.
 *
 * TLS: with a certificate, STARTTLS is offered (RFC 3207) and an optional second
 * listener speaks implicit TLS (RFC 8314, like port 465). On the session's startTls
 * event the 220 is already queued on the socket; the socket is wrapped at once, so
 * the handshake bytes follow the 220, and nothing the client sent in plaintext after
 * STARTTLS is ever read as if it came over TLS (the session dropped it).
 *
 * Every session is reported to the watch hub (watch.ts): opened, bytes both ways, TLS, closed.
 *
 * A message answered 250 is stored: the session hands each message to the mailbox
 * before it returns the 250. A mailbox on disk (--maildir) needs time for that, so its
 * `add` returns a promise, and the output that holds the 250 (and all output after
 * it) waits until the message is durable, with the socket paused so nothing more is
 * read meanwhile. If the store fails, that output is never sent: the client hears 421
 * and the connection closes, so it keeps the message and tries again later.

 */
import type net from 'node:net';
import tls from 'node:tls';
import { Greylist, PERSONALITIES, type Policy, Session, type SessionOutput, type StoredMessage, type TlsInfo } from '@smtp-playground/shared';
import { ConnectionSlots, hangUp as hangUpSocket, refuse } from './connection-slots.js';
import { listenSandbox, type SandboxHandle, type SandboxSocketOptions, sandboxLimits, tlsInfo } from './sandbox-listeners.js';

export interface TcpSandboxOptions extends SandboxSocketOptions {
  /** Where accepted messages go; a promise from `add` holds the 250 until it settles (mailbox.ts). */
  mailbox: { add(message: StoredMessage): void | Promise<void> };
  personality?: keyof typeof PERSONALITIES;
  policy?: Partial<Policy>;
  /** Also listen with implicit TLS on this port (needs `tls`). */
  smtpsPort?: number | null;
}

export interface TcpSandbox extends SandboxHandle {
  /** The implicit-TLS listener, when asked for. */
  smtps: tls.Server | null;
}

/** The first octet of a TLS handshake record (RFC 8446 5.1): what a ClientHello starts with. */
const TLS_HANDSHAKE_RECORD = 22;

export async function startTcpSandbox(options: TcpSandboxOptions): Promise<TcpSandbox> {
  const { maxConnections, maxPerClient, idleTimeoutMs, maxLifetimeMs } = sandboxLimits(options.limits);
  const personality = PERSONALITIES[options.personality ?? 'exim'];
  const secureContext = options.tls ? tls.createSecureContext(options.tls) : null;
  const greylist = new Greylist(); // remembered across connections, as a real greylist is
  const sockets = new Map<net.Socket, Session | null>(); // every open connection and its session, for shutdown
  const slots = new ConnectionSlots(maxConnections, maxPerClient);

  /**
   * Replies under load go out together, at the end of the event loop's round of reads.
   * A reply wakes its client; with many sessions the client is asleep again before the
   * next reply, so when each went out as soon as it was made, every reply paid for a
   * wake-up of the client inside the write (most of the server's time in socket
   * writes, and the client slept and woke twice a message). So the round's first
   * reply goes at once (a lone client waits for nothing), and other sockets written in
   * the same round are corked until the round's setImmediate, which sends them
   * together: the client, awake for the first, finds the rest waiting. With one
   * connection open there is no round to keep (a setImmediate costs a lone client's
   * round trip a few microseconds).
   */
  let roundOpen = false;
  const corked = new Set<net.Socket>();
  const endRound = () => {
    roundOpen = false;
    for (const s of corked) s.uncork();
    corked.clear();
  };
  const holdForRound = (socket: net.Socket) => {
    if (sockets.size < 2) return; // a lone connection has no one to wait with
    if (!roundOpen) {
      roundOpen = true;
      setImmediate(endRound);
    } else if (!corked.has(socket)) {
      socket.cork();
      corked.add(socket);
    }
  };
  const release = (socket: net.Socket) => {
    if (corked.delete(socket)) socket.uncork();
  };

  /** Our last words, uncorked first (connection-slots.ts). */
  const hangUp = (socket: net.Socket, last: Uint8Array | string = '') => {
    release(socket);
    hangUpSocket(socket, last);
  };

  /** Drives one session over `socket`; `implicit` when the socket is TLS already. */
  const accept = (raw: net.Socket, implicit: TlsInfo | null) => {
    let socket = raw; // becomes the TLS socket after STARTTLS
    socket.on('error', () => {}); // a reset by the client is normal; 'close' follows
    const address = raw.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
    /** Stores the session handed over in the call being acted on, not yet settled. */
    const storing: Promise<void>[] = [];
    const sink = {
      add: (message: StoredMessage) => {
        const stored = options.mailbox.add(message);
        if (stored) storing.push(stored);
      },
    };
    const newSession = () =>
      new Session({
        mailbox: sink,
        clock: Date.now,
        random: Math.random,
        personality,
        policy: options.policy ?? {},
        client: { address, name: null },
        tls: secureContext !== null,
        greylist,
        ...(implicit ? { implicitTls: implicit } : {}),
      });
    const counted = !options.fromRelay?.(address, raw.remotePort ?? 0);
    const full = slots.full(address, counted);
    // A refused socket was never written to, so never corked: refuse's plain hangUp is enough.
    if (full) return refuse(slots, socket, sockets, () => newSession().busy(full).output);
    if (counted) slots.taken(address);
    const watch = options.watch;
    const id = watch?.opened(`${address}:${raw.remotePort ?? 0}`, raw.localPort ?? 0, implicit !== null) ?? '';
    // Replies go out at once: with Nagle, a second small reply written before the
    // first is acknowledged can wait ~40 ms on the client's delayed ACK.
    raw.setNoDelay(true);
    const session = newSession();
    sockets.set(socket, session);
    /** Why reading is paused: the client is not reading our replies, or a 250 waits for its message to be stored. */
    const paused = { drain: false, store: false };
    const flow = () => (paused.drain || paused.store ? socket.pause() : socket.resume());
    /** Output waiting for a store; later output queues behind it, so replies keep their order. */
    let held: Promise<void> | null = null;
    let storeFailed = false;
    const act = (r: SessionOutput) => {
      if (storing.length === 0 && held === null) return send(r);
      const writes = storing.splice(0);
      paused.store = true;
      flow();
      const mine: Promise<void> = (held ?? Promise.resolve())
        .then(() => Promise.all(writes))
        .then(
          () => {
            if (!storeFailed) send(r);
          },
          (e: Error) => {
            if (storeFailed) return;
            storeFailed = true;
            console.error(`smtp sandbox: a message could not be stored, so its 250 was not sent: ${e.message}`);
            send(session.shutdown());
          },
        )
        .finally(() => {
          if (held !== mine) return;
          held = null;
          paused.store = false;
          if (!socket.destroyed) flow();
        });
      held = mine;
    };
    const send = (r: SessionOutput) => {
      // The client left, or we said goodbye (shutdown), while its message was being stored.
      if (socket.destroyed || socket.writableEnded) return;
      if (r.output.length > 0) watch?.bytes(id, 'server', r.output);
      // The last words and our FIN go in one write.
      if (r.events.some((e) => e.type === 'close')) return hangUp(socket, r.output);
      if (r.output.length > 0) {
        // Replies alone may wait for the round's end; before STARTTLS's handshake they go now (release, below).
        if (r.events.length === 0) holdForRound(socket);
        // Backpressure: a client that sends but never reads must not make us queue
        // replies without bound, so stop reading until it has taken what we sent.
        if (!socket.write(r.output)) {
          paused.drain = true;
          flow();
          socket.once('drain', () => {
            paused.drain = false;
            flow();
          });
        }
      }
      if (r.events.length > 0) {
        release(socket);
        for (const e of r.events) if (e.type === 'startTls') upgrade();
      }
      if (r.wakeAfterMs !== undefined) {
        // A slow server's greeting: the session asks for the time, the driver keeps it.
        const timer = setTimeout(() => act(session.wake()), r.wakeAfterMs);
        raw.once('close', () => clearTimeout(timer));
      }
    };
    const onData = (chunk: Buffer) => {
      watch?.bytes(id, 'client', chunk);
      // The session sees a plain Uint8Array over the same bytes: its subarray and indexOf
      // are then V8's own, where a Buffer's go through Node's wrappers, on every line.
      act(session.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
    };
    const onTimeout = () => act(session.timeout());
    // The deadline speaks the timeout's words: a time limit is what real servers have words for.
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
    const upgrade = () => {
      socket.off('data', onData);
      // The first bytes after the 220 decide: a TLS handshake record (type 22) starts
      // TLS; plain text fails the handshake in the personality's way (session.tlsFailed).
      socket.once('data', (first: Buffer) => {
        if (first[0] === TLS_HANDSHAKE_RECORD) {
          // Paused, so the chunk stays buffered: TLSSocket reads a socket's buffered bytes first.
          socket.pause();
          socket.unshift(first);
          startTls();
        } else {
          watch?.bytes(id, 'client', first);
          act(session.tlsFailed());
        }
      });
    };
    const startTls = () => {
      socket.setTimeout(0);
      const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: secureContext as tls.SecureContext });
      sockets.delete(socket);
      sockets.set(secure, session);
      socket = secure;
      secure.on('error', () => secure.destroy()); // a failed handshake ends the session
      secure.once('secure', () => {
        const info = tlsInfo(secure);
        watch?.tls(id, info.protocol, info.cipher);
        act(session.tlsStarted(info));
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

  const { server, implicit, close } = await listenSandbox(options, options.smtpsPort, 'smtp sandbox', sockets, (socket, secure) =>
    accept(socket, secure && tlsInfo(secure)),
  );
  return { server, smtps: implicit, close };
}
