/**
 * POP3's plain-language explanations, as data: what each command does, how it is
 * written, and which catalogue reply (pop3/replies.ts) a status line is, so the
 * transcript, the reference and the lessons say the same thing about the same reply.
 *
 * How a status line is identified: by the command it answers (never by guessing the
 * direction), then by its text where it is one the catalogue or the Dovecot personality
 * says; a text from a server we have never seen gets the first entry with its status.
 */

import { dovecot } from '../pop3/personalities/dovecot.js';
import { POP3_REPLIES, type Pop3ReplyKey, type Pop3Status } from '../pop3/replies.js';
import { wordingPattern } from '../protocol/replies.js';

export type Pop3Verb = 'USER' | 'PASS' | 'APOP' | 'AUTH' | 'STLS' | 'CAPA' | 'STAT' | 'LIST' | 'RETR' | 'TOP' | 'DELE' | 'NOOP' | 'RSET' | 'UIDL' | 'QUIT';

export const POP3_VERBS: readonly Pop3Verb[] = [
  'USER',
  'PASS',
  'APOP',
  'AUTH',
  'STLS',
  'CAPA',
  'STAT',
  'LIST',
  'RETR',
  'TOP',
  'DELE',
  'NOOP',
  'RSET',
  'UIDL',
  'QUIT',
];

/** What each POP3 command asks for, how it is written (with an example a learner can type), and where it is defined. */
export const POP3_COMMAND_EXPLANATIONS: Record<Pop3Verb, { explain: string; syntax: string; example: string; rfc: string }> = {
  USER: { explain: 'Says whose maildrop you want to open. The password follows with PASS.', syntax: 'USER name', example: 'USER strategos', rfc: 'RFC 1939 7' },
  PASS: {
    explain: 'Gives the password for the name USER gave. It goes in plain text: use STLS first on a real network.',
    syntax: 'PASS password',
    example: 'PASS sandbox',
    rfc: 'RFC 1939 7',
  },
  APOP: {
    explain: "Logs in without sending the password: an MD5 digest of the greeting's <timestamp> and the password. Only where the greeting carries a timestamp.",
    syntax: 'APOP name digest',
    example: 'APOP strategos c4c9334bac560ecc979e58001b3e22fb',
    rfc: 'RFC 1939 7',
  },
  AUTH: {
    explain: 'Logs in with a SASL mechanism such as PLAIN: base64 of "\\0user\\0password", on the same line or after the server\'s "+ ".',
    syntax: 'AUTH mechanism [initial-response]',
    example: 'AUTH PLAIN AHN0cmF0ZWdvcwBzYW5kYm94',
    rfc: 'RFC 5034 4',
  },
  STLS: {
    explain: 'Asks to switch this connection to TLS encryption now, before logging in.',
    syntax: 'STLS',
    example: 'STLS',
    rfc: 'RFC 2595 4',
  },
  CAPA: { explain: 'Asks what this server can do: one capability a line.', syntax: 'CAPA', example: 'CAPA', rfc: 'RFC 2449 5' },
  STAT: { explain: 'Asks how many messages are in the maildrop, and their size together.', syntax: 'STAT', example: 'STAT', rfc: 'RFC 1939 5' },
  LIST: {
    explain: 'Lists the messages by number with their sizes; with a number, just that one.',
    syntax: 'LIST [message]',
    example: 'LIST',
    rfc: 'RFC 1939 5',
  },
  RETR: { explain: 'Fetches a whole message by its number: header, blank line, body.', syntax: 'RETR message', example: 'RETR 1', rfc: 'RFC 1939 5' },
  TOP: {
    explain: "Fetches a message's header and the first lines of its body: a look before downloading it all.",
    syntax: 'TOP message lines',
    example: 'TOP 1 0',
    rfc: 'RFC 1939 7',
  },
  DELE: {
    explain: 'Marks a message for deletion. Nothing is deleted until QUIT; RSET takes the mark back.',
    syntax: 'DELE message',
    example: 'DELE 1',
    rfc: 'RFC 1939 5',
  },
  NOOP: { explain: 'Does nothing; checks that the server is still there.', syntax: 'NOOP', example: 'NOOP', rfc: 'RFC 1939 5' },
  RSET: { explain: 'Takes back every deletion mark made in this session.', syntax: 'RSET', example: 'RSET', rfc: 'RFC 1939 5' },
  UIDL: {
    explain: "Lists each message's unique-id, which stays the same from session to session; with a number, just that one.",
    syntax: 'UIDL [message]',
    example: 'UIDL',
    rfc: 'RFC 1939 7',
  },
  QUIT: {
    explain: 'Says goodbye. After logging in, this is when the messages marked with DELE are really removed (the UPDATE state).',
    syntax: 'QUIT',
    example: 'QUIT',
    rfc: 'RFC 1939 6',
  },
};

/** The catalogue replies each command may get (plus those any command may), in the order they are tried. */
const ANSWERS: Record<Pop3Verb | 'connect' | 'auth-response' | 'unknown', readonly Pop3ReplyKey[]> = {
  connect: ['OK_GREETING', 'ERR_TOO_MANY_CONNECTIONS', 'ERR_TOO_MANY_FROM_CLIENT'],
  USER: ['OK_USER', 'ERR_UNKNOWN'],
  PASS: ['OK_LOGGED_IN', 'ERR_AUTH_FAILED', 'ERR_NO_USERNAME', 'ERR_UNKNOWN'],
  APOP: ['OK_LOGGED_IN', 'ERR_APOP_NOT_ENABLED', 'ERR_AUTH_FAILED', 'ERR_UNKNOWN'],
  AUTH: ['CONTINUE_AUTH', 'OK_LOGGED_IN', 'OK_AUTH_MECHANISMS', 'ERR_AUTH_MECHANISM', 'ERR_AUTH_FAILED', 'ERR_UNKNOWN'],
  'auth-response': ['OK_LOGGED_IN', 'ERR_AUTH_ABORTED', 'ERR_AUTH_FAILED'],
  STLS: ['OK_STLS', 'ERR_TLS_ACTIVE', 'ERR_TLS_UNAVAILABLE', 'ERR_UNKNOWN'],
  CAPA: ['OK_CAPA'],
  STAT: ['OK_STAT'],
  LIST: ['OK_LIST_ALL', 'OK_LIST_ONE'],
  RETR: ['OK_RETR'],
  TOP: ['OK_TOP', 'ERR_INVALID_SIZE', 'ERR_SIZE_TOO_LARGE', 'ERR_SIZE_NOISE'],
  DELE: ['OK_DELE'],
  NOOP: ['OK_NOOP'],
  RSET: ['OK_RSET'],
  UIDL: ['OK_UIDL_ALL', 'OK_UIDL_ONE'],
  QUIT: ['OK_LOGOUT', 'OK_LOGOUT_DELETED', 'OK_LOGOUT_UNAUTHENTICATED'],
  unknown: ['ERR_UNKNOWN', 'ERR_UNKNOWN_AUTHORIZATION', 'ERR_EMPTY_COMMAND'],
};

/** Replies any command may get: a bad message number, an unknown command, a limit. */
const ANY: readonly Pop3ReplyKey[] = [
  'ERR_NO_MESSAGE',
  'ERR_DELETED',
  'ERR_INVALID_NUMBER',
  'ERR_NUMBER_TOO_LARGE',
  'ERR_NUMBER_NOISE',
  'ERR_UNKNOWN_AUTHORIZATION',
  'ERR_UNKNOWN',
  'ERR_TOO_MANY_BAD_AUTHORIZATION',
  'ERR_TOO_MANY_BAD',
  'ERR_LINE_TOO_LONG_AUTHORIZATION',
  'ERR_LINE_TOO_LONG',
  // The driver's bounds: silence, and the server stopping.
  'ERR_IDLE_TIMEOUT',
  'ERR_SHUTTING_DOWN',
];

/** Whether `text` is what the catalogue or Dovecot says for `key` (placeholders match anything); how many fixed characters matched. */
function wordingMatch(key: Pop3ReplyKey, text: string): number {
  let best = -1;
  for (const wording of [POP3_REPLIES[key].text, dovecot.replies[key]]) {
    if (wording === undefined) continue;
    if (wording === '') {
      if (text === '') best = Math.max(best, 0);
      continue;
    }
    const p = wordingPattern(wording);
    if (p?.pattern.test(text)) best = Math.max(best, p.literal);
    else if (!p && text !== '') best = Math.max(best, 0); // a wording of placeholders only ("{count} {size}") fits any text
  }
  return best;
}

/**
 * The catalogue entry a status line is, given what it answers (a verb, "connect",
 * "auth-response", or "unknown" for a command POP3 does not have), or null when none fits.
 * @example identifyPop3Reply('DELE', '+OK', 'Marked to be deleted.') // 'OK_DELE'
 */
export function identifyPop3Reply(context: string, status: Pop3Status, text: string): Pop3ReplyKey | null {
  const own = ANSWERS[context as keyof typeof ANSWERS] ?? ANSWERS.unknown;
  const candidates = [...own, ...ANY].filter((k) => POP3_REPLIES[k].status === status);
  let best: Pop3ReplyKey | null = null;
  let score = -1;
  for (const key of candidates) {
    const s = wordingMatch(key, text);
    if (s > score) {
      best = key;
      score = s;
    }
  }
  // A text we do not know: the command's own first reply of that status says what it means.
  return best ?? candidates[0] ?? null;
}

/** A POP3 status line in plain words: the catalogue's explanation, or what its status means. */
export function explainPop3Reply(context: string, status: Pop3Status, text: string): { key: Pop3ReplyKey | null; explain: string } {
  const key = identifyPop3Reply(context, status, text);
  if (key) return { key, explain: POP3_REPLIES[key].explain };
  return {
    key: null,
    explain:
      status === '+OK'
        ? 'Done: +OK means the command worked.'
        : status === '-ERR'
          ? 'Refused: -ERR means the command failed; the text says why.'
          : 'The server waits for the next line of the exchange.',
  };
}
