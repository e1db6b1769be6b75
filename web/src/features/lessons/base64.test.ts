import { decodeText, encodeText, exim, Mailbox, Session } from '@smtp-playground/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Text, encodeBase64Text } from './base64';

/** Whether the in-tab sandbox takes `answer` as the user name AUTH LOGIN asks for (334), or refuses it as not base64 (501). */
function serverTakes(answer: string): boolean {
  // The unsafe lab setting: AUTH in plain text, so the test needs no TLS.
  const session = new Session({ mailbox: new Mailbox(), clock: () => 0, random: () => 0.5, personality: exim, policy: { plaintextAuth: true } });
  session.start();
  session.receive(encodeText('EHLO client.thm\r\n'));
  expect(decodeText(session.receive(encodeText('AUTH LOGIN\r\n')).output)).toMatch(/^334 /);
  const reply = decodeText(session.receive(encodeText(`${answer}\r\n`)).output);
  expect(reply).toMatch(/^(334|501) /);
  return reply.startsWith('334 ');
}

describe('base64 helper', () => {
  it('encodes \\0 as a NUL byte, for AUTH PLAIN', () => {
    expect(encodeBase64Text('\\0learner\\0sandbox')).toBe('AGxlYXJuZXIAc2FuZGJveA==');
  });

  it('decodes what a server asks in AUTH LOGIN', () => {
    expect(decodeBase64Text('VXNlcm5hbWU6')).toEqual({ ok: true, text: 'Username:' });
    expect(decodeBase64Text('AGxlYXJuZXIAc2FuZGJveA==')).toEqual({ ok: true, text: '\\0learner\\0sandbox' });
  });

  it('decodes a whole reply line pasted in, code and all', () => {
    expect(decodeBase64Text('334 VXNlcm5hbWU6')).toEqual({ ok: true, text: 'Username:' });
    expect(decodeBase64Text('  334 UGFzc3dvcmQ6\r\n')).toEqual({ ok: true, text: 'Password:' });
    expect(decodeBase64Text('334-VXNlcm5hbWU6')).toEqual({ ok: true, text: 'Username:' });
  });

  it('round-trips UTF-8', () => {
    expect(decodeBase64Text(encodeBase64Text('josé ✉'))).toEqual({ ok: true, text: 'josé ✉' });
  });

  it('shows the newline echo adds', () => {
    expect(encodeBase64Text('learner\n')).toBe('bGVhcm5lcgo=');
    expect(encodeBase64Text('learner')).toBe('bGVhcm5lcg==');
  });

  it('says when the input is not base64', () => {
    expect(decodeBase64Text('not base64!').ok).toBe(false);
  });

  it('refuses what the server refuses with 501, though a lenient decoder would take it', () => {
    for (const answer of ['bGVhcm5lcg', 'bGVhcm5lcg=', 'bGVh cm5lcg==', 'bGVhcm5lcg==bGVh', '=bGVhcm5lcg']) {
      expect(serverTakes(answer), answer).toBe(false);
      expect(decodeBase64Text(answer), answer).toMatchObject({ ok: false });
    }
    expect(serverTakes('bGVhcm5lcg==')).toBe(true);
    expect(decodeBase64Text('bGVhcm5lcg==')).toEqual({ ok: true, text: 'learner' });
  });

  it('decodes exactly what the server decodes, for any text in the base64 alphabet', () => {
    // Not a helper input: one it would trim, or read as a reply line (a bare "532" is one); nor "=", SASL’s empty answer rather than base64.
    const answer = fc
      .string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= '), maxLength: 12 })
      .filter((a) => a === a.trim() && a !== '=' && !/^\d{3}([ -]|$)/.test(a));
    fc.assert(fc.property(answer, (a) => decodeBase64Text(a).ok === serverTakes(a)));
  });
});
