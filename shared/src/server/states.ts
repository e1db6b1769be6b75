/**
 * The session's states and which command is legal in which (RFC 5321 4.1.4, 3.3).
 *
 * Rules / how this works:
 *   greeting  connected, 220 sent; waiting for HELO or EHLO
 *   ready     greeted, no transaction open
 *   mail      MAIL FROM accepted; waiting for recipients
 *   rcpt      at least one recipient accepted; more RCPT, or DATA
 *   data      354 sent; message bytes until <CRLF>.<CRLF>  (data-reader.ts)
 *   auth      AUTH in progress; the next line is a SASL response, not a command
 *   tls       220 to STARTTLS sent; nothing is read until the driver finishes TLS
 *   closed    221 or 421 sent; nothing more is read
 *
 * SEQUENCE says, per verb, what to answer in the command states where it is out of
 * order; a state not listed means the verb is allowed there. HELO, EHLO, RSET, NOOP,
 * QUIT, VRFY, EXPN and HELP are allowed in every command state. The exceptions that a
 * table cannot say are in the session's handlers, commented there:
 * - DATA after MAIL when every RCPT was refused answers 554, not 503 (RFC 5321 3.3);
 * - AUTH and STARTTLS also depend on what was advertised.
 */
import type { Verb } from '../protocol/command.js';
import type { ReplyKey } from '../protocol/replies.js';

export type SessionState = 'greeting' | 'ready' | 'mail' | 'rcpt' | 'data' | 'auth' | 'tls' | 'closed';

/** The states in which a line is read as a command. */
export type CommandState = Extract<SessionState, 'greeting' | 'ready' | 'mail' | 'rcpt'>;

export const SEQUENCE: Record<Verb, Partial<Record<CommandState, ReplyKey>>> = {
  HELO: {}, // allowed anywhere; RFC 5321 4.1.4: it also ends any open transaction
  EHLO: {},
  MAIL: { greeting: 'R503_NEED_HELO', mail: 'R503_NESTED_MAIL', rcpt: 'R503_NESTED_MAIL' },
  RCPT: { greeting: 'R503_NEED_MAIL', ready: 'R503_NEED_MAIL' },
  DATA: { greeting: 'R503_NEED_MAIL', ready: 'R503_NEED_MAIL' }, // in `mail`: 503 or 554, see the handler
  RSET: {},
  NOOP: {},
  QUIT: {},
  VRFY: {},
  EXPN: {},
  HELP: {},
  AUTH: { greeting: 'R503_NEED_HELO', mail: 'R503_AUTH_IN_TRANSACTION', rcpt: 'R503_AUTH_IN_TRANSACTION' },
  STARTTLS: { greeting: 'R503_NEED_HELO', mail: 'R503_STARTTLS_IN_TRANSACTION', rcpt: 'R503_STARTTLS_IN_TRANSACTION' }, // offered in EHLO's reply, so after it
  BDAT: {}, // recognised, then 502: CHUNKING is not offered
};

/** Whether `state` reads lines as commands. */
export function isCommandState(state: SessionState): state is CommandState {
  return state === 'greeting' || state === 'ready' || state === 'mail' || state === 'rcpt';
}
