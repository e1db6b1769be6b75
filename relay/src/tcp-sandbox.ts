/**
 * The sandbox on plain TCP, so telnet, nc, swaks and mail programs can talk to it.
 * A driver of a few dozen lines, the sans-IO way: bytes in go to the session, the
 * session's output goes back out, its events are acted on. No SMTP knowledge here.
 *
 * Bounds, written here because they are about sockets, not SMTP:
 * - connections at once: one more is told 421 4.3.2 and hung up on;
 * - an idle timeout: after silence, 421 4.4.2 and hang up;
 * - a client we hung up on has LINGER_MS to close its side, then the socket is
 *   dropped, so half-closed connections never hold a slot for long;
 * - replies the client does not read: we stop reading until it does (backpressure).
 * On shutdown every open connection hears 421 and is closed (RFC 5321 3.8), so a
 * forgotten telnet session never keeps the process alive.
 *
 * The 421 texts name the host, as RFC 5321 4.2.3 ("421 <domain> Service not
 * available") and real Exim and Postfix do.
 */
import net from 'node:net';
import { type Mailbox, PERSONALITIES, type Policy, Session, type SessionOutput } from '@smtp-playground/shared';

export interface TcpSandboxOptions {
  host: string;
  port: number;
  mailbox: Mailbox;
  personality?: keyof typeof PERSONALITIES;
  policy?: Partial<Policy>;
  limits?: { maxConnections?: number; idleTimeoutMs?: number };
}

export interface TcpSandbox {
  server: net.Server;
  /** Says 421 to every open connection, closes them, and stops listening. */
  close(): Promise<void>;
}

/** How long a client we said goodbye to may keep its side open. */
const LINGER_MS = 5_000;

export function startTcpSandbox(options: TcpSandboxOptions): Promise<TcpSandbox> {
  const maxConnections = options.limits?.maxConnections ?? 200;
  const idleTimeoutMs = options.limits?.idleTimeoutMs ?? 300_000;
  const personality = PERSONALITIES[options.personality ?? 'exim'];
  const hostname = options.policy?.hostname ?? 'example.thm';
  const sockets = new Set<net.Socket>(); // every open connection, for shutdown
  let sessions = 0; // connections with a session, for the limit

  /** Sends our last words and closes our side; the socket goes when the client closes too, or after LINGER_MS. */
  const hangUp = (socket: net.Socket, text = '') => {
    socket.setTimeout(0);
    socket.end(text);
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => clearTimeout(linger));
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // a reset by the client is normal; 'close' follows
    if (sessions >= maxConnections) {
      hangUp(socket, `421 4.3.2 ${hostname} Too many connections, try again later\r\n`);
      return;
    }
    sessions++;
    // Replies go out at once: with Nagle, a second small reply written before the
    // first is acknowledged can wait ~40 ms on the client's delayed ACK.
    socket.setNoDelay(true);
    const session = new Session({
      mailbox: options.mailbox,
      clock: Date.now,
      random: Math.random,
      personality,
      policy: options.policy ?? {},
      client: { address: socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown', name: null },
      tls: false, // so STARTTLS is never offered and 'startTls' never happens
    });
    const act = (r: SessionOutput) => {
      // Backpressure: a client that sends but never reads must not make us queue
      // replies without bound, so stop reading until it has taken what we sent.
      if (r.output.length > 0 && !socket.write(r.output)) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
      if (r.events.some((e) => e.type === 'close')) hangUp(socket);
    };
    act(session.start());
    socket.on('data', (chunk) => act(session.receive(chunk)));
    socket.setTimeout(idleTimeoutMs, () => {
      session.close();
      hangUp(socket, `421 4.4.2 ${hostname} Error: timeout exceeded\r\n`);
    });
    socket.on('close', () => {
      sessions--;
      session.close();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      // After listening, errors are about accepting one connection (EMFILE and the
      // like): worth a line on stderr, not the end of the process.
      server.on('error', (e) => console.error(`smtp sandbox: ${e.message}`));
      resolve({
        server,
        close: () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          for (const socket of sockets) {
            if (socket.writableEnded)
              socket.destroy(); // already said goodbye
            else socket.end(`421 4.3.2 ${hostname} Service shutting down, closing transmission channel\r\n`, () => socket.destroy());
          }
          return closed;
        },
      });
    });
  });
}
