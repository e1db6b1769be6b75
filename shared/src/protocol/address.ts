/**
 * Paths and mailboxes, RFC 5321 4.1.2 (with RFC 6531's UTF-8 additions):
 *
 *   Path     = "<" [ A-d-l ":" ] Mailbox ">"      A-d-l: a source route, accepted and ignored (4.1.1.3)
 *   Mailbox  = Local-part "@" ( Domain / address-literal )
 *   Local-part = Dot-string / Quoted-string
 *
 * The parser walks the text with a cursor and, on failure, says where and why
 * ("in the domain: expected a letter or digit, got '_'"), so the learner can fix it.
 * It accepts non-ASCII letters and reports `utf8: true`; whether that is allowed
 * (SMTPUTF8 declared) is the session's decision, not the grammar's.
 */

export interface Mailbox {
  localPart: string;
  /** The domain, or an address literal with its brackets ("[192.0.2.1]"). */
  domain: string;
  /** Non-ASCII characters appear (RFC 6531); needs SMTPUTF8 on MAIL. */
  utf8: boolean;
}

export type PathResult = { ok: true; mailbox: Mailbox | null; sourceRoute: boolean; bracketed: boolean; rest: string } | { ok: false; detail: string };

/** RFC 5321 4.5.3.1: local part 64 octets, domain 255, path 256. */
export const LIMITS = { localPart: 64, domain: 255, path: 256 } as const;

/** ASCII characters by class, for a test per character without a regular expression (the parser's inner loop). */
const ASCII_CLASS = new Uint8Array(128);
const LETDIG_CLASS = 1;
const ATEXT_CLASS = 2;
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') ASCII_CLASS[ch.charCodeAt(0)] = LETDIG_CLASS | ATEXT_CLASS;
for (const ch of "!#$%&'*+-/=?^_`{|}~") ASCII_CLASS[ch.charCodeAt(0)] = ATEXT_CLASS;

/** RFC 5321 atext (a character of a Dot-string), or any non-ASCII character (RFC 6531). */
function isAtext(code: number): boolean {
  return code >= 0x80 || ((ASCII_CLASS[code] ?? 0) & ATEXT_CLASS) !== 0;
}

/** RFC 5321 Let-dig (a letter or digit of a domain), or any non-ASCII character (RFC 6531). */
function isLetDig(code: number): boolean {
  return code >= 0x80 || ((ASCII_CLASS[code] ?? 0) & LETDIG_CLASS) !== 0;
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'end of line';
  if (ch === ' ') return 'a space';
  if (ch < ' ' || ch === '\x7f') return 'a control character';
  return `'${ch}'`;
}

function utf8Length(s: string): number {
  // By code unit, not by code point (a string iterator costs more than the address):
  // a surrogate pair is 4 octets, a lone surrogate 3, as TextEncoder's U+FFFD would be.
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string | undefined {
    return this.s[this.i];
  }
  /** The UTF-16 code unit at the cursor; NaN at the end, which no class test passes. */
  code(): number {
    return this.s.charCodeAt(this.i);
  }
  eat(ch: string): boolean {
    if (this.s[this.i] !== ch) return false;
    this.i++;
    return true;
  }
}

type Part<T> = { ok: true; value: T } | { ok: false; detail: string };

function dotString(c: Cursor, where: string): Part<string> {
  const start = c.i;
  for (;;) {
    const atomStart = c.i;
    while (isAtext(c.code())) c.i++;
    if (c.i === atomStart) {
      return { ok: false, detail: `in ${where}: expected a letter, digit or one of !#$%&'*+-/=?^_\`{|}~, got ${describe(c.peek())}` };
    }
    if (!c.eat('.')) break;
  }
  return { ok: true, value: c.s.slice(start, c.i) };
}

function quotedString(c: Cursor): Part<string> {
  const start = c.i;
  c.i++; // opening quote
  for (;;) {
    const ch = c.peek();
    if (ch === undefined) return { ok: false, detail: "in the local part: the quoted string has no closing '\"'" };
    if (ch === '"') break;
    if (ch === '\\') {
      const next = c.s[c.i + 1];
      if (next === undefined || next < ' ' || next > '~') {
        return { ok: false, detail: 'in the local part: a backslash must be followed by a printable character' };
      }
      c.i += 2;
      continue;
    }
    if (ch < ' ' || ch === '\x7f') return { ok: false, detail: 'in the local part: control characters are not allowed' };
    c.i++;
  }
  c.i++; // closing quote
  return { ok: true, value: c.s.slice(start, c.i) };
}

function domain(c: Cursor): Part<string> {
  if (c.peek() === '[') {
    const close = c.s.indexOf(']', c.i);
    if (close === -1) return { ok: false, detail: "in the address literal: expected ']'" };
    const inner = c.s.slice(c.i + 1, close);
    if (!isAddressLiteral(inner)) {
      return { ok: false, detail: `in the address literal: "${inner}" is not an IPv4 address or "IPv6:" address` };
    }
    c.i = close + 1;
    return { ok: true, value: `[${inner}]` };
  }
  const start = c.i;
  for (;;) {
    // sub-domain = Let-dig [Ldh-str]: letters, digits and inner hyphens.
    const labelStart = c.i;
    if (!isLetDig(c.code())) {
      return { ok: false, detail: `in the domain: expected a letter or digit, got ${describe(c.peek())}` };
    }
    while (isLetDig(c.code()) || c.peek() === '-') c.i++;
    if (c.s[c.i - 1] === '-') {
      return { ok: false, detail: `in the domain: "${c.s.slice(labelStart, c.i)}" ends with a hyphen` };
    }
    if (!c.eat('.')) break;
  }
  return { ok: true, value: c.s.slice(start, c.i) };
}

function isAddressLiteral(inner: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(inner);
  if (v4) return v4.slice(1).every((n) => Number(n) <= 255);
  if (/^IPv6:/i.test(inner)) return /^[0-9A-Fa-f:.]+$/.test(inner.slice(5)) && inner.includes(':', 5);
  // General-address-literal = Standardized-tag ":" 1*dcontent
  return /^[A-Za-z0-9-]*[A-Za-z0-9]:[\x21-\x5a\x5e-\x7e]+$/.test(inner);
}

/** Parses `Mailbox` (no brackets) from the cursor. */
function mailbox(c: Cursor): Part<Mailbox> {
  const local = c.peek() === '"' ? quotedString(c) : dotString(c, 'the local part');
  if (!local.ok) return local;
  if (!c.eat('@')) {
    return { ok: false, detail: `after the local part "${local.value}": expected '@', got ${describe(c.peek())}` };
  }
  const dom = domain(c);
  if (!dom.ok) return dom;
  const next = c.peek();
  if (next !== undefined && next !== '>' && next !== ' ') {
    return { ok: false, detail: `in the domain: ${describe(next)} is not allowed; a domain has letters, digits, hyphens and dots` };
  }
  if (utf8Length(local.value) > LIMITS.localPart) {
    return { ok: false, detail: `the local part is longer than ${LIMITS.localPart} octets` };
  }
  if (utf8Length(dom.value) > LIMITS.domain) return { ok: false, detail: `the domain is longer than ${LIMITS.domain} octets` };
  const utf8 = /\P{ASCII}/u.test(local.value + dom.value);
  return { ok: true, value: { localPart: local.value, domain: dom.value, utf8 } };
}

/**
 * Parses a path at the start of `text`: `<mailbox>`, `<>` (only when `allowNull`), a
 * source-routed `<@a,@b:mailbox>`, or, leniently, a bare `mailbox` without brackets
 * (Exim and Postfix accept it; `bracketed: false` lets the page point it out).
 * `rest` is whatever follows the path (the ESMTP parameters).
 * @example parsePath('<user@client.thm> SIZE=100', false) // ok, rest " SIZE=100"
 */
export function parsePath(text: string, allowNull: boolean): PathResult {
  const c = new Cursor(text);
  if (!c.eat('<')) {
    if (c.peek() === undefined) return { ok: false, detail: 'expected an address in angle brackets, like <user@example.com>' };
    const m = mailbox(c);
    if (!m.ok) return m;
    return { ok: true, mailbox: m.value, sourceRoute: false, bracketed: false, rest: text.slice(c.i) };
  }
  if (c.eat('>')) {
    if (!allowNull) return { ok: false, detail: 'the empty path <> is only allowed as a sender' };
    return { ok: true, mailbox: null, sourceRoute: false, bracketed: true, rest: text.slice(c.i) };
  }
  let sourceRoute = false;
  if (c.peek() === '@') {
    // A-d-l: "@one,@two:" -- RFC 5321 4.1.1.3: "Servers MUST be prepared to encounter a
    // list of source routes ... but SHOULD ignore the routes".
    sourceRoute = true;
    do {
      if (!c.eat('@')) return { ok: false, detail: `in the source route: expected '@', got ${describe(c.peek())}` };
      const d = domain(c);
      if (!d.ok) return { ok: false, detail: d.detail.replace('in the domain', 'in the source route') };
    } while (c.eat(','));
    if (!c.eat(':')) return { ok: false, detail: `after the source route: expected ':', got ${describe(c.peek())}` };
  }
  const m = mailbox(c);
  if (!m.ok) return m;
  if (!c.eat('>')) return { ok: false, detail: `after the address: expected '>', got ${describe(c.peek())}` };
  if (utf8Length(text.slice(0, c.i)) > LIMITS.path) return { ok: false, detail: `the path is longer than ${LIMITS.path} octets` };
  return { ok: true, mailbox: m.value, sourceRoute, bracketed: true, rest: text.slice(c.i) };
}

/** Whether `text` is a valid HELO/EHLO argument: a domain or an address literal. */
export function isDomainOrLiteral(text: string): boolean {
  const c = new Cursor(text);
  const d = domain(c);
  return d.ok && c.i === text.length;
}

/** `local@domain`, the form used in headers and logs. */
export function formatMailbox(m: Mailbox): string {
  // A server that takes an unqualified name (Postfix) keeps it without a domain.
  return m.domain === '' ? m.localPart : `${m.localPart}@${m.domain}`;
}
