/**
 * What the SMTP and POP3 sandboxes share above their connections: the options about
 * sockets, the listeners, and the shutdown. Each driver keeps what is its protocol's
 * own: its session, how that session's output goes out, how STARTTLS or STLS is taken up.
 *
 * Rules:
 * - Limits left unset take the defaults in `sandboxLimits`.
 * - The implicit-TLS listener exists only with a certificate and a port for it. If it
 *   cannot listen, the plain listener is closed too, so a failed start leaves nothing
 *   listening.
 * - On shutdown every open connection with a session hears that session's last words
 *   (`shutdown()`: SMTP's 421, POP3's -ERR) and is closed once they are written, or
 *   after SHUTDOWN_GRACE_MS when the client does not read them. A connection we already
 *   said goodbye to, or refused, is destroyed at once.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { TlsInfo } from '@smtp-playground/shared';
import { listen } from './connection-slots.js';
import type { WatchHub } from './watch.js';

/** Bounds on one sandbox's connections (the header of tcp-sandbox.ts says what each is for). */
export interface SandboxLimits {
  maxConnections?: number;
  maxPerClient?: number;
  idleTimeoutMs?: number;
  maxLifetimeMs?: number;
}

/** What a sandbox is told about its sockets; each adds its protocol's own, and the port for implicit TLS. */
export interface SandboxSocketOptions {
  host: string;
  port: number;
  limits?: SandboxLimits;
  /**
   * Whether a connection, by the client's address and port, is one the relay in this
   * process opened: those count against neither limit, since the relay bounds its own.
   */
  fromRelay?: (address: string, port: number) => boolean;
  /** PEM key and certificate: STARTTLS (POP3's STLS) is offered only with these. */
  tls?: { key: string; cert: string };
  watch?: WatchHub;
}

/** A running sandbox; each adds its implicit-TLS listener under its protocol's name (`smtps`, `pop3s`). */
export interface SandboxHandle {
  server: net.Server;
  /** Says the sessions' last words (421, -ERR) to every open connection, closes them, and stops listening. */
  close(): Promise<void>;
}

/** A session as shutdown sees it: it has last words. */
interface Farewell {
  shutdown(): { output: Uint8Array };
}

/** On shutdown, how long the last words may take to be read. */
const SHUTDOWN_GRACE_MS = 1_000;

/** The limits, with a default for each one left unset. */
export function sandboxLimits(limits: SandboxLimits = {}): Required<SandboxLimits> {
  return {
    maxConnections: limits.maxConnections ?? 200,
    maxPerClient: limits.maxPerClient ?? 50,
    idleTimeoutMs: limits.idleTimeoutMs ?? 300_000,
    maxLifetimeMs: limits.maxLifetimeMs ?? 3_600_000,
  };
}

/** What Node's TLS socket agreed, in the session's words. */
export function tlsInfo(socket: tls.TLSSocket): TlsInfo {
  return { protocol: socket.getProtocol() ?? 'TLS', cipher: socket.getCipher()?.standardName ?? 'unknown' };
}

/**
 * Listens on `options.port` and, with a certificate and an `implicitPort`, with implicit
 * TLS there too; `accept` gets each connection, with its TLS socket when it came in on
 * the implicit-TLS listener. `sockets` holds every open connection and its session (null
 * when refused), kept up to date by the driver: `close` says goodbye to them.
 */
export async function listenSandbox<S extends Farewell>(
  options: SandboxSocketOptions,
  implicitPort: number | null | undefined,
  name: string,
  sockets: Map<net.Socket, S | null>,
  accept: (socket: net.Socket, secure: tls.TLSSocket | null) => void,
): Promise<SandboxHandle & { implicit: tls.Server | null }> {
  const server = net.createServer((socket) => accept(socket, null));
  await listen(server, options.port, options.host, name);

  let implicit: tls.Server | null = null;
  if (options.tls && implicitPort != null) {
    const implicitServer = tls.createServer({ ...options.tls }, (socket) => accept(socket, socket));
    // A client that gives up in the handshake is not our error.
    implicitServer.on('tlsClientError', () => {});
    try {
      await listen(implicitServer, implicitPort, options.host, name);
    } catch (e) {
      server.close();
      throw e;
    }
    implicit = implicitServer;
  }

  const listeners = implicit ? [server, implicit] : [server];
  return {
    server,
    implicit,
    close: () => {
      const closed = Promise.all(listeners.map((s) => new Promise<void>((done) => s.close(() => done()))));
      for (const [socket, session] of sockets) {
        if (socket.writableEnded || !session)
          socket.destroy(); // already said goodbye
        else {
          socket.end(session.shutdown().output, () => socket.destroy());
          // A client that stopped reading never takes the last words: don't wait for it.
          setTimeout(() => socket.destroy(), SHUTDOWN_GRACE_MS).unref();
        }
      }
      return closed.then(() => undefined);
    },
  };
}
