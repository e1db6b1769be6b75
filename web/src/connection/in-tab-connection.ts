/**
 * What the in-tab sandboxes (sandbox-connection.ts, pop3-sandbox-connection.ts) share:
 * driving a shared sans-IO session right here. Every output of the session goes through
 * `act`: its bytes are delivered on a microtask, its `close` event closes the connection
 * after them (unless the page closed it first: `closed` comes once), its `startTls` event
 * starts the simulated handshake. What else an output asks differs by protocol and is
 * the subclass's `actedOn`: SMTP keeps time for a slow greeting, POP3 reads on behind a
 * large reply.
 */
import type { Connection, ConnectionEvent } from './connection';

/** What a session hands back, as both shared's Session and Pop3Session do. */
export interface InTabOutput {
  output: Uint8Array;
  events: readonly { type: string }[];
}

/** A shared sans-IO session as this driver drives it (Session, Pop3Session). */
export interface InTabSession<O extends InTabOutput> {
  readonly state: string;
  start(): O;
  receive(bytes: Uint8Array): O;
  tlsStarted(): O;
  close(): void;
}

export abstract class InTabConnection<S extends InTabSession<O>, O extends InTabOutput> implements Connection {
  abstract readonly label: string;
  readonly simulated = true;
  readonly readOnly = false;
  protected session: S | null = null;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();

  /** A new session for open() to start. */
  protected abstract newSession(): S;

  /** What else `r` asks of the driver, once its output and events are seen to (see act). */
  protected abstract actedOn(session: S, r: O): void;

  open(): void {
    const session = this.newSession();
    this.session = session;
    const greeting = session.start();
    this.emit({ type: 'opened' });
    this.act(session, greeting);
  }

  send(bytes: Uint8Array): void {
    const session = this.session;
    if (!session || session.state === 'closed') {
      this.emit({ type: 'error', code: 'not-connected', message: 'The connection is closed. Reconnect to start a new session.' });
      return;
    }
    this.act(session, session.receive(bytes));
  }

  /** Nothing to do: the session's own `startTls` event upgraded this connection already (see act). */
  startTls(): void {}

  close(): void {
    if (!this.session) return;
    // The session knows what a lost connection means (POP3: one lost in TRANSACTION deletes nothing, RFC 1939 6).
    this.session.close();
    this.session = null;
    this.emit({ type: 'closed', by: 'client', reason: 'You closed the connection.' });
  }

  subscribe(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers the session's output, acts on its events, then on what else the subclass reads in `r`. */
  protected act(session: S, r: O): void {
    const thenClose = r.events.some((e) => e.type === 'close');
    queueMicrotask(() => {
      if (r.output.length > 0) this.emit({ type: 'received', bytes: r.output });
      if (thenClose && this.session === session) {
        this.session = null;
        this.emit({ type: 'closed', by: 'server', reason: 'The server closed the connection.' });
      }
    });
    if (r.events.some((e) => e.type === 'startTls')) this.handshake(session);
    this.actedOn(session, r);
  }

  /**
   * The simulated handshake, once the 220 to STARTTLS or the +OK to STLS is delivered
   * (both on microtasks, in order): the session hears that TLS started, with no protocol
   * or cipher to name (SMTP's trace header then says ESMTPS without one), and the page
   * that it is simulated.
   */
  private handshake(session: S): void {
    queueMicrotask(() => {
      if (this.session !== session) return;
      this.emit({ type: 'tls', protocol: null, cipher: null, authorized: null, authorizationError: null, certificate: null, simulated: true });
      this.act(session, session.tlsStarted());
    });
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
