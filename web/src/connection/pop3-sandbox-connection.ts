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
import { InTabConnection } from './in-tab-connection';

export class Pop3SandboxConnection extends InTabConnection<Pop3Session, Pop3Output> {
  readonly label = 'In-tab POP3 sandbox';
  readonly protocol = 'pop3';

  constructor(private readonly maildrops: Maildrops) {
    super();
  }

  protected newSession(): Pop3Session {
    return new Pop3Session({ maildrops: this.maildrops, clock: () => Date.now(), random: () => Math.random(), tls: true });
  }

  /** Commands left unread behind a large reply: read on once this one is shown (a task later, so the page keeps up). */
  protected actedOn(session: Pop3Session): void {
    if (session.waiting)
      setTimeout(() => {
        if (this.session === session && session.waiting) this.act(session, session.resume());
      }, 0);
  }
}
