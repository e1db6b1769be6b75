/**
 * SPF (RFC 7208): may this address send mail for the domain of the envelope sender?
 *
 * Rules / how this works (check_host(), RFC 7208 4):
 * - The domain checked is the MAIL FROM's; for the null sender `<>` it is the HELO name,
 *   with "postmaster" as the local part (2.4). A domain that is no domain name: none (4.3).
 * - Its TXT records starting with "v=spf1" are the SPF records (4.5): none of them is
 *   `none`, two or more `permerror`. A SERVFAIL anywhere is `temperror` (4.4, 5).
 * - The whole record is read before anything is evaluated, and a syntax error anywhere
 *   in it is `permerror` (4.6): an unknown mechanism, a bad address or prefix length, a
 *   bad macro, a second redirect= or exp=.
 * - Mechanisms are tried left to right; the first that matches gives its qualifier's
 *   result (+ pass, - fail, ~ softfail, ? neutral; + when none is written). `include`
 *   matches when the included domain's result is pass; its temperror and permerror pass
 *   up, and an included domain with no record is `permerror` (5.2).
 * - Nothing matched: `redirect=` hands the question to another domain (6.1; ignored
 *   when the record has `all`), else the result is `neutral` (4.7).
 * - Limits (4.6.4): at most 10 mechanisms or modifiers that ask DNS (include, a, mx,
 *   ptr, exists, redirect), at most 2 of their lookups with an empty answer ("void"),
 *   at most 10 hosts of one `mx`; past any of them, `permerror`.
 * - `ptr` (5.5, "SHOULD NOT be used") counts as a lookup and never matches: this DNS
 *   holds no reverse zones. `exp=` is read and ignored: the page writes its own
 *   explanation. Macros (7) are expanded in domain-specs, except the exp-only c, r, t.
 */
import type { DnsAnswer } from '../../dns/resolve.js';
import { type Ip, macroIp, parseIp, samePrefix } from './ip.js';
import { type DnsLookup, isDomainName, lookupTxt, MAX_NAME, worldDns } from './lookup.js';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfVerdict {
  result: SpfResult;
  /** The MAIL FROM domain (or the HELO name for the null sender `<>`). */
  domain: string;
  /** The SPF record of that domain, as published; null when there is none. */
  record: string | null;
  /** The mechanism (or redirect=) that decided, as written; null when none did. */
  mechanism: string | null;
  /** A sentence for the page. */
  explanation: string;
  /** Every DNS question asked, in order. */
  lookups: DnsAnswer[];
}

/** RFC 7208 4.6.4's limits. */
const MAX_DNS_MECHANISMS = 10;
const MAX_VOID_LOOKUPS = 2;
const MAX_MX_HOSTS = 10;
/** A record longer than this is refused rather than read: no real one comes close. */
const MAX_RECORD = 4096;

/** What each qualifier makes of a match (RFC 7208 4.6.2). */
const QUALIFIERS: Record<string, SpfResult> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

type Mechanism =
  | { type: 'all' }
  | { type: 'include' | 'exists' | 'ptr'; domain: string | null }
  | { type: 'a' | 'mx'; domain: string | null; cidr4: number; cidr6: number }
  | { type: 'ip4' | 'ip6'; ip: Ip; cidr: number };

interface Directive {
  text: string;
  result: SpfResult;
  mechanism: Mechanism;
}

interface ParsedRecord {
  directives: Directive[];
  redirect: string | null;
}

/** An evaluation that ends with an error result, wherever it is found. */
class SpfStop {
  constructor(
    readonly result: 'permerror' | 'temperror',
    readonly reason: string,
  ) {}
}

interface Context {
  ip: Ip;
  sender: string;
  helo: string;
  dns: DnsLookup;
  lookups: DnsAnswer[];
  dnsMechanisms: number;
  voids: number;
}

interface Outcome {
  result: SpfResult;
  record: string | null;
  mechanism: string | null;
}

/**
 * SPF's verdict on the connecting address `ip` sending as `mailFrom` (a path's address,
 * with or without angle brackets; empty for the null sender) after `helo`.
 *
 * @example checkSpf({ ip: '192.0.2.20', mailFrom: 'alice@client.thm', helo: 'mail.client.thm' }).result // 'pass'
 */
export function checkSpf(q: { ip: string; mailFrom: string; helo: string }, dns: DnsLookup = worldDns): SpfVerdict {
  const helo = q.helo.trim().toLowerCase().replace(/\.$/, '');
  const path = q.mailFrom.trim().replace(/^<(.*)>$/, '$1');
  // RFC 7208 2.4 and 4.3: the null sender is checked as postmaster@<HELO>; a sender with no local part gets "postmaster".
  const sender = path === '' ? `postmaster@${helo}` : path.startsWith('@') ? `postmaster${path}` : path.includes('@') ? path : `postmaster@${path}`;
  const domain = sender
    .slice(sender.lastIndexOf('@') + 1)
    .toLowerCase()
    .replace(/\.$/, '');
  const verdict = (o: Outcome, reason: string, lookups: DnsAnswer[]): SpfVerdict => ({
    ...o,
    domain,
    explanation: explain(o.result, domain, q.ip, o.mechanism, reason),
    lookups,
  });
  const ip = parseIp(q.ip.trim());
  if (!ip) return verdict({ result: 'none', record: null, mechanism: null }, `${q.ip} is not an IP address, so there is nothing to check`, []);
  if (!isDomainName(domain)) return verdict({ result: 'none', record: null, mechanism: null }, `${domain} is not a domain name`, []);
  const ctx: Context = { ip, sender, helo, dns, lookups: [], dnsMechanisms: 0, voids: 0 };
  try {
    return verdict(checkHost(ctx, domain, true), '', ctx.lookups);
  } catch (e) {
    if (!(e instanceof SpfStop)) throw e;
    const record = ctx.lookups[0] ? (spfRecords(ctx.lookups[0])[0] ?? null) : null;
    return verdict({ result: e.result, record, mechanism: null }, e.reason, ctx.lookups);
  }
}

/** check_host() for one domain (RFC 7208 4). */
function checkHost(ctx: Context, domain: string, top: boolean): Outcome {
  const { answer } = lookupTxt(ctx.dns, domain);
  ctx.lookups.push(answer);
  if (answer.status === 'SERVFAIL') throw new SpfStop('temperror', `the DNS server failed to answer for ${domain} (SERVFAIL)`);
  if (!top && answer.answer.length === 0) countVoid(ctx, domain);
  const records = spfRecords(answer);
  if (records.length > 1) throw new SpfStop('permerror', `${domain} publishes ${records.length} SPF records; RFC 7208 4.5 allows one`);
  const record = records[0];
  if (record === undefined) return { result: 'none', record: null, mechanism: null };
  if (record.length > MAX_RECORD) throw new SpfStop('permerror', `the SPF record of ${domain} is longer than ${MAX_RECORD} characters`);
  if (/[^\x20-\x7e]/.test(record)) throw new SpfStop('permerror', `the SPF record of ${domain} holds characters that are not printable ASCII`);
  const parsed = parseRecord(record, domain);
  for (const d of parsed.directives) {
    if (matches(ctx, d.mechanism, domain)) return { result: d.result, record, mechanism: d.text };
  }
  if (parsed.redirect !== null && !parsed.directives.some((d) => d.mechanism.type === 'all')) {
    countDnsMechanism(ctx);
    const target = targetDomain(ctx, parsed.redirect, domain);
    const sub = checkHost(ctx, target, false);
    // RFC 7208 6.1: a redirect to a domain with no SPF record is a permerror.
    if (sub.result === 'none') throw new SpfStop('permerror', `redirect=${target} leads to a domain with no SPF record`);
    return { result: sub.result, record, mechanism: sub.mechanism ?? `redirect=${parsed.redirect}` };
  }
  return { result: 'neutral', record, mechanism: null };
}

/** The texts of an answer that are SPF records (RFC 7208 4.5: "v=spf1", then a space or the end). */
function spfRecords(answer: DnsAnswer): string[] {
  return answer.answer.flatMap((r) => (r.type === 'TXT' && /^v=spf1( |$)/i.test(r.text) ? [r.text] : []));
}

/** The whole record read, or a permerror for its first syntax error (RFC 7208 4.6). */
function parseRecord(record: string, domain: string): ParsedRecord {
  const directives: Directive[] = [];
  let redirect: string | null = null;
  let exp = false;
  const bad = (term: string, why: string) => new SpfStop('permerror', `in the SPF record of ${domain}, ${term}: ${why}`);
  for (const term of record.split(' ').slice(1)) {
    if (term === '') continue;
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
    if (modifier) {
      const name = (modifier[1] as string).toLowerCase();
      const value = modifier[2] as string;
      if (!validMacroString(value, name === 'exp')) throw bad(term, 'the value is not a valid macro string');
      if (name === 'redirect') {
        if (redirect !== null) throw bad(term, 'a second redirect= (RFC 7208 6)');
        if (value === '') throw bad(term, 'redirect= needs a domain');
        redirect = value;
      } else if (name === 'exp') {
        if (exp) throw bad(term, 'a second exp= (RFC 7208 6)');
        exp = true;
      }
      // RFC 7208 6: "Unrecognized modifiers MUST be ignored".
      continue;
    }
    const m = /^([+\-~?]?)([a-z][a-z0-9_.-]*)(.*)$/i.exec(term);
    if (!m) throw bad(term, 'not a mechanism or a modifier');
    const mechanism = parseMechanism((m[2] as string).toLowerCase(), m[3] as string);
    if (typeof mechanism === 'string') throw bad(term, mechanism);
    directives.push({ text: term, result: QUALIFIERS[m[1] || '+'] as SpfResult, mechanism });
  }
  return { directives, redirect };
}

/** One mechanism's arguments (RFC 7208 5), or why they are wrong. */
function parseMechanism(name: string, rest: string): Mechanism | string {
  switch (name) {
    case 'all':
      return rest === '' ? { type: 'all' } : '"all" takes no argument';
    case 'include':
    case 'exists': {
      const domain = domainSpec(rest);
      return domain === null || domain === '' ? `"${name}" needs ":" and a domain` : domain === false ? 'a bad domain-spec' : { type: name, domain };
    }
    case 'ptr': {
      const domain = domainSpec(rest);
      return domain === false || domain === '' ? 'a bad domain-spec' : { type: 'ptr', domain };
    }
    case 'a':
    case 'mx': {
      const c = /^(.*?)(?:\/(0|[1-9]\d*))?(?:\/\/(0|[1-9]\d*))?$/.exec(rest);
      const cidr4 = c?.[2] === undefined ? 32 : Number(c[2]);
      const cidr6 = c?.[3] === undefined ? 128 : Number(c[3]);
      if (!c || cidr4 > 32 || cidr6 > 128) return 'a bad prefix length';
      const domain = domainSpec(c[1] as string);
      return domain === false || domain === '' ? 'a bad domain-spec' : { type: name, domain, cidr4, cidr6 };
    }
    case 'ip4':
    case 'ip6': {
      const c = /^:([^/]+)(?:\/(0|[1-9]\d*))?$/.exec(rest);
      const text = c?.[1] ?? '';
      const ip = parseIp(text);
      // ip4 takes dotted decimal only; ip6 takes IPv6 text, which may be an IPv4-mapped address.
      if (!c || !ip || (name === 'ip4') === text.includes(':')) return `not an IPv${name === 'ip4' ? 4 : 6} address`;
      const max = name === 'ip4' ? 32 : 128;
      const cidr = c[2] === undefined ? max : Number(c[2]);
      if (cidr > max) return 'a bad prefix length';
      // A mapped address was read as IPv4: its prefix length loses the 96 bits of ::ffff: before it.
      return { type: name, ip, cidr: name === 'ip6' && ip.family === 4 ? Math.max(0, cidr - 96) : cidr };
    }
    default:
      return `"${name}" is not a mechanism (RFC 7208 5)`;
  }
}

/** ":domain-spec" (its macro syntax checked), "" when absent, false when malformed. */
function domainSpec(rest: string): string | null | false {
  if (rest === '') return null;
  if (!rest.startsWith(':')) return false;
  const spec = rest.slice(1);
  return spec !== '' && validMacroString(spec, false) ? spec : false;
}

/** Whether a mechanism matches (RFC 7208 5); counts the DNS it asks. */
function matches(ctx: Context, m: Mechanism, domain: string): boolean {
  switch (m.type) {
    case 'all':
      return true;
    case 'ip4':
    case 'ip6':
      return samePrefix(ctx.ip, m.ip, m.cidr);
    case 'include': {
      countDnsMechanism(ctx);
      const target = targetDomain(ctx, m.domain as string, domain);
      const sub = checkHost(ctx, target, false);
      // RFC 7208 5.2's table: pass matches; fail, softfail and neutral do not; none is a permerror.
      if (sub.result === 'none') throw new SpfStop('permerror', `include:${target} names a domain with no SPF record`);
      return sub.result === 'pass';
    }
    case 'a': {
      countDnsMechanism(ctx);
      const target = m.domain === null ? domain : targetDomain(ctx, m.domain, domain);
      return addresses(ctx, target, true).some((a) => samePrefix(ctx.ip, a, ctx.ip.family === 4 ? m.cidr4 : m.cidr6));
    }
    case 'mx': {
      countDnsMechanism(ctx);
      const target = m.domain === null ? domain : targetDomain(ctx, m.domain, domain);
      const answer = ask(ctx, target, 'MX', true);
      const hosts = answer.flatMap((r) => (r.type === 'MX' && r.exchange !== '' ? [r] : [])).sort((a, b) => a.preference - b.preference);
      if (hosts.length > MAX_MX_HOSTS) throw new SpfStop('permerror', `mx:${target} has more than ${MAX_MX_HOSTS} hosts (RFC 7208 4.6.4)`);
      return hosts.some((h) => addresses(ctx, h.exchange, false).some((a) => samePrefix(ctx.ip, a, ctx.ip.family === 4 ? m.cidr4 : m.cidr6)));
    }
    case 'exists': {
      countDnsMechanism(ctx);
      // RFC 7208 5.7: always an A question, whatever the client's address family.
      return ask(ctx, targetDomain(ctx, m.domain as string, domain), 'A', true).length > 0;
    }
    case 'ptr':
      countDnsMechanism(ctx);
      return false;
  }
}

/** The client's family of addresses at `name`; a void answer counts when `counted`. */
function addresses(ctx: Context, name: string, counted: boolean): Ip[] {
  const type = ctx.ip.family === 4 ? 'A' : 'AAAA';
  return ask(ctx, name, type, counted).flatMap((r) => {
    const ip = r.type === type ? parseIp(r.address) : null;
    return ip ? [ip] : [];
  });
}

/** One DNS question of a mechanism: SERVFAIL stops with temperror, an empty answer is void. */
function ask(ctx: Context, name: string, type: 'A' | 'AAAA' | 'MX', counted: boolean): DnsAnswer['answer'] {
  const answer = ctx.dns(name, type);
  ctx.lookups.push(answer);
  if (answer.status === 'SERVFAIL') throw new SpfStop('temperror', `the DNS server failed to answer ${type} ${name} (SERVFAIL)`);
  const records = answer.answer.filter((r) => r.type === type);
  if (records.length === 0 && counted) countVoid(ctx, name);
  return records;
}

function countDnsMechanism(ctx: Context): void {
  ctx.dnsMechanisms++;
  if (ctx.dnsMechanisms > MAX_DNS_MECHANISMS) throw new SpfStop('permerror', `more than ${MAX_DNS_MECHANISMS} DNS lookups (RFC 7208 4.6.4)`);
}

function countVoid(ctx: Context, name: string): void {
  ctx.voids++;
  if (ctx.voids > MAX_VOID_LOOKUPS) throw new SpfStop('permerror', `more than ${MAX_VOID_LOOKUPS} lookups found nothing (the last: ${name}; RFC 7208 4.6.4)`);
}

/** A domain-spec, macros expanded (RFC 7208 7.3), checked to be a name DNS can be asked. */
function targetDomain(ctx: Context, spec: string, domain: string): string {
  let name = expandMacros(ctx, spec, domain).toLowerCase().replace(/\.$/, '');
  // RFC 7208 7.3: a name too long after expansion loses labels from the left.
  while (name.length > MAX_NAME && name.includes('.')) name = name.slice(name.indexOf('.') + 1);
  if (!isDomainName(name) || /^\d+$/.test(name.slice(name.lastIndexOf('.') + 1)))
    throw new SpfStop('permerror', `${name || '(empty)'} is not a domain name (RFC 7208 4.6.1)`);
  return name;
}

/** RFC 7208 7.1: a macro-string's syntax; c, r and t only in exp=. */
function validMacroString(text: string, inExp: boolean): boolean {
  const letters = inExp ? 'slodiphcrtv' : 'slodiphv';
  const macro = new RegExp(`^%(?:%|_|-|\\{[${letters}]\\d*r?[.\\-+,/_=]*\\})`, 'i');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const m = macro.exec(text.slice(i));
      if (!m) return false;
      i += m[0].length - 1;
    } else if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** RFC 7208 7.3: %{letter digits r delimiters}, %%, %_ and %-. */
function expandMacros(ctx: Context, spec: string, domain: string): string {
  const at = ctx.sender.lastIndexOf('@');
  const values: Record<string, string> = {
    s: ctx.sender,
    l: ctx.sender.slice(0, at),
    o: ctx.sender.slice(at + 1),
    d: domain,
    i: macroIp(ctx.ip),
    // The validated reverse name: this DNS has no reverse zones, so "unknown" (7.3).
    p: 'unknown',
    v: ctx.ip.family === 4 ? 'in-addr' : 'ip6',
    h: ctx.helo,
  };
  return spec.replace(
    /%(%|_|-|\{([a-z])(\d*)(r?)([.\-+,/_=]*)\})/gi,
    (_all, kind: string, letter?: string, digits?: string, reverse?: string, delimiters?: string) => {
      if (kind === '%') return '%';
      if (kind === '_') return ' ';
      if (kind === '-') return '%20';
      let parts = (values[(letter as string).toLowerCase()] ?? '').split(new RegExp(`[${(delimiters || '.').replace(/[-\\\]^]/g, '\\$&')}]`));
      if (reverse) parts = parts.reverse();
      // RFC 7208 7.3: digits keep that many parts from the right; 0 is not allowed and is read as "all" here.
      const keep = digits ? Math.min(Number(digits) || parts.length, 128) : parts.length;
      return parts.slice(-keep).join('.');
    },
  );
}

/** The sentence the page shows, per result. */
function explain(result: SpfResult, domain: string, ip: string, mechanism: string | null, reason: string): string {
  const by = mechanism ? ` (matched "${mechanism}")` : '';
  switch (result) {
    case 'pass':
      return `${domain} allows ${ip} to send its mail${by}: SPF passes.`;
    case 'fail':
      return `${domain} says ${ip} may not send its mail${by}: SPF fails, and a receiver may refuse the message.`;
    case 'softfail':
      return `${domain} says ${ip} is probably not one of its senders${by}: a soft failure, usually accepted but marked as suspicious.`;
    case 'neutral':
      return `${domain} makes no statement about ${ip}${by}: neutral, treated like no SPF at all.`;
    case 'none':
      return reason ? `No SPF check: ${reason}.` : `${domain} publishes no SPF record, so nothing says who may send its mail.`;
    case 'permerror':
      return `SPF for ${domain} could not be evaluated, permanently: ${reason}.`;
    case 'temperror':
      return `SPF for ${domain} could not be evaluated for now: ${reason}. A receiver answers 4xx and the sender tries again later.`;
  }
}
