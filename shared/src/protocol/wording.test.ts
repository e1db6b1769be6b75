import { describe, expect, it } from 'vitest';
import { identifyReply } from '../observe/explain.js';
import { wordingPattern } from './replies.js';

describe('wordingPattern', () => {
  it('matches placeholders to anything, literal parts in order', () => {
    const w = wordingPattern('<{address}> {rest}: malformed address: {rest} may not follow <{address}> ');
    expect(w?.pattern.test('<a@b.c> X=1: malformed address: X=1 may not follow <a@b.c> ')).toBe(true);
    expect(w?.pattern.test('<a@b.c> X=1: malformed address: X=1 may not precede <a@b.c> ')).toBe(false);
    expect(wordingPattern('{host} Hello {client}')?.pattern.test('mx.test Hello me')).toBe(true);
    expect(wordingPattern('OK')?.pattern.test('OK!')).toBe(false);
    expect(wordingPattern('{detail}')).toBeNull();
  });

  it('keeps linear on a long line that nearly fits Exim’s four-placeholder wording (a regular expression would not)', () => {
    // The observer identifies every reply line a server sends; a real server may send 64 KiB lines.
    // A backtracking match would run past the test's time limit here; the linear one answers at once.
    const text = `<${'"> x: malformed address: '.repeat(2500)}`;
    expect(identifyReply('VRFY', 501, text)).toBeNull(); // no wording fits, and no context names one
  });
});
