/**
 * What the composer suggests and warns about, computed from the observer's state and
 * shared's table, parser and notes: no SMTP knowledge of its own, only example lines.
 * For POP3, from the observer's POP3 view and shared's POP3 command table, with the
 * argument counts of RFC 1939's syntax lines.
 */
import {
  type ConversationState,
  LENIENCY_NOTES,
  POP3_COMMAND_EXPLANATIONS,
  POP3_VERBS,
  type Pop3Verb,
  type Pop3View,
  parseCommand,
  parseHeaderField,
  TRANSITIONS,
  VERBS,
  type Verb,
} from '@smtp-playground/shared';

/** What to type for each command the usual path offers; a second recipient gets a new name. */
function example(verb: Verb, state: ConversationState): string {
  switch (verb) {
    case 'HELO':
    case 'EHLO':
      return `${verb} client.thm`;
    case 'MAIL':
      return 'MAIL FROM:<user@client.thm>';
    case 'RCPT':
      return state === 'rcpt' ? 'RCPT TO:<another@server.thm>' : 'RCPT TO:<strategos@server.thm>';
    default:
      return verb;
  }
}

/** Commands that make sense next, to fill into the input: the usual path's moves out of this state, in the table's order. */
export function suggestions(state: ConversationState): string[] {
  // Only commands are typed: the other triggers (the connection, the letter's end) are not.
  const verbs = TRANSITIONS.filter((t) => t.path && t.from.includes(state)).flatMap((t) => ((VERBS as readonly string[]).includes(t.on) ? [t.on as Verb] : []));
  return [...new Set(verbs)].map((v) => example(v, state));
}

/** A warning before sending a line the server will likely refuse; null when it looks fine. */
export function commandHint(line: string): string | null {
  if (line.trim() === '') return null;
  const r = parseCommand(line);
  if (!r.ok) return `${r.detail}. You can still send it and see what the server says.`;
  const c = r.command;
  if ((c.verb === 'MAIL' || c.verb === 'RCPT') && c.leniencies.includes('no-angle-brackets')) return LENIENCY_NOTES['no-angle-brackets'];
  return null;
}

/** A warning about the letter before it is sent. */
export function letterHint(body: string): string | null {
  const lines = body.split(/\r?\n/);
  if (lines.length > 0 && !parseHeaderField(lines[0] ?? '')) return 'The letter should start with headers, such as "Subject: Hello".';
  if (!lines.includes('')) return 'Leave a blank line after the headers; the body goes below it.';
  return null;
}

// -- POP3 ---------------------------------------------------------------------------

/** What a POP3 command needs after its verb: how many arguments, at least and at most (RFC 1939's syntax lines). */
const POP3_ARGUMENTS: Record<Pop3Verb, [number, number]> = {
  USER: [1, 1],
  PASS: [1, Number.POSITIVE_INFINITY], // Dovecot takes a password with spaces in it
  APOP: [2, 2],
  AUTH: [0, 2],
  STLS: [0, 0],
  CAPA: [0, 0],
  STAT: [0, 0],
  LIST: [0, 1],
  RETR: [1, 1],
  TOP: [2, 2],
  DELE: [1, 1],
  NOOP: [0, 0],
  RSET: [0, 0],
  UIDL: [0, 1],
  QUIT: [0, 0],
};

/** Commands taken before logging in (RFC 1939 4; CAPA, STLS and AUTH from RFCs 2449, 2595, 5034). */
const AUTHORIZATION_VERBS: ReadonlySet<Pop3Verb> = new Set(['USER', 'PASS', 'APOP', 'AUTH', 'STLS', 'CAPA', 'QUIT']);

/** What makes sense next in a POP3 session, to fill into the input: the login, then counting, fetching, marking, leaving. */
export function pop3Suggestions(view: Pop3View | null): string[] {
  const state = view?.state ?? 'authorization';
  if (state === 'closed' || state === 'update') return [];
  if (state === 'authorization') {
    const login = view?.user ? ['PASS sandbox'] : ['USER strategos'];
    return [...login, 'CAPA', ...(view?.tls ? [] : ['STLS']), 'QUIT'];
  }
  // The first message not marked, by the numbers LIST showed (1 when it has not been asked).
  const listed = Object.keys(view?.sizes ?? {}).map(Number);
  const first = listed.find((n) => !view?.deleted.includes(n)) ?? 1;
  const none = view?.count === 0;
  return ['STAT', 'LIST', ...(none ? [] : [`RETR ${first}`, `TOP ${first} 0`, 'UIDL', `DELE ${first}`]), ...(view?.deleted.length ? ['RSET'] : []), 'QUIT'];
}

/** A warning before sending a POP3 line the server will likely refuse; null when it looks fine. */
export function pop3CommandHint(line: string, view: Pop3View | null): string | null {
  if (line.trim() === '') return null;
  const [word = '', ...args] = line.trim().split(/\s+/);
  const verb = word.toUpperCase();
  if (!(POP3_VERBS as readonly string[]).includes(verb))
    return `${word} is not a POP3 command (${POP3_VERBS.join(', ')}). You can still send it and see what the server says.`;
  const v = verb as Pop3Verb;
  const { syntax } = POP3_COMMAND_EXPLANATIONS[v];
  const [least, most] = POP3_ARGUMENTS[v];
  if (args.length < least || args.length > most) return `Written as ${syntax}.`;
  if ((v === 'RETR' || v === 'DELE' || v === 'TOP') && !/^\d+$/.test(args[0] ?? '')) return `${v} takes a message number, as LIST shows them: ${syntax}.`;
  const state = view?.state ?? 'authorization';
  if (state === 'authorization' && !AUTHORIZATION_VERBS.has(v)) return `${v} comes after logging in (USER, then PASS): the server will say -ERR.`;
  if (state === 'transaction' && AUTHORIZATION_VERBS.has(v) && v !== 'CAPA' && v !== 'QUIT')
    return `You are logged in already: ${v} belongs to the AUTHORIZATION state.`;
  if (v === 'PASS' && !view?.user) return 'PASS comes after USER names the maildrop.';
  return null;
}
