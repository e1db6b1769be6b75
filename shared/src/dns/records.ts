/**
 * The simulated internet's DNS, as data: resource records and the zones that hold them.
 * Small on purpose: the record types mail needs (RFC 1035's A, MX, TXT and CNAME, RFC
 * 3596's AAAA), class IN only, no SOA or NS (a zone's authority is implied by its
 * origin). The journey of a message reuses the same zones for SPF, DKIM and DMARC,
 * which are TXT records.
 *
 * Names are written without the final dot and in lower case; the root is "" (a null
 * MX's exchange, RFC 7505 3, is the root).
 */

export const RECORD_TYPES = ['A', 'AAAA', 'MX', 'TXT', 'CNAME'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

interface RecordBase {
  /** The owner name: "server.thm", "www.server.thm". */
  name: string;
  /** Seconds a resolver may keep the answer (shown by dig, otherwise unused). */
  ttl: number;
}

export type DnsRecord =
  /** An IPv4 address (RFC 1035 3.4.1). */
  | (RecordBase & { type: 'A'; address: string })
  /** An IPv6 address (RFC 3596). */
  | (RecordBase & { type: 'AAAA'; address: string })
  /** A mail exchanger: lower preference is tried first (RFC 5321 5.1). Exchange "" with preference 0: a null MX. */
  | (RecordBase & { type: 'MX'; preference: number; exchange: string })
  /** Free text; SPF, DKIM and DMARC policies are written in it. */
  | (RecordBase & { type: 'TXT'; text: string })
  /** This name is an alias: ask again for `target` (RFC 1034 3.6.2). */
  | (RecordBase & { type: 'CNAME'; target: string });

/** A zone: the records for a domain and the names under it. */
export interface Zone {
  origin: string;
  records: readonly DnsRecord[];
  /**
   * Names whose name server is broken: any question about them is answered SERVFAIL
   * (RFC 1035 4.1.1, RCODE 2), a temporary failure. SPF, DKIM and DMARC turn it into
   * their `temperror`, and a mail server tries again later rather than deciding.
   */
  servfail?: readonly string[];
}

/** Whether an MX record is a null MX (RFC 7505 3): preference 0, exchange the root. */
export function isNullMx(r: DnsRecord): boolean {
  return r.type === 'MX' && r.exchange === '' && r.preference === 0;
}

/** A name as DNS compares it: case does not matter, a final dot changes nothing. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
