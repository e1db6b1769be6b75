/**
 * Watch: every session the TCP sandboxes handle, as it happens, so the page can show a
 * `telnet localhost 2525` (SMTP) or `telnet localhost 2110` (POP3) session live. The
 * sandboxes report; the HTTP server streams the reports to the page as Server-Sent
 * Events (GET /api/watch).
 *
 * A listener hears one protocol's sessions (SMTP unless it asks for POP3): the feed's
 * events carry the port, not the protocol, and a page reading SMTP must never be handed
 * a POP3 session to read as SMTP. GET /api/watch?protocol=pop3 is the POP3 feed.
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

/** Which sandbox a session is on. */
export type WatchProtocol = 'smtp' | 'pop3';

export class WatchHub {
  private readonly listeners = new Set<(e: WatchSessionEvent, protocol: WatchProtocol) => void>();
  /** How many listeners want bytes. */
  private byteListeners = 0;
  private readonly open = new Map<string, WatchedSession & { protocol: WatchProtocol }>();
  private nextId = 1;

  constructor(private readonly clock: () => number = Date.now) {}

  /** A session began; returns its id for the reports that follow. */
  opened(client: string, port: number, implicitTls: boolean, protocol: WatchProtocol = 'smtp'): string {
    const id = String(this.nextId++);
    const at = this.clock();
    this.open.set(id, { id, client, startedAt: at, protocol });
    this.emit(watchOpened({ id, client, port, implicitTls, at }), protocol);
    return id;
  }

  bytes(id: string, direction: WatchBytes['direction'], data: Uint8Array): void {
    if (this.byteListeners === 0 || data.length === 0) return;
    // A copy: the socket may reuse its buffer after this returns.
    this.emit(watchBytes(id, direction, this.clock(), Uint8Array.from(data)), this.protocolOf(id));
  }

  tls(id: string, protocol: string, cipher: string): void {
    this.emit(watchTls(id, protocol, cipher), this.protocolOf(id));
  }

  closed(id: string): void {
    const session = this.open.get(id);
    if (!session) return;
    this.open.delete(id);
    this.emit(watchClosed(id, this.clock()), session.protocol);
  }

  /** Sessions of one protocol open now; their earlier bytes are not kept. */
  sessions(protocol: WatchProtocol = 'smtp'): WatchedSession[] {
    return [...this.open.values()].filter((s) => s.protocol === protocol).map(({ id, client, startedAt }) => ({ id, client, startedAt }));
  }

  /**
   * Returns the function that unsubscribes. `bytes: false`: every event but the
   * sessions' bytes; `protocol`: whose sessions (SMTP's unless it says 'pop3').
   */
  subscribe(listener: (e: WatchSessionEvent) => void, options: { bytes?: boolean; protocol?: WatchProtocol } = {}): () => void {
    // A wrapper of its own, so the same function may subscribe twice.
    const wants = options.bytes ?? true;
    const protocol = options.protocol ?? 'smtp';
    const l = (e: WatchSessionEvent, p: WatchProtocol) => p === protocol && (wants || e.type !== 'bytes') && listener(e);
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

  private protocolOf(id: string): WatchProtocol {
    return this.open.get(id)?.protocol ?? 'smtp';
  }

  private emit(e: WatchSessionEvent, protocol: WatchProtocol): void {
    for (const l of this.listeners) l(e, protocol);
  }
}
