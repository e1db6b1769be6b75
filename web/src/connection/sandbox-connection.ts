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
import { InTabConnection } from './in-tab-connection';

const tabGreylist = new Greylist();

/**
 * The in-tab sandbox forgets every triplet it has seen: the next try of each gets 451
 * again. A greylisting lesson's first step is that 451, which a tab that did the
 * lesson, its autoplay or the challenge before would not see again.
 */
export function forgetTabGreylist(): void {
  tabGreylist.forget();
}

export class SandboxConnection extends InTabConnection<Session, SessionOutput> {
  readonly label = 'In-tab sandbox';
  readonly letterEnd: 'crlf' | 'any-lf';
  private wakeTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly mailbox: MessageSink,
    private readonly personality: Personality,
    private readonly policy: Partial<Policy>,
  ) {
    super();
    this.letterEnd = letterEnd(personality, policy);
  }

  protected newSession(): Session {
    return new Session({
      mailbox: this.mailbox,
      clock: () => Date.now(),
      random: () => Math.random(),
      personality: this.personality,
      policy: this.policy,
      client: { address: '127.0.0.1', name: 'localhost' },
      tls: true,
      greylist: tabGreylist,
    });
  }

  override close(): void {
    this.clearWake();
    super.close();
  }

  /** Keeps the time the session asks for: a slow server's greeting waits on a timer here. */
  protected actedOn(session: Session, r: SessionOutput): void {
    if (r.wakeAfterMs === undefined) return;
    this.clearWake();
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      if (this.session === session) this.act(session, session.wake());
    }, r.wakeAfterMs);
  }

  private clearWake(): void {
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }
}
