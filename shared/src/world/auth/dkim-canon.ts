/**
 * The byte-level half of DKIM (RFC 6376): a message cut into header fields and body,
 * the two canonicalizations of each (3.4), the header fields a signature covers
 * (5.4.2), and tag lists (3.2). No cryptography here: dkim.ts hashes what this returns.
 *
 * Rules / how this works:
 * - Header fields are read as Latin-1, one character per byte, so that a field with
 *   8-bit bytes is hashed exactly as it arrived. A folded field keeps its line breaks
 *   (simple canonicalization signs them); a bare LF is read as CRLF, as every verifier does.
 * - Only the header block within HEADER_BLOCK_LIMIT is read, whatever the message size.
 * - "simple" leaves a field as it is and a body as it is, less its empty lines at the
 *   end (an empty body is one CRLF). "relaxed" lowercases field names, unfolds, turns
 *   runs of spaces and tabs into one space and drops them at line ends; its empty body
 *   stays empty (3.4.4 adds a CRLF only to a non-empty body).
 */
import { HEADER_BLOCK_LIMIT, headerBlock } from '../../protocol/header-block.js';

const CR = 13;
const LF = 10;
const SP = 32;
const TAB = 9;

/** One header field: its name in lower case, and the whole field as written, without its last line ending. */
export interface HeaderField {
  name: string;
  raw: string;
}

export interface SplitMessage {
  fields: HeaderField[];
  body: Uint8Array;
  /** The header block ended within HEADER_BLOCK_LIMIT. */
  complete: boolean;
}

export type Canon = 'simple' | 'relaxed';

/** A message's header fields and body (RFC 5322 2.1: fields, an empty line, the body). */
export function splitMessage(message: Uint8Array): SplitMessage {
  const block = headerBlock(message, HEADER_BLOCK_LIMIT);
  let bodyStart = message.length;
  if (block.complete && block.length < message.length) {
    if (message[block.length] === CR && message[block.length + 1] === LF) bodyStart = block.length + 2;
    else if (message[block.length] === LF) bodyStart = block.length + 1;
  }
  const fields: HeaderField[] = [];
  const lines = latin1(message.subarray(0, block.length)).split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const last = fields.at(-1);
    if (last && (line.startsWith(' ') || line.startsWith('\t'))) last.raw += `\r\n${line}`;
    else fields.push({ name: (line.includes(':') ? line.slice(0, line.indexOf(':')) : line).trim().toLowerCase(), raw: line });
  }
  return { fields, body: message.subarray(bodyStart), complete: block.complete };
}

/** Bytes as Latin-1 text: one character per byte, nothing lost. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Latin-1 text back to its bytes (characters past U+00FF, which Latin-1 reading never makes, keep their low byte). */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** One header field canonicalized, without a line ending (RFC 6376 3.4.1, 3.4.2). */
export function canonHeader(raw: string, canon: Canon): string {
  if (canon === 'simple') return raw;
  const colon = raw.indexOf(':');
  const name = (colon < 0 ? raw : raw.slice(0, colon)).replace(/[ \t]+$/, '').toLowerCase();
  const value = colon < 0 ? '' : raw.slice(colon + 1);
  return `${name}:${value
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim()}`;
}

/**
 * The fields a signature's h= names, in its order: for each name, the last instance not
 * yet taken, counting from the bottom; a name with no instance left adds nothing
 * (RFC 6376 5.4.2), which is how "oversigning" a field keeps a second one out.
 */
export function signedFields(fields: readonly HeaderField[], names: readonly string[]): HeaderField[] {
  const taken = new Set<number>();
  const out: HeaderField[] = [];
  for (const name of names) {
    for (let i = fields.length - 1; i >= 0; i--) {
      if (!taken.has(i) && fields[i]?.name === name) {
        taken.add(i);
        out.push(fields[i] as HeaderField);
        break;
      }
    }
  }
  return out;
}

/** The body canonicalized (RFC 6376 3.4.3, 3.4.4). */
export function canonBody(body: Uint8Array, canon: Canon): Uint8Array {
  return canon === 'simple' ? simpleBody(body) : relaxedBody(body);
}

/** "simple": the body less its empty lines at the end, ending in one CRLF. */
function simpleBody(body: Uint8Array): Uint8Array {
  let end = body.length;
  while (end > 0 && (body[end - 1] === LF || body[end - 1] === CR)) end--;
  const out = new Uint8Array(end + 2);
  out.set(body.subarray(0, end));
  out[end] = CR;
  out[end + 1] = LF;
  return out;
}

/** "relaxed": each line's runs of WSP as one SP, none at its end, no empty lines at the end, lines ending CRLF. */
function relaxedBody(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length * 2 + 2);
  let o = 0;
  /** Where the output ends if no more non-empty lines come. */
  let kept = 0;
  let start = 0;
  while (start < body.length) {
    let lf = body.indexOf(LF, start);
    const last = lf < 0;
    if (last) lf = body.length;
    let end = lf > start && body[lf - 1] === CR && !last ? lf - 1 : lf;
    while (end > start && (body[end - 1] === SP || body[end - 1] === TAB)) end--;
    let space = false;
    for (let i = start; i < end; i++) {
      const c = body[i] as number;
      if (c === SP || c === TAB) space = true;
      else {
        if (space) out[o++] = SP;
        space = false;
        out[o++] = c;
      }
    }
    out[o++] = CR;
    out[o++] = LF;
    // A line with something on it moves the end forward; an empty one may yet be dropped.
    if (end > start) kept = o;
    start = lf + 1;
  }
  return out.slice(0, kept);
}

/**
 * A tag list (RFC 6376 3.2): `name=value` pairs between semicolons, white space around
 * them ignored. A name twice, or a part that is no tag, makes the whole list invalid.
 */
export function parseTagList(text: string): Map<string, string> | string {
  const tags = new Map<string, string>();
  for (const part of text.split(';')) {
    if (/^[ \t\r\n]*$/.test(part)) continue;
    const m = /^[ \t\r\n]*([A-Za-z][A-Za-z0-9_]*)[ \t\r\n]*=[ \t\r\n]*(.*?)[ \t\r\n]*$/s.exec(part);
    if (!m) return `"${part.trim().slice(0, 40)}" is not a tag=value pair`;
    const name = (m[1] as string).toLowerCase();
    if (tags.has(name)) return `the tag ${name}= appears twice`;
    tags.set(name, m[2] as string);
  }
  return tags;
}

/**
 * The DKIM-Signature field as it is hashed: the value of its b= tag removed, with the
 * white space around it (RFC 6376 3.7: "treated as the empty string").
 */
export function withoutSignature(raw: string): string {
  const colon = raw.indexOf(':');
  const parts = raw.slice(colon + 1).split(';');
  const i = parts.findIndex((p) => /^[ \t\r\n]*b[ \t\r\n]*=/.test(p));
  if (i >= 0) parts[i] = (parts[i] as string).slice(0, (parts[i] as string).indexOf('=') + 1);
  return raw.slice(0, colon + 1) + parts.join(';');
}
