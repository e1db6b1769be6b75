/**
 * The DNS the authentication checks ask, behind one function type, so that a test (or
 * the journey) can hand them other zones: the playground's simulated zones by default.
 *
 * SPF, DKIM and DMARC all read TXT records. A TXT record on the wire is one or more
 * strings of up to 255 characters; the zones hold each record as one text, which is
 * what every reader gets once the strings are joined (RFC 7208 3.3, RFC 6376 3.6.2.2,
 * RFC 7489 6.6.3 all join them without spaces).
 */
import type { RecordType } from '../../dns/records.js';
import { type DnsAnswer, resolve } from '../../dns/resolve.js';

/** The DNS the checks ask: the simulated zones by default. */
export type DnsLookup = (name: string, type: RecordType) => DnsAnswer;

/** The playground's own DNS (dns/zones.ts). */
export const worldDns: DnsLookup = (name, type) => resolve(name, type);

/** The longest name DNS carries (RFC 1035 2.3.4: 255 octets on the wire, 253 written). */
export const MAX_NAME = 253;

/** A TXT answer: the texts at the name (aliases followed), and the answer itself for the page. */
export interface TxtAnswer {
  answer: DnsAnswer;
  texts: string[];
}

/** The TXT records at `name`, as texts. */
export function lookupTxt(dns: DnsLookup, name: string): TxtAnswer {
  const answer = dns(name, 'TXT');
  return { answer, texts: answer.answer.flatMap((r) => (r.type === 'TXT' ? [r.text] : [])) };
}

/**
 * Whether `name` is a domain name the checks may look up: labels of letters, digits,
 * hyphens and underscores (DKIM and DMARC names start with one), 1 to 63 characters,
 * at least two of them, 253 in all.
 */
export function isDomainName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME) return false;
  const labels = name.split('.');
  return labels.length >= 2 && labels.every((l) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(l));
}
