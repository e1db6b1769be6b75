/**
 * A letter's header block (RFC 5322 2.1: header fields, then an empty line, then the
 * body), read without touching the body: what a mailbox listing needs.
 *
 * Rules / how this works:
 * - The block ends at the first empty line. A line ends at LF, with or without a CR
 *   before it: a session that spoke bare LF stored its letter with CRLF, but a
 *   Maildir file dropped in by hand may use LF alone.
 * - At most `limit` bytes are looked at, whatever the message's size: a letter with no
 *   empty line (or a first "line" of 50 MB) costs `limit`, never more. A block longer
 *   than that is cut at the last whole line that fits, and says it is incomplete.
 * - Field lines are unfolded (RFC 5322 2.2.3: a line starting with a space or tab
 *   continues the one before) and read with parseHeaderField; a line that is no field
 *   is skipped. Values are returned as written: decoding RFC 2047 encoded-words is
 *   the caller's (a library's) job.
 */
import { decodeText } from './bytes.js';
import { parseHeaderField } from './header-field.js';

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * The most header bytes a summary reads: Postfix's `header_size_limit` default
 * (102400), the most of a header block a real server keeps.
 */
export const HEADER_BLOCK_LIMIT = 102_400;

export interface HeaderBlock {
  /** Bytes of `raw` that are header lines, each with its line ending; the empty line is not counted. */
  length: number;
  /** The empty line that ends the block was found within the limit. */
  complete: boolean;
}

/**
 * Where the header block of `raw` ends, looking at no more than `limit` bytes.
 *
 * @example
 * headerBlock(encodeText('Subject: hi\r\n\r\nbody')) // { length: 13, complete: true }
 */
export function headerBlock(raw: Uint8Array, limit = HEADER_BLOCK_LIMIT): HeaderBlock {
  // A view, so indexOf never runs past the limit in a message with no line ending.
  const head = raw.subarray(0, limit);
  if (isEmptyLineAt(head, 0)) return { length: 0, complete: true };
  let lastLineEnd = 0;
  for (let lf = head.indexOf(LF); lf !== -1; lf = head.indexOf(LF, lf + 1)) {
    lastLineEnd = lf + 1;
    if (isEmptyLineAt(head, lastLineEnd)) return { length: lastLineEnd, complete: true };
  }
  // No empty line within the limit: the whole lines that fit, or all of a message
  // shorter than the limit (a letter of headers only, with no final line ending).
  return raw.length <= limit ? { length: raw.length, complete: true } : { length: lastLineEnd, complete: false };
}

/** An empty line starts at `i`: LF, or CR LF. */
function isEmptyLineAt(b: Uint8Array, i: number): boolean {
  return b[i] === LF || (b[i] === CR && b[i + 1] === LF);
}

/** The names a caller asked for last, lower-cased, and their lengths: a mailbox asks for the same four every time. */
let lastWanted: { key: string; wanted: Set<string>; lengths: Set<number> } | null = null;

function wantedFields(names: readonly string[]): { wanted: Set<string>; lengths: Set<number> } {
  const key = names.join('\n');
  if (lastWanted?.key !== key) {
    const wanted = new Set(names.map((n) => n.toLowerCase()));
    lastWanted = { key, wanted, lengths: new Set([...wanted].map((n) => n.length)) };
  }
  return lastWanted;
}

/**
 * The values of the fields named in `names` (matched without regard to case), the
 * first of each, unfolded and trimmed, as written; a field the block lacks is absent.
 * Reads only the header block, within `limit`.
 *
 * @example
 * readHeaderFields(encodeText('Subject: a\r\n b\r\n\r\nSubject: body'), ['subject']) // { subject: 'a b' }
 */
export function readHeaderFields(raw: Uint8Array, names: readonly string[], limit = HEADER_BLOCK_LIMIT): Partial<Record<string, string>> {
  const { wanted, lengths } = wantedFields(names);
  const found: Partial<Record<string, string>> = {};
  const block = decodeText(raw.subarray(0, headerBlock(raw, limit).length));
  // Line by line (LF, or CR LF), and only a wanted field is copied out and unfolded: a
  // line starting with white space belongs to the field above it. Every other line
  // costs a look for its colon.
  let field: string | null = null; // the wanted field being read, unfolded so far
  let name = '';
  const take = () => {
    const parsed = field === null ? null : parseHeaderField(field);
    if (parsed && !Object.hasOwn(found, name)) found[name] = parsed.value;
    field = null;
  };
  for (let start = 0; start <= block.length; ) {
    const lf = block.indexOf('\n', start);
    const next = lf === -1 ? block.length : lf;
    const end = next > start && block.charCodeAt(next - 1) === CR ? next - 1 : next;
    const first = block.charCodeAt(start);
    if ((first === SPACE || first === TAB) && start > 0) {
      if (field !== null) field += block.slice(start, end);
    } else {
      take();
      const colon = block.indexOf(':', start);
      if (colon > start && colon < end && lengths.has(colon - start)) {
        const n = block.slice(start, colon).toLowerCase();
        if (wanted.has(n) && !Object.hasOwn(found, n)) {
          field = block.slice(start, end);
          name = n;
        }
      }
    }
    start = next + 1;
  }
  take();
  return found;
}
