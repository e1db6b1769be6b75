/**
 * How each personality behaves with the SMTP extensions beyond RFC 5321's core, where
 * the RFCs leave room and real servers differ in more than words: ETRN (RFC 1985) and
 * DSN (RFC 3461).
 *
 * A personality (personalities/*.ts) says how a server sounds: reply texts, EHLO order,
 * queue ids. This table says what it does, as data, measured against real Exim 4.96 and
 * Postfix 3.7.11 (the parity goldens, and by hand where no golden covers it). It is kept
 * by personality id so that a personality stays a list of words.
 */
import type { ReplyKey } from '../protocol/replies.js';
import type { Personality } from './personality.js';

export interface ExtensionHabits {
  /**
   * ETRN (RFC 1985), outside a transaction. `checksArgument`: the argument must be one
   * host name, @domain or #queue (R500_ETRN_SYNTAX, R501_ETRN_DOMAIN) before `answer`.
   */
  etrn: { checksArgument: boolean; answer: ReplyKey };
  /**
   * RET= and ENVID= on MAIL where EHLO did not offer DSN: 'ignored' (taken and dropped
   * unread, whatever their value) or 'unsupported' (as any unknown parameter). Where
   * DSN is offered they are checked as dsn.ts says; NOTIFY and ORCPT on RCPT are
   * unknown parameters where it is not.
   */
  dsnUnoffered: 'ignored' | 'unsupported';
}

export const EXTENSION_HABITS: Record<Personality['id'], ExtensionHabits> = {
  exim: {
    // smtp_in.c: with no acl_smtp_etrn (Debian sets none) every ETRN is refused by the
    // ACL check, which comes before the argument is looked at; "ETRN" alone gets it too.
    etrn: { checksArgument: false, answer: 'R458_ETRN_REFUSED' },
    // smtp_in.c: RET and ENVID are in Exim's list of MAIL options, but only read when
    // DSN was advertised (dsn_advertise_hosts; Debian sets none), so they are dropped.
    // On RCPT, NOTIFY and ORCPT are then unknown: "malformed address" (the golden's
    // dsn-parameters dialogue).
    dsnUnoffered: 'ignored',
  },
  postfix: {
    // smtpd.c etrn_cmd: argc != 2 is 500, a bad name 501, and the default
    // fast_flush_domains ($relay_domains, empty) turns every domain down with 459.
    etrn: { checksArgument: true, answer: 'R459_ETRN_UNAVAILABLE' },
    // Postfix always offers DSN unless smtpd_discard_ehlo_keywords removes it; then it
    // answers "501 5.7.1 DSN support is disabled", which the sandbox does not model.
    dsnUnoffered: 'unsupported',
  },
};

/** The habits of `personality`. */
export function extensionHabits(personality: Pick<Personality, 'id'>): ExtensionHabits {
  return EXTENSION_HABITS[personality.id];
}
