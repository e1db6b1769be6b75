/**
 * A connection whose code is loaded when it opens, for a connection the first screen
 * does not need: the page's first load then leaves it out (and what it alone brings,
 * such as the in-tab POP3 sandbox's session and the tab's mailbox with postal-mime).
 *
 * How this works:
 * - What the connection is (label, protocol, …) is given up front: the store shows it
 *   before anything opens, as it does for any other connection.
 * - `open` loads the real connection, then opens it; its events pass through unchanged.
 *   Until then the store is `connecting` and sends nothing, so nothing waits here.
 * - Closed before the code arrived: the real connection is never opened, and, as an
 *   unopened sandbox connection does, this says nothing.
 * - The code could not be loaded (offline, a new deployment): an `error`, then `closed`.
 */
import type { Connection, ConnectionEvent } from './connection';

/** What the store shows of a connection before it opens. */
export type ConnectionDescription = Pick<Connection, 'label' | 'simulated' | 'readOnly' | 'letterEnd' | 'protocol'>;

export class LazyConnection implements Connection {
  readonly label: string;
  readonly simulated: boolean;
  readonly readOnly: boolean;
  readonly letterEnd?: 'crlf' | 'any-lf';
  readonly protocol?: 'smtp' | 'pop3';
  private loaded: Connection | null = null;
  private closed = false;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();

  constructor(
    description: ConnectionDescription,
    private readonly load: () => Promise<Connection>,
  ) {
    this.label = description.label;
    this.simulated = description.simulated;
    this.readOnly = description.readOnly;
    this.letterEnd = description.letterEnd;
    this.protocol = description.protocol;
  }

  open(): void {
    this.load().then(
      (c) => {
        if (this.closed) return;
        this.loaded = c;
        c.subscribe((e) => this.emit(e));
        c.open();
      },
      (e: unknown) => {
        if (this.closed) return;
        this.closed = true;
        const why = e instanceof Error ? e.message : String(e);
        this.emit({ type: 'error', code: 'load-failed', message: `${this.label} could not be loaded (${why}). Reload the page to try again.` });
        this.emit({ type: 'closed', by: 'client', reason: 'The page could not load this connection.' });
      },
    );
  }

  /** Before the code arrives the store sends nothing (it is still `connecting`). */
  send(bytes: Uint8Array): void {
    this.loaded?.send(bytes);
  }

  startTls(): void {
    this.loaded?.startTls();
  }

  close(): void {
    this.closed = true;
    this.loaded?.close();
  }

  subscribe(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
