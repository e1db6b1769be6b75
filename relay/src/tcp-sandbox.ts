/**
 * The sandbox on plain TCP, so telnet, nc, swaks and mail programs can talk to it.
 * A driver of a few dozen lines, the sans-IO way: bytes in go to the session, the
 * session's output goes back out, its events are acted on. No SMTP knowledge here.
 *
 * Bounds: connections at once (more get 421 4.3.2 and are closed) and an idle timeout
 * (421 4.4.2 after silence), both written here because they are about sockets, not SMTP.
 * On shutdown every open connection hears 421 and is closed (RFC 5321 3.8), so a
 * forgotten telnet session never keeps the process alive.
 */
import net from 'node:net';
import { type Mailbox, PERSONALITIES, type Policy, Session } from '@smtp-playground/shared';

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

export function startTcpSandbox(options: TcpSandboxOptions): Promise<TcpSandbox> {
  const maxConnections = options.limits?.maxConnections ?? 200;
  const idleTimeoutMs = options.limits?.idleTimeoutMs ?? 300_000;
  const personality = PERSONALITIES[options.personality ?? 'exim'];
  const hostname = options.policy?.hostname ?? 'example.thm';
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    socket.on('error', () => {}); // a reset by the client is normal; 'close' follows
    if (sockets.size >= maxConnections) {
      socket.end(`421 4.3.2 ${hostname} Too many connections, try again later\r\n`);
      return;
    }
    sockets.add(socket);
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
    });
    const act = (r: { output: Uint8Array; events: { type: string }[] }) => {
      // Backpressure: a client that sends but never reads must not make us queue
      // replies without bound, so stop reading until it has taken what we sent.
      if (r.output.length > 0 && !socket.write(r.output)) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
      if (r.events.some((e) => e.type === 'close')) socket.end();
    };
    act(session.start());
    socket.on('data', (chunk) => act(session.receive(chunk)));
    socket.setTimeout(idleTimeoutMs, () => {
      socket.end(`421 4.4.2 ${hostname} Error: timeout exceeded\r\n`);
      session.close();
    });
    socket.on('close', () => {
      sockets.delete(socket);
      session.close();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        server,
        close: () => {
          const closed = new Promise<void>((done) => server.close(() => done()));
          for (const socket of sockets) socket.end(`421 4.3.2 ${hostname} Service shutting down, closing transmission channel\r\n`, () => socket.destroy());
          return closed;
        },
      });
    });
  });
}
