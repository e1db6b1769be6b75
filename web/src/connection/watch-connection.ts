/**
 * Watching: a read-only connection that shows a session someone else holds with the
 * relay's sandbox (`telnet localhost 2525` in a terminal), fed by the watch feed. The
 * client's bytes arrive as `sent`, the server's as `received`, so the transcript and
 * the post office follow it exactly as if the page had typed it.
 *
 * Rules:
 * - One session at a time: the first that opens after watching begins. Sessions
 *   already open are not followed (their start was never seen, so the observer could
 *   not make sense of them).
 * - Sessions that open while one is followed wait their turn, with their bytes kept
 *   (bounded), and are shown from their first byte when the followed one ends.
 * - If the feed breaks, bytes were missed: the followed session ends here and the
 *   waiting ones are dropped; the next session that opens is followed.
 */
import type { Connection, ConnectionEvent } from './connection';
import type { WatchFeed, WatchFeedEvent } from './watch-feed';

/** Sessions kept waiting their turn, and the bytes kept for each. Beyond either, a session is skipped. */
const MAX_WAITING = 20;
const MAX_KEPT_BYTES = 256 * 1024;

type Kept = Extract<WatchFeedEvent, { type: 'bytes' | 'tls' | 'closed' }>;
interface Waiting {
  id: string;
  client: string;
  implicitTls: boolean;
  events: Kept[];
  bytes: number;
}

export class WatchConnection implements Connection {
  readonly simulated = false;
  readonly readOnly = true;
  readonly label: string;
  private following: string | null = null;
  private waiting: Waiting[] = [];
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();

  /**
   * @param feed the relay's watch feed
   * @param port the sandbox's TCP port, for the sentences that say what to type
   * @param protocol what the feed's sessions speak: its POP3 feed's are POP3 (port 2110)
   */
  constructor(
    private readonly feed: WatchFeed,
    private readonly port: number,
    readonly protocol: 'smtp' | 'pop3' = 'smtp',
  ) {
    this.label = `Watching port ${port}`;
  }

  open(): void {
    if (this.unsubscribe) return;
    // Until the feed says hello, a session that opens could be missed: don't invite one yet.
    this.emit({ type: 'waiting', message: 'Connecting to the relay’s watch feed…' });
    this.unsubscribe = this.feed.subscribe((e) => this.heard(e), { bytes: true });
  }

  send(): void {
    this.emit({ type: 'error', code: 'read-only', message: `Watching only: type in your terminal (telnet localhost ${this.port}), not here.` });
  }

  /** The sandbox does the TLS with the client in the terminal; the feed reports it. */
  startTls(): void {}

  close(): void {
    if (!this.unsubscribe) return;
    this.unsubscribe();
    this.unsubscribe = null;
    this.following = null;
    this.waiting = [];
    this.emit({ type: 'closed', by: 'client', reason: 'You stopped watching.' });
  }

  subscribe(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private heard(e: WatchFeedEvent): void {
    switch (e.type) {
      case 'hello':
        if (this.following === null && this.waiting.length === 0) this.emit({ type: 'waiting', message: this.idle(e.sessions.length) });
        return;
      case 'opened':
        if (this.following === null) this.follow(e.id, e.client, e.implicitTls);
        else if (this.waiting.length < MAX_WAITING) this.waiting.push({ id: e.id, client: e.client, implicitTls: e.implicitTls, events: [], bytes: 0 });
        return;
      case 'bytes':
      case 'tls':
      case 'closed':
        if (e.id === this.following) this.show(e);
        else this.keep(e);
        return;
      case 'interrupted':
        this.waiting = [];
        if (this.following !== null) {
          this.following = null;
          this.emit({ type: 'closed', by: 'relay', reason: 'The watch feed was interrupted, so the rest of this session was missed.' });
        }
        this.emit({ type: 'waiting', message: 'The watch feed was interrupted; reconnecting to it…' });
        return;
      case 'unavailable':
        this.unsubscribe?.();
        this.unsubscribe = null;
        this.following = null;
        this.waiting = [];
        this.emit({
          type: 'error',
          code: 'watch-unavailable',
          message: 'This page’s server has no watch feed (GET /api/watch failed). Watching needs the relay: npm start.',
        });
        this.emit({ type: 'closed', by: 'relay', reason: 'Watching stopped: the watch feed is unavailable.' });
        return;
      case 'messageStored':
      case 'messagesRemoved':
        return; // the relay mailbox store follows these
    }
  }

  private follow(id: string, client: string, implicitTls: boolean): void {
    this.following = id;
    this.emit({ type: 'opened', peer: client });
    // Implicit TLS (like port 465) is TLS from the first byte; the feed reports no handshake for it.
    if (implicitTls) this.emit({ type: 'tls', protocol: null, cipher: null, authorized: null, authorizationError: null, certificate: null, simulated: false });
  }

  private show(e: Kept): void {
    if (e.type === 'bytes') this.emit({ type: e.direction === 'client' ? 'sent' : 'received', bytes: e.data });
    else if (e.type === 'tls') {
      this.emit({ type: 'tls', protocol: e.protocol, cipher: e.cipher, authorized: null, authorizationError: null, certificate: null, simulated: false });
    } else {
      this.following = null;
      this.emit({ type: 'closed', by: 'server', reason: 'The watched session ended.' });
      this.next();
    }
  }

  /** A waiting session's event, kept for its turn; a session too big to keep is skipped. */
  private keep(e: Kept): void {
    const w = this.waiting.find((s) => s.id === e.id);
    if (!w) return;
    w.events.push(e);
    if (e.type === 'bytes') w.bytes += e.data.length;
    if (w.bytes > MAX_KEPT_BYTES) this.waiting = this.waiting.filter((s) => s !== w);
  }

  /** The followed session ended: show the next waiting one from its start, or wait. */
  private next(): void {
    const w = this.waiting.shift();
    if (!w) {
      this.emit({ type: 'waiting', message: this.idle(0) });
      return;
    }
    this.follow(w.id, w.client, w.implicitTls);
    for (const e of w.events) {
      if (this.following !== w.id) return; // it ended, and show() moved on
      this.show(e);
    }
  }

  private idle(inProgress: number): string {
    const already =
      inProgress > 0
        ? ` ${inProgress === 1 ? 'One session was' : `${inProgress} sessions were`} already in progress; the page follows the next one that opens.`
        : '';
    return `Waiting for a session to open. In a terminal: telnet localhost ${this.port}.${already}`;
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
