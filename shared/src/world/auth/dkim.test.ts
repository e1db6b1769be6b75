import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Zone } from '../../dns/records.js';
import { resolve } from '../../dns/resolve.js';
import { ZONES } from '../../dns/zones.js';
import { decodeText, encodeText } from '../../protocol/bytes.js';
import { BANK_THM_SIGNER, CLIENT_THM_SIGNER } from '../keys.js';
import { dkimSign, prependField, verifyDkim } from './dkim.js';
import { canonBody, canonHeader, parseTagList, signedFields, splitMessage, withoutSignature } from './dkim-canon.js';
import type { DnsLookup } from './lookup.js';

const bytes = (t: string) => encodeText(t);
const text = (b: Uint8Array) => decodeText(b);
const LETTER = 'From: Alice <alice@client.thm>\r\nTo: bob@server.thm\r\nSubject: Lunch\r\n\r\nNoon?\r\n';

async function signed(message = LETTER, opts: Parameters<typeof dkimSign>[2] = {}, signer = CLIENT_THM_SIGNER): Promise<string> {
  return text(prependField(await dkimSign(bytes(message), signer, { time: 1767348000, ...opts }), bytes(message)));
}
const results = async (message: string, dns?: DnsLookup, now?: number) =>
  (await verifyDkim(bytes(message), dns, now === undefined ? {} : { now })).map((v) => `${v.result}: ${v.reason}`);

describe('canonicalization (RFC 6376 3.4)', () => {
  it('gives the example of RFC 6376 3.4.5, relaxed and simple', () => {
    const { fields, body } = splitMessage(bytes('A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n'));
    expect(fields.map((f) => `${canonHeader(f.raw, 'relaxed')}\r\n`).join('')).toBe('a:X\r\nb:Y Z\r\n');
    expect(fields.map((f) => `${canonHeader(f.raw, 'simple')}\r\n`).join('')).toBe('A: X\r\nB : Y\t\r\n\tZ  \r\n');
    expect(text(canonBody(body, 'relaxed'))).toBe(' C\r\nD E\r\n');
    expect(text(canonBody(body, 'simple'))).toBe(' C \r\nD \t E\r\n');
  });

  it('makes an empty body one CRLF in simple and nothing in relaxed', () => {
    for (const empty of ['', '\r\n', '\r\n\r\n', '  \r\n']) {
      expect(text(canonBody(bytes(empty), 'relaxed'))).toBe('');
    }
    expect(text(canonBody(bytes(''), 'simple'))).toBe('\r\n');
    expect(text(canonBody(bytes('\r\n\r\n'), 'simple'))).toBe('\r\n');
    expect(text(canonBody(bytes('no line end'), 'relaxed'))).toBe('no line end\r\n');
  });

  it('takes fields for h= from the bottom, once each, and nothing for a name with none left (RFC 6376 5.4.2)', () => {
    const { fields } = splitMessage(bytes('To: 1\r\nSubject: s\r\nTo: 2\r\n\r\n'));
    expect(signedFields(fields, ['to', 'to', 'to', 'from']).map((f) => f.raw)).toEqual(['To: 2', 'To: 1']);
  });

  it('empties b= with its white space, and only b=', () => {
    expect(withoutSignature('DKIM-Signature: a=1; bh=xyz;\r\n\tb=abc\r\n\tdef')).toBe('DKIM-Signature: a=1; bh=xyz;\r\n\tb=');
    expect(withoutSignature('DKIM-Signature: b = abc ; d=x')).toBe('DKIM-Signature: b =; d=x');
  });

  it('reads tag lists, refusing a tag twice (RFC 6376 3.2)', () => {
    expect(parseTagList(' v=1; a = rsa-sha256 ;\r\n\tb=ab cd;')).toEqual(
      new Map([
        ['v', '1'],
        ['a', 'rsa-sha256'],
        ['b', 'ab cd'],
      ]),
    );
    expect(parseTagList('v=1; v=2')).toMatch(/twice/);
    expect(parseTagList('v=1; junk')).toMatch(/not a tag/);
  });

  it('splits a message with LF line ends, and one with no body', () => {
    expect(splitMessage(bytes('A: 1\n b\nC: 2\n\nbody\n'))).toMatchObject({ fields: [{ name: 'a', raw: 'A: 1\r\n b' }, { name: 'c' }], complete: true });
    expect(text(splitMessage(bytes('A: 1\n\nbody\n')).body)).toBe('body\n');
    expect(splitMessage(bytes('A: 1\r\n')).body.length).toBe(0);
  });
});

describe('dkimSign and verifyDkim', () => {
  it('signs and verifies with both algorithms and every canonicalization', async () => {
    for (const signer of [CLIENT_THM_SIGNER, BANK_THM_SIGNER]) {
      for (const canonicalization of ['relaxed/relaxed', 'simple/simple', 'relaxed/simple', 'simple/relaxed'] as const) {
        const [v] = await verifyDkim(bytes(await signed(LETTER, { canonicalization }, signer)));
        expect(v).toMatchObject({ result: 'pass', domain: signer.domain, selector: signer.selector, algorithm: signer.algorithm });
      }
    }
  });

  it('writes a folded field ending in CRLF, with t= only when given a time, and From oversigned', async () => {
    const field = await dkimSign(bytes(LETTER), CLIENT_THM_SIGNER, { headers: ['subject'] });
    expect(field).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=client\.thm; s=mail;\r\n\th=subject:from:from;\r\n\tbh=/);
    expect(field).not.toContain('t=');
    expect(field.endsWith('\r\n')).toBe(true);
    expect(field.split('\r\n').every((line) => line.length <= 78)).toBe(true);
  });

  it('tells a changed body (neutral) from a changed signed field (fail), and ignores unsigned fields', async () => {
    const message = await signed();
    expect(await results(message.replace('Noon?', 'Midnight?'))).toEqual(['neutral: body hash did not verify']);
    expect(await results(message.replace('Subject: Lunch', 'Subject: Dinner'))).toEqual(['fail: signature did not verify']);
    expect(await results(`X-Spam: no\r\n${message}`)).toEqual(['pass: signature verified']);
    // Relaxed forgives re-folding and spaces; simple does not.
    expect(await results(message.replace('Subject: Lunch', 'subject:   Lunch'))).toEqual(['pass: signature verified']);
    const simple = await signed(LETTER, { canonicalization: 'simple/simple' });
    expect(await results(simple.replace('Subject: Lunch', 'subject:   Lunch'))).toEqual(['fail: signature did not verify']);
  });

  it('fails a second From: added after signing, because From was oversigned (RFC 6376 8.15)', async () => {
    expect(await results(`From: ceo@client.thm\r\n${await signed()}`)).toEqual(['fail: signature did not verify']);
  });

  it('honours l= and keeps what follows it out of the hash', async () => {
    const message = await signed();
    const withL = message.replace('; s=mail;', '; s=mail; l=7;');
    expect(await results(withL)).toEqual(['fail: signature did not verify']); // l= was not signed
    expect(await results(message.replace(/bh=[^;]*;/, 'bh=AAAA;'))).toEqual(['neutral: body hash did not verify']);
    expect(await results(message.replace(/bh=[^;]*;/, 'bh=;'))).toEqual([expect.stringMatching(/^permerror: the signature has no bh= tag/)]);
  });

  it('reads the key record: missing, revoked, of another kind, SERVFAIL', async () => {
    const message = await signed();
    const dnsWith = (text: string | null, servfail: string[] = []): DnsLookup => {
      const zones: Zone[] = [
        ...ZONES.filter((z) => z.origin !== 'client.thm'),
        { origin: 'client.thm', records: text === null ? [] : [{ name: 'mail._domainkey.client.thm', ttl: 1, type: 'TXT', text }], servfail },
      ];
      return (name, type) => resolve(name, type, zones);
    };
    expect(await results(message, dnsWith(null))).toEqual(['neutral: no key for selector']);
    expect(await results(message, dnsWith('v=DKIM1; p='))).toEqual(['neutral: the key has been revoked (an empty p=)']);
    expect(await results(message, dnsWith('v=DKIM1; k=ed25519; p=AAAA'))).toEqual(["neutral: the key is k=ed25519, and the signature's algorithm needs rsa"]);
    expect(await results(message, dnsWith('v=DKIM2; p=AAAA'))).toEqual(['neutral: the key record says v=DKIM2, not DKIM1']);
    expect(await results(message, dnsWith('v=DKIM1; p=!!!'))).toEqual(['neutral: the key in p= is not base64']);
    expect(await results(message, dnsWith('v=DKIM1; p=AAAA'))).toEqual(['neutral: p= holds no rsa public key']);
    expect((await verifyDkim(bytes(message), dnsWith(null, ['mail._domainkey.client.thm'])))[0]?.result).toBe('temperror');
  });

  it('reports a malformed signature as permerror with its reason', async () => {
    const message = await signed();
    const cases: [RegExp | string, string, RegExp][] = [
      ['v=1', 'v=2', /v=2 is not DKIM version 1/],
      [/\th=[^;]*;/, '\th=subject:to;', /From field is not signed/],
      ['d=client.thm;', 'd=client.thm; i=a@bank.thm;', /not within d=/],
      ['a=rsa-sha256', 'a=rsa-sha1', /rsa-sha1/],
      ['c=relaxed/relaxed', 'c=relaxed/fancy', /canonicalization/],
      ['d=client.thm;', 'd=client.thm; d=bank.thm;', /twice/],
      ['s=mail;', 's=mail; l=ten;', /l=ten/],
      [/\r\n\tbh=[^;]*;/, '', /no bh= tag/],
    ];
    for (const [from, to, why] of cases) {
      const [v] = await verifyDkim(bytes(message.replace(from, to)));
      expect(v?.result, String(to)).toBe('permerror');
      expect(v?.reason).toMatch(why);
    }
  });

  it('expires a signature by x= only given a time, and never before t=', async () => {
    const message = await signed(LETTER, { expires: 1767350000 });
    expect(await results(message)).toEqual(['pass: signature verified']);
    expect(await results(message, undefined, 1767349999)).toEqual(['pass: signature verified']);
    expect(await results(message, undefined, 1767350001)).toEqual(['neutral: signature expired']);
    expect(await results(await signed(LETTER, { expires: 1767340000 }))).toEqual([expect.stringMatching(/^neutral: the signature expires before it was made/)]);
  });

  it('returns [] for an unsigned message and checks every signature in order', async () => {
    expect(await verifyDkim(bytes(LETTER))).toEqual([]);
    const once = await signed();
    const twice = prependField(await dkimSign(bytes(once), BANK_THM_SIGNER), bytes(once));
    expect((await verifyDkim(twice)).map((v) => [v.domain, v.result])).toEqual([
      ['bank.thm', 'pass'],
      ['client.thm', 'pass'],
    ]);
  });

  it('rejects a private key that is not one, a mistake of the caller', async () => {
    await expect(dkimSign(bytes(LETTER), { ...CLIENT_THM_SIGNER, privateKey: 'bm9wZQ==' })).rejects.toThrow(/not a PKCS#8 rsa key/);
    await expect(dkimSign(bytes(LETTER), { ...CLIENT_THM_SIGNER, algorithm: 'ed25519-sha256' })).rejects.toThrow(/ed25519/);
  });

  it('never throws on a message with a signature field of any content', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 120 }), fc.uint8Array({ maxLength: 200 }), async (value, rest) => {
        const message = new Uint8Array([...bytes(`DKIM-Signature: ${value}\r\nFrom: a@client.thm\r\n\r\n`), ...rest]);
        const verdicts = await verifyDkim(message);
        expect(verdicts.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});
