import fc from 'fast-check';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream.js';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText } from './bytes.js';
import { crlfLines, dotStuff, dotStuffBytes } from './dot-stuffing.js';

/** nodemailer's own dot-stuffer (its SMTP client's DataStream), fed `chunks`: the judge. */
async function nodemailerStuffs(chunks: readonly Uint8Array[]): Promise<Uint8Array> {
  const stream = new DataStream();
  const out: Buffer[] = [];
  stream.on('data', (b: Buffer) => out.push(b));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const c of chunks) stream.write(Buffer.from(c));
  stream.end();
  await ended;
  return new Uint8Array(Buffer.concat(out));
}

/** Letters made of the bytes that matter here: dots, CRs, LFs, and a letter or two. */
const letterBytes = fc.array(fc.constantFrom(0x2e, 0x0d, 0x0a, 0x61, 0xe9), { minLength: 1, maxLength: 60 }).map((b) => Uint8Array.from(b));

describe('dotStuffBytes', () => {
  it('stuffs and ends a letter exactly as nodemailer’s DataStream does, bare CR and LF made CRLF', async () => {
    await fc.assert(
      fc.asyncProperty(letterBytes, fc.integer({ min: 1, max: 7 }), async (letter, cut) => {
        const chunks: Uint8Array[] = [];
        for (let at = 0; at < letter.length; at += cut) chunks.push(letter.subarray(at, at + cut));
        expect(dotStuffBytes(letter)).toEqual(await nodemailerStuffs(chunks));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with dotStuff on text with CRLF lines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', '.', '..', '.x', 'x.', 'a b'), { minLength: 1 }), (lines) => {
        const body = `${lines.join('\r\n')}\r\n`;
        expect(decodeText(dotStuffBytes(encodeText(body)))).toBe(dotStuff(body));
      }),
    );
  });

  it('ends an empty letter with the dot alone (nodemailer sends an empty line first)', () => {
    expect(decodeText(dotStuffBytes(new Uint8Array(0)))).toBe('.\r\n');
  });

  it('keeps 8-bit bytes as they are', () => {
    expect(dotStuffBytes(Uint8Array.of(0xff, 0x0a, 0x2e, 0x80))).toEqual(Uint8Array.of(0xff, 0x0d, 0x0a, 0x2e, 0x2e, 0x80, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a));
  });
});

describe('crlfLines', () => {
  it('gives the size RFC 1870 counts: CRLF lines, no stuffing, no final dot', () => {
    expect(decodeText(crlfLines(encodeText('a\nb\rc\r\n.d')))).toBe('a\r\nb\r\nc\r\n.d\r\n');
    expect(crlfLines(new Uint8Array(0))).toHaveLength(0);
  });
});
