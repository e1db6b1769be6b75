/**
 * The parity player's transport (shared's DialogueTransport) over one of the page's
 * connections: in practice a RelayConnection to a named target, so "Compare" plays the
 * corpus against a real server with the same loop the recorder uses on a socket.
 *
 * How this works:
 * - Bytes the server sent go into a ReplyReader; every event wakes whoever waits.
 * - Waiting (`until`, `quiet`, `lastWords`) ends when what it waits for holds, the
 *   connection closes, or its time is up; time is checked again when it could next
 *   make a difference (the deadline, or the moment the server has been quiet long
 *   enough), not polled.
 * - `startTls` asks the connection to upgrade (through the relay: the `starttls`
 *   control message) and waits for its `tls` event; an `error` or a close means the
 *   handshake failed, and `problem` keeps the connection's sentence.
 */
import { type DialogueTransport, type OpenedTransport, ReplyReader } from '@smtp-playground/shared';
import type { Connection } from './connection';
import { RelayConnection } from './relay-connection';

/** How long the player waits, in milliseconds. */
export interface TransportTimings {
  /** For a step's replies (and a TLS handshake). */
  stepTimeoutMs: number;
  /** Silence that ends a 'quiet' step. */
  quietMs: number;
  /** After the last step, for the server to close. */
  closeWaitMs: number;
  /** For the connection to open (through the relay: its `connected`). */
  openTimeoutMs: number;
}

/** As the command line waits (npm run compare). */
export const COMPARE_TIMINGS: TransportTimings = { stepTimeoutMs: 10_000, quietMs: 1000, closeWaitMs: 1500, openTimeoutMs: 15_000 };

export class ConnectionTransport implements DialogueTransport {
  readonly reader = new ReplyReader();
  closed = false;
  /** The connection is up; the greeting follows. */
  opened = false;
  /** The connection's last error sentence, if any. */
  problem: string | null = null;
  private tls: 'plain' | 'asked' | 'started' | 'failed' = 'plain';
  private lastData: number;
  private readonly waiting = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly connection: Connection,
    private readonly t: TransportTimings = COMPARE_TIMINGS,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.lastData = now();
    this.unsubscribe = connection.subscribe((e) => {
      switch (e.type) {
        case 'opened':
          this.opened = true;
          break;
        case 'received':
          this.lastData = this.now();
          this.reader.feed(e.bytes);
          break;
        case 'tls':
          this.tls = 'started';
          break;
        case 'error':
          this.problem = e.message;
          if (this.tls === 'asked') this.tls = 'failed';
          break;
        case 'closed':
          this.closed = true;
          if (this.tls === 'asked') this.tls = 'failed';
          break;
        default:
          return;
      }
      for (const wake of [...this.waiting]) wake();
    });
  }

  get stepTimeoutSeconds(): number {
    return this.t.stepTimeoutMs / 1000;
  }

  write(bytes: Uint8Array): void {
    this.lastData = this.now(); // a quiet step counts its silence from what it sent
    if (!this.closed) this.connection.send(bytes);
  }

  until(ready: () => boolean): Promise<boolean> {
    return this.waitFor(ready, this.t.stepTimeoutMs);
  }

  async quiet(): Promise<void> {
    await this.waitFor(
      () => this.now() - this.lastData >= this.t.quietMs,
      this.t.stepTimeoutMs,
      () => this.lastData + this.t.quietMs,
    );
  }

  async lastWords(): Promise<void> {
    await this.waitFor(() => false, this.t.closeWaitMs);
  }

  async startTls(): Promise<boolean> {
    this.tls = 'asked';
    this.connection.startTls();
    await this.waitFor(() => this.tls !== 'asked', this.t.stepTimeoutMs);
    return this.upgraded;
  }

  /** The handshake finished (a getter, so the compiler doesn't assume `tls` is still 'asked'). */
  private get upgraded(): boolean {
    return this.tls === 'started';
  }

  /** Waits for the connection to open; rejects with the connection's sentence if it closes first or takes too long. */
  async ready(): Promise<void> {
    await this.waitFor(() => this.opened, this.t.openTimeoutMs);
    if (!this.opened)
      throw new Error(this.problem ?? (this.closed ? 'The connection closed before it opened.' : `No connection within ${this.t.openTimeoutMs / 1000} s.`));
  }

  close(): void {
    this.unsubscribe();
    this.connection.close();
    this.closed = true;
    for (const wake of [...this.waiting]) wake();
  }

  /**
   * Resolves with ready() once it holds, the connection closes, or `ms` pass.
   * `recheckAt`: when, besides the deadline, the answer could change with time alone.
   */
  private waitFor(ready: () => boolean, ms: number, recheckAt?: () => number): Promise<boolean> {
    const deadline = this.now() + ms;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        clearTimeout(timer);
        if (ready() || this.closed || this.now() >= deadline) {
          this.waiting.delete(check);
          resolve(ready());
          return;
        }
        timer = setTimeout(check, Math.max(0, Math.min(deadline, recheckAt?.() ?? deadline) - this.now()));
      };
      this.waiting.add(check);
      check();
    });
  }
}

/** Opens a relay session to `target` for one dialogue, as runComparison asks. The relay is the client the server sees, so the client's address is not known here. */
export async function openRelayTransport(target: string, timings: TransportTimings = COMPARE_TIMINGS): Promise<OpenedTransport> {
  const connection = new RelayConnection(target, target);
  const transport = new ConnectionTransport(connection, timings);
  connection.open();
  try {
    await transport.ready();
  } catch (e) {
    transport.close();
    throw e;
  }
  return { transport, clientAddress: null, close: () => transport.close() };
}
