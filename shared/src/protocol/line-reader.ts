/**
 * Command-line framing, one small machine.
 *
 * How this works:
 * - A line ends at LF. If the byte before the LF is CR the line ended in CRLF (what
 *   RFC 5321 2.3.8 requires); otherwise it ended in a bare LF, which is what `nc` and
 *   a Unix terminal send. Both are accepted for commands (Exim and Postfix both do);
 *   the ending is reported so the observer can show it and DATA can pick its rules.
 * - A line longer than the limit (`maxLength` octets with its ending; RFC 5321 4.5.3.1.4 asks for 512) is not
 *   kept whole: its first `maxLength` octets are kept (to show), the rest counted and
 *   dropped until its LF arrives, and then it is reported once as `tooLong`, so the
 *   server answers exactly one error for it.
 * - What a longer line becomes depends on the server being imitated (`overflow`):
 *   'reject' reports it once as `tooLong` (above); 'truncate' hands on its first
 *   `maxLength` octets as the line and drops the rest (Postfix's line_length_limit);
 *   'split' hands on each `maxLength` octets as a `tooLong` piece as soon as they are
 *   in, and what follows the last piece is a line of its own (Exim's command buffer).
 * - Bytes of an unfinished line are kept between reads, bounded by the same limit.
 */
import { ByteBuilder } from './bytes.js';

export type LineEnding = 'crlf' | 'lf';

/**
 * What the reader found: a whole line (without its ending), or an over-long one.
 * `bytes` may be a view into the caller's chunk: read it before the next call.
 */
export type LineEvent =
  | { type: 'line'; bytes: Uint8Array; ending: LineEnding }
  /** `length`: octets on the wire, ending included; `head`: the first `maxLength` of them. */
  | { type: 'tooLong'; length: number; ending: LineEnding; head: Uint8Array };

const LF = 10;
const CR = 13;

export class LineReader {
  private readonly partial: ByteBuilder;
  /** Octets of the current line, counted even after we stopped keeping them. */
  private seen = 0;
  /** The last byte of the previous chunk was CR (its LF may start the next chunk). */
  private pendingCR = false;

  constructor(
    private readonly maxLength: number,
    private readonly overflow: 'reject' | 'truncate' | 'split' = 'reject',
  ) {
    this.partial = new ByteBuilder(maxLength);
  }

  /** The unfinished line so far (at most `maxLength` octets), or null when there is none. */
  pending(): Uint8Array | null {
    return this.seen > 0 ? this.partial.bytes() : null;
  }

  /** Octets of the unfinished line so far, counted past `maxLength` too. */
  pendingLength(): number {
    return this.seen;
  }

  /**
   * Reads one line from `chunk` at `start`. Returns the event and the index just past
   * the LF, or null when the chunk ended first (its bytes are kept for the next call).
   */
  read(chunk: Uint8Array, start: number): { event: LineEvent; next: number } | null {
    const lf = chunk.indexOf(LF, start);
    if (lf !== -1 && this.seen === 0 && lf + 1 - start <= this.maxLength) {
      // The common case: a whole line inside one chunk. Hand out a view, no copy.
      const crlf = lf > start && chunk[lf - 1] === CR;
      return { event: { type: 'line', bytes: chunk.subarray(start, crlf ? lf - 1 : lf), ending: crlf ? 'crlf' : 'lf' }, next: lf + 1 };
    }
    const end = lf === -1 ? chunk.length : lf;
    if (this.overflow === 'split' && this.seen + (end - start) >= this.maxLength && !(lf !== -1 && this.seen + (lf + 1 - start) <= this.maxLength)) {
      // A whole buffer without its LF: hand it on as a piece, and go on from there.
      const take = this.maxLength - this.seen;
      this.partial.append(chunk, start, start + take);
      const head = this.partial.bytes();
      this.partial.clear();
      this.seen = 0;
      this.pendingCR = false;
      return { event: { type: 'tooLong', length: this.maxLength, ending: 'lf', head }, next: start + take };
    }
    this.partial.append(chunk, start, Math.min(end, start + Math.max(0, this.maxLength - this.seen)));
    this.seen += end - start;
    if (lf === -1) {
      if (end > start) this.pendingCR = chunk[end - 1] === CR;
      return null;
    }
    const crlf = lf > start ? chunk[lf - 1] === CR : this.pendingCR;
    const ending: LineEnding = crlf ? 'crlf' : 'lf';
    const total = this.seen + 1; // the LF itself counts toward the limit
    let event: LineEvent;
    if (total > this.maxLength && this.overflow === 'truncate') {
      // A CRLF that straddles the bound still ends the line (Postfix's smtp_get): no CR is kept.
      const head = this.partial.bytes();
      event = { type: 'line', bytes: head[head.length - 1] === CR ? head.subarray(0, head.length - 1) : head, ending };
    } else if (total > this.maxLength) {
      event = { type: 'tooLong', length: total, ending, head: this.partial.bytes() };
    } else {
      const bytes = this.partial.bytes();
      event = { type: 'line', bytes: crlf ? bytes.subarray(0, bytes.length - 1) : bytes, ending };
    }
    this.partial.clear();
    this.seen = 0;
    this.pendingCR = false;
    return { event, next: lf + 1 };
  }

  /** Forgets any partial line (after STARTTLS, plaintext must not leak into TLS). */
  reset(): void {
    this.partial.clear();
    this.seen = 0;
    this.pendingCR = false;
  }
}
