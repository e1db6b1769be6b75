/**
 * A personality is how a real server sounds: its reply texts, EHLO keyword order,
 * queue-id format, trace header and default limits. It is data; the session's
 * behaviour (RFC 5321 and extensions) is the same under every personality.
 */
import type { ReplyKey } from '../protocol/replies.js';

/** The EHLO keywords the sandbox implements; a personality lists them in its order. */
export type EhloKeyword =
  | 'SIZE'
  | 'PIPELINING'
  | '8BITMIME'
  | 'SMTPUTF8'
  | 'ENHANCEDSTATUSCODES'
  | 'STARTTLS'
  | 'AUTH'
  | 'VRFY'
  | 'HELP'
  | 'ETRN'
  | 'DSN'
  | 'CHUNKING'
  | 'PRDR'
  | 'PIPECONNECT';

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
  /** Default SIZE limit. */
  maxMessageSize: number;
  /** The protocol error (500-504, 555) that ends the session. */
  maxErrors: number;
  /**
   * How that last error ends it: Postfix answers, then says 421 (R421_TOO_MANY_ERRORS);
   * Exim adds R421_TOO_MANY_ERRORS's text as a last line of the error's own reply.
   */
  errorLimit: 'reply-421' | 'last-line';
  /** A new queue id from the time (epoch ms) and a random number in [0, 1). */
  queueId(ms: number, random: () => number): string;
  /** The Received: header, folded, ending in CRLF. */
  received(t: TraceInfo): string;
}
