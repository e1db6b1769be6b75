/**
 * The MIME structure of a message: which parts it has, how they nest, their types,
 * transfer encodings and sizes. What the mailbox shows beside the raw source, and
 * what lesson 20's goals read. Only header blocks are read; no body is decoded.
 *
 * Rules / how this works:
 * - A part (the message itself first) is a header block, an empty line, and a body
 *   (RFC 5322 2.1). Its Content-Type defaults to text/plain, its
 *   Content-Transfer-Encoding to 7bit (RFC 2045 5.2, 6.1).
 * - A multipart body is cut at its delimiter lines: "--" and the boundary, then only
 *   white space; the last is "--boundary--" (RFC 2046 5.1.1). The line break before a
 *   delimiter belongs to the delimiter, not to the part before it. Text before the
 *   first delimiter (the preamble) and after the last (the epilogue) are no part.
 * - A message/rfc822 part holds a whole message: its structure is read as a child.
 * - Bounded: at most MIME_LIMITS.depth levels and MIME_LIMITS.parts parts in all, and
 *   each header block is read within HEADER_BLOCK_LIMIT bytes. Past a bound, or where a
 *   message breaks the rules (no boundary, no closing delimiter), the part says so in
 *   `problems` and reading goes on; it never throws.
 */
import { decodeText } from '../protocol/bytes.js';
import { HEADER_BLOCK_LIMIT, headerBlock, readHeaderFields } from '../protocol/header-block.js';

export interface MimePart {
  /** Type and subtype, lower case: "multipart/alternative". */
  contentType: string;
  /** Content-Transfer-Encoding, lower case: "base64", "quoted-printable", "7bit". */
  encoding: string;
  charset: string | null;
  /** Content-Disposition's type, lower case, if the part has one: "attachment", "inline". */
  disposition: string | null;
  /** The file name Content-Disposition (or an older Content-Type "name") gives. */
  filename: string | null;
  /** Octets of the body as sent, still encoded. */
  size: number;
  parts: MimePart[];
  /** What is wrong with this part, in words. */
  problems: string[];
}

export const MIME_LIMITS = { depth: 8, parts: 200 };

const LF = 10;
const CR = 13;
const DASH = 45;

/**
 * The structure of a message (or of any MIME entity: a header block, an empty line, a body).
 *
 * @example mimeStructure(encodeText('Content-Type: text/plain\r\n\r\nHi')).contentType // 'text/plain'
 */
export function mimeStructure(raw: Uint8Array): MimePart {
  return readPart(raw, 0, { parts: 0 });
}

function readPart(raw: Uint8Array, depth: number, count: { parts: number }): MimePart {
  count.parts++;
  const block = headerBlock(raw, HEADER_BLOCK_LIMIT);
  const fields = readHeaderFields(raw.subarray(0, block.length), ['content-type', 'content-transfer-encoding', 'content-disposition']);
  const type = parseParameters(fields['content-type'] ?? 'text/plain');
  const disposition = fields['content-disposition'] ? parseParameters(fields['content-disposition']) : null;
  const bodyStart = block.length + emptyLineLength(raw, block.length);
  const body = raw.subarray(Math.min(bodyStart, raw.length));
  const contentType = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/.test(type.value) ? type.value : 'text/plain';
  const part: MimePart = {
    contentType,
    encoding: (fields['content-transfer-encoding'] ?? '7bit').trim().toLowerCase(),
    charset: type.params.charset ?? null,
    disposition: disposition?.value || null,
    filename: disposition?.params.filename ?? type.params.name ?? null,
    size: body.length,
    parts: [],
    problems: block.complete ? [] : ['Its header block is too long to read to the end.'],
  };
  const multipart = contentType.startsWith('multipart/');
  if (!multipart && contentType !== 'message/rfc822') return part;
  if (depth + 1 >= MIME_LIMITS.depth) {
    part.problems.push(`Nested more than ${MIME_LIMITS.depth} levels deep: the parts inside are not shown.`);
    return part;
  }
  if (!multipart) {
    if (count.parts < MIME_LIMITS.parts) part.parts.push(readPart(body, depth + 1, count));
    return part;
  }
  const boundary = type.params.boundary;
  if (!boundary) {
    part.problems.push('A multipart part without a boundary parameter: its parts cannot be found.');
    return part;
  }
  const { bodies, closed } = splitAtBoundary(body, boundary);
  if (!closed) part.problems.push(`No closing delimiter (--${boundary}--) was found.`);
  if (bodies.length === 0) part.problems.push('No delimiter line with its boundary was found: the multipart has no parts.');
  for (const b of bodies) {
    if (count.parts >= MIME_LIMITS.parts) {
      part.problems.push(`More than ${MIME_LIMITS.parts} parts: the rest are not shown.`);
      break;
    }
    part.parts.push(readPart(b, depth + 1, count));
  }
  return part;
}

/** The empty line's length at `at`: CRLF or LF; 0 at the end (a message of headers only). */
function emptyLineLength(raw: Uint8Array, at: number): number {
  if (raw[at] === CR && raw[at + 1] === LF) return 2;
  return raw[at] === LF ? 1 : 0;
}

/** The bodies between the delimiter lines of `boundary`, and whether the closing one came. */
function splitAtBoundary(body: Uint8Array, boundary: string): { bodies: Uint8Array[]; closed: boolean } {
  const bodies: Uint8Array[] = [];
  let partStart = -1; // where the current part began, after its delimiter line
  for (let lineStart = 0; lineStart < body.length; ) {
    const lf = body.indexOf(LF, lineStart);
    const lineEnd = lf === -1 ? body.length : lf; // the line without its LF
    const next = lf === -1 ? body.length : lf + 1;
    const kind = body[lineStart] === DASH && body[lineStart + 1] === DASH ? delimiter(body.subarray(lineStart + 2, lineEnd), boundary) : null;
    if (kind) {
      if (partStart !== -1) {
        // The CRLF (or LF) before the delimiter is the delimiter's.
        let end = lineStart;
        if (end > partStart && body[end - 1] === LF) end--;
        if (end > partStart && body[end - 1] === CR) end--;
        bodies.push(body.subarray(partStart, Math.max(partStart, end)));
      }
      if (kind === 'close') return { bodies, closed: true };
      partStart = next;
    }
    lineStart = next;
  }
  if (partStart !== -1) bodies.push(body.subarray(partStart));
  return { bodies, closed: false };
}

/** After the leading "--": the boundary, then "--" for the last, then only white space (RFC 2046 5.1.1's transport padding). */
function delimiter(rest: Uint8Array, boundary: string): 'open' | 'close' | null {
  // Boundaries are at most 70 characters: a longer line is no delimiter, and is not decoded whole.
  if (rest.length > boundary.length + 80) return null;
  const text = decodeText(rest).replace(/[ \t\r]+$/, '');
  if (text === boundary) return 'open';
  return text === `${boundary}--` ? 'close' : null;
}

/**
 * A structured header value: "multipart/mixed; boundary=\"b1\"" → its value, lower case,
 * and its parameters (names lower case, quoted values unquoted). RFC 2231's encoded
 * and continued parameters (filename*0*=...) are left out: a name shown is a courtesy.
 */
export function parseParameters(header: string): { value: string; params: Record<string, string> } {
  const [head = '', ...rest] = splitOutsideQuotes(header);
  // No prototype: a parameter called "__proto__" is a name like any other.
  const params: Record<string, string> = Object.create(null);
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let value = p.slice(eq + 1).trim();
    if (value.startsWith('"')) value = value.slice(1, value.endsWith('"') && value.length > 1 ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (name && !(name in params)) params[name] = value;
  }
  return { value: head.trim().toLowerCase(), params };
}

/** Splits at ";" except inside double quotes. */
function splitOutsideQuotes(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && quoted) {
      current += ch + (text[++i] ?? '');
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}
