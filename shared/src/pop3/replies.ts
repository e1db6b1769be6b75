/**
 * Every reply the POP3 sandbox can send, as data: whether it is +OK, -ERR or a SASL
 * continuation ("+ "), a neutral default text, a plain-language explanation and the
 * RFC section. The personality (personalities/dovecot.ts) replaces `text` with what
 * the real server says.
 *
 * Texts may hold placeholders, filled by `renderPop3Reply`:
 *   {n} a message number · {size} a size in octets · {count} a number of messages
 *   {uid} a unique-id listing · {arg} what the client sent · {verb} the command as read
 *
 * Keys begin with what the reply is: OK_ for "+OK", ERR_ for "-ERR", CONTINUE_ for
 * "+ "; a test checks that the prefix matches `status`. A multi-line reply (RFC 1939 3:
 * lines after the status line, dot-stuffed, ended by a lone ".") is marked `multiLine`.
 */
import { fillText } from '../protocol/replies.js';

export type Pop3Status = '+OK' | '-ERR' | '+';

export interface Pop3CatalogueEntry {
  status: Pop3Status;
  text: string;
  /** Lines follow the status line, up to a lone ".". */
  multiLine: boolean;
  /** What the reply means, for a learner. */
  explain: string;
  /** Where the rule comes from. */
  rfc: string;
}

export const POP3_REPLIES = {
  // -- AUTHORIZATION: the greeting and logging in ------------------------------
  OK_GREETING: {
    status: '+OK',
    text: 'POP3 server ready',
    multiLine: false,
    explain: 'The server is ready and waiting for you to say who you are: USER and PASS, or AUTH.',
    rfc: 'RFC 1939 4',
  },
  OK_USER: {
    status: '+OK',
    text: 'send PASS',
    multiLine: false,
    explain: 'The name is noted, not checked yet: now send PASS with the password.',
    rfc: 'RFC 1939 7',
  },
  OK_LOGGED_IN: {
    status: '+OK',
    text: 'maildrop locked and ready',
    multiLine: false,
    explain: 'You are in: the maildrop is opened for you alone and numbered, and the session is in the TRANSACTION state.',
    rfc: 'RFC 1939 4, 7',
  },
  ERR_AUTH_FAILED: {
    status: '-ERR',
    text: '[AUTH] invalid user name or password',
    multiLine: false,
    explain: 'The name and password did not open a maildrop. [AUTH] says it was the credentials, not a server fault; start again with USER or AUTH.',
    rfc: 'RFC 1939 7; RFC 2449 8',
  },
  ERR_NO_USERNAME: {
    status: '-ERR',
    text: 'no user name given',
    multiLine: false,
    explain: 'PASS needs a USER just before it: say USER first.',
    rfc: 'RFC 1939 7',
  },
  ERR_APOP_NOT_ENABLED: {
    status: '-ERR',
    text: 'APOP not enabled',
    multiLine: false,
    explain: 'This server does not take APOP (its greeting carried no <timestamp> to hash). Log in with USER and PASS, or AUTH.',
    rfc: 'RFC 1939 7',
  },
  OK_AUTH_MECHANISMS: {
    status: '+OK',
    text: '',
    multiLine: true,
    explain: 'AUTH with no mechanism: the SASL mechanisms this server takes, one a line (an old habit of Outlook that servers still answer).',
    rfc: 'RFC 5034 4',
  },
  CONTINUE_AUTH: {
    status: '+',
    text: '',
    multiLine: false,
    explain: 'The server waits for your SASL response: for PLAIN, base64 of "\\0user\\0password". A "*" gives up.',
    rfc: 'RFC 5034 4',
  },
  ERR_AUTH_MECHANISM: {
    status: '-ERR',
    text: '[AUTH] unsupported mechanism',
    multiLine: false,
    explain: 'The server does not know that SASL mechanism; CAPA lists the ones it has after SASL.',
    rfc: 'RFC 5034 4',
  },
  ERR_AUTH_ABORTED: {
    status: '-ERR',
    text: 'authentication aborted',
    multiLine: false,
    explain: 'You sent "*" instead of a response, so the exchange is given up; you are still in the AUTHORIZATION state.',
    rfc: 'RFC 5034 4',
  },
  OK_STLS: {
    status: '+OK',
    text: 'Begin TLS negotiation',
    multiLine: false,
    explain: 'Start the TLS handshake now. Nothing said before it counts afterwards: log in over the encrypted connection.',
    rfc: 'RFC 2595 4',
  },
  ERR_TLS_ACTIVE: {
    status: '-ERR',
    text: 'TLS already active',
    multiLine: false,
    explain: 'This connection is encrypted already; STLS is only for a plain one.',
    rfc: 'RFC 2595 4',
  },
  ERR_TLS_UNAVAILABLE: {
    status: '-ERR',
    text: 'TLS not available',
    multiLine: false,
    explain: 'This server cannot do TLS on this connection, so it did not offer STLS in CAPA.',
    rfc: 'RFC 2595 4',
  },
  OK_LOGOUT_UNAUTHENTICATED: {
    status: '+OK',
    text: 'POP3 server signing off',
    multiLine: false,
    explain: 'Goodbye before logging in: there is no maildrop to update, so the server just closes.',
    rfc: 'RFC 1939 4',
  },
  // -- TRANSACTION: reading the maildrop ---------------------------------------
  OK_CAPA: {
    status: '+OK',
    text: 'Capability list follows',
    multiLine: true,
    explain:
      'What this server can do, one capability a line: TOP, UIDL, USER, SASL and its mechanisms, STLS while TLS can begin. The list may change once you log in or start TLS.',
    rfc: 'RFC 2449 5',
  },
  OK_STAT: {
    status: '+OK',
    text: '{count} {size}',
    multiLine: false,
    explain: 'The maildrop in two numbers: how many messages, and their size in octets together (messages marked for deletion left out).',
    rfc: 'RFC 1939 5',
  },
  OK_LIST_ALL: {
    status: '+OK',
    text: 'scan listing follows',
    multiLine: true,
    explain: 'One line per message, "number size", up to a lone ".". The numbers are this session\'s: message 1 is the oldest.',
    rfc: 'RFC 1939 5',
  },
  OK_LIST_ONE: {
    status: '+OK',
    text: '{n} {size}',
    multiLine: false,
    explain: "This message's number and its size in octets.",
    rfc: 'RFC 1939 5',
  },
  OK_RETR: {
    status: '+OK',
    text: 'message follows',
    multiLine: true,
    explain: 'The whole message follows, header and body, as stored (trace fields first). A line starting with "." gets one more dot; the lone "." ends it.',
    rfc: 'RFC 1939 5, 3',
  },
  OK_TOP: {
    status: '+OK',
    text: 'top of message follows',
    multiLine: true,
    explain: 'The message\'s header, the blank line, and as many body lines as you asked for, up to a lone ".": a look without downloading it all.',
    rfc: 'RFC 1939 7',
  },
  OK_UIDL_ALL: {
    status: '+OK',
    text: 'unique-id listing follows',
    multiLine: true,
    explain:
      'One line per message, "number unique-id", up to a lone ".". Numbers change between sessions; the unique-ids do not, so a client remembers what it has already fetched.',
    rfc: 'RFC 1939 7',
  },
  OK_UIDL_ONE: {
    status: '+OK',
    text: '{n} {uid}',
    multiLine: false,
    explain: "This message's number and its unique-id, which stays the same in every session.",
    rfc: 'RFC 1939 7',
  },
  OK_DELE: {
    status: '+OK',
    text: 'message {n} deleted',
    multiLine: false,
    explain: 'The message is only marked: it is removed at QUIT (the UPDATE state), and RSET or a lost connection keeps it.',
    rfc: 'RFC 1939 5, 6',
  },
  OK_NOOP: { status: '+OK', text: '', multiLine: false, explain: 'Nothing done; the server is still there.', rfc: 'RFC 1939 5' },
  OK_RSET: {
    status: '+OK',
    text: 'maildrop has {count} messages ({size} octets)',
    multiLine: false,
    explain: 'Every mark for deletion made in this session is taken back.',
    rfc: 'RFC 1939 5',
  },
  OK_LOGOUT: {
    status: '+OK',
    text: 'POP3 server signing off',
    multiLine: false,
    explain: 'The UPDATE state: nothing was marked, so the maildrop stays as it was, and the server closes.',
    rfc: 'RFC 1939 6',
  },
  OK_LOGOUT_DELETED: {
    status: '+OK',
    text: 'POP3 server signing off (messages deleted)',
    multiLine: false,
    explain: 'The UPDATE state: the messages marked with DELE are removed now, and the server closes.',
    rfc: 'RFC 1939 6',
  },
  // -- errors about a message number ---------------------------------------------
  ERR_INVALID_NUMBER: {
    status: '-ERR',
    text: 'invalid message number: {arg}',
    multiLine: false,
    explain: 'This command needs a message number (from LIST or STAT), digits only.',
    rfc: 'RFC 1939 5',
  },
  ERR_NUMBER_TOO_LARGE: {
    status: '-ERR',
    text: 'message number too large: {arg}',
    multiLine: false,
    explain: "That number is too large to be any message's.",
    rfc: 'RFC 1939 5',
  },
  ERR_NUMBER_NOISE: {
    status: '-ERR',
    text: 'noise after message number: {arg}',
    multiLine: false,
    explain: 'Something follows the message number that this command does not take (TOP takes a number of lines after it; the others nothing).',
    rfc: 'RFC 1939 5',
  },
  ERR_NO_MESSAGE: {
    status: '-ERR',
    text: 'no such message',
    multiLine: false,
    explain: 'There is no message with that number: they run from 1 to the count STAT gives.',
    rfc: 'RFC 1939 5',
  },
  ERR_DELETED: {
    status: '-ERR',
    text: 'message already deleted',
    multiLine: false,
    explain: 'That message is marked for deletion in this session; RSET takes the mark back.',
    rfc: 'RFC 1939 5',
  },
  ERR_INVALID_SIZE: {
    status: '-ERR',
    text: 'invalid number of lines: {arg}',
    multiLine: false,
    explain: 'TOP needs two numbers: the message, then how many lines of its body to show.',
    rfc: 'RFC 1939 7',
  },
  ERR_SIZE_TOO_LARGE: {
    status: '-ERR',
    text: 'number of lines too large: {arg}',
    multiLine: false,
    explain: 'That number of lines is too large to read.',
    rfc: 'RFC 1939 7',
  },
  ERR_SIZE_NOISE: {
    status: '-ERR',
    text: 'noise after number of lines: {arg}',
    multiLine: false,
    explain: 'TOP takes two numbers and nothing after them.',
    rfc: 'RFC 1939 7',
  },
  // -- what the server does not understand, and its limits ---------------------------
  ERR_UNKNOWN_AUTHORIZATION: {
    status: '-ERR',
    text: 'unknown command',
    multiLine: false,
    explain: 'Before logging in, only CAPA, USER, PASS, APOP, AUTH, STLS and QUIT are understood: log in first.',
    rfc: 'RFC 1939 4',
  },
  ERR_UNKNOWN: {
    status: '-ERR',
    text: 'unknown command: {verb}',
    multiLine: false,
    explain: 'The server does not know this command here. After logging in: STAT, LIST, RETR, DELE, NOOP, RSET, TOP, UIDL, CAPA and QUIT.',
    rfc: 'RFC 1939 5',
  },
  ERR_EMPTY_COMMAND: {
    status: '-ERR',
    text: 'unknown command',
    multiLine: false,
    explain: 'An empty line is no command.',
    rfc: 'RFC 1939 3',
  },
  ERR_TOO_MANY_BAD_AUTHORIZATION: {
    status: '-ERR',
    text: 'too many bad commands',
    multiLine: false,
    explain: 'Too many commands the server did not know, in a row, before logging in: it closes the connection.',
    rfc: 'RFC 1939 3',
  },
  ERR_TOO_MANY_BAD: {
    status: '-ERR',
    text: 'too many bad commands',
    multiLine: false,
    explain: 'Too many failed commands in a row: the server closes the connection. Nothing marked for deletion is deleted.',
    rfc: 'RFC 1939 6',
  },
  ERR_LINE_TOO_LONG_AUTHORIZATION: {
    status: '-ERR',
    text: 'line too long',
    multiLine: false,
    explain: 'The command line is longer than the server reads before logging in, so it closes the connection.',
    rfc: 'RFC 2449 4',
  },
  ERR_LINE_TOO_LONG: {
    status: '-ERR',
    text: 'line too long',
    multiLine: false,
    explain: 'The command line is longer than the server reads (RFC 2449 allows 255 octets), so it closes the connection.',
    rfc: 'RFC 2449 4',
  },
  // -- said by the driver's bounds, not by a command (the relay's pop3-sandbox.ts) --
  ERR_TOO_MANY_CONNECTIONS: {
    status: '-ERR',
    text: 'too many connections',
    multiLine: false,
    explain: 'The server has as many connections open as it takes, so it refuses this one at once. Try again in a moment.',
    rfc: 'RFC 1939 4',
  },
  ERR_TOO_MANY_FROM_CLIENT: {
    status: '-ERR',
    text: 'too many connections from your address',
    multiLine: false,
    explain: 'Your address already has as many connections open as the server allows one client, so it refuses this one. Close one first.',
    rfc: 'RFC 1939 4',
  },
  ERR_IDLE_TIMEOUT: {
    status: '-ERR',
    text: 'disconnected for inactivity',
    multiLine: false,
    explain: 'Nothing came from you for too long, so the server hung up. Nothing marked for deletion is deleted.',
    rfc: 'RFC 1939 3',
  },
  ERR_SHUTTING_DOWN: {
    status: '-ERR',
    text: 'server shutting down',
    multiLine: false,
    explain: 'The server is stopping, so it ends the session. Nothing marked for deletion is deleted.',
    rfc: 'RFC 1939 6',
  },
} as const satisfies Record<string, Pop3CatalogueEntry>;

export type Pop3ReplyKey = keyof typeof POP3_REPLIES;

/** The first line of a reply, as sent without its CRLF: "+OK 2 320", "-ERR …", "+OK" when the text is empty, "+ " for a continuation. */
export function renderPop3Reply(
  key: Pop3ReplyKey,
  texts: Partial<Record<Pop3ReplyKey, string>> | null,
  vars: Readonly<Record<string, string | number>> = {},
): string {
  const entry: Pop3CatalogueEntry = POP3_REPLIES[key];
  const text = fillText(texts?.[key] ?? entry.text, vars);
  if (entry.status === '+') return `+ ${text}`;
  return text === '' ? entry.status : `${entry.status} ${text}`;
}
