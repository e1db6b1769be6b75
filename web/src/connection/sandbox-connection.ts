/**
 * The in-tab sandbox: the shared sans-IO session, driven right here. No server is
 * needed. Replies are delivered on a microtask, so they arrive after the bytes that
 * caused them, as they would over a network.
 *
 * STARTTLS is offered, and the upgrade is simulated: a tab can't be a TLS server. This
 * driver acts on the session's `startTls` event as the relay's TCP driver does, but
 * with no handshake: after the 220 is delivered the session is told TLS started, and
 * the page hears a `tls` event, as it hears the relay's `tls` control message. Nothing
 * is encrypted; the event says `simulated`, and the page says so.
 *
 * Time belongs to the driver: a slow server's greeting waits on a timer here, and the
 * greylist outlives connections (one for the tab), as a real greylist does, until a
 * greylisting lesson, challenge or autoplay starts and asks it to forget.
 */
import { Greylist, letterEnd, type MessageSink, type Personality, type Policy, Session, type SessionOutput } from '@smtp-playground/shared';
import type { Connection, ConnectionEvent } from './connection';

const tabGreylist = new Greylist();

/**
 * The in-tab sandbox forgets every triplet it has seen: the next try of each gets 451
 * again. A greylisting lesson's first step is that 451, which a tab that did the
 * lesson, its autoplay or the challenge before would not see again.
 */
export function forgetTabGreylist(): void {
  tabGreylist.forget();
}

export class SandboxConnection implements Connection {
  readonly label = 'In-tab sandbox';
  readonly simulated = true;
  readonly readOnly = false;
  private session: Session | null = null;
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();
  readonly letterEnd: 'crlf' | 'any-lf';

  constructor(
    private readonly mailbox: MessageSink,
    private readonly personality: Personality,
    private readonly policy: Partial<Policy>,
  ) {
    this.letterEnd = letterEnd(personality, policy);
  }

  open(): void {
    this.session = new Session({
      mailbox: this.mailbox,
      clock: () => Date.now(),
      random: () => Math.random(),
      personality: this.personality,
      policy: this.policy,
      client: { address: '127.0.0.1', name: 'localhost' },
      tls: true,
      greylist: tabGreylist,
    });
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
    this.clearWake();
    if (!this.session) return;
    this.session.close();
    this.session = null;
    this.emit({ type: 'closed', by: 'client', reason: 'You closed the connection.' });
  }

  subscribe(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers the session's output, acts on its events, and keeps the time it asks for. */
  private act(r: SessionOutput): void {
    const session = this.session;
    this.deliver(
      r.output,
      r.events.some((e) => e.type === 'close'),
    );
    if (session && r.events.some((e) => e.type === 'startTls')) this.handshake(session);
    if (r.wakeAfterMs === undefined) return;
    this.clearWake();
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      if (session && this.session === session) this.act(session.wake());
    }, r.wakeAfterMs);
  }

  /**
   * The simulated handshake, once the 220 is delivered (both on microtasks, in order):
   * the session hears that TLS started, with no protocol or cipher to name (its trace
   * header then says ESMTPS without one), and the page that it is simulated.
   */
  private handshake(session: Session): void {
    queueMicrotask(() => {
      if (this.session !== session) return;
      this.emit({ type: 'tls', protocol: null, cipher: null, authorized: null, authorizationError: null, certificate: null, simulated: true });
      this.act(session.tlsStarted());
    });
  }

  private clearWake(): void {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  private deliver(bytes: Uint8Array, thenClose: boolean): void {
    queueMicrotask(() => {
      if (bytes.length > 0) this.emit({ type: 'received', bytes });
      if (thenClose) {
        this.session = null;
        this.emit({ type: 'closed', by: 'server', reason: 'The server closed the connection.' });
      }
    });
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
