/**
 * How each real server judges the address in MAIL FROM and RCPT TO, where it differs
 * from RFC 5321's grammar (protocol/address.ts, which the sandbox parses first).
 *
 * Rules / how this works:
 * - `text` is the address as the client sent it: "<user@client.thm>", an unclosed
 *   "<user@client.thm", or a bare "user@client.thm".
 * - A verdict either takes the address (a mailbox read as that server reads it) or
 *   refuses it with a catalogue reply; null leaves the RFC parser's answer standing.
 * - Exim (parse_extract_address) names what is wrong, after the address as sent:
 *   `<user@>: domain missing or malformed`. It wants a domain (but postmaster), at most
 *   256 octets in all, and no domain literal as a recipient.
 * - Postfix takes nearly anything with one address in it: an unqualified name, an
 *   empty local part, "user@@host", long local parts, a trailing dot. It refuses an
 *   unclosed "<", a space, an empty domain, and a domain that is not a valid host name
 *   (empty or over-63-octet labels, over 255 in all), with 5.1.7 (sender) or 5.1.3
 *   (recipient) "Bad … address syntax".
 */
import type { Mailbox } from '../protocol/address.js';
import type { ReplyKey } from '../protocol/replies.js';

export type AddressRole = 'sender' | 'recipient';

export type AddressVerdict = { ok: true; mailbox: Mailbox | null } | { ok: false; key: ReplyKey; vars: Record<string, string> };

export type AddressRule = (text: string, role: AddressRole) => AddressVerdict | null;

/** The address between its brackets, whether the closing one is there, and without a source route. */
function unwrap(text: string): { inner: string; closed: boolean } {
  const bracketed = text.startsWith('<');
  const closed = !bracketed || text.endsWith('>');
  let inner = bracketed ? text.slice(1, closed ? -1 : undefined) : text;
  // RFC 5321 4.1.2: an obsolete source route, "@relay,@hop:", is dropped by both servers.
  const route = /^@[^:]*:/.exec(inner);
  if (route) inner = inner.slice(route[0].length);
  return { inner, closed };
}

/** What both servers read as a mailbox: the local part before the last "@", the domain after it. */
function mailboxOf(inner: string): Mailbox {
  const at = inner.lastIndexOf('@');
  const localPart = at === -1 ? inner : inner.slice(0, at);
  const domain = at === -1 ? '' : inner.slice(at + 1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the point
  return { localPart, domain, utf8: /[^\x00-\x7f]/.test(inner) };
}

export const eximAddress: AddressRule = (text, role) => {
  const { inner, closed } = unwrap(text);
  const refuse = (reason: string): AddressVerdict => ({ ok: false, key: 'R501_ADDRESS', vars: { address: text, detail: reason } });
  if (!closed) return refuse("'>' missing at end of address");
  if (inner === '') return role === 'sender' ? { ok: true, mailbox: null } : refuse('missing or malformed local part');
  if (inner.startsWith('@')) return refuse('no local part');
  // An atom ends at a space or a control character (RFC 5322 3.2.3); Exim then wants "@" or ".".
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters end an atom
  const space = inner.search(/[ \u0000-\u001f\u007f]/);
  if (space !== -1) return refuse(`"@" or "." expected after "${inner.slice(0, space)}"`);
  const m = mailboxOf(inner);
  if (!inner.includes('@')) {
    if (role === 'recipient' && m.localPart.toLowerCase() === 'postmaster') return null;
    return refuse(`${role} address must contain a domain`);
  }
  if (inner.length > 256) return refuse(`address is ridiculously long: ${inner.slice(0, 64)}...`);
  if (m.domain.startsWith('[')) return role === 'recipient' ? refuse('domain literals not allowed') : null;
  if (m.domain === '' || m.localPart.includes('@') || m.domain.endsWith('.') || m.domain.split('.').some((l) => l === '')) {
    return refuse('domain missing or malformed');
  }
  return { ok: true, mailbox: m };
};

export const postfixAddress: AddressRule = (text, role) => {
  const { inner, closed } = unwrap(text);
  const refuse: AddressVerdict = { ok: false, key: role === 'sender' ? 'R501_BAD_SENDER' : 'R501_BAD_RECIPIENT', vars: { address: text } };
  if (!closed || inner.includes(' ')) return refuse;
  if (inner === '') return role === 'sender' ? { ok: true, mailbox: null } : refuse;
  const m = mailboxOf(inner);
  if (!inner.includes('@')) return { ok: true, mailbox: m }; // unqualified: Postfix appends its own domain later
  const host = m.domain.replace(/\.$/, '');
  if (host.startsWith('[')) return { ok: true, mailbox: m };
  if (host === '' || host.length > 255 || host.split('.').some((l) => l === '' || l.length > 63)) return refuse;
  return { ok: true, mailbox: m };
};
