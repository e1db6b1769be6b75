/**
 * DKIM (RFC 6376), signing and verifying over WebCrypto: rsa-sha256 and ed25519-sha256
 * (RFC 8463), simple and relaxed canonicalization.
 *
 * Rules / how this works (verifying, RFC 6376 6.1), for each DKIM-Signature in turn:
 * 1. Its tag list is read. A missing required tag (v a b bh d h s), v other than 1, an
 *    algorithm other than the two above (rsa-sha1 is refused, RFC 8301 3.1), an
 *    unknown canonicalization, an h= without From (5.4), an i= outside d= (6.1.1), or a
 *    bad l= make it `permerror`: RFC 6376's PERMFAIL, RFC 8601 2.7.1's "permerror".
 * 2. The body is canonicalized, cut at l= if there is one, and hashed; a hash other
 *    than bh= is `neutral` with "body hash did not verify" (see below).
 * 3. The key is asked of DNS at <s>._domainkey.<d> (3.6.2.1): SERVFAIL is `temperror`;
 *    no record, a record with no usable key (no p=, bad base64, a revoked p= that is
 *    empty, v= other than DKIM1, a k= other than the algorithm's) is `neutral`.
 * 4. An RSA key shorter than 1024 bits is `policy` (RFC 8301 3.2: not to be trusted).
 * 5. The signed header fields and the signature field itself (its b= emptied) are
 *    canonicalized and the signature checked: `pass`, or `fail` when it does not verify.
 * 6. A pass whose x= has passed (given a time to compare with), or whose x= is before
 *    its t=, becomes `neutral`.
 *
 * Where RFC 6376 says PERMFAIL for a body hash that does not match or a key not found,
 * this says `neutral`, as Gmail writes it ("dkim=neutral (body hash did not verify)")
 * and as mailauth does, which the tests hold this to: RFC 8601 2.7.1's "neutral" is a
 * signature "not otherwise able to be processed", and neither case says the signer's
 * key signed something else. A signature mailauth cannot read at all it skips; this
 * reports it as `permerror`, with its reason.
 *
 * Bounds: the header block is read within HEADER_BLOCK_LIMIT, at most MAX_SIGNATURES
 * signatures are checked, h= names at most MAX_SIGNED_FIELDS fields, and keys are
 * between 1024 and MAX_KEY_BITS bits.
 */
import { decodeBase64, encodeBase64 } from '../../protocol/base64.js';
import { concatBytes, encodeText } from '../../protocol/bytes.js';
import { type Canon, canonBody, canonHeader, type HeaderField, latin1Bytes, parseTagList, signedFields, splitMessage, withoutSignature } from './dkim-canon.js';
import { type DnsLookup, isDomainName, lookupTxt, worldDns } from './lookup.js';
import { type DkimKeyKind, type ImportedKey, importPrivateKey, importPublicKey, padBase64, sha256, sign, verify } from './web-crypto.js';

export type DkimResult = 'pass' | 'fail' | 'neutral' | 'none' | 'permerror' | 'temperror' | 'policy';

/** Who signs: the domain and selector of its key (the key at <selector>._domainkey.<domain>), and the private key. */
export interface DkimSigner {
  domain: string;
  selector: string;
  algorithm: 'rsa-sha256' | 'ed25519-sha256';
  /** PKCS#8, as PEM or as the DER bytes in base64. */
  privateKey: string;
}

export type DkimCanonicalization = 'relaxed/relaxed' | 'simple/simple' | 'relaxed/simple' | 'simple/relaxed';

export interface DkimSignOptions {
  /** Header/body canonicalization; relaxed/relaxed by default, as most signers use. */
  canonicalization?: DkimCanonicalization;
  /** Names of the header fields to sign; From is always among them. Defaults to DEFAULT_SIGNED_FIELDS. */
  headers?: string[];
  /** Seconds since the epoch, written as t=; without it no t= is written (shared reads no clock). */
  time?: number;
  /** Seconds since the epoch after which the signature is expired, written as x= (RFC 6376 3.5). */
  expires?: number;
}

export interface DkimVerdict {
  result: DkimResult;
  /** d=, the signing domain ("" when the signature has none). */
  domain: string;
  /** s=, the selector. */
  selector: string;
  /** a=, as written. */
  algorithm: string;
  /** Why, in a few words: "body hash did not verify", "no key for selector" ... */
  reason: string;
  /** A sentence for the page. */
  explanation: string;
}

/**
 * The fields signed when the caller names none: RFC 6376 5.4.1's list of those that
 * carry what a reader sees, less the trace fields. Each is signed once per instance
 * present, and From once more (below).
 */
export const DEFAULT_SIGNED_FIELDS: readonly string[] = [
  'from',
  'reply-to',
  'subject',
  'date',
  'to',
  'cc',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
];

const MAX_SIGNATURES = 10;
const MAX_SIGNED_FIELDS = 256;
/** RFC 8301 3.2: keys under 1024 bits must not be trusted. */
const MIN_KEY_BITS = 1024;
/** Larger keys cost too much to check for a playground; RFC 8301 asks verifiers to handle up to 4096. */
const MAX_KEY_BITS = 8192;
const ALGORITHMS: Record<string, DkimKeyKind> = { 'rsa-sha256': 'rsa', 'ed25519-sha256': 'ed25519' };
const CANONS: readonly string[] = ['simple', 'relaxed'];
/** Column at which the folded signature field breaks b= and bh=. */
const FOLD = 72;

/**
 * Signs a message: the DKIM-Signature header field, folded and ending in CRLF, to put
 * in front of it. Rejects (a caller's mistake, not bad input) when the private key is
 * not a PKCS#8 key of the signer's algorithm.
 *
 * @example const field = await dkimSign(message, CLIENT_THM_SIGNER, { time: 1767225600 }); const signed = concatBytes([encodeText(field), message]);
 */
export async function dkimSign(message: Uint8Array, signer: DkimSigner, opts: DkimSignOptions = {}): Promise<string> {
  const kind = ALGORITHMS[signer.algorithm] as DkimKeyKind;
  const key = await importPrivateKey(signer.privateKey, kind);
  if (!key) throw new Error(`dkimSign: the private key of ${signer.selector}._domainkey.${signer.domain} is not a PKCS#8 ${kind} key`);
  const [headerCanon, bodyCanon] = (opts.canonicalization ?? 'relaxed/relaxed').split('/') as [Canon, Canon];
  const { fields, body } = splitMessage(message);
  const wanted = new Set(['from', ...(opts.headers ?? DEFAULT_SIGNED_FIELDS).map((n) => n.trim().toLowerCase())]);
  // Every instance present, bottom up (5.4.2), and From once more than there are: a From
  // added later would then be "signed as absent" and break the signature (RFC 6376 8.15).
  const names = fields
    .map((f) => f.name)
    .reverse()
    .filter((n) => wanted.has(n));
  names.push('from');
  const bodyHash = encodeBase64(await sha256(canonBody(body, bodyCanon)));
  const tags = [
    'v=1',
    `a=${signer.algorithm}`,
    `c=${headerCanon}/${bodyCanon}`,
    `d=${signer.domain}`,
    `s=${signer.selector}`,
    ...(opts.time === undefined ? [] : [`t=${Math.floor(opts.time)}`]),
    ...(opts.expires === undefined ? [] : [`x=${Math.floor(opts.expires)}`]),
  ];
  const unsigned = `DKIM-Signature: ${tags.join('; ')};\r\n\th=${names.join(':')};\r\n\tbh=${fold(bodyHash, FOLD - 4)};\r\n\tb=`;
  const data = headerHashInput(signedFields(fields, names), unsigned, headerCanon);
  const signature = await sign(kind, key, kind === 'ed25519' ? await sha256(data) : data);
  if (!signature) throw new Error(`dkimSign: the host could not sign with ${signer.selector}._domainkey.${signer.domain}`);
  return `${unsigned}${fold(encodeBase64(signature), FOLD - 3)}\r\n`;
}

/** Base64 broken into lines of `width`, continued with a tab (RFC 6376 3.2 allows FWS in it). */
function fold(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join('\r\n\t');
}

/** What is signed: the signed fields, each canonicalized and ending CRLF, then the signature field with b= empty and no CRLF (RFC 6376 3.7). */
function headerHashInput(signed: readonly HeaderField[], signatureField: string, canon: Canon): Uint8Array {
  const text = signed.map((f) => `${canonHeader(f.raw, canon)}\r\n`).join('') + canonHeader(withoutSignature(signatureField), canon);
  return latin1Bytes(text);
}

/**
 * Checks every DKIM-Signature of a message, top to bottom; a message with none gives
 * [] (the caller reports "none"). `now` (seconds since the epoch) lets x= expire a signature.
 *
 * @example (await verifyDkim(signed))[0]?.result // 'pass'
 */
export async function verifyDkim(message: Uint8Array, dns: DnsLookup = worldDns, opts: { now?: number } = {}): Promise<DkimVerdict[]> {
  const { fields, body } = splitMessage(message);
  const signatures = fields.filter((f) => f.name === 'dkim-signature');
  const out: DkimVerdict[] = [];
  const bodyHashes = new Map<string, string>();
  for (const [i, field] of signatures.entries()) {
    if (i >= MAX_SIGNATURES) {
      out.push(verdict('neutral', {}, `not checked: more than ${MAX_SIGNATURES} signatures`));
      continue;
    }
    out.push(await verifyOne(field, fields, body, dns, opts.now, bodyHashes));
  }
  return out;
}

async function verifyOne(
  field: HeaderField,
  fields: readonly HeaderField[],
  body: Uint8Array,
  dns: DnsLookup,
  now: number | undefined,
  bodyHashes: Map<string, string>,
): Promise<DkimVerdict> {
  const parsed = parseTagList(field.raw.slice(field.raw.indexOf(':') + 1));
  if (typeof parsed === 'string') return verdict('permerror', {}, `the signature cannot be read: ${parsed}`);
  const tags = parsed;
  const bad = (why: string) => verdict('permerror', tags, why);
  const missing = ['v', 'a', 'b', 'bh', 'd', 'h', 's'].find((t) => !tags.get(t));
  if (missing) return bad(`the signature has no ${missing}= tag (RFC 6376 3.5)`);
  if (tags.get('v') !== '1') return bad(`v=${tags.get('v')} is not DKIM version 1`);
  const algorithm = (tags.get('a') as string).toLowerCase();
  const kind = ALGORITHMS[algorithm];
  if (!kind) return bad(algorithm === 'rsa-sha1' ? 'rsa-sha1 is no longer accepted (RFC 8301 3.1)' : `unknown algorithm ${algorithm}`);
  const [headerCanon = 'simple', bodyCanon = 'simple', extra] = (tags.get('c') ?? 'simple/simple').toLowerCase().split('/');
  if (!CANONS.includes(headerCanon) || !CANONS.includes(bodyCanon) || extra !== undefined) return bad(`unknown canonicalization ${tags.get('c')}`);
  const domain = (tags.get('d') as string).toLowerCase();
  const selector = (tags.get('s') as string).toLowerCase();
  if (!isDomainName(`${selector}._domainkey.${domain}`)) return bad(`d=${domain} and s=${selector} do not make a DNS name`);
  const names = (tags.get('h') as string).split(':').map((n) => n.trim().toLowerCase());
  if (names.length > MAX_SIGNED_FIELDS) return bad(`h= names more than ${MAX_SIGNED_FIELDS} fields`);
  if (!names.includes('from')) return bad('the From field is not signed (RFC 6376 5.4)');
  const identity = tags.get('i');
  if (identity !== undefined) {
    const iDomain = identity.slice(identity.lastIndexOf('@') + 1).toLowerCase();
    if (iDomain !== domain && !iDomain.endsWith(`.${domain}`)) return bad(`i=${identity} is not within d=${domain} (RFC 6376 6.1.1)`);
  }
  const l = tags.get('l');
  if (l !== undefined && !/^\d{1,76}$/.test(l)) return bad(`l=${l} is not a length`);
  const q = tags.get('q');
  if (q !== undefined && !q.split(':').some((m) => m.trim().toLowerCase() === 'dns/txt')) return bad(`q=${q} names no key service this verifier knows`);
  const t = numberTag(tags.get('t'));
  const x = numberTag(tags.get('x'));
  const signature = decodeBase64(padBase64(tags.get('b') as string));
  if (!signature) return bad('b= is not base64');

  // 2. The body hash, once per canonicalization and length.
  const hashKey = `${bodyCanon}:${l ?? ''}`;
  let bodyHash = bodyHashes.get(hashKey);
  if (bodyHash === undefined) {
    let canonical = canonBody(body, bodyCanon as Canon);
    if (l !== undefined) canonical = canonical.subarray(0, Math.min(canonical.length, Number(l)));
    bodyHash = encodeBase64(await sha256(canonical));
    bodyHashes.set(hashKey, bodyHash);
  }
  if (padBase64(tags.get('bh') as string) !== bodyHash) return verdict('neutral', tags, 'body hash did not verify');

  // 3. The key.
  const keyName = `${selector}._domainkey.${domain}`;
  const { answer, texts } = lookupTxt(dns, keyName);
  if (answer.status === 'SERVFAIL') return verdict('temperror', tags, `the DNS server failed to answer for ${keyName} (SERVFAIL)`);
  const record = texts[0];
  if (record === undefined) return verdict('neutral', tags, 'no key for selector');
  const key = await readKey(record, kind);
  if (typeof key === 'string') return verdict('neutral', tags, key);

  // 4. Its size.
  if (kind === 'rsa' && key.bits < MIN_KEY_BITS) return verdict('policy', tags, `the key has ${key.bits} bits, under ${MIN_KEY_BITS} (RFC 8301 3.2)`);
  if (key.bits > MAX_KEY_BITS) return verdict('policy', tags, `the key has ${key.bits} bits, more than this verifier checks`);

  // 5. The signature.
  const data = headerHashInput(signedFields(fields, names), field.raw, headerCanon as Canon);
  const good = await verify(kind, key, signature, kind === 'ed25519' ? await sha256(data) : data);
  if (!good) return verdict('fail', tags, 'signature did not verify');

  // 6. Its times.
  if (x !== null && t !== null && x < t) return verdict('neutral', tags, 'the signature expires before it was made (x= before t=)');
  if (x !== null && now !== undefined && x < now) return verdict('neutral', tags, 'signature expired');
  return verdict('pass', tags, 'signature verified');
}

/** A key record (RFC 6376 3.6.1) read and imported, or why it cannot be used. */
async function readKey(record: string, kind: DkimKeyKind): Promise<ImportedKey | string> {
  const tags = parseTagList(record);
  if (typeof tags === 'string') return `the key record cannot be read: ${tags}`;
  const v = tags.get('v');
  if (v !== undefined && v !== 'DKIM1') return `the key record says v=${v}, not DKIM1`;
  const k = (tags.get('k') ?? 'rsa').toLowerCase();
  const p = tags.get('p');
  if (p === undefined) return 'the key record has no p= (no key)';
  if (p.trim() === '') return 'the key has been revoked (an empty p=)';
  if (k !== kind) return `the key is k=${k}, and the signature's algorithm needs ${kind}`;
  const h = tags.get('h');
  if (h !== undefined && !h.split(':').some((a) => a.trim().toLowerCase() === 'sha256')) return `the key is not for sha256 (h=${h})`;
  const der = decodeBase64(padBase64(p));
  if (!der) return 'the key in p= is not base64';
  return (await importPublicKey(der, kind)) ?? `p= holds no ${kind} public key`;
}

function numberTag(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,12}$/.test(value.trim()) ? Number(value) : null;
}

/** The sentence the page shows for each result. */
const EXPLAIN: Record<DkimResult, (who: string, reason: string) => string> = {
  pass: (who) => `The signature of ${who} verifies: the signed header fields and the body are exactly what ${who} signed.`,
  fail: (who) => `The signature of ${who} does not verify: a signed header field was changed after signing, or it was not made with ${who}'s key.`,
  neutral: (who, reason) =>
    reason === 'body hash did not verify'
      ? `The body is not the one ${who} signed (its hash differs from bh=): the message was changed in transit, so the signature counts for nothing.`
      : `The signature of ${who} could not be checked (${reason}), so it counts for nothing.`,
  none: () => 'The message carries no DKIM signature.',
  permerror: (who, reason) => `The signature${who ? ` of ${who}` : ''} is malformed and was not checked: ${reason}.`,
  temperror: (who, reason) => `The key of ${who} could not be fetched for now (${reason}); a receiver tries again later.`,
  policy: (who, reason) => `The signature of ${who} was not trusted: ${reason}.`,
};

function verdict(result: DkimResult, tags: Map<string, string> | Record<string, never>, reason: string): DkimVerdict {
  const get = (t: string) => (tags instanceof Map ? (tags.get(t) ?? '') : '');
  const domain = get('d').toLowerCase();
  const selector = get('s');
  return { result, domain, selector, algorithm: get('a'), reason, explanation: EXPLAIN[result](domain, reason) };
}

/** The bytes of a signed message: the signature field in front of the message. */
export function prependField(field: string, message: Uint8Array): Uint8Array {
  return concatBytes([encodeText(field), message]);
}
