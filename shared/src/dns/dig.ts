/**
 * A small `dig`: the question read from what a learner types, the answer printed the
 * way BIND's dig prints it (header, question and answer sections, tab-separated
 * records, names with their final dot), so that what they learn here reads the same in
 * a terminal.
 *
 * Rules / how this works:
 * - "dig" in front is optional. The words may come in any order: a record type (A,
 *   AAAA, MX, TXT, CNAME, any case, or after "-t"), the class IN (ignored), a name,
 *   "+short" (only the data, one record a line), and "@server" (ignored: there is one
 *   DNS here). Without a type dig asks for A, and so does this.
 * - A type this DNS does not hold (NS, SOA, PTR, ...) or an option other than +short
 *   is refused with a sentence saying what it does know, never guessed at.
 */

import { type DnsRecord, normalizeName, RECORD_TYPES, type RecordType } from './records.js';
import type { DnsAnswer } from './resolve.js';
import { ZONES } from './zones.js';

export interface DigQuery {
  name: string;
  type: RecordType;
  /** +short: the records' data only. */
  short: boolean;
}

export type DigParse = { ok: true; query: DigQuery } | { ok: false; error: string };

/** Record types real DNS has and this one leaves out: asked for, they get a clear refusal, not an NXDOMAIN for a domain called "NS". */
const OTHER_TYPES = new Set(['NS', 'SOA', 'PTR', 'SRV', 'ANY', 'CAA', 'DS', 'DNSKEY', 'HINFO', 'SPF', 'TLSA', 'NAPTR', 'AXFR']);
const KNOWN = `${RECORD_TYPES.slice(0, -1).join(', ')} and ${RECORD_TYPES.at(-1)}`;

/**
 * Reads a dig command line.
 *
 * @example parseDigQuery('dig MX server.thm') // { ok: true, query: { name: 'server.thm', type: 'MX', short: false } }
 */
export function parseDigQuery(text: string): DigParse {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words[0]?.toLowerCase() === 'dig') words.shift();
  let name: string | null = null;
  let type: RecordType | null = null;
  let short = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const upper = word.toUpperCase();
    if (word === '+short') short = true;
    else if (word.startsWith('+')) return { ok: false, error: `This dig knows one option, +short; not ${word}.` };
    else if (word.startsWith('@') || upper === 'IN') continue;
    else if (word === '-t') {
      const next = words[++i]?.toUpperCase() ?? '';
      if (!isRecordType(next)) return { ok: false, error: typeError(next || '(nothing)') };
      type = next;
    } else if (isRecordType(upper) && type === null) type = upper;
    else if (OTHER_TYPES.has(upper)) return { ok: false, error: typeError(upper) };
    else if (name === null) name = normalizeName(word);
    else return { ok: false, error: `One name at a time: ${name} or ${word}?` };
  }
  if (name === null || name === '') return { ok: false, error: 'Name a domain to look up, e.g. dig MX server.thm' };
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) return { ok: false, error: `${name} is not a domain name: letters, digits and hyphens, between dots.` };
  return { ok: true, query: { name, type: type ?? 'A', short } };
}

function isRecordType(word: string): word is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(word);
}

function typeError(word: string): string {
  return `The playground's DNS holds ${KNOWN} records; not ${word}.`;
}

/** The longest <character-string> (RFC 1035 3.3). */
const TXT_STRING = 255;

/** A name as dig prints it: with its final dot; the root is ".". */
const fqdn = (name: string) => (name === '' ? '.' : `${name}.`);

/** A record's data, as the last column of dig's answer (and +short's lines). */
export function recordData(r: DnsRecord): string {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return r.address;
    case 'MX':
      return `${r.preference} ${fqdn(r.exchange)}`;
    case 'TXT':
      return txtStrings(r.text);
    case 'CNAME':
      return fqdn(r.target);
  }
}

/**
 * A TXT record's text as dig shows it: quoted, and cut into the strings of at most 255
 * characters the wire format holds (RFC 1035 3.3.14: a <character-string> has a one-byte
 * length). A 2048-bit DKIM key does not fit in one, so its record is several strings,
 * which SPF, DKIM and DMARC join back without spaces (RFC 7208 3.3, RFC 6376 3.6.2.2).
 */
function txtStrings(text: string): string {
  const parts: string[] = [];
  for (let i = 0; i === 0 || i < text.length; i += TXT_STRING) parts.push(`"${text.slice(i, i + TXT_STRING).replace(/["\\]/g, '\\$&')}"`);
  return parts.join(' ');
}

/**
 * dig's output for an answer: the header's status, the question, the answer section
 * (or a comment saying why there is none). With +short, the data lines alone.
 *
 * @example formatDig({ name: 'server.thm', type: 'MX', short: true }, resolve('server.thm', 'MX')) // "10 example.thm."
 */
export function formatDig(query: DigQuery, answer: DnsAnswer): string {
  if (query.short) return answer.answer.map(recordData).join('\n');
  const lines = [
    `; <<>> DiG (the playground's simulated DNS) <<>> ${query.type} ${query.name}`,
    `;; ->>HEADER<<- opcode: QUERY, status: ${answer.status}`,
    '',
    ';; QUESTION SECTION:',
    `;${fqdn(answer.name)}\t\tIN\t${answer.type}`,
    '',
  ];
  if (answer.answer.length > 0) {
    lines.push(';; ANSWER SECTION:');
    for (const r of answer.answer) lines.push(`${fqdn(r.name)}\t\t${r.ttl}\tIN\t${r.type}\t${recordData(r)}`);
  } else if (answer.outside) {
    lines.push(`;; No such domain here: the playground's DNS knows only ${ZONES.map((z) => z.origin).join(', ')} and the names under them.`);
  } else if (answer.status === 'SERVFAIL') {
    lines.push(';; The name server for this name failed to answer (SERVFAIL): a temporary error, so a mail server asks again later.');
  } else if (answer.status === 'NXDOMAIN') {
    lines.push(';; No such domain: no record of any type has this name.');
  } else {
    lines.push(`;; No ${answer.type} record at this name (it has records of other types: "no data").`);
  }
  return lines.join('\n');
}
