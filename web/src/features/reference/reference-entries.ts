/**
 * The reference as entries: every command, every catalogued reply and every enhanced
 * status code, and POP3's commands and replies (shared's POP3 catalogue), built once
 * from shared's data (nothing here is written twice), with the words a search can find
 * each by. POP3 entries are named POP3-VERB and POP3-KEY, since USER is no SMTP verb
 * but QUIT, NOOP and RSET are both.
 *
 * Rules of the search:
 * - The query is split into words; an entry matches when every word matches one of its
 *   words. Case does not matter.
 * - A reply code ("503") or an enhanced code ("5.1.1", "X.1.1") must match a word
 *   exactly, so 5.1.1 does not also find 5.1.10 or RFC section 5.1.1.4; any other word
 *   matches as a prefix, so results follow the learner's typing.
 */
import {
  COMMAND_EXPLANATIONS,
  COMMAND_STATES,
  COMMAND_SYNTAX,
  type CommandState,
  commandSequence,
  dovecot,
  ENHANCED_CLASSES,
  ENHANCED_DETAILS,
  ENHANCED_SUBJECTS,
  formatReply,
  HEARD,
  PERSONALITIES,
  type Personality,
  POP3_COMMAND_EXPLANATIONS,
  POP3_REPLIES,
  POP3_VERBS,
  type Pop3ReplyKey,
  type Pop3Status,
  type Pop3Verb,
  REPLIES,
  type ReplyKey,
  renderPop3Reply,
  renderReply,
  VERBS,
  type Verb,
} from '@smtp-playground/shared';

export interface CommandEntry {
  kind: 'command';
  id: Verb;
  syntax: string;
  example: string;
  explain: string;
  rfc: string;
  sandbox: string | null;
  valid: CommandState[];
  /** Where the command is out of order, and the 503 it gets there. */
  outOfOrder: { state: CommandState; reply: ReplyKey }[];
  words: Set<string>;
}

/** How one server says a reply, as the lines on the wire, and where those words come from. */
export interface Saying {
  who: string;
  lines: string[];
  /** For a personality: whether the real server said these words in the parity corpus; null for the neutral text. */
  heard: { server: string; yes: boolean } | null;
}

export interface ReplyEntry {
  kind: 'reply';
  id: ReplyKey;
  code: number;
  enhanced: string | null;
  text: string;
  explain: string;
  rfc: string;
  /** The neutral catalogue text, then each personality's. */
  sayings: Saying[];
  words: Set<string>;
}

export interface EnhancedEntry {
  kind: 'enhanced';
  /** "X.1.1": RFC 3463 writes details class-free, since the class repeats the reply's first digit. */
  id: string;
  subject: string;
  explain: string;
  rfc: string;
  /** Catalogue replies that carry this detail, by the full code they send (2.7.0, 4.7.0, 5.7.0). */
  usedBy: { code: string; replies: ReplyKey[] }[];
  words: Set<string>;
}

/** The POP3 states of RFC 1939 a command is taken in (the sandbox's session.ts says the same in its rules). */
export type Pop3CommandState = 'AUTHORIZATION' | 'TRANSACTION';

export interface Pop3CommandEntry {
  kind: 'pop3-command';
  /** POP3-USER */
  id: string;
  verb: Pop3Verb;
  syntax: string;
  example: string;
  explain: string;
  rfc: string;
  valid: Pop3CommandState[];
  words: Set<string>;
}

export interface Pop3ReplyEntry {
  kind: 'pop3-reply';
  /** POP3-OK_GREETING */
  id: string;
  key: Pop3ReplyKey;
  status: Pop3Status;
  multiLine: boolean;
  explain: string;
  rfc: string;
  /** The neutral catalogue text, then the Dovecot-like sandbox's. */
  sayings: Saying[];
  words: Set<string>;
}

export type Entry = CommandEntry | ReplyEntry | EnhancedEntry | Pop3CommandEntry | Pop3ReplyEntry;

const isCode = (w: string) => /^\d{3}$/.test(w) || /^[245x]\.\d{1,3}\.\d{1,3}$/.test(w);

/** Lower-case words, keeping the dots and underscores inside codes and catalogue keys. */
export function wordsOf(...texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}._]+/u)) {
      const w = raw.replace(/^[._]+|[._]+$/g, '');
      if (!w) continue;
      out.add(w);
      // R503_NEED_MAIL is also found by "need" and "mail".
      if (w.includes('_')) for (const part of w.split('_')) if (part) out.add(part);
    }
  }
  return out;
}

/** Whether an entry matches the query (see the rules above); an empty query matches all. */
export function matches(entry: Entry, query: string): boolean {
  const wanted = [...wordsOf(query)];
  return wanted.every((q) => {
    if (isCode(q)) return entry.words.has(q) || entry.words.has(q.replace(/^[245]/, 'x'));
    for (const w of entry.words) if (w.startsWith(q)) return true;
    return false;
  });
}

// -- commands -------------------------------------------------------------------

export const COMMANDS: readonly CommandEntry[] = VERBS.map((verb) => {
  const sequence = commandSequence(verb);
  const valid = COMMAND_STATES.filter((s) => sequence[s] === null);
  const outOfOrder = COMMAND_STATES.flatMap((state) => {
    const reply = sequence[state];
    return reply ? [{ state, reply }] : [];
  });
  const { syntax, example, sandbox } = COMMAND_SYNTAX[verb];
  const { explain, rfc } = COMMAND_EXPLANATIONS[verb];
  const refused = outOfOrder.flatMap((o) => [o.reply, String(REPLIES[o.reply].code)]);
  return {
    kind: 'command',
    id: verb,
    syntax,
    example,
    explain,
    rfc,
    sandbox: sandbox ?? null,
    valid,
    outOfOrder,
    words: wordsOf(verb, syntax, example, explain, rfc, sandbox ?? '', ...refused),
  } satisfies CommandEntry;
});

// -- replies --------------------------------------------------------------------

/** The real server each personality is held to by the parity corpus. */
const REAL_SERVER: Record<keyof typeof PERSONALITIES, string> = { exim: 'Exim 4.96', postfix: 'Postfix 3.7' };

function sayings(key: ReplyKey): Saying[] {
  // Placeholders stay as they are ({host}, {address}): the reference shows the pattern.
  const wire = (personality: Personality | null, negotiated: boolean) =>
    formatReply(renderReply(key, personality, {}, negotiated))
      .trimEnd()
      .split('\r\n');
  const out: Saying[] = [{ who: 'Neutral', lines: wire(null, true), heard: null }];
  // Postfix sends enhanced codes always; Exim never (it does not offer them).
  for (const p of Object.values(PERSONALITIES)) {
    const heard = { server: REAL_SERVER[p.id], yes: HEARD[p.id].includes(key) };
    out.push({ who: p.label, lines: wire(p, p.enhancedCodes === 'always'), heard });
  }
  return out;
}

/** By code, in catalogue order within a code. */
export const REPLY_ENTRIES: readonly ReplyEntry[] = (Object.keys(REPLIES) as ReplyKey[])
  .map((key): ReplyEntry => {
    const e = REPLIES[key];
    const said = sayings(key);
    return {
      kind: 'reply',
      id: key,
      code: e.code,
      enhanced: e.enhanced,
      text: e.text,
      explain: e.explain,
      rfc: e.rfc,
      sayings: said,
      words: wordsOf(key, String(e.code), e.enhanced ?? '', e.explain, e.rfc, ...said.flatMap((s) => s.lines)),
    };
  })
  .sort((a, b) => a.code - b.code);

// -- enhanced status codes ------------------------------------------------------

export const ENHANCED_ENTRIES: readonly EnhancedEntry[] = Object.entries(ENHANCED_DETAILS).map(([detail, e]): EnhancedEntry => {
  const subject = ENHANCED_SUBJECTS[detail.split('.')[0] as string] ?? '';
  const usedBy = Object.keys(ENHANCED_CLASSES)
    .map((cls) => ({ code: `${cls}.${detail}`, replies: (Object.keys(REPLIES) as ReplyKey[]).filter((k) => REPLIES[k].enhanced === `${cls}.${detail}`) }))
    .filter((u) => u.replies.length > 0);
  const codes = ['x', ...Object.keys(ENHANCED_CLASSES)].map((c) => `${c}.${detail}`);
  return { kind: 'enhanced', id: `X.${detail}`, subject, explain: e.explain, rfc: e.rfc, usedBy, words: wordsOf(...codes, subject, e.explain, e.rfc) };
});

// -- POP3 -------------------------------------------------------------------------

/** Where each POP3 command is taken (RFC 1939 4 to 7; CAPA in both, RFC 2449 5). */
const POP3_VALID: Record<Pop3Verb, Pop3CommandState[]> = {
  USER: ['AUTHORIZATION'],
  PASS: ['AUTHORIZATION'],
  APOP: ['AUTHORIZATION'],
  AUTH: ['AUTHORIZATION'],
  STLS: ['AUTHORIZATION'],
  CAPA: ['AUTHORIZATION', 'TRANSACTION'],
  STAT: ['TRANSACTION'],
  LIST: ['TRANSACTION'],
  RETR: ['TRANSACTION'],
  TOP: ['TRANSACTION'],
  DELE: ['TRANSACTION'],
  NOOP: ['TRANSACTION'],
  RSET: ['TRANSACTION'],
  UIDL: ['TRANSACTION'],
  QUIT: ['AUTHORIZATION', 'TRANSACTION'],
};

/** The reference name of a POP3 command or catalogue key. */
export const pop3EntryId = (name: string) => `POP3-${name}`;

export const POP3_COMMANDS: readonly Pop3CommandEntry[] = POP3_VERBS.map((verb) => {
  const { syntax, example, explain, rfc } = POP3_COMMAND_EXPLANATIONS[verb];
  const valid = POP3_VALID[verb];
  return {
    kind: 'pop3-command',
    id: pop3EntryId(verb),
    verb,
    syntax,
    example,
    explain,
    rfc,
    valid,
    words: wordsOf('pop3', verb, syntax, example, explain, rfc, ...valid),
  } satisfies Pop3CommandEntry;
});

export const POP3_REPLY_ENTRIES: readonly Pop3ReplyEntry[] = (Object.keys(POP3_REPLIES) as Pop3ReplyKey[]).map((key): Pop3ReplyEntry => {
  const e = POP3_REPLIES[key];
  const said: Saying[] = [
    { who: 'Neutral', lines: [renderPop3Reply(key, null)], heard: null },
    { who: dovecot.label, lines: [renderPop3Reply(key, dovecot.replies)], heard: null },
  ];
  return {
    kind: 'pop3-reply',
    id: pop3EntryId(key),
    key,
    status: e.status,
    multiLine: e.multiLine,
    explain: e.explain,
    rfc: e.rfc,
    sayings: said,
    words: wordsOf('pop3', key, e.status, e.explain, e.rfc, ...said.flatMap((x) => x.lines)),
  };
});

export const ENTRY_COUNT = COMMANDS.length + REPLY_ENTRIES.length + ENHANCED_ENTRIES.length + POP3_COMMANDS.length + POP3_REPLY_ENTRIES.length;

/** The element id of an entry: prefixed, so "DATA" or "HELP" cannot clash with another id on the page. */
export const anchorId = (id: string) => `ref-${id}`;

/**
 * The entry a `#/reference/ENTRY` link names, or null: a catalogue key (R503_NEED_MAIL),
 * a verb (MAIL, any case) or an enhanced code (5.1.1, or X.1.1 as RFC 3463 writes it),
 * or a POP3 one (POP3-RETR, POP3-OK_GREETING).
 */
export function resolveEntry(name: string): string | null {
  const upper = name.toUpperCase();
  const pop3 = /^POP3-(.+)$/.exec(upper)?.[1];
  if (pop3 !== undefined) return pop3 in POP3_REPLIES || (POP3_VERBS as readonly string[]).includes(pop3) ? pop3EntryId(pop3) : null;
  if (upper in REPLIES || (VERBS as readonly string[]).includes(upper)) return upper;
  const m = /^[245X]\.(\d{1,3}\.\d{1,3})$/.exec(upper);
  return m && ENHANCED_DETAILS[m[1] as string] ? `X.${m[1]}` : null;
}
