import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText } from './bytes.js';
import { HEADER_BLOCK_LIMIT, headerBlock, readHeaderFields } from './header-block.js';
import { parseHeaderField } from './header-field.js';

const bytes = (s: string) => encodeText(s);

describe('headerBlock', () => {
  it('ends at the first empty line, with CRLF or bare LF endings', () => {
    expect(headerBlock(bytes('Subject: hi\r\nFrom: a@b\r\n\r\nbody\r\n\r\nmore'))).toEqual({ length: 24, complete: true });
    expect(headerBlock(bytes('Subject: hi\nFrom: a@b\n\nbody'))).toEqual({ length: 22, complete: true });
    expect(headerBlock(bytes('Subject: hi\n\r\nbody'))).toEqual({ length: 12, complete: true });
  });

  it('is empty for a message that starts with its body', () => {
    expect(headerBlock(bytes('\r\nbody'))).toEqual({ length: 0, complete: true });
    expect(headerBlock(bytes('\nbody'))).toEqual({ length: 0, complete: true });
    expect(headerBlock(new Uint8Array(0))).toEqual({ length: 0, complete: true });
  });

  it('takes all of a short message with no empty line (headers only)', () => {
    expect(headerBlock(bytes('Subject: hi\r\nFrom: a@b'))).toEqual({ length: 22, complete: true });
  });

  it('looks at no more than the limit, cut at the last whole line', () => {
    const long = bytes(`Subject: hi\r\nX-Long: ${'x'.repeat(200)}\r\n\r\nbody`);
    expect(headerBlock(long, 100)).toEqual({ length: 13, complete: false });
    // A "first line" of megabytes with no line ending at all: nothing is a whole line.
    expect(headerBlock(new Uint8Array(5_000_000).fill(65), 1000)).toEqual({ length: 0, complete: false });
    expect(HEADER_BLOCK_LIMIT).toBe(102_400);
  });

  it('finds the same block whatever the body holds, and never more than the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z-]{1,10}: [ -~]{0,40}$/), { maxLength: 8 }), fc.uint8Array({ maxLength: 300 }), (fields, body) => {
        const head = fields.map((f) => `${f}\r\n`).join('');
        const raw = new Uint8Array([...bytes(`${head}\r\n`), ...body]);
        expect(headerBlock(raw)).toEqual({ length: bytes(head).length, complete: true });
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.nat(400), (raw, limit) => {
        const b = headerBlock(raw, limit);
        expect(b.length).toBeLessThanOrEqual(Math.min(raw.length, limit));
      }),
    );
  });
});

describe('readHeaderFields', () => {
  it('reads the first of each field asked for, unfolded, whatever its case, and nothing from the body', () => {
    const raw = bytes('Return-Path: <a@b>\r\nsubject: Hello\r\n  world\r\nTO: bob@c,\r\n\tcarol@c\r\nSubject: second\r\n\r\nFrom: body@x\r\n');
    expect(readHeaderFields(raw, ['Subject', 'to', 'from'])).toEqual({ subject: 'Hello  world', to: 'bob@c,\tcarol@c' });
  });

  it('skips lines that are no field, and takes "__proto__" or "constructor" as plain names', () => {
    const raw = bytes('not a field\r\n__proto__: x\r\nconstructor: y\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\n');
    const fields = readHeaderFields(raw, ['date', '__proto__', 'constructor']);
    expect(fields.date).toBe('Mon, 1 Jan 2024 00:00:00 +0000');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.hasOwn(fields, 'constructor')).toBe(true);
  });

  it('reads what splitting the block into lines, unfolding them and parsing each would', () => {
    // The plain reading of RFC 5322 2.2, as slow as it is clear: the reference.
    const reference = (raw: Uint8Array, names: string[]) => {
      const wanted = new Set(names.map((n) => n.toLowerCase()));
      const lines: string[] = [];
      for (const line of decodeText(raw.subarray(0, headerBlock(raw).length)).split(/\r?\n/)) {
        if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += line;
        else lines.push(line);
      }
      const found: Record<string, string> = {};
      for (const line of lines) {
        const field = parseHeaderField(line);
        const name = field?.name.toLowerCase();
        if (field && name !== undefined && wanted.has(name) && !Object.hasOwn(found, name)) found[name] = field.value;
      }
      return found;
    };
    const text = fc.array(fc.constantFrom(' ', '\t', 'a', 'é', ':', '=?', '\r'), { maxLength: 6 }).map((p) => p.join(''));
    const line = fc.oneof(
      fc
        .tuple(fc.constantFrom('Subject', 'subject', 'To', 'TO', 'From', 'Date', 'X-Sub', 'Subj ect', ''), fc.constantFrom(':', ': ', ' :'), text)
        .map((p) => p.join('')),
      fc.tuple(fc.constantFrom(' ', '\t'), text).map((p) => p.join('')),
      text,
    );
    const message = fc
      .tuple(fc.array(fc.tuple(line, fc.constantFrom('\r\n', '\n')), { maxLength: 12 }), fc.constantFrom('', '\r\n', '\n'), fc.array(line, { maxLength: 3 }))
      .map(([head, blank, body]) => `${head.map((l) => l.join('')).join('')}${blank}${body.join('\r\n')}`);
    const names = fc.subarray(['subject', 'To', 'from', 'date', 'x-sub']);
    fc.assert(
      fc.property(message, names, (m, wanted) => {
        const raw = bytes(m);
        expect(readHeaderFields(raw, wanted)).toEqual(reference(raw, wanted));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (raw) => {
        readHeaderFields(raw, ['subject', 'from']);
      }),
    );
  });
});
