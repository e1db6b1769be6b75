/**
 * DATA framing: finds the end of the message and undoes dot-stuffing (RFC 5321 4.5.2).
 *
 * Rules / how this works:
 * - The message ends at a line holding only ".". In a CRLF session that means exactly
 *   <CRLF>.<CRLF>: a bare LF never starts a line, so "<LF>.<CR><LF>", "<CR><LF>.<LF>"
 *   and "<LF>.<LF>" are message text, not an ending. Servers that treated them as an
 *   ending let one message smuggle a second (SMTP smuggling, CVE-2023-51764/5/6); here
 *   the smuggled "commands" simply stay inside the first message.
 * - In 'lf' mode LF ends a line, "." on a line of its own ends the message, and stored
 *   lines are given a CRLF ending. The session picks it for a DATA command that itself
 *   ended in a bare LF (a person with `nc` or a terminal: no mail server sends bare LF
 *   commands), and always for a server that reads lines that way (Postfix before 3.9,
 *   which so lets a message be smuggled: Personality's letterEnd).
 * - A line starting with "." loses that dot (the sender doubled it).
 * - At most `maxSize` octets are kept; beyond that the bytes are read and dropped so the
 *   session can answer 552 once the end arrives. The longest line is measured (without
 *   its ending), for a server that refuses long lines (Debian's Exim, over 998).
 *
 * The scan jumps from LF to LF with indexOf and copies whole runs into one buffer
 * bounded by maxSize. (Keeping views of the caller's chunks instead would save a copy,
 * but a view per short line costs far more than the line: a flood of empty lines
 * would cost gigabytes.) The session lends the same buffer to each of its letters, so
 * it is grown once, not for every letter.
 */
import { ByteBuilder } from '../protocol/bytes.js';
import type { LineEnding } from '../protocol/line-reader.js';

type State =
  /** At the start of a line: a "." here is special. */
  | 'lineStart'
  /** Read a "." at the start of a line; the next byte decides. */
  | 'dot'
  /** Read "." then CR at the start of a line; an LF now ends the message. */
  | 'dotCR'
  /** Inside a line. */
  | 'text';

const LF = 10;
const CR = 13;
const DOT = 46;
const CRLF = new Uint8Array([CR, LF]);
const JUST_CR = new Uint8Array([CR]);

export interface DataResult {
  /** The message, unstuffed, without the final ".". Valid until the reader is used again. */
  body: Uint8Array;
  tooBig: boolean;
  /** Octets in the longest line, its ending not counted (a bare LF ends a line here too). */
  longestLine: number;
  /** A bare LF appeared inside the text of a CRLF session (kept as text). */
  bareLF: boolean;
}

export class DataReader {
  private state: State = 'lineStart';
  private readonly body: ByteBuilder;
  private lineLength = 0;
  private longestLine = 0;
  private bareLF = false;
  /** The last byte handled in 'text', for a CR that ended the previous chunk. */
  private lastWasCR = false;

  constructor(
    /** How the DATA command ended; decides whether a bare LF ends a line. */
    private readonly mode: LineEnding,
    maxSize: number,
    /** Where the letter goes: an empty builder bounded by `maxSize`, perhaps lent by the session (its buffer kept between letters). */
    body: ByteBuilder = new ByteBuilder(maxSize),
  ) {
    this.body = body;
  }

  /**
   * Reads message bytes from `chunk` at `start`. Returns the index just past the final
   * "." line when the message ended in this chunk, or -1 when it needs more bytes.
   */
  read(chunk: Uint8Array, start: number): number {
    let i = start;
    while (i < chunk.length) {
      switch (this.state) {
        case 'lineStart': {
          if (chunk[i] === DOT) {
            this.state = 'dot';
            i++;
          } else {
            this.state = 'text';
          }
          break;
        }
        case 'dot': {
          const b = chunk[i];
          if (b === CR) {
            this.state = 'dotCR';
            i++;
          } else if (b === LF && this.mode === 'lf') {
            return i + 1; // ".<LF>" ends the message only for a bare-LF client
          } else {
            this.state = 'text'; // the stuffed dot is dropped, and not counted in the line's length (as Exim)
            this.lineLength = 0;
          }
          break;
        }
        case 'dotCR': {
          if (chunk[i] === LF) return i + 1; // ".<CR><LF>": the end
          // ".<CR>x": a line with more than the dot, so the dot was stuffing.
          this.body.append(JUST_CR, 0, 1);
          this.lineLength = 2;
          this.lastWasCR = true;
          this.state = 'text';
          break;
        }
        case 'text':
          i = this.text(chunk, i);
          break;
      }
    }
    return -1;
  }

  /**
   * Inside a line: scans from LF to LF without copying, and copies the whole run once,
   * stopping only where the next line starts with "." (which needs lineStart) or where
   * a bare-LF client's line needs its CRLF. Returns where to go on.
   */
  private text(chunk: Uint8Array, from: number): number {
    let runStart = from;
    let i = from;
    for (;;) {
      const lf = chunk.indexOf(LF, i);
      if (lf === -1) {
        this.body.append(chunk, runStart, chunk.length);
        this.lineLength += chunk.length - i;
        this.lastWasCR = chunk[chunk.length - 1] === CR;
        return chunk.length;
      }
      const crBefore = lf > runStart ? chunk[lf - 1] === CR : this.lastWasCR;
      this.lineLength += lf + 1 - i;
      i = lf + 1;
      this.lastWasCR = false;
      if (!crBefore && this.mode === 'crlf') {
        // Not a line end for finding the final dot (smuggling), but it is one for the
        // length limit: a letter written with bare LFs is not one endless line.
        this.bareLF = true;
        this.lineEnded(1);
        continue;
      }
      if (!crBefore) {
        this.body.append(chunk, runStart, lf);
        this.body.append(CRLF, 0, 2); // a bare-LF client's line, stored as CRLF
        runStart = i;
      }
      this.lineEnded(crBefore ? 2 : 1);
      if (i === chunk.length || chunk[i] === DOT) {
        this.body.append(chunk, runStart, i);
        this.state = 'lineStart';
        return i;
      }
    }
  }

  /** A line ended with `ending` octets of CR and LF, which its length had counted. */
  private lineEnded(ending: number): void {
    this.longestLine = Math.max(this.longestLine, this.lineLength - ending);
    this.lineLength = 0;
  }

  result(): DataResult {
    return {
      body: this.body.view(),
      tooBig: this.body.overflowed,
      longestLine: Math.max(this.longestLine, this.lineLength),
      bareLF: this.bareLF,
    };
  }
}
