/**
 * Command parsing, RFC 5321 4.1.1 (with RFC 1869/1870/6152/6531/4954 parameters).
 *
 * Rules:
 * - Verbs are case-insensitive; the argument starts after one or more spaces.
 * - `MAIL FROM: <x>` (space after the colon) breaks RFC 5321's grammar, but Exim and
 *   Postfix accept it, so we do too and flag it in `leniencies` for the page to mention.
 *   So is an address without angle brackets.
 * - Parameters are `KEYWORD[=VALUE]`, separated by spaces (RFC 5321 4.1.2, esmtp-param).
 *   This file only splits them; whether a keyword is known is the session's business
 *   (RFC 5321 4.1.1.11 wants 555 for an unknown one, which needs the session's state).
 * - A failure names the reply to send and says where the text went wrong.
 */
import { isDomainOrLiteral, type Mailbox, parsePath } from './address.js';
import type { ReplyKey } from './replies.js';

/** Every verb we recognise; others get 500. */
export const VERBS = ['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'NOOP', 'QUIT', 'VRFY', 'EXPN', 'HELP', 'AUTH', 'STARTTLS', 'BDAT', 'ETRN'] as const;
export type Verb = (typeof VERBS)[number];

/**
 * Verbs of other SMTP dialects that are real but not offered here: 502, not 500. The
 * obsolete TURN, SEND, SOML and SAML are not among them: real Exim and Postfix answer
 * those as unknown (500).
 */
const UNIMPLEMENTED = new Set(['ATRN', 'XCLIENT', 'XFORWARD']);

/** Things a lenient server let through that RFC 5321's grammar does not allow. */
export type Leniency = 'space-after-colon' | 'no-angle-brackets' | 'source-route';

export interface Parameter {
  keyword: string; // upper-cased
  value: string | null;
}

export type Command =
  | { verb: 'HELO' | 'EHLO'; domain: string }
  | { verb: 'MAIL'; mailbox: Mailbox | null; params: Parameter[]; leniencies: Leniency[] }
  | { verb: 'RCPT'; mailbox: Mailbox; postmaster: boolean; params: Parameter[]; leniencies: Leniency[] }
  | { verb: 'DATA' | 'RSET' | 'QUIT' | 'STARTTLS' }
  | { verb: 'NOOP'; argument: string }
  | { verb: 'VRFY' | 'EXPN'; argument: string }
  | { verb: 'HELP'; topic: string }
  | { verb: 'AUTH'; mechanism: string; initialResponse: string | null }
  | { verb: 'BDAT'; size: number; last: boolean }
  | { verb: 'ETRN'; argument: string };

export type CommandResult = { ok: true; command: Command } | { ok: false; verb: Verb | null; reply: ReplyKey; detail: string };

const fail = (verb: Verb | null, reply: ReplyKey, detail: string): CommandResult => ({ ok: false, verb, reply, detail });

/**
 * Parses one command line (without its line ending).
 * @example parseCommand('MAIL FROM:<user@client.thm> SIZE=1024')
 */
export function parseCommand(line: string): CommandResult {
  const space = line.indexOf(' ');
  const word = (space === -1 ? line : line.slice(0, space)).toUpperCase();
  const arg = space === -1 ? '' : line.slice(space + 1).replace(/^ +/, '');
  if (word === '') return fail(null, 'R500_EMPTY_LINE', 'the line is empty');
  if (!(VERBS as readonly string[]).includes(word)) {
    if (UNIMPLEMENTED.has(word)) return fail(null, 'R502_UNIMPLEMENTED', `${word} is a real command, but this server does not offer it`);
    return fail(null, 'R500_UNKNOWN', `"${word.slice(0, 20)}" is not an SMTP command`);
  }
  const verb = word as Verb;
  switch (verb) {
    case 'HELO':
    case 'EHLO': {
      const domain = arg.trimEnd();
      if (domain === '') return fail(verb, verb === 'HELO' ? 'R501_HELO' : 'R501_EHLO', `${verb} needs your host name, like "${verb} client.example"`);
      if (!isDomainOrLiteral(domain)) {
        return fail(verb, verb === 'HELO' ? 'R501_HELO' : 'R501_EHLO', `"${domain}" is not a host name or an address literal like [192.0.2.1]`);
      }
      return { ok: true, command: { verb, domain } };
    }
    case 'MAIL':
      return parseMailOrRcpt(verb, arg, 'FROM:');
    case 'RCPT':
      return parseMailOrRcpt(verb, arg, 'TO:');
    case 'DATA':
    case 'RSET':
    case 'QUIT':
    case 'STARTTLS':
      if (arg.trim() !== '') return fail(verb, 'R501_NO_ARGUMENTS', `${verb} takes no argument`);
      return { ok: true, command: { verb } };
    case 'NOOP':
      // RFC 5321 4.1.1.9: "If a parameter string is specified, servers SHOULD ignore it."
      return { ok: true, command: { verb, argument: arg } };
    case 'VRFY':
    case 'EXPN':
      if (arg.trim() === '') return fail(verb, verb === 'VRFY' ? 'R501_VRFY' : 'R501_EXPN', `${verb} needs a user name or address`);
      return { ok: true, command: { verb, argument: arg.trim() } };
    case 'HELP':
      return { ok: true, command: { verb, topic: arg.trim() } };
    case 'AUTH': {
      const parts = arg.trim().split(/ +/);
      const mechanism = (parts[0] ?? '').toUpperCase();
      if (mechanism === '' || parts.length > 2) return fail(verb, 'R501_AUTH', 'expected "AUTH mechanism [initial-response]"');
      return { ok: true, command: { verb, mechanism, initialResponse: parts[1] ?? null } };
    }
    case 'BDAT': {
      // RFC 3030: BDAT <size> [LAST]
      const m = /^(\d{1,15})(?: +(LAST))? *$/i.exec(arg);
      if (!m) return fail(verb, 'R501_BDAT', 'expected "BDAT size [LAST]"');
      return { ok: true, command: { verb, size: Number(m[1]), last: m[2] !== undefined } };
    }
    case 'ETRN':
      // RFC 1985: ETRN node, @domain or #queue. What a server checks of it is its own
      // business (Exim refuses before looking), so the session checks it.
      return { ok: true, command: { verb, argument: arg.trim() } };
  }
}

function parseMailOrRcpt(verb: 'MAIL' | 'RCPT', arg: string, keyword: 'FROM:' | 'TO:'): CommandResult {
  const syntax = verb === 'MAIL' ? 'R501_MAIL' : 'R501_RCPT';
  if (arg.slice(0, keyword.length).toUpperCase() !== keyword) {
    const want = `${verb} ${keyword}<address>`;
    if (arg.slice(0, keyword.length - 1).toUpperCase() === keyword.slice(0, -1)) {
      return fail(verb, syntax, `expected ':' right after ${keyword.slice(0, -1)}, as in "${want}"`);
    }
    return fail(verb, syntax, `expected "${want}"`);
  }
  const leniencies: Leniency[] = [];
  let rest = arg.slice(keyword.length);
  if (rest.startsWith(' ')) {
    leniencies.push('space-after-colon');
    rest = rest.replace(/^ +/, '');
  }
  // RFC 5321 4.1.1.3: "<Postmaster>" without a domain is a valid recipient.
  if (verb === 'RCPT' && /^<postmaster>/i.test(rest)) {
    const params = parseParameters(rest.slice('<postmaster>'.length));
    if (!params.ok) return fail(verb, 'R501_PARAMETERS', params.detail);
    const mailbox: Mailbox = { localPart: 'postmaster', domain: '', utf8: false };
    return { ok: true, command: { verb, mailbox, postmaster: true, params: params.params, leniencies } };
  }
  const path = parsePath(rest, verb === 'MAIL');
  if (!path.ok) return fail(verb, syntax, path.detail);
  if (!path.bracketed) leniencies.push('no-angle-brackets');
  if (path.sourceRoute) leniencies.push('source-route');
  const params = parseParameters(path.rest);
  if (!params.ok) return fail(verb, 'R501_PARAMETERS', params.detail);
  if (verb === 'MAIL') return { ok: true, command: { verb, mailbox: path.mailbox, params: params.params, leniencies } };
  return { ok: true, command: { verb, mailbox: path.mailbox as Mailbox, postmaster: false, params: params.params, leniencies } };
}

type ParamsResult = { ok: true; params: Parameter[] } | { ok: false; detail: string };

/** esmtp-param = esmtp-keyword ["=" esmtp-value]; keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-") */
function parseParameters(text: string): ParamsResult {
  if (text.trim() === '') return { ok: true, params: [] };
  if (!text.startsWith(' ')) return { ok: false, detail: `expected a space before the parameters, got "${text.slice(0, 20)}"` };
  const params: Parameter[] = [];
  for (const token of text.trim().split(/ +/)) {
    const eq = token.indexOf('=');
    const keyword = (eq === -1 ? token : token.slice(0, eq)).toUpperCase();
    const value = eq === -1 ? null : token.slice(eq + 1);
    if (!/^[A-Z0-9][A-Z0-9-]*$/.test(keyword)) return { ok: false, detail: `"${token.slice(0, 30)}" is not a KEYWORD or KEYWORD=value parameter` };
    // esmtp-value = 1*(%d33-60 / %d62-126), plus UTF-8 under RFC 6531
    // An empty value is left to the command's handler: Postfix calls `SIZE=` bad syntax, Exim ignores it.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
    if (value !== null && /[\x00-\x20=\x7f]/.test(value)) {
      return { ok: false, detail: `the value of ${keyword} has a character not allowed there` };
    }
    params.push({ keyword, value });
  }
  return { ok: true, params };
}

/**
 * The address of a MAIL FROM or RCPT TO line as the client wrote it, whether or not the
 * grammar takes it ("<user@@host>", an unclosed "<user@host", a bare "user"), and what
 * follows it; null when the line is no MAIL FROM or RCPT TO. For servers that judge
 * addresses their own way, and for an observer reading what such a server took.
 * @example addressAsWritten('RCPT TO:<strategos> NOTIFY=NEVER') // { text: '<strategos>', rest: ' NOTIFY=NEVER' }
 */
export function addressAsWritten(line: string): { text: string; rest: string } | null {
  const m = /^(?:MAIL\s+FROM|RCPT\s+TO):\s*(.*)$/is.exec(line);
  if (!m) return null;
  const arg = m[1] as string;
  const close = arg.startsWith('<') ? arg.indexOf('>') : -1;
  const end = arg.startsWith('<') ? (close === -1 ? arg.length : close + 1) : arg.search(/ |$/);
  return { text: arg.slice(0, end), rest: arg.slice(end) };
}
