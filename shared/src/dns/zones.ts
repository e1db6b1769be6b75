/**
 * The zones of the playground's small internet. Addresses are from the ranges kept for
 * documentation (RFC 5737's 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24, RFC
 * 3849's 2001:db8::/32), so no record here points at a real host.
 *
 * - server.thm: where the lessons' recipients live. Its mail is handled by example.thm,
 *   the sandbox (whose greeting says "example.thm"), as a company's MX often names its
 *   provider's host rather than one of its own.
 * - example.thm: the sandbox itself, with an address of each family.
 * - client.thm: the sender's domain, with its own outgoing server, which signs what it
 *   sends with DKIM (selector "mail") and asks for quarantine of what fails DMARC.
 * - bank.thm: a third party, the domain a phisher pretends to be. Its mail is strict:
 *   SPF names only its MX, its server signs with Ed25519 (RFC 8463, selector "s2026"),
 *   and DMARC asks receivers to reject what fails.
 * - nomx.thm: a domain with an address and no MX: its mail goes to that address
 *   (RFC 5321 5.1, the "implicit MX").
 * - nullmx.thm: a domain that takes no mail at all (RFC 7505 3): a web site only.
 *
 * The DKIM public keys here match the private keys in world/keys.ts, test keys of this
 * simulated world that anyone may read.
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
      // DMARC (RFC 7489 6.3) with p=none: receivers check and report, and deliver anyway.
      { name: '_dmarc.server.thm', ttl: HOUR, type: 'TXT', text: 'v=DMARC1; p=none' },
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
      // DKIM (RFC 6376 3.6.1): the public half of mail.client.thm's 2048-bit RSA key, as a SubjectPublicKeyInfo.
      {
        name: 'mail._domainkey.client.thm',
        ttl: HOUR,
        type: 'TXT',
        text: 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxeMTeQvBWJ+9YyFTGRN7ER6rffOmon0Bg6NZKGCmw6fRyT0NaZILztkjIBNkCXtcxyEKR9Wm6VmuHGFOlRPlQcjd7+nNv/x82Ysd1IVqRHxqw73AGS8QejFGw+38rux7wk1odkdvwTcdWhBwMZhwD9IMSk/7kRUbue/A6BUgo/HN6nI8zNGHR45JB7BKQbUAoOXZclA5wcpPW6Zj0j1OwxLsb3PSlAokVBnYixGBSzzchDGtqkfM1aXPoQ/wwp8BA3iK0/joyrm3cdkJHVOdosNxUnXoda72b1CgYyrDhVX2/cREjxL1JRjUazm8R+lvloyvvGa82Nm3orEbxsRrKwIDAQAB',
      },
      // DMARC (RFC 7489 6.3): mail that claims to be from client.thm and fails goes to spam.
      { name: '_dmarc.client.thm', ttl: HOUR, type: 'TXT', text: 'v=DMARC1; p=quarantine' },
    ],
  },
  {
    origin: 'bank.thm',
    records: [
      { name: 'bank.thm', ttl: HOUR, type: 'A', address: '203.0.113.50' },
      { name: 'bank.thm', ttl: HOUR, type: 'MX', preference: 10, exchange: 'mail.bank.thm' },
      { name: 'mail.bank.thm', ttl: HOUR, type: 'A', address: '203.0.113.25' },
      // Only the bank's own mail server sends as bank.thm.
      { name: 'bank.thm', ttl: HOUR, type: 'TXT', text: 'v=spf1 mx -all' },
      // RFC 8463 4.2: an Ed25519 key is published as its 32 raw bytes, no ASN.1 around them.
      { name: 's2026._domainkey.bank.thm', ttl: HOUR, type: 'TXT', text: 'v=DKIM1; k=ed25519; p=GWwEzCptq873kt+tGegV1k5yJHctX5gsr6dCHc9jkvU=' },
      // Mail that claims to be the bank and fails DMARC is refused outright.
      { name: '_dmarc.bank.thm', ttl: HOUR, type: 'TXT', text: 'v=DMARC1; p=reject' },
    ],
  },
  {
    origin: 'nomx.thm',
    records: [
      // No MX at all: a sender delivers to this address (RFC 5321 5.1).
      { name: 'nomx.thm', ttl: HOUR, type: 'A', address: '203.0.113.60' },
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
