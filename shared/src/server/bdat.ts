/**
 * CHUNKING framing (RFC 3030): a letter sent as BDAT chunks, each exactly as many
 * octets as its command said, straight after the command line.
 *
 * Rules / how this works:
 * - Nothing in a chunk is special, unlike DATA: no dot-stuffing, no end marker. A chunk
 *   may hold "<CRLF>.<CRLF>", a line that looks like a command, or end in mid-line; the
 *   next chunk goes on where it stopped. Only the count says where a chunk ends.
 * - `begin(size)` starts a chunk; `read(bytes, start)` takes no more than what is left
 *   of it and returns where it stopped, so the caller reads commands again from there.
 * - The letter is kept across chunks in one buffer bounded by `maxSize`; an octet past
 *   the bound is not kept, and `overflowed` says so (the session answers 552, each
 *   personality at its own moment). A chunk that is refused is read and dropped by the
 *   caller, never given to this reader.
 * - Lines are followed across chunks for what the session checks as it does for DATA:
 *   the longest line (without its ending) and bare LFs.
 * - The size the servers report (`total`) is the letter with CRLF line ends: every
 *   bare LF counts one more octet, and a last line with no ending two more, since both
 *   Exim and Postfix end such a letter with a CRLF, and so does `result()`.
 */
import { ByteBuilder, concatBytes } from '../protocol/bytes.js';
import { parseHeaderField } from '../protocol/header-field.js';
import type { DataResult } from './data-reader.js';

const LF = 10;
const CR = 13;
const CRLF = new Uint8Array([CR, LF]);
const decoder = new TextDecoder();

/** What a finished letter sent in chunks holds, as the DATA reader reports it, and its sizes. */
export interface ChunkedLetter extends DataResult {
  /** Octets received in all its chunks. */
  received: number;
  /** Its size with CRLF line ends, as the servers report it. */
  total: number;
}

export class ChunkReader {
  /** Octets of the current chunk still to come. */
  left = 0;
  private readonly body: ByteBuilder;
  private received = 0;
  private bareLFs = 0;
  /** Octets of the current line so far, across chunks. */
  private lineLength = 0;
  private longestLine = 0;
  /** The last octet taken was CR: an LF starting the next read ends a CRLF. */
  private lastWasCR = false;

  constructor(maxSize: number) {
    this.body = new ByteBuilder(maxSize);
  }

  /** The letter went past `maxSize`: what came after is not kept. */
  get overflowed(): boolean {
    return this.body.overflowed;
  }

  /** Octets received so far, in every chunk. */
  get size(): number {
    return this.received;
  }

  /** Starts a chunk of `size` octets. */
  begin(size: number): void {
    this.left = size;
  }

  /** Takes the current chunk's octets from `bytes` at `start`; returns the index just past those it took. */
  read(bytes: Uint8Array, start: number): number {
    const end = Math.min(bytes.length, start + this.left);
    this.body.append(bytes, start, end);
    this.received += end - start;
    this.left -= end - start;
    for (let i = start; i < end; ) {
      const lf = bytes.indexOf(LF, i);
      if (lf === -1 || lf >= end) {
        this.lineLength += end - i;
        this.lastWasCR = bytes[end - 1] === CR;
        break;
      }
      const crBefore = lf > start ? bytes[lf - 1] === CR : this.lastWasCR;
      if (!crBefore) this.bareLFs++;
      this.lineLength += lf + 1 - i;
      this.longestLine = Math.max(this.longestLine, this.lineLength - (crBefore ? 2 : 1));
      this.lineLength = 0;
      this.lastWasCR = false;
      i = lf + 1;
    }
    return end;
  }

  /** The letter, ended with a CRLF if its last line had none. Valid until the reader is used again. */
  result(): ChunkedLetter {
    const unended = this.lineLength > 0;
    const kept = this.body.view();
    return {
      body: unended && !this.body.overflowed ? concatBytes([kept, CRLF]) : kept,
      tooBig: this.body.overflowed,
      longestLine: Math.max(this.longestLine, this.lineLength),
      bareLF: this.bareLFs > 0,
      received: this.received,
      total: this.received + this.bareLFs + (unended ? 2 : 0),
    };
  }
}

/** A BDAT command's argument: its chunk's size and whether it is the last. */
export interface BdatArgument {
  size: number;
  last: boolean;
}

/**
 * The argument read as Exim reads it (smtp_in.c: sscanf "%u %n", then strcmpic with
 * "LAST"): a number after any spaces, and LAST (any case) only if it is all that
 * follows: "BDAT 10 FOO" is a chunk of 10 that is not the last. Null when no number
 * comes first. (A sign is refused here; Exim's %u would read "-5" as 4294967291.)
 * @example parseBdatLoose(' 86 last') // { size: 86, last: true }
 */
export function parseBdatLoose(argument: string): BdatArgument | null {
  const m = /^\s*\+?(\d{1,15})\s*(.*)$/s.exec(argument.trimEnd());
  if (!m) return null;
  return { size: Number(m[1]), last: (m[2] as string).toUpperCase() === 'LAST' };
}

/**
 * The argument read as Postfix reads it (smtpd.c bdat_cmd): exactly a count of digits
 * and, after spaces, LAST (any case), or nothing; anything else is malformed.
 * @example parseBdatStrict('86  LAST') // { size: 86, last: true }
 */
export function parseBdatStrict(argument: string): BdatArgument | null {
  const words = argument.split(/\s+/).filter((w) => w !== '');
  const [count, last] = words;
  if (count === undefined || words.length > 2 || !/^\d{1,15}$/.test(count)) return null;
  if (last !== undefined && last.toUpperCase() !== 'LAST') return null;
  return { size: Number(count), last: last !== undefined };
}

/**
 * Whether the letter lacks the blank line between its headers and its body: it starts
 * with a line that is no header, or a header is followed by such a line. Exim adds that
 * blank line, and counts it in the total it reports for the last chunk.
 */
export function lacksHeaderSeparator(letter: Uint8Array): boolean {
  let start = 0;
  for (;;) {
    const lf = letter.indexOf(LF, start);
    const end = lf === -1 ? letter.length : lf;
    let line = decoder.decode(letter.subarray(start, end));
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') return false; // the blank line itself, or the end of a letter of headers only
    const continued = start > 0 && /^[ \t]/.test(line);
    if (!continued && !parseHeaderField(line)) return true;
    if (lf === -1) return false;
    start = lf + 1;
  }
}
