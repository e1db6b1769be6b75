import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBuilder, concatBytes, encodeText, textThenBytes } from './bytes.js';

const utf8 = new TextEncoder();

describe('encodeText', () => {
  it('gives what TextEncoder gives, for any string, short or long, ASCII or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 700 }), fc.string({ unit: 'grapheme', maxLength: 600 })),
        (s) => {
          expect(encodeText(s)).toEqual(utf8.encode(s));
        },
      ),
    );
  });

  it('encodes lone surrogates as U+FFFD, as TextEncoder does', () => {
    expect(encodeText('a\ud800b')).toEqual(Uint8Array.of(0x61, 0xef, 0xbf, 0xbd, 0x62));
  });
});

describe('textThenBytes', () => {
  it('is the text’s UTF-8 followed by the bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.uint8Array({ maxLength: 80 }), (text, bytes) => {
        expect(textThenBytes(text, bytes)).toEqual(concatBytes([utf8.encode(text), bytes]));
      }),
    );
  });
});

describe('ByteBuilder', () => {
  it('keeps its buffer when cleared, up to the size asked, and lets a larger one go', () => {
    const b = new ByteBuilder(1 << 20);
    b.append(new Uint8Array(1000).fill(7));
    const first = b.view();
    b.clear(4096);
    b.append(Uint8Array.of(1, 2, 3));
    expect(b.view()).toEqual(Uint8Array.of(1, 2, 3));
    expect(b.view().buffer).toBe(first.buffer); // the same memory, reused
    b.append(new Uint8Array(10_000));
    const big = b.view().buffer;
    b.clear(4096);
    b.append(Uint8Array.of(9));
    expect(b.view().buffer).not.toBe(big);
    expect(b.view()).toEqual(Uint8Array.of(9));
  });
});
