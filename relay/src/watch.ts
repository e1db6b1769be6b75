/**
 * Watch: every session the TCP sandbox handles, as it happens, so the page can show a
 * `telnet localhost 2525` session live. The sandbox reports; the HTTP server streams
 * the reports to the page as Server-Sent Events (GET /api/watch).
 *
 * What is reported is what the session sees: plaintext, after TLS too. That is the
 * point of a teaching tool, and the reason the relay binds loopback by default.
 * With nobody watching the bytes (a page that only follows the mailbox subscribes
 * without them), reporting costs one check per chunk.
 *
 * The events are shared's WatchSessionEvent (api.ts), built with its constructors, so
 * the stream carries exactly what the page's parser reads.
 */
import { type WatchBytes, type WatchedSession, type WatchSessionEvent, watchBytes, watchClosed, watchOpened, watchTls } from '@smtp-playground/shared';

export class WatchHub {
  private readonly listeners = new Set<(e: WatchSessionEvent) => void>();
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
    this.emit(watchOpened({ id, client, port, implicitTls, at }));
    return id;
  }

  bytes(id: string, direction: WatchBytes['direction'], data: Uint8Array): void {
    if (this.byteListeners === 0 || data.length === 0) return;
    // A copy: the socket may reuse its buffer after this returns.
    this.emit(watchBytes(id, direction, this.clock(), Uint8Array.from(data)));
  }

  tls(id: string, protocol: string, cipher: string): void {
    this.emit(watchTls(id, protocol, cipher));
  }

  closed(id: string): void {
    if (!this.open.delete(id)) return;
    this.emit(watchClosed(id, this.clock()));
  }

  /** Sessions open now; their earlier bytes are not kept. */
  sessions(): WatchedSession[] {
    return [...this.open.values()];
  }

  /** Returns the function that unsubscribes. `bytes: false`: every event but the sessions' bytes. */
  subscribe(listener: (e: WatchSessionEvent) => void, options: { bytes?: boolean } = {}): () => void {
    // A wrapper of its own, so the same function may subscribe twice.
    const wants = options.bytes ?? true;
    const l = wants ? (e: WatchSessionEvent) => listener(e) : (e: WatchSessionEvent) => e.type !== 'bytes' && listener(e);
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

  private emit(e: WatchSessionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
