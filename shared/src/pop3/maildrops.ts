/**
 * One POP3 maildrop per local part, over the same Mailbox the SMTP sandbox stores into.
 *
 * Rules:
 * - A message is in the maildrop of every local part its envelope named (RCPT TO),
 *   compared without regard to case and to the domain: `strategos` reads what was sent
 *   to `strategos@server.thm`, and to `Strategos@elsewhere.test` too. The sandbox
 *   accepts mail for any domain it calls local, so the domain adds nothing here.
 * - Oldest first, as a POP3 server numbers a maildrop (RFC 1939 5: message 1 is the first).
 * - A user's deletions (what QUIT applies in the UPDATE state) hide the message from
 *   that user only. The message stays in the Mailbox, so the relay's mailbox API and
 *   the page's mailbox are unchanged, and it stays in the other recipients' maildrops,
 *   each of whom has a copy of their own as far as POP3 can tell.
 */
import type { Mailbox, StoredMessage } from '../server/mailbox.js';

/** The local part of a login name or an address, as a maildrop is named: "Strategos@server.thm" → "strategos". */
export function maildropName(user: string): string {
  const at = user.lastIndexOf('@');
  return (at === -1 ? user : user.slice(0, at)).toLowerCase();
}

export class Maildrops {
  /** By maildrop name: the ids that user deleted. Ids the mailbox no longer holds are forgotten at the next removal. */
  private readonly deleted = new Map<string, Set<string>>();

  /** `mailbox`: shared's Mailbox, or anything that lists the same way (the relay's Maildir does, newest first). */
  constructor(private readonly mailbox: Pick<Mailbox, 'list'>) {}

  /**
   * The messages whose envelope names this local part (case-insensitive; any domain),
   * oldest first, minus those this user deleted.
   * @example new Maildrops(mailbox).list('strategos') // what was sent to strategos@server.thm
   */
  list(user: string): StoredMessage[] {
    const name = maildropName(user);
    if (name === '') return [];
    const gone = this.deleted.get(name);
    return this.mailbox
      .list()
      .reverse()
      .filter((m) => !gone?.has(m.id) && m.rcptTo.some((r) => maildropName(r) === name));
  }

  /**
   * A user's deletions, applied at QUIT: hidden from that user's maildrop only. The
   * message stays in the Mailbox and in other recipients' maildrops.
   */
  remove(user: string, ids: readonly string[]): void {
    const name = maildropName(user);
    if (name === '' || ids.length === 0) return;
    this.deleted.set(name, new Set([...(this.deleted.get(name) ?? []), ...ids]));
    // What the mailbox let go (its bounds, or a clear) is forgotten by every user, so these sets stay bounded by it.
    const held = new Set(this.mailbox.list().map((m) => m.id));
    for (const [who, gone] of this.deleted) {
      for (const id of gone) if (!held.has(id)) gone.delete(id);
      if (gone.size === 0) this.deleted.delete(who);
    }
  }
}
