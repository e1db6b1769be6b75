import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { explainEnhancedCode } from './enhanced-codes.js';
import { fillText, REPLIES, type ReplyKey } from './replies.js';

describe('reply catalogue', () => {
  it('has keys whose digits match the code', () => {
    for (const [key, entry] of Object.entries(REPLIES)) expect(key.slice(1, 4), key).toBe(String(entry.code));
  });
  it('has enhanced codes of the same class as the code, and none on 1xx/3xx or the greeting', () => {
    for (const [key, entry] of Object.entries(REPLIES)) {
      if (entry.enhanced) expect(entry.enhanced[0], key).toBe(String(entry.code)[0]);
      if (entry.code >= 300 && entry.code < 400) expect(entry.enhanced, key).toBeNull();
    }
    expect(REPLIES.R220_GREETING.enhanced).toBeNull();
  });
  it('explains every entry and cites an RFC', () => {
    for (const [key, entry] of Object.entries(REPLIES)) {
      expect(entry.explain.length, key).toBeGreaterThan(10);
      expect(entry.rfc, key).toMatch(/^RFC \d+/);
    }
  });
  it('lets personalities change texts, and codes only within the same class', () => {
    for (const p of [exim, postfix]) {
      for (const [key, o] of Object.entries(p.replies)) {
        expect(REPLIES, `${p.id} ${key}`).toHaveProperty(key);
        if (typeof o === 'object') expect(String(o.code)[0], `${p.id} ${key}`).toBe(String(REPLIES[key as ReplyKey].code)[0]);
      }
    }
  });
});

describe('enhanced status codes', () => {
  it('explains every enhanced code the sandbox can send', () => {
    const sent = new Set<string>();
    for (const e of Object.values(REPLIES)) if (e.enhanced) sent.add(e.enhanced);
    for (const p of [exim, postfix]) for (const o of Object.values(p.replies)) if (typeof o === 'object' && o.enhanced) sent.add(o.enhanced);
    for (const code of sent) expect(explainEnhancedCode(code)?.detail, code).toBeTruthy();
  });
  it('explains class and subject of codes it has no detail for', () => {
    expect(explainEnhancedCode('4.3.99')).toMatchObject({
      class: expect.stringMatching(/^Persistent transient/),
      subject: 'Mail system: about the receiving system',
      detail: null,
    });
    expect(explainEnhancedCode('2.1')).toBeNull();
  });
});

describe('fillText', () => {
  it('fills known placeholders, keeps unknown ones visible, and shows CR, LF and NUL in a value as "?"', () => {
    // The plain reading, one regular expression over the whole text: the reference.
    const reference = (text: string, vars: Record<string, string | number>) =>
      text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]).replace(/[\r\n\0]/g, '?') : whole));
    const name = fc.constantFrom('id', 'address', 'host', 'x_1', 'constructor', '');
    const piece = fc.oneof(
      fc.constantFrom('OK ', '{', '}', '{{', '\n', 'é', ' id='),
      name.map((n) => `{${n}}`),
    );
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a\r\nb', '\0', 'x\ny'), fc.integer());
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), fc.dictionary(name, value, { maxKeys: 4 }), (pieces, vars) => {
        const text = pieces.join('');
        // Twice: the second time the text's split is remembered.
        expect(fillText(text, vars)).toBe(reference(text, vars));
        expect(fillText(text, vars)).toBe(reference(text, vars));
      }),
      { numRuns: 2000 },
    );
  });
});
