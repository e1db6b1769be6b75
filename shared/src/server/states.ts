/**
 * The states of an SMTP conversation and how replies move it (RFC 5321 4.1.4, 3.3).
 * One table, read by the sandbox's session, the observer (which follows any server),
 * the page's state diagram and the composer's suggestions.
 *
 * Rules / how this works:
 *   connecting  connected; the server's greeting has not come yet
 *   greeting    220 received; waiting for HELO or EHLO
 *   ready       greeted, no transaction open
 *   mail        MAIL FROM accepted; waiting for recipients
 *   rcpt        at least one recipient accepted; more RCPT, or DATA
 *   data        354 sent; every line is the letter until <CRLF>.<CRLF> (data-reader.ts)
 *   bdat        a BDAT chunk but not the last was answered (RFC 3030): the letter goes on
 *               in more chunks; the table below says which commands are out of order
 *   closed      221 or 421 (or 521) sent, or the connection is gone; nothing more is read
 *
 * TRANSITIONS says what a reply does: in state `from`, the reply to `on` (a command, or
 * the connection itself, or the letter's final dot) of class `when`, unless its code is
 * one of `except`, moves the conversation `to`. Any other reply leaves the state as it
 * was. One exception that a row cannot say, in `nextState`: a 421 closes the
 * conversation from anywhere (RFC 5321 3.8: "the server MUST ... close the transmission
 * channel" after a 421), and so does a 521 (RFC 7504: "does not accept mail"; Postfix
 * sends it for a BDAT it cannot frame, and hangs up).
 *
 * Three passing modes are not states, since no reply class moves through them and the
 * conversation resumes where it was: an AUTH exchange (after 334, the client's lines
 * are SASL answers, RFC 4954 4), the moment between STARTTLS's 220 and the end of
 * the TLS handshake, in which the server reads nothing, and a BDAT chunk: the octets
 * its command announced, read by count straight after it (bdat.ts), before any reply.
 *
 * SEQUENCE is the sandbox's side: per verb, what it answers in the command states where
 * the verb is out of order; a state not listed means the verb is allowed there. The
 * exceptions that a table cannot say are in the session's handlers, commented there:
 * - DATA after MAIL with no recipient accepted answers 554 "no valid recipients" (RFC
 *   5321 3.3), which Exim words as its 503;
 * - AUTH, STARTTLS and BDAT also depend on what was advertised;
 * - BDAT out of order is still followed by its chunk, which must be read and dropped:
 *   its handler reads its row here, and the personality's habits (extensions.ts);
 * - a personality may differ from this table (Personality.sequence: Postfix takes MAIL
 *   before HELO).
 */
import type { Verb } from '../protocol/command.js';
import type { ReplyKey } from '../protocol/replies.js';

export type SessionState = 'connecting' | 'greeting' | 'ready' | 'mail' | 'rcpt' | 'data' | 'bdat' | 'closed';

/** The states in which a line is read as a command. */
export type CommandState = Extract<SessionState, 'greeting' | 'ready' | 'mail' | 'rcpt' | 'bdat'>;

/** The command states, in the order a session passes through them. */
export const COMMAND_STATES: readonly CommandState[] = ['greeting', 'ready', 'mail', 'rcpt', 'bdat'];

/**
 * What a reply answers: a command, the connection itself ("connect"), the letter's
 * final dot ("data-end"), a BDAT ... LAST, whose reply ends the letter ("bdat-last"), or,
 * after PRDR's 353, the letter for one recipient ("prdr": no row, it moves nothing).
 */
export type Trigger = Verb | 'connect' | 'data-end' | 'bdat-last' | 'prdr';

/** A reply's first digit: 2 done, 3 go on, 4 not now, 5 no. */
export type ReplyClass = 2 | 3 | 4 | 5;

export interface Transition {
  from: readonly SessionState[];
  on: Trigger;
  when: readonly ReplyClass[];
  /** Codes of those classes that do not move. */
  except?: readonly number[];
  to: SessionState;
  /** The usual way through a session: drawn in the state diagram, offered by the composer. */
  path?: true;
}

const REFUSED: readonly ReplyClass[] = [4, 5];

export const TRANSITIONS: readonly Transition[] = [
  // RFC 5321 3.1: the greeting opens the conversation; 421 or 554 instead refuses it.
  { from: ['connecting'], on: 'connect', when: [2], to: 'greeting', path: true },
  { from: ['connecting'], on: 'connect', when: REFUSED, to: 'closed' },
  { from: ['greeting'], on: 'EHLO', when: [2], to: 'ready', path: true },
  { from: ['greeting'], on: 'HELO', when: [2], to: 'ready', path: true },
  // RFC 5321 4.1.4: a second greeting ends any open transaction, as RSET would.
  { from: ['ready', 'mail', 'rcpt'], on: 'EHLO', when: [2], to: 'ready' },
  { from: ['ready', 'mail', 'rcpt'], on: 'HELO', when: [2], to: 'ready' },
  { from: ['ready'], on: 'MAIL', when: [2], to: 'mail', path: true },
  // A server that does not insist on a greeting first (Postfix's default) takes MAIL here.
  { from: ['greeting'], on: 'MAIL', when: [2], to: 'mail' },
  // Only an accepted recipient moves on; a refused one leaves the envelope as it was.
  { from: ['mail'], on: 'RCPT', when: [2], to: 'rcpt', path: true },
  { from: ['rcpt'], on: 'RCPT', when: [2], to: 'rcpt', path: true },
  { from: ['rcpt'], on: 'DATA', when: [3], to: 'data', path: true },
  // A server that answers 354 takes the letter, whatever the observer believed came before.
  { from: ['greeting', 'ready', 'mail'], on: 'DATA', when: [3], to: 'data' },
  // The final dot ends the transaction whatever the answer: 250 queued it, 4xx/5xx dropped it.
  { from: ['data'], on: 'data-end', when: [2, 4, 5], to: 'ready', path: true },
  { from: ['mail', 'rcpt'], on: 'RSET', when: [2], to: 'ready', path: true },
  // RFC 3207 4.2: after TLS the server forgets the greeting; the client must say EHLO again.
  { from: COMMAND_STATES, on: 'STARTTLS', when: [2], to: 'greeting' },
  // Not from `data`: there QUIT is just a line of the letter.
  { from: ['greeting', 'ready', 'mail', 'rcpt'], on: 'QUIT', when: [2], to: 'closed', path: true },
  // CHUNKING (RFC 3030 2), a letter in BDAT chunks: off the usual path, which is DATA's.
  // A chunk taken leaves the letter open for more. So does one refused while the
  // transaction goes on (Postfix then drops the chunks that follow, until the last).
  // A 503 refuses BDAT as out of order, and changes nothing.
  { from: ['mail', 'rcpt', 'bdat'], on: 'BDAT', when: [2, 4, 5], except: [503], to: 'bdat' },
  // The last chunk's reply ends the transaction whatever it says, as the final dot's does.
  { from: ['mail', 'rcpt', 'bdat'], on: 'bdat-last', when: [2, 4, 5], except: [503], to: 'ready' },
  // Between chunks, as in a transaction: RSET and a new greeting forget the letter.
  { from: ['bdat'], on: 'RSET', when: [2], to: 'ready' },
  { from: ['bdat'], on: 'EHLO', when: [2], to: 'ready' },
  { from: ['bdat'], on: 'HELO', when: [2], to: 'ready' },
  { from: ['bdat'], on: 'QUIT', when: [2], to: 'closed' },
];

/**
 * The state after a reply of `code` to `on` in `state`.
 * @example nextState('ready', 'MAIL', 250) // 'mail'
 */
export function nextState(state: SessionState, on: Trigger | string, code: number): SessionState {
  if (code === 421 || code === 521) return 'closed';
  const cls = Math.floor(code / 100);
  const move = TRANSITIONS.find((t) => t.on === on && t.from.includes(state) && (t.when as readonly number[]).includes(cls) && !t.except?.includes(code));
  return move ? move.to : state;
}

export const SEQUENCE: Record<Verb, Partial<Record<CommandState, ReplyKey>>> = {
  HELO: {}, // allowed anywhere; RFC 5321 4.1.4: it also ends any open transaction
  EHLO: {},
  MAIL: { greeting: 'R503_NEED_HELO', mail: 'R503_NESTED_MAIL', rcpt: 'R503_NESTED_MAIL', bdat: 'R503_MAIL_AFTER_BDAT' },
  RCPT: { greeting: 'R503_NEED_MAIL', ready: 'R503_NEED_MAIL', bdat: 'R503_RCPT_AFTER_BDAT' },
  DATA: { greeting: 'R503_NEED_RCPT', ready: 'R503_NEED_RCPT', bdat: 'R503_DATA_AFTER_BDAT' }, // in `mail`: see the handler (Postfix says 554 there)
  RSET: {},
  NOOP: {},
  QUIT: {},
  VRFY: {},
  EXPN: {},
  HELP: {},
  AUTH: { greeting: 'R503_NEED_HELO', mail: 'R503_AUTH_IN_TRANSACTION', rcpt: 'R503_AUTH_IN_TRANSACTION', bdat: 'R503_AUTH_IN_TRANSACTION' },
  STARTTLS: {}, // both real servers take it mid-transaction too (the transaction is lost); EHLO's offer: see the handler
  // RFC 3030 2 wants recipients first; read by the handler, which also reads the chunk.
  BDAT: { greeting: 'R503_BDAT_NEED_RCPT', ready: 'R503_BDAT_NEED_RCPT', mail: 'R554_BDAT_NO_RCPTS' },
  ETRN: { mail: 'R503_ETRN_IN_TRANSACTION', rcpt: 'R503_ETRN_IN_TRANSACTION', bdat: 'R503_ETRN_IN_TRANSACTION' }, // RFC 1985 5 leaves it open; Exim and Postfix both refuse it there
};

/** Whether `state` reads lines as commands. */
export function isCommandState(state: SessionState): state is CommandState {
  return (COMMAND_STATES as readonly SessionState[]).includes(state);
}
