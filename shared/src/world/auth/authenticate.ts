/**
 * What a receiving MX does with a message before it says 250: SPF on the envelope,
 * DKIM on the signatures, DMARC on the From: domain, and one Authentication-Results
 * header field (RFC 8601) that writes the three down for whoever reads the message next.
 *
 * Rules / how this works:
 * - SPF checks the MAIL FROM domain (or the HELO name for `<>`) against the connecting
 *   address; DKIM checks every DKIM-Signature; DMARC uses both for the From: domain.
 * - The From: domain is read from the message's header block. RFC 5322 3.6 wants
 *   exactly one From: field; a message with none, with two, or with addresses of more
 *   than one domain in it gets DMARC `permerror` (RFC 7489 6.6.1 says such messages
 *   are "typically rejected"; mailauth leaves DMARC out for them instead).
 * - The header field lists spf, then each dkim (or dkim=none), then dmarc, one result
 *   per folded line, with a comment saying why where a result is not plain (RFC 8601
 *   2.2: comments are for humans), and the properties RFC 8601 2.7 names:
 *   smtp.mailfrom (or smtp.helo), header.d, header.s, header.a, header.from.
 */
import { HEADER_BLOCK_LIMIT } from '../../protocol/header-block.js';
import { type DkimVerdict, verifyDkim } from './dkim.js';
import { type HeaderField, splitMessage } from './dkim-canon.js';
import { checkDmarc, type DmarcVerdict } from './dmarc.js';
import { type DnsLookup, worldDns } from './lookup.js';
import { checkSpf, type SpfVerdict } from './spf.js';

export interface AuthVerdicts {
  spf: SpfVerdict;
  dkim: DkimVerdict[];
  dmarc: DmarcVerdict;
  /**
   * The whole header field, RFC 8601, folded, ending in CRLF:
   * "Authentication-Results: mx.server.thm;\r\n\tspf=pass smtp.mailfrom=client.thm;\r\n\tdkim=pass header.d=client.thm header.s=mail header.a=rsa-sha256;\r\n\tdmarc=pass (p=quarantine dis=none) header.from=client.thm\r\n"
   */
  header: string;
}

export interface AuthenticateQuery {
  /** The message as received (after DATA, dot-unstuffed). */
  message: Uint8Array;
  /** The connecting client's address. */
  ip: string;
  /** The MAIL FROM path's address ("" for `<>`). */
  mailFrom: string;
  /** The name the client gave in HELO/EHLO. */
  helo: string;
  /** The receiving server's name, first in the header field (RFC 8601 2.5). */
  authservId: string;
  /** Seconds since the epoch, for DKIM's x= (shared reads no clock); without it x= is not checked. */
  now?: number;
}

/** The longest text a comment in the header field carries. */
const MAX_COMMENT = 120;

/**
 * Runs SPF, DKIM and DMARC on a received message and writes Authentication-Results.
 *
 * @example (await authenticate({ message, ip: '192.0.2.20', mailFrom: 'alice@client.thm', helo: 'mail.client.thm', authservId: 'mx.server.thm' })).header
 */
export async function authenticate(q: AuthenticateQuery, dns: DnsLookup = worldDns): Promise<AuthVerdicts> {
  const spf = checkSpf({ ip: q.ip, mailFrom: q.mailFrom, helo: q.helo }, dns);
  const dkim = await verifyDkim(q.message, dns, q.now === undefined ? {} : { now: q.now });
  const from = fromDomain(splitMessage(q.message).fields);
  const dmarc: DmarcVerdict =
    typeof from === 'string'
      ? checkDmarc({ fromDomain: from, spf, dkim }, dns)
      : {
          result: 'permerror',
          fromDomain: '',
          policy: null,
          disposition: 'none',
          spfAligned: false,
          dkimAligned: false,
          record: null,
          explanation: `${from.why}, so DMARC has no one domain to check (RFC 5322 3.6 asks for exactly one From: field; RFC 7489 6.6.1).`,
        };
  return { spf, dkim, dmarc, header: formatAuthenticationResults(q.authservId, q.mailFrom, q.helo, { spf, dkim, dmarc }) };
}

/** The one From: domain of a message, or why there is not one. */
export function fromDomain(fields: readonly HeaderField[]): string | { why: string } {
  const from = fields.filter((f) => f.name === 'from');
  if (from.length === 0) return { why: 'The message has no From: field' };
  if (from.length > 1) return { why: `The message has ${from.length} From: fields` };
  const raw = (from[0] as HeaderField).raw;
  const domains = [...new Set(addresses(raw.slice(raw.indexOf(':') + 1)).map((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase()))];
  if (domains.length === 0) return { why: 'The From: field holds no address' };
  if (domains.length > 1) return { why: `The From: field names addresses in ${domains.length} domains (${domains.join(', ')})` };
  return domains[0] as string;
}

/**
 * The addresses in an address list (RFC 5322 3.4): comments dropped, a display name's
 * angle address taken, quoted strings respected. Only what has an @ counts.
 */
function addresses(value: string): string[] {
  const text = value.slice(0, HEADER_BLOCK_LIMIT);
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && (quoted || depth > 0)) {
      if (depth === 0) current += c + (text[i + 1] ?? '');
      i++;
    } else if (quoted) {
      current += c;
      if (c === '"') quoted = false;
    } else if (depth > 0) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
    } else if (c === '(') depth = 1;
    else if (c === '"') {
      quoted = true;
      current += c;
    } else if (c === '<') {
      angle = true;
      current += c;
    } else if (c === '>') {
      angle = false;
      current += c;
    } else if ((c === ',' || c === ';') && !angle) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts.flatMap((part) => {
    const inAngle = /<([^<>]*)>/.exec(part);
    // A group's name ("friends: a@x, b@y;") ends at its colon; what follows is an address.
    const bare = part.replace(/^[^"<]*:/, '');
    const address = (inAngle ? (inAngle[1] as string) : bare).replace(/\s+/g, '');
    return address.includes('@') && !address.endsWith('@') ? [address] : [];
  });
}

/** The Authentication-Results field (RFC 8601 2.2) for the verdicts, folded, ending in CRLF. */
export function formatAuthenticationResults(
  authservId: string,
  mailFrom: string,
  helo: string,
  v: { spf: SpfVerdict; dkim: readonly DkimVerdict[]; dmarc: DmarcVerdict },
): string {
  const path = mailFrom.trim().replace(/^<(.*)>$/, '$1');
  const spfProperty = path === '' ? `smtp.helo=${value(helo.trim())}` : `smtp.mailfrom=${value(v.spf.domain)}`;
  const spfComment = v.spf.result === 'permerror' || v.spf.result === 'temperror' ? ` ${comment(v.spf.explanation)}` : '';
  const results = [`spf=${v.spf.result}${spfComment} ${spfProperty}`];
  if (v.dkim.length === 0) results.push('dkim=none (message not signed)');
  for (const d of v.dkim) {
    const props = [
      d.domain && `header.d=${value(d.domain)}`,
      d.selector && `header.s=${value(d.selector)}`,
      d.algorithm && `header.a=${value(d.algorithm)}`,
    ].filter(Boolean);
    results.push([`dkim=${d.result}`, d.result === 'pass' ? '' : comment(d.reason), ...props].filter(Boolean).join(' '));
  }
  const dm = v.dmarc;
  const dmComment = dm.policy !== null ? `(p=${dm.policy} dis=${dm.disposition})` : dm.result === 'none' ? '' : comment(dm.explanation);
  results.push([`dmarc=${dm.result}`, dmComment, dm.fromDomain && `header.from=${value(dm.fromDomain)}`].filter(Boolean).join(' '));
  return `Authentication-Results: ${value(authservId.trim() || 'localhost')};\r\n\t${results.join(';\r\n\t')}\r\n`;
}

/** A property value (RFC 8601 2.2: a token, or else a quoted string), in printable ASCII. */
function value(text: string): string {
  const clean = printable(text).slice(0, MAX_COMMENT);
  return /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~@]+$/.test(clean) ? clean : `"${clean.replace(/["\\]/g, '\\$&')}"`;
}

/** A comment (RFC 5322 3.2.2), its parentheses and backslashes escaped. */
function comment(text: string): string {
  const clean = printable(text);
  const cut = clean.length > MAX_COMMENT ? `${clean.slice(0, MAX_COMMENT - 3)}...` : clean;
  return `(${cut.replace(/[()\\]/g, '\\$&')})`;
}

function printable(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
}
