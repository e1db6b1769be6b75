import { describe, expect, it } from 'vitest';
import { decodeText, encodeText } from '../../protocol/bytes.js';
import { BANK_THM_SIGNER, CLIENT_THM_SIGNER } from '../keys.js';
import { authenticate, formatAuthenticationResults, fromDomain } from './authenticate.js';
import { dkimSign, prependField } from './dkim.js';
import { splitMessage } from './dkim-canon.js';

const LETTER = 'From: Alice <alice@client.thm>\r\nTo: Bob <bob@server.thm>\r\nSubject: Lunch\r\n\r\nNoon?\r\n';
const FROM_CLIENT = { ip: '192.0.2.20', mailFrom: 'alice@client.thm', helo: 'mail.client.thm', authservId: 'mx.server.thm' };
const from = (header: string) => fromDomain(splitMessage(encodeText(`${header}\r\n\r\n`)).fields);

describe('authenticate', () => {
  it('writes the whole Authentication-Results field for the classic message', async () => {
    const message = prependField(await dkimSign(encodeText(LETTER), CLIENT_THM_SIGNER), encodeText(LETTER));
    const v = await authenticate({ message, ...FROM_CLIENT });
    expect(v.header).toBe(
      'Authentication-Results: mx.server.thm;\r\n' +
        '\tspf=pass smtp.mailfrom=client.thm;\r\n' +
        '\tdkim=pass header.d=client.thm header.s=mail header.a=rsa-sha256;\r\n' +
        '\tdmarc=pass (p=quarantine dis=none) header.from=client.thm\r\n',
    );
  });

  it('refuses the spoofed bank.thm From: under p=reject though SPF passes for the envelope', async () => {
    const spoof = encodeText(LETTER.replace('Alice <alice@client.thm>', 'Bank <security@bank.thm>'));
    const message = prependField(await dkimSign(spoof, CLIENT_THM_SIGNER), spoof);
    const v = await authenticate({ message, ...FROM_CLIENT });
    expect([v.spf.result, v.dkim.map((d) => d.result), v.dmarc.result, v.dmarc.disposition]).toEqual(['pass', ['pass'], 'fail', 'reject']);
    expect(v.header).toContain('\tdmarc=fail (p=reject dis=reject) header.from=bank.thm\r\n');
  });

  it('says why in comments, escaped, and smtp.helo for the null sender', async () => {
    const signed = decodeText(prependField(await dkimSign(encodeText(LETTER), BANK_THM_SIGNER), encodeText(LETTER)));
    const v = await authenticate({ message: encodeText(signed.replace('Noon', 'Midnight')), ...FROM_CLIENT, mailFrom: '', helo: 'mail.client.thm' });
    expect(v.header).toContain('\tspf=none smtp.helo=mail.client.thm;\r\n');
    expect(v.header).toContain('\tdkim=neutral (body hash did not verify) header.d=bank.thm header.s=s2026 header.a=ed25519-sha256;\r\n');
    const text = formatAuthenticationResults('mx (odd)', 'a@b.thm', 'h', {
      ...v,
      dkim: [{ ...(v.dkim[0] as (typeof v.dkim)[number]), reason: 'a (b) \\ c\r\nd' }],
    });
    expect(text).toContain('Authentication-Results: "mx (odd)";');
    expect(text).toContain('(a \\(b\\) \\\\ c d)');
    expect(
      text
        .split('\r\n')
        .slice(0, -1)
        .every((line) => /^[\x20-\x7e\t]*$/.test(line)),
    ).toBe(true);
  });

  it('writes dkim=none for an unsigned message, and permerror for a message without one From: domain', async () => {
    const v = await authenticate({ message: encodeText('Subject: no from\r\n\r\nhi\r\n'), ...FROM_CLIENT });
    expect(v.dkim).toEqual([]);
    expect(v.header).toContain('\tdkim=none (message not signed);\r\n');
    expect(v.dmarc.result).toBe('permerror');
    expect(v.header).toMatch(/\tdmarc=permerror \(The message has no From: field/);
  });
});

describe('fromDomain', () => {
  it('reads the domain of the one From: address, whatever its form', () => {
    expect(from('From: alice@Client.THM')).toBe('client.thm');
    expect(from('From: "Smith, Alice (Sales)" <alice@client.thm>')).toBe('client.thm');
    expect(from('From: "a@bank.thm" <alice@client.thm> (really a@bank.thm)')).toBe('client.thm');
    expect(from('From: Alice\r\n <alice@client.thm>')).toBe('client.thm');
    expect(from('From: a@client.thm, b@client.thm')).toBe('client.thm');
    expect(from('From: Team: a@client.thm, b@client.thm;')).toBe('client.thm');
  });

  it('says why there is no one domain', () => {
    expect(from('Subject: x')).toEqual({ why: 'The message has no From: field' });
    expect(from('From: a@client.thm\r\nFrom: b@client.thm')).toEqual({ why: 'The message has 2 From: fields' });
    expect(from('From: undisclosed')).toEqual({ why: 'The From: field holds no address' });
    expect(from('From: a@client.thm, b@bank.thm')).toMatchObject({ why: expect.stringContaining('2 domains') });
  });
});
