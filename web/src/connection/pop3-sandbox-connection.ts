/**
 * The in-tab POP3 sandbox: shared's sans-IO Pop3Session, driven right here, over the
 * maildrops of the tab's own mailbox (the one the in-tab SMTP sandbox stores into), so
 * a letter sent by hand there can be fetched by hand here. No server is needed.
 * Replies are delivered on a microtask, after the bytes that caused them.
 *
 * STLS is offered and simulated, as the SMTP sandbox simulates STARTTLS: a tab can't be
 * a TLS server. On the session's `startTls` event, once its +OK is delivered, the page
 * hears a `tls` event that says `simulated` and the session is told TLS started.
 * Nothing is encrypted, and the page says so.
 *
 * Every maildrop opens with the password `sandbox` (shared's SANDBOX_PASSWORD). What
 * QUIT deletes is hidden from that user for the rest of the visit (Maildrops); the
 * message stays in the tab's mailbox and in other recipients' maildrops.
 */
import { type Maildrops, type Pop3Output, Pop3Session } from '@smtp-playground/shared';
import type { Connection, ConnectionEvent } from './connection';

export class Pop3SandboxConnection implements Connection {
  readonly label = 'In-tab POP3 sandbox';
  readonly simulated = true;
  readonly readOnly = false;
  readonly protocol = 'pop3';
  private session: Pop3Session | null = null;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();

  constructor(private readonly maildrops: Maildrops) {}

  open(): void {
    this.session = new Pop3Session({ maildrops: this.maildrops, clock: () => Date.now(), random: () => Math.random(), tls: true });
    const greeting = this.session.start();
    this.emit({ type: 'opened' });
    this.act(greeting);
  }

  send(bytes: Uint8Array): void {
    const session = this.session;
    if (!session || session.state === 'closed') {
      this.emit({ type: 'error', code: 'not-connected', message: 'The connection is closed. Reconnect to start a new session.' });
      return;
    }
    this.act(session.receive(bytes));
  }

  /** Nothing to do: the session's own `startTls` event upgraded this connection already (see act). */
  startTls(): void {}

  close(): void {
    if (!this.session) return;
    // A connection lost in TRANSACTION deletes nothing (RFC 1939 6): the session knows.
    this.session.close();
    this.session = null;
    this.emit({ type: 'closed', by: 'client', reason: 'You closed the connection.' });
  }

  subscribe(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private act(r: Pop3Output): void {
    const session = this.session;
    const thenClose = r.events.some((e) => e.type === 'close');
    queueMicrotask(() => {
      if (r.output.length > 0) this.emit({ type: 'received', bytes: r.output });
      if (thenClose && this.session === session) {
        this.session = null;
        this.emit({ type: 'closed', by: 'server', reason: 'The server closed the connection.' });
      }
    });
    if (session && r.events.some((e) => e.type === 'startTls')) this.handshake(session);
    // Commands left unread behind a large reply: read on once this one is shown (a task later, so the page keeps up).
    if (session?.waiting)
      setTimeout(() => {
        if (this.session === session && session.waiting) this.act(session.resume());
      }, 0);
  }

  /** The simulated handshake, after the +OK to STLS is delivered (both on microtasks, in order). */
  private handshake(session: Pop3Session): void {
    queueMicrotask(() => {
      if (this.session !== session) return;
      this.emit({ type: 'tls', protocol: null, cipher: null, authorized: null, authorizationError: null, certificate: null, simulated: true });
      this.act(session.tlsStarted());
    });
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
