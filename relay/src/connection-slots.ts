/**
 * What the SMTP and POP3 sandboxes share about their TCP connections: listening, the
 * slots (how many sessions, and how many per client address), and saying goodbye.
 *
 * Rules:
 * - A connection the relay itself opened (`counted` false) takes no slot: direct
 *   clients can always connect, whatever the page's sessions are doing.
 * - Past the server's limit, or the client's, a connection gets the protocol's refusal
 *   (the caller's words) and is hung up on; while that many refusals still linger, a
 *   further connection is dropped without a word, so refusing costs no more than serving.
 * - A client we hung up on has LINGER_MS to close its side, then the socket goes.
 */
import type net from 'node:net';

/** How long a client we said goodbye to may keep its side open. */
export const LINGER_MS = 5_000;

/** Listens; an error before listening rejects, one after (EMFILE and the like) is a line on stderr, not the end of the process. */
export function listen(server: net.Server, port: number, host: string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', (e) => console.error(`${name}: ${e.message}`));
      resolve();
    });
  });
}

/** Sends our last words and closes our side; the socket goes when the client closes too, or after LINGER_MS. */
export function hangUp(socket: net.Socket, last: Uint8Array | string = ''): void {
  socket.setTimeout(0);
  // end('') would cost an empty write of its own.
  if (last.length > 0) socket.end(last);
  else socket.end();
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(linger));
}

/**
 * Refuses a connection past a limit: it hears `words()` (its session's busy reply) and is
 * hung up on, and stays in `open` until it closes, so a shutdown meanwhile drops it; when
 * too many refusals linger already, it is dropped without a word.
 */
export function refuse(slots: ConnectionSlots, socket: net.Socket, open: Map<net.Socket, unknown>, words: () => Uint8Array): void {
  if (!slots.refusing(socket)) {
    socket.destroy();
    return;
  }
  open.set(socket, null);
  socket.once('close', () => open.delete(socket));
  hangUp(socket, words());
}

export class ConnectionSlots {
  private sessions = 0;
  private readonly perClient = new Map<string, number>();
  private refusals = 0;

  constructor(
    private readonly maxConnections: number,
    readonly maxPerClient: number,
  ) {}

  /** Why a connection from `address` may not have a session ('server' or 'client' is full), or null: it may. */
  full(address: string, counted: boolean): 'server' | 'client' | null {
    if (!counted) return null;
    if (this.sessions >= this.maxConnections) return 'server';
    return (this.perClient.get(address) ?? 0) >= this.maxPerClient ? 'client' : null;
  }

  /**
   * A refused connection, lingering until `socket` closes; false when too many linger
   * already (then drop it without a word).
   */
  refusing(socket: net.Socket): boolean {
    if (this.refusals >= this.maxConnections) return false;
    this.refusals++;
    socket.once('close', () => this.refusals--);
    return true;
  }

  /** A session from `address` took a slot; `released` gives it back. */
  taken(address: string): void {
    this.sessions++;
    this.perClient.set(address, (this.perClient.get(address) ?? 0) + 1);
  }

  released(address: string): void {
    this.sessions--;
    const n = (this.perClient.get(address) ?? 1) - 1;
    if (n === 0) this.perClient.delete(address);
    else this.perClient.set(address, n);
  }
}
