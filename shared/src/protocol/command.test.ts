import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from './command.js';

describe('parseCommand', () => {
  it('reads verbs in any case', () => {
    expect(parseCommand('ehlo Client.THM')).toEqual({ ok: true, command: { verb: 'EHLO', domain: 'Client.THM' } });
  });

  it('reads MAIL with parameters', () => {
    const r = parseCommand('MAIL FROM:<user@client.thm> SIZE=1024 BODY=8BITMIME SMTPUTF8');
    expect(r).toMatchObject({
      ok: true,
      command: {
        verb: 'MAIL',
        mailbox: { localPart: 'user', domain: 'client.thm' },
        params: [
          { keyword: 'SIZE', value: '1024' },
          { keyword: 'BODY', value: '8BITMIME' },
          { keyword: 'SMTPUTF8', value: null },
        ],
        leniencies: [],
      },
    });
  });

  it('flags a space after the colon and a missing pair of angle brackets', () => {
    expect(parseCommand('MAIL FROM: <a@b.test>')).toMatchObject({ ok: true, command: { leniencies: ['space-after-colon'] } });
    expect(parseCommand('RCPT TO:a@b.test')).toMatchObject({ ok: true, command: { leniencies: ['no-angle-brackets'] } });
  });

  it('takes the null path only as a sender', () => {
    expect(parseCommand('MAIL FROM:<>')).toMatchObject({ ok: true, command: { mailbox: null } });
    expect(parseCommand('RCPT TO:<>')).toMatchObject({ ok: false, reply: 'R501_RCPT' });
  });

  it('accepts quoted local parts, address literals and UTF-8', () => {
    expect(parseCommand('RCPT TO:<"john doe"@[192.0.2.1]>')).toMatchObject({
      ok: true,
      command: { mailbox: { localPart: '"john doe"', domain: '[192.0.2.1]' } },
    });
    expect(parseCommand('RCPT TO:<x@[IPv6:2001:db8::1]>')).toMatchObject({ ok: true });
    expect(parseCommand('RCPT TO:<用户@例子.广告>')).toMatchObject({ ok: true, command: { mailbox: { utf8: true } } });
  });

  it('says which part of an address is wrong and why', () => {
    expect(parseCommand('MAIL FROM:<user@>')).toMatchObject({ ok: false, detail: "in the domain: expected a letter or digit, got '>'" });
    expect(parseCommand('MAIL FROM:<user@bad_domain.test>')).toMatchObject({
      ok: false,
      detail: "in the domain: '_' is not allowed; a domain has letters, digits, hyphens and dots",
    });
    expect(parseCommand('MAIL FROM:<user@a.test')).toMatchObject({ ok: false, detail: "after the address: expected '>', got end of line" });
    expect(parseCommand('MAIL FROM:<user>')).toMatchObject({ ok: false, detail: "after the local part \"user\": expected '@', got '>'" });
    expect(parseCommand('MAIL FROM <a@b.test>')).toMatchObject({ ok: false, detail: 'expected \':\' right after FROM, as in "MAIL FROM:<address>"' });
    expect(parseCommand('MAIL <a@b.test>')).toMatchObject({ ok: false, detail: 'expected "MAIL FROM:<address>"' });
    expect(parseCommand('RCPT TO <a@b.test>')).toMatchObject({ ok: false, detail: 'expected \':\' right after TO, as in "RCPT TO:<address>"' });
  });

  it('knows unknown from unimplemented', () => {
    expect(parseCommand('FOO')).toMatchObject({ ok: false, reply: 'R500_UNKNOWN' });
    expect(parseCommand('ATRN')).toMatchObject({ ok: false, reply: 'R502_UNIMPLEMENTED' });
    expect(parseCommand('ETRN  @server.thm ')).toEqual({ ok: true, command: { verb: 'ETRN', argument: '@server.thm' } });
    expect(parseCommand('BDAT 100 LAST')).toEqual({ ok: true, command: { verb: 'BDAT', size: 100, last: true } });
  });

  it('refuses a path over 256 octets', () => {
    expect(parseCommand(`MAIL FROM:<${'a'.repeat(60)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}>`)).toMatchObject({ ok: false });
  });

  it('measures a local part in UTF-8 octets (RFC 5321 4.5.3.1.1: 64), astral characters and lone surrogates too', () => {
    const octets = (s: string) => new TextEncoder().encode(s).length;
    const unit = fc.constantFrom('a', 'a', 'a', 'é', '€', '😀', '\ud800', '\udc00');
    const edges = [
      'a'.repeat(64),
      'a'.repeat(65),
      'é'.repeat(32),
      `a${'é'.repeat(32)}`,
      '😀'.repeat(16),
      `a${'😀'.repeat(16)}`,
      '\ud800'.repeat(21),
      '\ud800'.repeat(22),
      '\udc00'.repeat(22),
    ];
    fc.assert(
      fc.property(fc.oneof(fc.array(unit, { minLength: 1, maxLength: 70 }), fc.constantFrom(...edges.map((e) => [e]))), (units) => {
        const local = units.join('');
        const r = parseCommand(`MAIL FROM:<${local}@client.thm> SMTPUTF8`);
        expect(r.ok).toBe(octets(local) <= 64);
        if (!r.ok) expect(r.detail).toBe('the local part is longer than 64 octets');
      }),
      { numRuns: 1000 },
    );
  });

  it('takes atext and non-ASCII in a local part, letters, digits and inner hyphens in a domain, and nothing else', () => {
    const atext = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]$|^\P{ASCII}$/u;
    for (let code = 0; code < 0x100; code++) {
      const ch = String.fromCharCode(code);
      expect(parseCommand(`MAIL FROM:<a${ch}b@client.thm>`).ok, `local part with U+${code.toString(16)}`).toBe(atext.test(ch) || ch === '.');
      expect(parseCommand(`MAIL FROM:<ab@cl${ch}ent.thm>`).ok, `domain with U+${code.toString(16)}`).toBe(/^[A-Za-z0-9-]$|^\P{ASCII}$/u.test(ch) || ch === '.');
    }
  });

  it('never throws, whatever the line', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => void parseCommand(s)));
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }).map((s) => `MAIL FROM:${s}`),
        (s) => void parseCommand(s),
      ),
    );
  });
});
