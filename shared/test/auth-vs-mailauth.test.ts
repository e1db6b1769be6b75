/**
 * Our SPF, DKIM and DMARC (world/auth, WebCrypto, runs in a tab) held to mailauth, the
 * reference implementation in Node, on the same messages and the same DNS.
 *
 * How this works:
 * - The DNS is the playground's zones plus TEST_ZONES below (missing, broken and
 *   duplicate records, SERVFAIL names). mailauth asks it through `resolver`, shaped as
 *   Node's dns.promises.resolve: records on success, an error with code ENOTFOUND
 *   (NXDOMAIN), ENODATA (no records of the type) or ESERVFAIL otherwise.
 * - Cases are the product of ENVELOPES (who connects, as whom: the SPF side) and
 *   LETTERS (From:, signatures, tampering after signing: the DKIM and DMARC side).
 *   Every letter is signed by OUR dkimSign; then our authenticate and mailauth's
 *   authenticate each judge it, and every verdict must be the same: SPF, each DKIM
 *   signature (result, d=, s=), DMARC (result, policy, alignment of each), and the
 *   method=result pairs of both Authentication-Results fields.
 * - Where the two differ on purpose, KNOWN_DIFFERENCES says how and why, and asserts
 *   both sides, so either changing shows here.
 * - Signatures are also crossed the other way: mailauth's dkimSign, our verifyDkim.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { authenticate as mailauthAuthenticate, dkimSign as mailauthSign, dkimVerify as mailauthVerify } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnsRecord, Zone } from '../src/dns/records.js';
import { resolve } from '../src/dns/resolve.js';
import { ZONES } from '../src/dns/zones.js';
import { decodeText, encodeText } from '../src/protocol/bytes.js';
import { type AuthVerdicts, authenticate } from '../src/world/auth/authenticate.js';
import { type DkimCanonicalization, type DkimSigner, dkimSign, prependField, verifyDkim } from '../src/world/auth/dkim.js';
import type { DnsLookup } from '../src/world/auth/lookup.js';
import { BANK_THM_SIGNER, CLIENT_THM_SIGNER } from '../src/world/keys.js';
import { mailauthResolver } from './mailauth-resolver.js';

// Keys made for the test only: one too short to trust, one that is nobody's.
const pkcs8 = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('base64');
const WEAK = generateKeyPairSync('rsa', { modulusLength: 512 });
const STRANGER = generateKeyPairSync('rsa', { modulusLength: 1024 });
const EXACT = generateKeyPairSync('ed25519');

const txt = (name: string, text: string): DnsRecord => ({ name, ttl: 60, type: 'TXT', text });
const a = (name: string, address: string): DnsRecord => ({ name, ttl: 60, type: 'A', address });

/** The DNS of the test cases, beside the playground's own zones. */
const TEST_ZONES: Zone[] = [
  {
    // More names under client.thm: merged with its zone by the resolver.
    origin: 'client.thm',
    records: [
      // The HELO name's own SPF, for the null sender (RFC 7208 2.3).
      txt('mail.client.thm', 'v=spf1 a -all'),
      txt('revoked._domainkey.client.thm', 'v=DKIM1; k=rsa; p='),
      txt('broken._domainkey.client.thm', 'v=DKIM1; k=rsa; p=bm90IGEga2V5IGF0IGFsbA=='),
      txt('_dmarc.news.client.thm', 'v=DMARC1; p=reject; adkim=s; aspf=s'),
      a('news.client.thm', '192.0.2.21'),
    ],
    servfail: ['flaky._domainkey.client.thm'],
  },
  { origin: 'softspf.thm', records: [txt('softspf.thm', 'v=spf1 ip4:203.0.113.0/28 ~all')] },
  { origin: 'neutralspf.thm', records: [txt('neutralspf.thm', 'v=spf1 ?all')] },
  { origin: 'nospf.thm', records: [a('nospf.thm', '203.0.113.70'), txt('nospf.thm', 'google-site-verification=abc')] },
  { origin: 'dupspf.thm', records: [txt('dupspf.thm', 'v=spf1 ip4:192.0.2.20 -all'), txt('dupspf.thm', 'v=spf1 -all')] },
  { origin: 'badspf.thm', records: [txt('badspf.thm', 'v=spf1 ip4:192.0.2.300 -all')] },
  { origin: 'badmech.thm', records: [txt('badmech.thm', 'v=spf1 ipv4:192.0.2.20 -all')] },
  { origin: 'voidspf.thm', records: [txt('voidspf.thm', 'v=spf1 a:n1.voidspf.thm mx:n2.voidspf.thm a:n3.voidspf.thm ip4:192.0.2.20 -all')] },
  { origin: 'loopspf.thm', records: [txt('loopspf.thm', 'v=spf1 include:loopspf.thm -all')] },
  { origin: 'brokendns.thm', records: [], servfail: ['brokendns.thm', '_dmarc.brokendns.thm'] },
  { origin: 'aservfail.thm', records: [txt('aservfail.thm', 'v=spf1 a:down.aservfail.thm -all')], servfail: ['down.aservfail.thm'] },
  { origin: 'redirect.thm', records: [txt('redirect.thm', 'v=spf1 redirect=client.thm')] },
  { origin: 'incl.thm', records: [txt('incl.thm', 'v=spf1 include:nomatch.incl.thm include:client.thm -all'), txt('nomatch.incl.thm', 'v=spf1 -all')] },
  {
    origin: 'exists.thm',
    records: [txt('exists.thm', 'v=spf1 exists:%{i}.%{l}.ok.exists.thm -all'), a('192.0.2.20.alice.ok.exists.thm', '127.0.0.2')],
  },
  { origin: 'cidr.thm', records: [txt('cidr.thm', 'v=spf1 ip4:198.51.100.0/24 ip6:2001:db8:c1d::/48 -all')] },
  {
    origin: 'weak.thm',
    records: [txt('weak._domainkey.weak.thm', `v=DKIM1; k=rsa; p=${spki(WEAK.publicKey)}`), txt('_dmarc.weak.thm', 'v=DMARC1; p=quarantine')],
  },
  {
    origin: 'exact.thm',
    records: [
      txt('k1._domainkey.exact.thm', `v=DKIM1; k=ed25519; p=${spki(EXACT.publicKey).slice(16)}`),
      txt('_dmarc.exact.thm', 'v=DMARC1; p=reject; adkim=s; aspf=s'),
    ],
  },
  { origin: 'dupdmarc.thm', records: [txt('_dmarc.dupdmarc.thm', 'v=DMARC1; p=reject'), txt('_dmarc.dupdmarc.thm', 'v=DMARC1; p=none')] },
  { origin: 'badp.thm', records: [txt('_dmarc.badp.thm', 'v=DMARC1; p=bogus')] },
  { origin: 'includedown.thm', records: [txt('includedown.thm', 'v=spf1 include:brokendns.thm -all')] },
];
const ALL_ZONES = [...ZONES, ...TEST_ZONES];

/** Our side of the DNS. */
const ourDns: DnsLookup = (name, type) => resolve(name, type, ALL_ZONES);

/** mailauth's side: the same answers, shaped as node:dns's resolve() gives them. */
const resolver = mailauthResolver(ALL_ZONES);

const pemOf = (base64: string) => `-----BEGIN PRIVATE KEY-----\n${base64.replace(/.{64}/g, '$&\n').trim()}\n-----END PRIVATE KEY-----\n`;

// --- The SPF side: who connects, saying MAIL FROM what -----------------------------

interface Envelope {
  name: string;
  ip: string;
  mailFrom: string;
  helo: string;
}

const ENVELOPES: Envelope[] = [
  { name: 'client.thm from its own server (ip4)', ip: '192.0.2.20', mailFrom: 'alice@client.thm', helo: 'mail.client.thm' },
  { name: 'client.thm from a stranger', ip: '198.51.100.99', mailFrom: 'alice@client.thm', helo: 'elsewhere.thm' },
  { name: 'bank.thm from its MX (mx)', ip: '203.0.113.25', mailFrom: 'alerts@bank.thm', helo: 'mail.bank.thm' },
  { name: 'softfail (~all)', ip: '192.0.2.20', mailFrom: 'a@softspf.thm', helo: 'mail.client.thm' },
  { name: 'neutral (?all)', ip: '192.0.2.20', mailFrom: 'a@neutralspf.thm', helo: 'mail.client.thm' },
  { name: 'no SPF record', ip: '192.0.2.20', mailFrom: 'a@nospf.thm', helo: 'mail.client.thm' },
  { name: 'two SPF records', ip: '192.0.2.20', mailFrom: 'a@dupspf.thm', helo: 'mail.client.thm' },
  { name: 'a bad ip4 address', ip: '192.0.2.20', mailFrom: 'a@badspf.thm', helo: 'mail.client.thm' },
  { name: 'an unknown mechanism', ip: '192.0.2.20', mailFrom: 'a@badmech.thm', helo: 'mail.client.thm' },
  { name: 'three void lookups', ip: '192.0.2.20', mailFrom: 'a@voidspf.thm', helo: 'mail.client.thm' },
  { name: 'an include loop (lookup limit)', ip: '192.0.2.20', mailFrom: 'a@loopspf.thm', helo: 'mail.client.thm' },
  { name: 'SERVFAIL for the domain', ip: '192.0.2.20', mailFrom: 'a@brokendns.thm', helo: 'mail.client.thm' },
  { name: 'SERVFAIL inside a:', ip: '192.0.2.20', mailFrom: 'a@aservfail.thm', helo: 'mail.client.thm' },
  { name: 'redirect=', ip: '192.0.2.20', mailFrom: 'a@redirect.thm', helo: 'mail.client.thm' },
  { name: 'include:', ip: '192.0.2.20', mailFrom: 'a@incl.thm', helo: 'mail.client.thm' },
  { name: 'exists: with macros', ip: '192.0.2.20', mailFrom: 'alice@exists.thm', helo: 'mail.client.thm' },
  { name: 'ip6 in a /48', ip: '2001:db8:c1d::25', mailFrom: 'a@cidr.thm', helo: 'mail.cidr.thm' },
  { name: 'the null sender, checked by HELO', ip: '192.0.2.20', mailFrom: '', helo: 'mail.client.thm' },
];

// --- The DKIM and DMARC side: the letter, who signed it, what changed since ---------

interface Signing {
  signer: DkimSigner;
  canonicalization: DkimCanonicalization;
}

interface Letter {
  name: string;
  from: string;
  signings: Signing[];
  /** What happens to the letter after it is signed. */
  tamper?: 'body' | 'subject';
}

const as = (signer: DkimSigner, over: Partial<DkimSigner>): DkimSigner => ({ ...signer, ...over });
const RR: DkimCanonicalization = 'relaxed/relaxed';
const SS: DkimCanonicalization = 'simple/simple';
const CLIENT = CLIENT_THM_SIGNER;
const BANK = BANK_THM_SIGNER;

const LETTERS: Letter[] = [
  { name: 'client.thm signs, relaxed', from: 'Alice <alice@client.thm>', signings: [{ signer: CLIENT, canonicalization: RR }] },
  { name: 'client.thm signs, simple', from: 'alice@client.thm', signings: [{ signer: CLIENT, canonicalization: SS }] },
  { name: 'bank.thm signs with Ed25519, relaxed/simple', from: '"Bank" <alerts@bank.thm>', signings: [{ signer: BANK, canonicalization: 'relaxed/simple' }] },
  { name: 'bank.thm signs, then the body changes', from: 'alerts@bank.thm', signings: [{ signer: BANK, canonicalization: 'simple/relaxed' }], tamper: 'body' },
  { name: 'client.thm signs, then the Subject changes', from: 'alice@client.thm', signings: [{ signer: CLIENT, canonicalization: RR }], tamper: 'subject' },
  { name: 'a phisher: From bank.thm, unsigned', from: 'Bank Security <security@bank.thm>', signings: [] },
  { name: 'From server.thm (p=none), unsigned', from: 'postmaster@server.thm', signings: [] },
  { name: 'From a subdomain of client.thm, signed by client.thm', from: 'alice@team.client.thm', signings: [{ signer: CLIENT, canonicalization: RR }] },
  { name: 'a selector with no key', from: 'alice@client.thm', signings: [{ signer: as(CLIENT, { selector: 'gone' }), canonicalization: RR }] },
  { name: 'a revoked key (empty p=)', from: 'alice@client.thm', signings: [{ signer: as(CLIENT, { selector: 'revoked' }), canonicalization: RR }] },
  { name: 'a p= that is no key', from: 'alice@client.thm', signings: [{ signer: as(CLIENT, { selector: 'broken' }), canonicalization: SS }] },
  { name: 'SERVFAIL for the key', from: 'alice@client.thm', signings: [{ signer: as(CLIENT, { selector: 'flaky' }), canonicalization: RR }] },
  {
    name: 'a 512-bit key',
    from: 'ceo@weak.thm',
    signings: [{ signer: { domain: 'weak.thm', selector: 'weak', algorithm: 'rsa-sha256', privateKey: pkcs8(WEAK.privateKey) }, canonicalization: RR }],
  },
  {
    name: "signed as client.thm with someone else's key",
    from: 'alice@client.thm',
    signings: [{ signer: as(CLIENT, { privateKey: pkcs8(STRANGER.privateKey) }), canonicalization: RR }],
  },
  {
    name: 'two signatures: bank.thm and client.thm',
    from: 'alerts@bank.thm',
    signings: [
      { signer: CLIENT, canonicalization: SS },
      { signer: BANK, canonicalization: RR },
    ],
  },
  {
    name: 'strict alignment, exact domain',
    from: 'x@exact.thm',
    signings: [{ signer: { domain: 'exact.thm', selector: 'k1', algorithm: 'ed25519-sha256', privateKey: pkcs8(EXACT.privateKey) }, canonicalization: RR }],
  },
  { name: 'From a domain with no DMARC', from: 'a@nospf.thm', signings: [] },
  { name: 'From a domain whose DNS fails', from: 'a@brokendns.thm', signings: [{ signer: CLIENT, canonicalization: RR }] },
  { name: 'From a domain with two DMARC records', from: 'a@dupdmarc.thm', signings: [] },
];

/** The letter, as a mail client would write it: a folded header, spaces that relaxed canonicalization squeezes, empty lines at the end. */
function letterText(l: Letter, i: number): string {
  return [
    `From: ${l.from}`,
    'To: Bob <bob@server.thm>',
    'Subject: Lunch on',
    '\tFriday?',
    'Date: Fri, 02 Jan 2026 10:00:00 +0000',
    `Message-ID: <letter-${i}@client.thm>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain;  charset=utf-8',
    '',
    'Hi Bob,',
    '',
    'Shall  we meet\tat noon?  ',
    '-- ',
    'Alice',
    '',
    '',
    '',
  ].join('\r\n');
}

async function signLetter(l: Letter, i: number): Promise<Uint8Array> {
  let message = encodeText(letterText(l, i));
  // Each signer signs what it was given, the later ones on top (as hops do).
  for (const s of l.signings) message = prependField(await dkimSign(message, s.signer, { canonicalization: s.canonicalization, time: 1767348000 }), message);
  let text = decodeText(message);
  if (l.tamper === 'body') text = text.replace('at noon?', 'at 1pm, bring the account number?');
  if (l.tamper === 'subject') text = text.replace('Subject: Lunch on', 'Subject: Urgent: lunch on');
  return encodeText(text);
}

// --- The two judges' verdicts, in one shape ----------------------------------------

interface Judged {
  spf: string;
  dkim: { result: string; domain: string; selector: string }[];
  dmarc: string;
  policy: string | null;
  spfAligned: boolean;
  dkimAligned: boolean;
  /** method=result pairs of the Authentication-Results field, sorted. */
  header: string[];
}

const methodResults = (header: string) =>
  [...header.replace(/\([^)]*\)/g, '').matchAll(/(?:^|[;\s])(spf|dkim|dmarc)=([a-z]+)/g)].map((m) => `${m[1]}=${m[2]}`).sort();

function ours(v: AuthVerdicts): Judged {
  return {
    spf: v.spf.result,
    dkim:
      v.dkim.length === 0 ? [{ result: 'none', domain: '', selector: '' }] : v.dkim.map((d) => ({ result: d.result, domain: d.domain, selector: d.selector })),
    dmarc: v.dmarc.result,
    policy: v.dmarc.policy,
    spfAligned: v.dmarc.spfAligned,
    dkimAligned: v.dmarc.dkimAligned,
    header: methodResults(v.header),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: mailauth's result objects are loosely typed.
function theirs(r: any): Judged {
  return {
    spf: r.spf ? r.spf.status.result : 'none',
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    dkim: r.dkim.results.map((d: any) => ({ result: d.status.result, domain: d.signingDomain ?? '', selector: d.selector ?? '' })),
    dmarc: r.dmarc ? r.dmarc.status.result : 'absent',
    policy: r.dmarc?.policy ?? null,
    spfAligned: Boolean(r.dmarc?.alignment?.spf?.result),
    dkimAligned: Boolean(r.dmarc?.alignment?.dkim?.result),
    header: methodResults(String(r.headers).slice(String(r.headers).indexOf('Authentication-Results:'))),
  };
}

async function judge(message: Uint8Array, e: Envelope): Promise<{ ours: Judged; theirs: Judged; verdicts: AuthVerdicts }> {
  const verdicts = await authenticate({ message, ip: e.ip, mailFrom: e.mailFrom, helo: e.helo, authservId: 'mx.server.thm' }, ourDns);
  const result = await mailauthAuthenticate(Buffer.from(message), {
    ip: e.ip,
    helo: e.helo,
    sender: e.mailFrom,
    mta: 'mx.server.thm',
    resolver: resolver as never,
    disableArc: true,
    disableBimi: true,
  });
  return { ours: ours(verdicts), theirs: theirs(result), verdicts };
}

// --- The generated cases -----------------------------------------------------------

const signed = new Map<string, Uint8Array>();
const seen = { spf: new Set<string>(), dkim: new Set<string>(), dmarc: new Set<string>() };
let cases = 0;

beforeAll(async () => {
  for (const [i, l] of LETTERS.entries()) signed.set(l.name, await signLetter(l, i));
});

describe('our verdicts equal mailauth’s', () => {
  const product = ENVELOPES.flatMap((e) => LETTERS.map((l) => [`${l.name} | ${e.name}`, e, l] as const));

  it.each(product)('%s', async (_name, e, l) => {
    const { ours, theirs } = await judge(signed.get(l.name) as Uint8Array, e);
    expect(ours).toEqual(theirs);
    cases++;
    seen.spf.add(ours.spf);
    for (const d of ours.dkim) seen.dkim.add(d.result);
    seen.dmarc.add(ours.dmarc);
  });

  afterAll(() => {
    // Runs after the cases: the coverage the issue asks for, among the cases that agree.
    expect(cases).toBe(product.length);
    expect(cases).toBeGreaterThanOrEqual(30);
    expect([...seen.spf].sort()).toEqual(['fail', 'neutral', 'none', 'pass', 'permerror', 'softfail', 'temperror']);
    expect([...seen.dkim].sort()).toEqual(['fail', 'neutral', 'none', 'pass', 'policy', 'temperror']);
    expect([...seen.dmarc].sort()).toEqual(['fail', 'none', 'pass', 'temperror']);
  });
});

// --- Where we differ from mailauth, on purpose -------------------------------------

const CLIENT_ENVELOPE = ENVELOPES[0] as Envelope;

describe('known differences from mailauth, each asserted on both sides', () => {
  it('strict alignment (adkim=s, aspf=s): a parent domain does not align; mailauth 4.x aligns it anyway', async () => {
    // mailauth's verify.js passes { strict } (an object, always truthy) where getAlignment
    // wants a boolean, then falls through to relaxed matching: adkim=s never bites.
    const message = await signLetter({ name: 'news', from: 'news@news.client.thm', signings: [{ signer: CLIENT, canonicalization: RR }] }, 100);
    const { ours, theirs, verdicts } = await judge(message, CLIENT_ENVELOPE);
    expect(ours.dmarc).toBe('fail');
    expect(verdicts.dmarc.disposition).toBe('reject');
    expect(theirs.dmarc).toBe('pass');
    expect({ ...ours, dmarc: 'pass', spfAligned: true, dkimAligned: true, header: [] }).toEqual({ ...theirs, header: [] });
  });

  // Signatures RFC 6376 6.1.1 (and RFC 8301 3.1 for rsa-sha1) says to refuse as PERMFAIL:
  // we report permerror; mailauth skips an algorithm it does not know (so "none"), reads a
  // missing bh= as a body hash mismatch, and still checks rsa-sha1 (whose SHA-1 body hash
  // then differs from the SHA-256 one in bh=).
  const MALFORMED = [
    { name: 'an unknown algorithm (a=rsa-md5)', change: (t: string) => t.replace('a=rsa-sha256', 'a=rsa-md5'), mailauth: ['none', '', ''] },
    { name: 'no bh= tag', change: (t: string) => t.replace(/\tbh=[^;]*;\r\n/, ''), mailauth: ['neutral', 'client.thm', 'mail'] },
    { name: 'rsa-sha1', change: (t: string) => t.replace('a=rsa-sha256', 'a=rsa-sha1'), mailauth: ['neutral', 'client.thm', 'mail'] },
  ];
  it.each(MALFORMED)('a DKIM-Signature with $name is permerror (RFC 6376 6.1.1 PERMFAIL); mailauth says $mailauth.0', async ({ change, mailauth }) => {
    const message = await signLetter({ name: 'malformed', from: 'alice@client.thm', signings: [{ signer: CLIENT, canonicalization: RR }] }, 101);
    const { ours, theirs, verdicts } = await judge(encodeText(change(decodeText(message))), CLIENT_ENVELOPE);
    expect(ours.dkim).toEqual([{ result: 'permerror', domain: 'client.thm', selector: 'mail' }]);
    expect(verdicts.dkim[0]?.reason).toMatch(/algorithm|bh=|rsa-sha1/);
    expect(theirs.dkim.map((d) => [d.result, d.domain, d.selector])).toEqual([mailauth]);
    // Neither counts for DMARC, so the rest agrees: SPF passes for client.thm and aligns.
    expect({ ...ours, dkim: [], header: [] }).toEqual({ ...theirs, dkim: [], header: [] });
  });

  it('a DMARC record with a p= that is no policy is permerror (RFC 7489 11.2); mailauth applies "bogus" as the policy', async () => {
    const message = await signLetter({ name: 'badp', from: 'a@badp.thm', signings: [] }, 102);
    const { ours, theirs } = await judge(message, CLIENT_ENVELOPE);
    expect(ours).toMatchObject({ dmarc: 'permerror', policy: null });
    expect(theirs).toMatchObject({ dmarc: 'fail', policy: 'bogus' });
  });

  it('include: of a domain whose DNS fails is temperror (RFC 7208 5.2); mailauth skips the include and goes on to -all', async () => {
    const { ours, theirs } = await judge(signed.get((LETTERS[0] as Letter).name) as Uint8Array, { ...CLIENT_ENVELOPE, mailFrom: 'a@includedown.thm' });
    expect(ours.spf).toBe('temperror');
    expect(theirs.spf).toBe('fail');
  });

  it('From: with addresses in two domains is DMARC permerror; mailauth leaves DMARC out', async () => {
    const message = await signLetter({ name: 'two', from: 'alice@client.thm, security@bank.thm', signings: [{ signer: CLIENT, canonicalization: RR }] }, 103);
    const { ours, theirs } = await judge(message, CLIENT_ENVELOPE);
    expect(ours.dmarc).toBe('permerror');
    expect(theirs.dmarc).toBe('absent');
    expect({ ...ours, dmarc: '', header: [] }).toEqual({ ...theirs, dmarc: '', header: [] });
  });
});

// --- Signatures crossed: each side verifies the other's ----------------------------

describe('signatures made by one side verify on the other', () => {
  const message = encodeText(letterText(LETTERS[0] as Letter, 200));
  const signers = [
    { signer: CLIENT, name: 'rsa-sha256' },
    { signer: BANK, name: 'ed25519-sha256' },
  ];
  const canons: DkimCanonicalization[] = ['relaxed/relaxed', 'simple/simple', 'relaxed/simple', 'simple/relaxed'];
  const grid = signers.flatMap((s) => canons.map((c) => [`${s.name} ${c}`, s.signer, c] as const));

  it.each(grid)('mailauth signs %s, we verify', async (_n, signer, c) => {
    const { signatures } = await mailauthSign(Buffer.from(message), {
      canonicalization: c,
      signatureData: [
        { signingDomain: signer.domain, selector: signer.selector, privateKey: pemOf(signer.privateKey), algorithm: signer.algorithm, canonicalization: c },
      ],
    } as never);
    const signedByThem = prependField(signatures, message);
    expect((await verifyDkim(signedByThem)).map((v) => [v.result, v.domain, v.selector])).toEqual([['pass', signer.domain, signer.selector]]);
    // And a changed body is caught by both the same way.
    const changed = encodeText(decodeText(signedByThem).replace('noon', 'midnight'));
    const mine = (await verifyDkim(changed)).map((v) => v.result);
    const reference = (await mailauthVerify(Buffer.from(changed), { resolver: resolver as never })).results.map((r) => r.status.result);
    expect(mine).toEqual(reference);
    expect(mine).toEqual(['neutral']);
  });

  it.each(grid)('we sign %s, mailauth verifies', async (_n, signer, c) => {
    const field = await dkimSign(message, signer, { canonicalization: c, time: 1767348000 });
    const result = await mailauthVerify(Buffer.concat([Buffer.from(field), Buffer.from(message)]), { resolver: resolver as never });
    expect(result.results.map((r) => [r.status.result, r.signingDomain, r.selector])).toEqual([['pass', signer.domain, signer.selector]]);
  });

  it('the world keys pair with the public keys in its DNS', () => {
    for (const s of [CLIENT, BANK]) {
      const derived = createPublicKey(createPrivateKey({ key: Buffer.from(s.privateKey, 'base64'), format: 'der', type: 'pkcs8' })).export({
        type: 'spki',
        format: 'der',
      });
      const published = resolve(`${s.selector}._domainkey.${s.domain}`, 'TXT').answer.map((r) => (r.type === 'TXT' ? r.text : ''))[0] ?? '';
      const p = /p=([A-Za-z0-9+/=]+)/.exec(published)?.[1] ?? '';
      expect(derived.toString('base64')).toContain(p);
    }
  });
});
