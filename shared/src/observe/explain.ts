/**
 * Plain-language explanations of what goes over the wire, as data: what each command
 * does, what each header of a letter is, what a reply means, and what the digits of
 * any code mean, so a reply from a real server we have never seen is still explained.
 *
 * How a reply is explained: first it is identified as a catalogue entry (its key),
 * and the entry's own `explain` is the explanation, so the transcript, the reference
 * and the lessons say the same thing about the same reply. The key is found from the
 * reply's text where it is one that the catalogue or a personality says (real Exim
 * and real Postfix say the same words), and otherwise from what the reply answers.
 */
import type { Leniency, Verb } from '../protocol/command.js';
import { explainEnhancedCode } from '../protocol/enhanced-codes.js';
import { REPLIES, type ReplyKey, wordingPattern } from '../protocol/replies.js';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { COMMAND_STATES, type CommandState, isCommandState, SEQUENCE, type SessionState } from '../server/states.js';

/** What each command asks for. */
export const COMMAND_EXPLANATIONS: Record<Verb, { explain: string; rfc: string }> = {
  HELO: { explain: 'Greets the server and gives your host name. Plain SMTP: no extensions.', rfc: 'RFC 5321 4.1.1.1' },
  EHLO: { explain: 'Greets the server and gives your host name, asking which extensions (ESMTP) it supports.', rfc: 'RFC 5321 4.1.1.1' },
  MAIL: { explain: 'Starts a message and gives the return address on the envelope: where bounces go.', rfc: 'RFC 5321 4.1.1.2' },
  RCPT: { explain: 'Names one recipient on the envelope. Repeat it for each recipient.', rfc: 'RFC 5321 4.1.1.3' },
  DATA: { explain: 'Asks to hand over the letter itself: headers, a blank line, the body.', rfc: 'RFC 5321 4.1.1.4' },
  RSET: { explain: 'Abandons the current message: sender and recipients are forgotten.', rfc: 'RFC 5321 4.1.1.5' },
  NOOP: { explain: 'Does nothing; checks that the server is still there.', rfc: 'RFC 5321 4.1.1.9' },
  QUIT: { explain: 'Says goodbye; the server answers 221 and closes the connection.', rfc: 'RFC 5321 4.1.1.10' },
  VRFY: { explain: 'Asks whether a user or mailbox exists. Most servers will not say.', rfc: 'RFC 5321 4.1.1.6' },
  EXPN: { explain: 'Asks for the members of a mailing list. Almost always refused.', rfc: 'RFC 5321 4.1.1.7' },
  HELP: { explain: 'Asks the server for help text.', rfc: 'RFC 5321 4.1.1.8' },
  AUTH: { explain: 'Logs in with a SASL mechanism such as PLAIN or LOGIN (credentials in base64).', rfc: 'RFC 4954 4' },
  STARTTLS: { explain: 'Asks to switch this connection to TLS encryption, right now.', rfc: 'RFC 3207 4' },
  BDAT: {
    explain:
      'Sends the next chunk of the letter (CHUNKING), instead of DATA: exactly that many octets follow the line, whatever they hold, with no dot at the end. LAST marks the final chunk.',
    rfc: 'RFC 3030 2',
  },
  ETRN: {
    explain: 'Asks the server to send on the mail it holds for a domain, now (for a site that is only sometimes online). Rarely allowed.',
    rfc: 'RFC 1985',
  },
};

/**
 * How each command is written, with a real example a learner can type (each example
 * parses with `parseCommand`; a test checks). The syntax is RFC 5321's grammar in
 * friendly words: `[…]` is optional, `<…>` are literal angle brackets around an address.
 * `sandbox` says plainly where the sandbox answers something other than success.
 */
export const COMMAND_SYNTAX: Record<Verb, { syntax: string; example: string; sandbox?: string }> = {
  HELO: { syntax: 'HELO domain', example: 'HELO client.thm' },
  EHLO: { syntax: 'EHLO domain', example: 'EHLO client.thm' },
  MAIL: { syntax: 'MAIL FROM:<address> [KEYWORD=value …]', example: 'MAIL FROM:<user@client.thm> SIZE=1024' },
  RCPT: { syntax: 'RCPT TO:<address> [KEYWORD=value …]', example: 'RCPT TO:<strategos@server.thm>' },
  DATA: { syntax: 'DATA', example: 'DATA' },
  RSET: { syntax: 'RSET', example: 'RSET' },
  NOOP: { syntax: 'NOOP [text]', example: 'NOOP' },
  QUIT: { syntax: 'QUIT', example: 'QUIT' },
  VRFY: {
    syntax: 'VRFY user-or-address',
    example: 'VRFY strategos',
    sandbox:
      'Answers 252: it neither confirms nor denies. The Postfix-like sandbox first runs the checks RCPT TO would, as real Postfix does, so where users are known (the unknown-users scenario) an unknown one gets 550.',
  },
  EXPN: { syntax: 'EXPN mailing-list', example: 'EXPN staff', sandbox: 'Refused (502; Exim-like says 550, Postfix-like 500), as on most servers.' },
  HELP: { syntax: 'HELP [topic]', example: 'HELP MAIL', sandbox: 'Exim-like lists its commands; Postfix-like has no HELP (500), as real Postfix.' },
  // "AGxlYXJuZXIAc2FuZGJveA==" is base64 of "\0learner\0sandbox", the sandbox's demo account.
  AUTH: {
    syntax: 'AUTH mechanism [initial-response]',
    example: 'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
    sandbox: 'Offered (PLAIN and LOGIN) only over TLS, after STARTTLS and a new EHLO, as real servers do; the “Unsafe lab” scenario offers it in plain text.',
  },
  STARTTLS: {
    syntax: 'STARTTLS',
    example: 'STARTTLS',
    sandbox: 'Exim-like takes it only after EHLO offered it; Postfix-like also after HELO or before any. In the tab the upgrade is simulated.',
  },
  BDAT: {
    syntax: 'BDAT size [LAST]',
    example: 'BDAT 86 LAST',
    sandbox: 'Offered after EHLO. Exim-like refuses it after HELO and reads the chunk as commands; Postfix-like takes it there too.',
  },
  ETRN: {
    syntax: 'ETRN domain',
    example: 'ETRN server.thm',
    sandbox: 'Refused, as by the real servers: Exim-like says 458 to every ETRN, Postfix-like 459 (it keeps no mail for other domains).',
  },
};

/**
 * Where a command is in order: for each command state, null when the command is allowed
 * there, or the 503 reply the server gives instead. Read off `SEQUENCE`, plus the one
 * exception it cannot hold (DATA with no recipient yet), the same way `explainReply` does.
 * @example commandSequence('RCPT') // { greeting: 'R503_NEED_MAIL', ready: 'R503_NEED_MAIL', mail: null, rcpt: null }
 */
export function commandSequence(verb: Verb): Record<CommandState, ReplyKey | null> {
  const out = {} as Record<CommandState, ReplyKey | null>;
  for (const state of COMMAND_STATES) out[state] = sequenceReply(verb, state) ?? null;
  return out;
}

/** Notes on forms that servers accept but RFC 5321's grammar does not. */
export const LENIENCY_NOTES: Record<Leniency, string> = {
  'space-after-colon': 'A space after the colon is accepted by most servers (Exim, Postfix), not by the RFC: it is "MAIL FROM:<address>".',
  'no-angle-brackets': 'The address should be in angle brackets, <like@this>. Many servers accept it without; strict ones refuse.',
  'source-route': 'A source route (@host,@host:) is obsolete; servers accept it and ignore the route.',
};

/** RFC 5321 4.2.1: the first digit. */
export const FIRST_DIGIT: Record<string, string> = {
  '2': 'Success: done.',
  '3': 'Intermediate: go on, send the rest.',
  '4': 'Transient failure: not now. Try again later.',
  '5': 'Permanent failure: do not repeat this as it is.',
};

/** RFC 5321 4.2.1: the second digit. */
export const SECOND_DIGIT: Record<string, string> = {
  '0': 'syntax',
  '1': 'information',
  '2': 'the connection',
  '3': 'unspecified',
  '4': 'unspecified',
  '5': 'the mail system',
};

/** The headers a learner meets first, by lower-case name. */
export const HEADER_EXPLANATIONS: Record<string, string> = {
  from: 'From: the author, as the reader’s mail program shows it. It can differ from MAIL FROM on the envelope.',
  to: 'To: the recipients as shown to the reader. Delivery follows RCPT TO on the envelope, not this.',
  cc: 'Cc: further recipients, shown to everyone.',
  bcc: 'Bcc: hidden recipients. Usually not sent at all: the envelope alone carries them.',
  subject: 'Subject: the title of the message.',
  date: 'Date: when the message was written.',
  'message-id': 'Message-ID: a unique name for this message.',
  'reply-to': 'Reply-To: where replies should go, if not to From.',
  'mime-version': 'MIME-Version: the body uses MIME (attachments, character sets).',
  'content-type': 'Content-Type: what kind of body this is, and its character set.',
  received: 'Received: a trace header; each server that handles the message adds one at the top.',
  'return-path': 'Return-Path: the envelope sender, written by the final server.',
};

/**
 * What a reply code usually means after a given command, when its text does not say.
 * The key is "context code"; the context is a verb, "connect" for the greeting, or
 * "data-end" for the reply to the final dot.
 */
const CONTEXT: Record<string, ReplyKey> = {
  'connect 220': 'R220_GREETING',
  // RFC 5321 3.1: "421 Service not available" in place of the greeting.
  'connect 421': 'R421_SHUTTING_DOWN',
  'HELO 250': 'R250_HELO',
  'EHLO 250': 'R250_EHLO',
  'HELO 501': 'R501_HELO',
  'EHLO 501': 'R501_EHLO',
  'MAIL 250': 'R250_MAIL_OK',
  'MAIL 501': 'R501_MAIL',
  'MAIL 530': 'R530_AUTH_REQUIRED',
  'MAIL 552': 'R552_SIZE_DECLARED',
  'MAIL 553': 'R553_UTF8_REQUIRED',
  'RCPT 250': 'R250_RCPT_OK',
  'RCPT 501': 'R501_RCPT',
  'RCPT 550': 'R550_UNKNOWN_USER',
  'RCPT 554': 'R554_RELAY_DENIED',
  'RCPT 452': 'R452_TOO_MANY_RCPTS',
  'DATA 354': 'R354_DATA',
  'DATA 554': 'R554_NO_VALID_RCPTS',
  'data-end 250': 'R250_QUEUED',
  'data-end 552': 'R552_TOO_BIG',
  'RSET 250': 'R250_RSET',
  'NOOP 250': 'R250_NOOP',
  'QUIT 221': 'R221_BYE',
  'VRFY 252': 'R252_VRFY',
  'HELP 214': 'R214_HELP',
  'AUTH 334': 'R334_CHALLENGE',
  'auth-response 334': 'R334_CHALLENGE',
  'AUTH 235': 'R235_AUTH_OK',
  'auth-response 235': 'R235_AUTH_OK',
  'AUTH 535': 'R535_AUTH_FAILED',
  'auth-response 535': 'R535_AUTH_FAILED',
  'auth-response 501': 'R501_AUTH_CANCELLED',
  'AUTH 504': 'R504_AUTH_MECHANISM',
  'STARTTLS 220': 'R220_STARTTLS',
  'STARTTLS 454': 'R454_TLS_UNAVAILABLE',
  'BDAT 250': 'R250_CHUNK',
  'bdat-last 250': 'R250_CHUNK_QUEUED',
  'BDAT 501': 'R501_BDAT',
  'bdat-last 501': 'R501_BDAT',
  'BDAT 521': 'R521_BDAT_SYNTAX',
  'bdat-last 521': 'R521_BDAT_SYNTAX',
  'bdat-last 554': 'R554_BDAT_NO_RCPTS',
  'data-end 353': 'R353_PRDR',
  'bdat-last 353': 'R353_PRDR',
  'prdr 250': 'R250_PRDR_RECIPIENT',
  'ETRN 458': 'R458_ETRN_REFUSED',
  'ETRN 459': 'R459_ETRN_UNAVAILABLE',
  'ETRN 500': 'R500_ETRN_SYNTAX',
  'ETRN 501': 'R501_ETRN_DOMAIN',
};

const BY_CODE = new Map<number, ReplyKey[]>();
for (const [key, entry] of Object.entries(REPLIES) as [ReplyKey, (typeof REPLIES)[ReplyKey]][]) {
  BY_CODE.set(entry.code, [...(BY_CODE.get(entry.code) ?? []), key]);
}

/**
 * Every way the catalogue and the personalities word each reply, by the code they send
 * it with, as patterns over one line's text: a placeholder matches anything. A text that
 * is nothing but placeholders ("{detail}") says nothing, so it is left out.
 */
const SAYINGS = new Map<number, { key: ReplyKey; pattern: { test(text: string): boolean }; literal: number }[]>();
for (const key of Object.keys(REPLIES) as ReplyKey[]) {
  const base = REPLIES[key];
  const said: { code: number; text: string }[] = [{ code: base.code, text: base.text }];
  for (const p of [exim, postfix]) {
    const o = p.replies[key];
    if (o !== undefined) said.push(typeof o === 'string' ? { code: base.code, text: o } : { code: o.code, text: o.text });
  }
  for (const { code, text } of said) {
    for (const line of text.split('\n')) {
      const w = wordingPattern(line);
      if (w) SAYINGS.set(code, [...(SAYINGS.get(code) ?? []), { key, ...w }]);
    }
  }
}

/**
 * The catalogue entry a reply is, or null: by its text where the catalogue or a
 * personality words it so (several entries share a text, such as Postfix's "Ok": then
 * what the reply answers decides among them, or else the most specific wording), else
 * by what it answers.
 * @example identifyReply('connect', 421, 'example.thm: Too many concurrent SMTP connections; please try again later') // 'R421_TOO_MANY_CONNECTIONS'
 */
export function identifyReply(context: string, code: number, text?: string, state?: SessionState): ReplyKey | null {
  const sequence = code === 503 && state && isCommandState(state) ? sequenceReply(context, state) : undefined;
  const byContext = CONTEXT[`${context} ${code}`];
  if (text !== undefined) {
    const matched = (SAYINGS.get(code) ?? []).filter((s) => s.pattern.test(text)).sort((a, b) => b.literal - a.literal);
    const said = matched.map((s) => s.key);
    if (said.length > 0) return [sequence, byContext].find((k) => k !== undefined && said.includes(k)) ?? (said[0] as ReplyKey);
  }
  const candidates = BY_CODE.get(code) ?? [];
  return sequence ?? byContext ?? (candidates.length === 1 ? (candidates[0] as ReplyKey) : null);
}

export interface ReplyExplanation {
  /** The catalogue entry that fits best, if any. */
  key: ReplyKey | null;
  /** One or two sentences for the learner. */
  text: string;
  /** The meaning of the code's digits. */
  digits: string;
  /** Both, as the transcript shows them. */
  line: string;
  enhanced: string | null;
  rfc: string;
}

/**
 * Explains a reply line: which catalogue entry it is (`identifyReply`: by its text, what
 * it answers, and for 503 the state the conversation was in) and that entry's words.
 * @example explainReply('RCPT', 550).text // "No such mailbox here. ..."
 */
export function explainReply(context: string, code: number, enhanced?: string, state?: SessionState, text?: string): ReplyExplanation {
  // The same few explanations repeat on every line of a long session: build each once,
  // so 100 000 transcript lines share their strings instead of holding copies.
  const key = identifyReply(context, code, text, state);
  const cacheKey = `${key ?? context} ${code} ${enhanced ?? ''}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  if (cache.size >= 1000) cache.clear(); // a bound, for servers with endless variety
  const built = buildExplanation(key, code, enhanced);
  cache.set(cacheKey, built);
  return built;
}

const cache = new Map<string, ReplyExplanation>();

function buildExplanation(key: ReplyKey | null, code: number, enhanced: string | undefined): ReplyExplanation {
  const s = String(code);
  const digits = `${s}: ${FIRST_DIGIT[s[0] as string] ?? 'Not a valid reply class.'} About ${SECOND_DIGIT[s[1] as string] ?? 'something undefined'}.`;
  const e = enhanced ? explainEnhancedCode(enhanced) : null;
  const enhancedText = e ? `${e.code}: ${e.subject}. ${e.detail ?? ''}`.trim() : null;
  const text = key ? REPLIES[key].explain : (FIRST_DIGIT[s[0] as string] ?? 'Not a valid SMTP reply.');
  return { key, text, digits, line: `${text} (${digits})`, enhanced: enhancedText, rfc: key ? REPLIES[key].rfc : 'RFC 5321 4.2' };
}

function sequenceReply(context: string, state: CommandState): ReplyKey | undefined {
  // DATA in `mail`: SEQUENCE allows it because the handler decides (Postfix's 554 "no
  // valid recipients", Exim's 503); either way it is out of order there.
  const row = (SEQUENCE as Record<string, Partial<Record<CommandState, ReplyKey>>>)[context];
  return row?.[state] ?? (context === 'DATA' && state === 'mail' ? 'R503_NEED_RCPT' : undefined);
}
