/**
 * Watch: every session the TCP sandbox handles, as it happens, so the page can show a
 * `telnet localhost 2525` session live. The sandbox reports; the HTTP server streams
 * the reports to the page as Server-Sent Events (GET /api/watch).
 *
 * What is reported is what the session sees: plaintext, after TLS too. That is the
 * point of a teaching tool, and the reason the relay binds loopback by default.
 * With nobody watching the bytes (a page that only follows the mailbox subscribes
 * without them), reporting costs one check per chunk.
 */

export type WatchEvent =
  | { type: 'opened'; id: string; client: string; port: number; implicitTls: boolean; at: number }
  | { type: 'bytes'; id: string; direction: 'client' | 'server'; at: number; data: Uint8Array }
  | { type: 'tls'; id: string; protocol: string; cipher: string }
  | { type: 'closed'; id: string; at: number };

export interface WatchedSession {
  id: string;
  client: string;
  startedAt: number;
}

export class WatchHub {
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  /** How many listeners want bytes. */
  private byteListeners = 0;
  private readonly open = new Map<string, WatchedSession>();
  private nextId = 1;

  constructor(private readonly clock: () => number = Date.now) {}

  /** A session began; returns its id for the reports that follow. */
  opened(client: string, port: number, implicitTls: boolean): string {
    const id = String(this.nextId++);
    const at = this.clock();
    this.open.set(id, { id, client, startedAt: at });
    this.emit({ type: 'opened', id, client, port, implicitTls, at });
    return id;
  }

  bytes(id: string, direction: 'client' | 'server', data: Uint8Array): void {
    if (this.byteListeners === 0 || data.length === 0) return;
    // A copy: the socket may reuse its buffer after this returns.
    this.emit({ type: 'bytes', id, direction, at: this.clock(), data: Uint8Array.from(data) });
  }

  tls(id: string, protocol: string, cipher: string): void {
    this.emit({ type: 'tls', id, protocol, cipher });
  }

  closed(id: string): void {
    if (!this.open.delete(id)) return;
    this.emit({ type: 'closed', id, at: this.clock() });
  }

  /** Sessions open now; their earlier bytes are not kept. */
  sessions(): WatchedSession[] {
    return [...this.open.values()];
  }

  /** Returns the function that unsubscribes. `bytes: false`: every event but the sessions' bytes. */
  subscribe(listener: (e: WatchEvent) => void, options: { bytes?: boolean } = {}): () => void {
    // A wrapper of its own, so the same function may subscribe twice.
    const wants = options.bytes ?? true;
    const l = wants ? (e: WatchEvent) => listener(e) : (e: WatchEvent) => e.type !== 'bytes' && listener(e);
    this.listeners.add(l);
    if (wants) this.byteListeners++;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.listeners.delete(l);
      if (wants) this.byteListeners--;
    };
  }

  private emit(e: WatchEvent): void {
    for (const l of this.listeners) l(e);
  }
}
