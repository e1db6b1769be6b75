/**
 * What the sandbox allows, as plain data. The default is a catch-all: every recipient
 * at every domain is accepted, which is what a learner expects from a practice server.
 * Scenarios (lessons, settings) pass a different policy; the session only reads it.
 */
import type { Personality } from './personality.js';

export interface Account {
  user: string;
  password: string;
}

export interface Policy {
  /** Our name in the greeting, HELO reply and trace headers. */
  hostname: string;
  /** Domains we are the destination for; null accepts every domain (catch-all). */
  localDomains: readonly string[] | null;
  /** Local parts that exist in local domains; null accepts every one. */
  users: readonly string[] | null;
  /** Demo accounts for AUTH PLAIN and LOGIN. No accounts: AUTH is not offered. */
  accounts: readonly Account[];
  /**
   * AUTH is offered in plain text too, not only after STARTTLS: an unsafe lab setting
   * (the password crosses the network readable). Real servers offer it only over TLS.
   */
  plaintextAuth: boolean;
  /** MAIL needs AUTH first (a submission port, RFC 6409): 530 5.7.0. */
  requireAuth: boolean;
  /** MAIL and AUTH need STARTTLS first (RFC 3207): 530 5.7.0. */
  requireTls: boolean;
  /** SIZE limit in octets; null takes the personality's default. */
  maxMessageSize: number | null;
  /** Recipients per message (RFC 5321 4.5.3.1.8 asks for at least 100); null takes the personality's. */
  maxRecipients: number | null;
  /** Protocol errors before 421 and hang-up; null takes the personality's default. */
  maxErrors: number | null;
  /**
   * Greylisting (RFC 6647): a (client address, sender, recipient) triplet not seen
   * before gets 451 4.7.1 at RCPT until this many seconds have passed; null: off.
   */
  greylistSeconds: number | null;
  /** Local parts whose mailbox is full: 'temporary' answers 452 4.2.2, 'permanent' 552 5.2.2. */
  fullMailboxes: Readonly<Record<string, 'temporary' | 'permanent'>>;
  /**
   * Local parts accepted at RCPT that cannot be delivered afterwards: the 250 to the
   * letter is followed by a bounce to the sender (bounce.ts), as a gateway that cannot
   * check users does. Empty: every accepted recipient is delivered.
   */
  laterBounces: readonly string[];
  /** The server is going down: 421 instead of a greeting, then hang up. */
  shuttingDown: boolean;
  /** Seconds of silence before the greeting; a client that talks first gets 554 (Exim's synchronization check). */
  greetingDelaySeconds: number;
  /**
   * Bare LF line endings. 'server': as the personality's real server takes them
   * (Personality's letterEnd). 'normal': taken, but a letter ends only at
   * <CR><LF>.<CR><LF> (Postfix 3.9's default, smtpd_forbid_bare_newline = normalize).
   * 'reject' (smtpd_forbid_bare_newline = reject): a command line ending in a bare LF
   * gets 550 5.5.2 and the connection closes; a letter with such a line gets 550 5.5.2
   * after its end, is not stored, and the session goes on.
   */
  bareLf: 'server' | 'normal' | 'reject';
  /**
   * What the server's checks of each letter decided (a journey's MX, world/journey.ts:
   * SPF, DKIM and DMARC run before the hop, over the very bytes the hop carries): the
   * Authentication-Results header field to add on top of the trace, and the From:
   * domain whose DMARC policy refuses the letter after its dot, if any. Null: no checks.
   */
  letterChecks: { header: string; dmarcReject: string | null } | null;
}

export const DEFAULT_POLICY: Policy = {
  hostname: 'example.thm',
  localDomains: null,
  users: null,
  accounts: [{ user: 'learner', password: 'sandbox' }],
  plaintextAuth: false,
  requireAuth: false,
  requireTls: false,
  maxMessageSize: null,
  maxRecipients: null,
  maxErrors: null,
  greylistSeconds: null,
  fullMailboxes: {},
  laterBounces: [],
  shuttingDown: false,
  greetingDelaySeconds: 0,
  bareLf: 'server',
  letterChecks: null,
};

/** Where a letter may end under this personality and policy: a policy that sets bare LF's rules is stricter than any personality. */
export function letterEnd(personality: Pick<Personality, 'letterEnd'>, policy: Partial<Pick<Policy, 'bareLf'>>): Personality['letterEnd'] {
  return (policy.bareLf ?? DEFAULT_POLICY.bareLf) === 'server' ? personality.letterEnd : 'crlf';
}
