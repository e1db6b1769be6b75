import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64.js';

describe('encodeBase64', () => {
  it('writes what Node’s Buffer writes, and decodeBase64 reads it back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it('encodes an AUTH PLAIN answer (RFC 4616: NUL, user, NUL, password)', () => {
    expect(encodeBase64(new TextEncoder().encode('\0learner\0sandbox'))).toBe('AGxlYXJuZXIAc2FuZGJveA==');
  });
});
