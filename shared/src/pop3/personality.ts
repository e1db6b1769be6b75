/**
 * A POP3 personality: how a real POP3 server sounds and where its limits are, as
 * data. The session (session.ts) reads it and keeps no server's habits of its own.
 */
import type { Pop3ReplyKey } from './replies.js';

export interface Pop3Personality {
  id: 'dovecot';
  /** As the page names it: "Dovecot-like". */
  label: string;
  /** Reply texts, by catalogue key; a key left out says the catalogue's neutral text. */
  replies: Partial<Record<Pop3ReplyKey, string>>;
  /**
   * CAPA's lines, in order, before and after logging in. Before: STLS is added (where
   * `stlsBefore` names) while TLS can still begin, USER where plaintext login is allowed,
   * then "SASL" and the mechanisms.
   */
  capabilities: {
    /** Before logging in, up to the place of STLS. */
    authorization: readonly string[];
    /** After logging in, the whole list. */
    transaction: readonly string[];
  };
  /** The SASL mechanisms taken (the sandbox implements PLAIN only). */
  saslMechanisms: readonly 'PLAIN'[];
  /** Whether the greeting carries an APOP timestamp and APOP is taken. */
  apop: boolean;
  limits: {
    /** Octets of a command line (its CRLF included) read before, and after, logging in; a longer line closes the connection. */
    lineBeforeLogin: number;
    lineAfterLogin: number;
    /**
     * Bad commands in a row before the server hangs up: before logging in the Nth
     * unknown command does it; after, the one past N failed commands.
     */
    badBeforeLogin: number;
    badAfterLogin: number;
    /** Octets of a SASL response line (AUTH PLAIN's initial response, or the line after "+ "). */
    saslLine: number;
  };
}
