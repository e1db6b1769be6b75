import { describe, expect, it } from 'vitest';
import { dovecot } from './personalities/dovecot.js';
import { POP3_REPLIES, type Pop3ReplyKey, renderPop3Reply } from './replies.js';

describe('POP3_REPLIES', () => {
  it('has keys that say what each reply is: OK_ for +OK, ERR_ for -ERR, CONTINUE_ for "+ "', () => {
    const prefix = { '+OK': 'OK_', '-ERR': 'ERR_', '+': 'CONTINUE_' } as const;
    for (const [key, entry] of Object.entries(POP3_REPLIES)) expect(key.startsWith(prefix[entry.status]), key).toBe(true);
  });

  it('explains every reply and cites where it comes from', () => {
    for (const [key, entry] of Object.entries(POP3_REPLIES)) {
      expect(entry.explain.length, key).toBeGreaterThan(15);
      expect(entry.rfc, key).toMatch(/^RFC \d+/);
    }
  });

  it('has a Dovecot text for every reply, with no placeholder the session does not fill', () => {
    const filled = new Set(['n', 'size', 'count', 'uid', 'arg', 'verb']);
    for (const key of Object.keys(POP3_REPLIES) as Pop3ReplyKey[]) {
      const text = dovecot.replies[key];
      expect(text, key).toBeDefined();
      for (const m of `${text} ${POP3_REPLIES[key].text}`.matchAll(/\{(\w+)\}/g)) expect(filled.has(m[1] as string), `${key}: ${m[0]}`).toBe(true);
    }
  });

  it('renders a status line as Dovecot sends it', () => {
    expect(renderPop3Reply('OK_NOOP', dovecot.replies)).toBe('+OK');
    expect(renderPop3Reply('CONTINUE_AUTH', dovecot.replies)).toBe('+ ');
    expect(renderPop3Reply('ERR_NO_MESSAGE', dovecot.replies, { n: 3 })).toBe("-ERR There's no message 3.");
    expect(renderPop3Reply('ERR_UNKNOWN', dovecot.replies, { verb: 'X\r\nY' })).toBe('-ERR Unknown command: X??Y');
    expect(renderPop3Reply('OK_STAT', null, { count: 2, size: 320 })).toBe('+OK 2 320');
  });
});
