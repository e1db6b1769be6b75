import { describe, expect, it } from 'vitest';
import { type LineEvent, LineReader } from './line-reader.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function readAll(chunks: Uint8Array[], max = 512): string[] {
  const reader = new LineReader(max);
  const out: string[] = [];
  const show = (e: LineEvent) => (e.type === 'line' ? `${dec.decode(e.bytes)}|${e.ending}` : `tooLong ${e.length}|${e.ending}`);
  for (const c of chunks) {
    let i = 0;
    for (let r = reader.read(c, i); r; r = reader.read(c, i)) {
      out.push(show(r.event));
      i = r.next;
      if (i >= c.length) break;
    }
  }
  return out;
}

describe('LineReader', () => {
  const input = enc.encode(`HELO a\r\nNOOP\nMAIL FROM:<x@y>\r\n${'z'.repeat(600)}\r\nQUIT\r\n`);
  const expected = ['HELO a|crlf', 'NOOP|lf', 'MAIL FROM:<x@y>|crlf', 'tooLong 602|crlf', 'QUIT|crlf'];

  it('reads CRLF and bare-LF lines and reports an over-long one once', () => {
    expect(readAll([input])).toEqual(expected);
  });

  it('reads the same lines split at every offset', () => {
    for (let at = 0; at <= input.length; at++) {
      expect(readAll([input.subarray(0, at), input.subarray(at)]), `split at ${at}`).toEqual(expected);
    }
  });

  it('reads the same lines byte by byte', () => {
    expect(readAll([...input].map((b) => new Uint8Array([b])))).toEqual(expected);
  });

  it('counts the CRLF toward the limit (512 octets in all)', () => {
    expect(readAll([enc.encode(`${'a'.repeat(510)}\r\n${'b'.repeat(511)}\r\n`)])).toEqual([`${'a'.repeat(510)}|crlf`, 'tooLong 513|crlf']);
  });
});
