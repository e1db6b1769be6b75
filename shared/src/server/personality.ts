/**
 * A personality is how a real server sounds and behaves where servers differ: its
 * reply texts, EHLO keyword order, queue-id format, trace header, limits, sequence
 * rules and address checks. It is data (and two small functions); the session reads
 * it and keeps no server's habits of its own.
 */
import type { Verb } from '../protocol/command.js';
import type { ReplyKey } from '../protocol/replies.js';
import type { AddressRule } from './address-rules.js';
import type { CommandState } from './states.js';

/** The EHLO keywords the sandbox implements; a personality lists them in its order. */
export type EhloKeyword =
  | 'SIZE'
  | 'PIPELINING'
  | 'PIPECONNECT'
  | 'CHUNKING'
  | 'PRDR'
  | 'DSN'
  | 'ETRN'
  | '8BITMIME'
  | 'SMTPUTF8'
  | 'ENHANCEDSTATUSCODES'
  | 'STARTTLS'
  | 'AUTH'
  | 'VRFY'
  | 'HELP';

/** A reply as a personality says it. Code overrides exist because real servers differ (Exim refuses relay with 550, Postfix with 554). */
export type ReplyOverride = string | { code: number; enhanced?: string | null; text: string };

export interface TraceInfo {
  /** The client's HELO/EHLO name. */
  helo: string;
  clientAddress: string;
  /** Reverse DNS of the client, if known. */
  clientName: string | null;
  host: string;
  /** RFC 3848: SMTP, ESMTP, ESMTPA, ESMTPS, ESMTPSA. */
  protocol: string;
  id: string;
  mailFrom: string;
  rcptTo: readonly string[];
  authUser: string | null;
  /** The TLS the session used, if the driver said which. */
  tls: { protocol: string; cipher: string } | null;
  /** RFC 5322 date of receipt. */
  date: string;
}

export interface Personality {
  id: 'exim' | 'postfix';
  /** As the page names it: "Exim-like". */
  label: string;
  replies: Partial<Record<ReplyKey, ReplyOverride>>;
  ehlo: readonly EhloKeyword[];
  /**
   * When replies carry enhanced status codes (RFC 3463): Postfix sends them always,
   * even after plain HELO; Exim never (it does not offer ENHANCEDSTATUSCODES).
   */
  enhancedCodes: 'always' | 'never';
  /** Default SIZE limit. */
  maxMessageSize: number;
  /** The error that ends the session (Exim: syntax and protocol errors; Postfix: every 4xx and 5xx). */
  maxErrors: number;
  /**
   * How the limit ends it: Exim adds R421_TOO_MANY_ERRORS's text as a last line of the
   * error's own reply and hangs up; Postfix answers the next command with that 421.
   */
  errorLimit: 'last-line' | 'before-next';
  /** Exim counts unknown commands apart: the one that reaches this gets R500_TOO_MANY_UNKNOWN and a hang-up. */
  maxUnknown: number | null;
  /**
   * Commands that do not move mail (NOOP, RSET, VRFY, EXPN, HELP, a second HELO/EHLO)
   * before MAIL: Exim's smtp_accept_max_nonmail hangs up on the one past it (554);
   * Postfix's smtpd_junk_command_limit counts each one past it as an error.
   */
  nonmail: { max: number; past: 'hang-up' | 'count-error' };
  /** Recipients per message; the next gets 452. Postfix: smtpd_recipient_limit. */
  maxRecipients: number;
  /**
   * The longest command line, CRLF included, and what happens to a longer one: Exim
   * reads it in pieces of its buffer's size, each a command; Postfix keeps the start.
   */
  commandLine: { max: number; overflow: 'split' | 'truncate' };
  /** The longest line of a message, CRLF excluded, refused after the final dot (Debian's Exim ACL); null: no limit. */
  maxTextLine: number | null;
  /**
   * Where this server's order differs from SEQUENCE (states.ts): a key for its refusal,
   * or null where it allows the command (Postfix takes MAIL before HELO).
   */
  sequence: Partial<Record<Verb, Partial<Record<CommandState, ReplyKey | null>>>>;
  /**
   * Exim knows MAIL and RCPT only as "MAIL FROM:" and "RCPT TO:" exactly (one space, the
   * colon next to the word), and reads a VRFY argument as an address; Postfix is looser.
   */
  strictMailPrefix: boolean;
  /**
   * VRFY runs the recipient checks RCPT TO would (unknown user, relay), as Postfix's
   * vrfy_cmd does (smtpd_check_rcpt), so it answers an unknown local user with 550;
   * Exim without acl_smtp_vrfy answers every VRFY alike, and never gets that far.
   */
  vrfyChecksRecipient: boolean;
  /** How this server judges the address in MAIL FROM and RCPT TO, where it differs from RFC 5321 (address-rules.ts). */
  address: AddressRule;
  /** An 8-bit address needs SMTPUTF8 on MAIL (RFC 6531 3.4); neither real server insists by default. */
  strictSmtputf8: boolean;
  /** HELO and EHLO take any name, as Postfix does without smtpd_helo_restrictions; Exim wants a domain or address literal. */
  anyHeloName: boolean;
  /** A SIZE= that is not a number: Postfix refuses it (501); Exim reads no number and ignores it. */
  badSize: 'refuse' | 'ignore';
  /** DATA after every RCPT was refused repeats the last refusal (Exim's R503_ALL_RCPTS_REFUSED). */
  repeatsRcptRefusal: boolean;
  /** Commands whose argument this server ignores where RFC 5321 allows none (Postfix: QUIT). */
  argumentIgnored: readonly Verb[];
  /** Commands this server does not have at all, answered as unknown (Postfix: no HELP, no EXPN). */
  unknownVerbs: readonly Verb[];
  /** STARTTLS, AUTH, BDAT and MAIL's parameters only after EHLO offered them (Exim); Postfix takes them after HELO too. */
  extensionsNeedEhlo: boolean;
  /**
   * Exim's synchronization check (RFC 2920 3.1): a client that sent more before a reply
   * it should have waited for is answered 554 and hung up on. Which commands must wait
   * is in session.ts (outOfSync).
   */
  syncCheck: boolean;
  /**
   * Bytes in a command line that are not plain text: Exim refuses a line with a NUL
   * (R500_BAD_CHARACTERS) and takes every other byte; Postfix reads the line as a C
   * string, so a NUL ends it, and refuses bytes that are not UTF-8 (smtputf8_enable).
   */
  commandBytes: { nul: 'refuse' | 'ends-line'; utf8: 'refuse' | 'lenient' };
  /**
   * Plain text where the TLS handshake should be, after STARTTLS's 220: GnuTLS (Debian's
   * Exim) answers with a fatal alert before it closes; OpenSSL (Postfix) just closes.
   */
  handshakeFailure: 'alert' | 'close';
  /**
   * Where a letter ends. 'crlf': only at <CR><LF>.<CR><LF>, unless the DATA command
   * itself ended in a bare LF (a person with `nc`), as Debian's Exim 4.96 does since
   * CVE-2023-51766. 'any-lf': any LF ends a line, and a line of just "." ends the letter
   * whatever its endings, as Postfix before 3.9 does by default: a second message can be
   * smuggled inside the first (CVE-2023-51764). A policy can make it stricter (policy.ts).
   */
  letterEnd: 'crlf' | 'any-lf';
  /** A new queue id from the time (epoch ms) and a random number in [0, 1). */
  queueId(ms: number, random: () => number): string;
  /** The Received: header, folded, ending in CRLF. */
  received(t: TraceInfo): string;
}
