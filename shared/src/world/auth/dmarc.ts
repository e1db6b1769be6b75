/**
 * DMARC (RFC 7489): does the domain a reader sees in From: agree with a domain that
 * SPF or DKIM vouched for, and if not, what does that domain ask receivers to do?
 *
 * Rules / how this works:
 * - The policy is the TXT record at _dmarc.<From domain> starting with "v=DMARC1";
 *   if there is none there, at _dmarc.<organizational domain> (6.6.3). Two or more
 *   such records where they were found: no DMARC (6.6.3 step 5), result `none`.
 *   SERVFAIL on either name: `temperror`.
 * - A record that cannot be read (a bad tag list, a p=, sp=, adkim= or aspf= with a
 *   value RFC 7489 6.3 does not define, no p= at all) is `permerror`: RFC 7489 11.2's
 *   "syntactically incorrect DMARC record". (RFC 7489 6.6.3 also lets a receiver treat
 *   a record with a bad p= and a good rua= as p=none; this one sends no reports, so it
 *   has no use for rua= and does not.)
 * - Aligned (3.1): SPF passed for a domain, or a DKIM signature passed for a d=, that is
 *   the From domain (strict, adkim=s / aspf=s) or has its organizational domain
 *   (relaxed, the default). Either one aligned: `pass`; neither: `fail`.
 * - The policy applied is sp= when the record was found at the organizational domain
 *   for a From domain under it, else p=. The disposition is that policy on a fail,
 *   none otherwise.
 * - pct= is read and ignored: every failing message gets the policy (as if pct=100).
 *   Sampling would need randomness that shared does not take, and DMARCbis drops pct=.
 * - The organizational domain (3.2) is the public suffix and one label more. The public
 *   suffixes are a tiny list as data (PUBLIC_SUFFIXES), with the Public Suffix List's
 *   default rule for any other top-level domain: the last label is the suffix, so the
 *   organizational domain of mail.client.thm is client.thm.
 */

import type { DkimVerdict } from './dkim.js';
import { parseTagList } from './dkim-canon.js';
import { type DnsLookup, isDomainName, lookupTxt, worldDns } from './lookup.js';
import type { SpfVerdict } from './spf.js';

export type DmarcResult = 'pass' | 'fail' | 'none' | 'permerror' | 'temperror';
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcVerdict {
  result: DmarcResult;
  /** The From: domain the check was about. */
  fromDomain: string;
  /** The policy that applies (sp= for a subdomain when the record has one, else p=); null without a record. */
  policy: DmarcPolicy | null;
  /** What the receiver does: the policy on a fail, otherwise none. */
  disposition: DmarcPolicy;
  spfAligned: boolean;
  dkimAligned: boolean;
  /** The DMARC record used, as published; null when none was found. */
  record: string | null;
  /** A sentence for the page. */
  explanation: string;
}

/**
 * Public suffixes under which each registrant gets one label (a tiny part of the Public
 * Suffix List, as data). Names under any other top-level domain use its default rule:
 * the top-level domain alone is the suffix. .thm is listed to say so out loud.
 */
export const PUBLIC_SUFFIXES: readonly string[] = ['thm', 'co.uk', 'org.uk', 'ac.uk', 'com.au', 'co.jp', 'github.io'];

const POLICIES: readonly string[] = ['none', 'quarantine', 'reject'];

/**
 * The organizational domain of `domain` (RFC 7489 3.2): its longest public suffix and
 * one label more; a name that is itself a suffix is its own.
 *
 * @example organizationalDomain('mail.client.thm') // 'client.thm'
 */
export function organizationalDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  let suffixLabels = 1;
  for (const s of PUBLIC_SUFFIXES) {
    const n = s.split('.').length;
    if (n > suffixLabels && labels.slice(-n).join('.') === s) suffixLabels = n;
  }
  return labels.slice(-Math.min(labels.length, suffixLabels + 1)).join('.');
}

/** Whether `a` and `b` are aligned (RFC 7489 3.1): the same name, or in relaxed mode the same organizational domain. */
export function aligned(a: string, b: string, strict: boolean): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return strict ? x === y : organizationalDomain(x) === organizationalDomain(y);
}

/**
 * DMARC's verdict for a message whose From: domain is `fromDomain`, given what SPF and
 * DKIM found.
 *
 * @example checkDmarc({ fromDomain: 'bank.thm', spf, dkim: [] }).disposition // 'reject' when neither aligns
 */
export function checkDmarc(q: { fromDomain: string; spf: SpfVerdict; dkim: readonly DkimVerdict[] }, dns: DnsLookup = worldDns): DmarcVerdict {
  const fromDomain = q.fromDomain.trim().toLowerCase().replace(/\.$/, '');
  const base = { fromDomain, policy: null, disposition: 'none' as const, spfAligned: false, dkimAligned: false, record: null };
  if (!isDomainName(fromDomain))
    return { ...base, result: 'permerror', explanation: `The From: domain "${fromDomain}" is not a domain name, so DMARC cannot be checked.` };
  const org = organizationalDomain(fromDomain);
  const found = discover(fromDomain, org, dns);
  if (found.kind === 'temperror')
    return {
      ...base,
      result: 'temperror',
      explanation: `The DMARC record of ${fromDomain} could not be fetched for now (SERVFAIL at ${found.name}); a receiver tries again later.`,
    };
  if (found.kind === 'none')
    return {
      ...base,
      result: 'none',
      explanation: found.many
        ? `${found.name} holds more than one DMARC record, so none applies (RFC 7489 6.6.3).`
        : `${fromDomain} publishes no DMARC policy, so nothing says what to do with mail that fails to prove it comes from there.`,
    };
  const record = found.record;
  const tags = parseTagList(record);
  const invalid = (why: string): DmarcVerdict => ({
    ...base,
    record,
    result: 'permerror',
    explanation: `The DMARC record of ${found.name} is broken (${why}), so it applies no policy.`,
  });
  if (typeof tags === 'string') return invalid(tags);
  const p = tags.get('p')?.toLowerCase();
  if (p === undefined) return invalid('it has no p=');
  const sp = tags.get('sp')?.toLowerCase();
  const adkim = tags.get('adkim')?.toLowerCase() ?? 'r';
  const aspf = tags.get('aspf')?.toLowerCase() ?? 'r';
  if (!POLICIES.includes(p)) return invalid(`p=${p} is not none, quarantine or reject`);
  if (sp !== undefined && !POLICIES.includes(sp)) return invalid(`sp=${sp} is not none, quarantine or reject`);
  if (!['r', 's'].includes(adkim)) return invalid(`adkim=${adkim} is not r or s`);
  if (!['r', 's'].includes(aspf)) return invalid(`aspf=${aspf} is not r or s`);

  const policy = (found.atOrg && sp !== undefined ? sp : p) as DmarcPolicy;
  const spfAligned = q.spf.result === 'pass' && aligned(q.spf.domain, fromDomain, aspf === 's');
  const dkimPassing = q.dkim.filter((d) => d.result === 'pass');
  const dkimAligned = dkimPassing.some((d) => aligned(d.domain, fromDomain, adkim === 's'));
  const result: DmarcResult = spfAligned || dkimAligned ? 'pass' : 'fail';
  const disposition: DmarcPolicy = result === 'pass' ? 'none' : policy;
  const how = [spfAligned ? `SPF passed for ${q.spf.domain}` : '', dkimAligned ? 'a DKIM signature of the same domain verified' : '']
    .filter(Boolean)
    .join(' and ');
  const explanation =
    result === 'pass'
      ? `From: says ${fromDomain}, and ${how}: the domain a reader sees is proven (DMARC passes).`
      : `From: says ${fromDomain}, but ${why(q.spf, dkimPassing, fromDomain)}. ${fromDomain} asks receivers to ${ASK[policy]}.`;
  return { fromDomain, result, policy, disposition, spfAligned, dkimAligned, record, explanation };
}

/** What a receiver is asked to do, per policy. */
const ASK: Record<DmarcPolicy, string> = {
  none: 'deliver it anyway and only report (p=none)',
  quarantine: 'treat it as suspicious, e.g. put it in spam (p=quarantine)',
  reject: 'refuse it (p=reject), which the receiving server does with 550 5.7.1',
};

function why(spf: SpfVerdict, dkimPassing: readonly DkimVerdict[], fromDomain: string): string {
  const spfPart = spf.result === 'pass' ? `SPF passed only for ${spf.domain}, another domain` : `SPF did not pass (${spf.result})`;
  const dkimPart =
    dkimPassing.length > 0
      ? `the only valid DKIM signatures are of ${[...new Set(dkimPassing.map((d) => d.domain))].join(', ')}`
      : 'no DKIM signature verified';
  return `${spfPart} and ${dkimPart}, so nothing proves the message comes from ${fromDomain}`;
}

type Discovery =
  | { kind: 'found'; record: string; name: string; atOrg: boolean }
  | { kind: 'none'; name: string; many: boolean }
  | { kind: 'temperror'; name: string };

/** RFC 7489 6.6.3: the From domain's record, else the organizational domain's. */
function discover(fromDomain: string, org: string, dns: DnsLookup): Discovery {
  const at = (domain: string, atOrg: boolean): Discovery => {
    const name = `_dmarc.${domain}`;
    const { answer, texts } = lookupTxt(dns, name);
    if (answer.status === 'SERVFAIL') return { kind: 'temperror', name };
    const records = texts.filter((t) => /^v[ \t]*=[ \t]*DMARC1[ \t]*(;|$)/.test(t));
    if (records.length === 1) return { kind: 'found', record: records[0] as string, name, atOrg };
    return { kind: 'none', name, many: records.length > 1 };
  };
  const first = at(fromDomain, false);
  if (first.kind !== 'none' || first.many || org === fromDomain) return first;
  return at(org, true);
}
