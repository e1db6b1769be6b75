/**
 * The zones of the playground's small internet. Addresses are from the ranges kept for
 * documentation (RFC 5737's 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24, RFC
 * 3849's 2001:db8::/32), so no record here points at a real host.
 *
 * - server.thm: where the lessons' recipients live. Its mail is handled by example.thm,
 *   the sandbox (whose greeting says "example.thm"), as a company's MX often names its
 *   provider's host rather than one of its own.
 * - example.thm: the sandbox itself, with an address of each family.
 * - client.thm: the sender's domain, with its own outgoing server.
 * - nullmx.thm: a domain that takes no mail at all (RFC 7505 3): a web site only.
 */
import type { Zone } from './records.js';

const HOUR = 3600;

export const ZONES: readonly Zone[] = [
  {
    origin: 'server.thm',
    records: [
      { name: 'server.thm', ttl: HOUR, type: 'MX', preference: 10, exchange: 'example.thm' },
      { name: 'server.thm', ttl: HOUR, type: 'A', address: '198.51.100.80' },
      // SPF (RFC 7208): only the hosts of its MX may send as server.thm.
      { name: 'server.thm', ttl: HOUR, type: 'TXT', text: 'v=spf1 mx -all' },
      // An alias: the web site's name points at the domain's address.
      { name: 'www.server.thm', ttl: HOUR, type: 'CNAME', target: 'server.thm' },
      // The mailbox server behind the sandbox's gateway (the 'later-bounce' scenario, server/bounce.ts).
      { name: 'mailstore.server.thm', ttl: HOUR, type: 'A', address: '198.51.100.26' },
    ],
  },
  {
    origin: 'example.thm',
    records: [
      { name: 'example.thm', ttl: HOUR, type: 'A', address: '198.51.100.25' },
      { name: 'example.thm', ttl: HOUR, type: 'AAAA', address: '2001:db8::25' },
      { name: 'example.thm', ttl: HOUR, type: 'MX', preference: 10, exchange: 'example.thm' },
    ],
  },
  {
    origin: 'client.thm',
    records: [
      { name: 'client.thm', ttl: HOUR, type: 'A', address: '192.0.2.10' },
      { name: 'client.thm', ttl: HOUR, type: 'MX', preference: 10, exchange: 'mail.client.thm' },
      { name: 'client.thm', ttl: HOUR, type: 'TXT', text: 'v=spf1 ip4:192.0.2.20 -all' },
      { name: 'mail.client.thm', ttl: HOUR, type: 'A', address: '192.0.2.20' },
    ],
  },
  {
    origin: 'nullmx.thm',
    records: [
      // RFC 7505 3: one MX, preference 0, exchange "." (here ""): "this domain accepts no mail".
      { name: 'nullmx.thm', ttl: HOUR, type: 'MX', preference: 0, exchange: '' },
      { name: 'nullmx.thm', ttl: HOUR, type: 'A', address: '203.0.113.7' },
      // A domain that sends no mail either says so to SPF.
      { name: 'nullmx.thm', ttl: HOUR, type: 'TXT', text: 'v=spf1 -all' },
    ],
  },
];
