/**
 * Reply framing for the client: server bytes in, whole replies out (RFC 5321 4.2), in
 * any chunking. The mirror of the server's command-line reader, and as bounded.
 *
 * How this works:
 * - A line ends at LF; CRLF is what RFC 5321 asks for, and a bare LF is taken too
 *   (what is being framed is a reply, and reading it leniently loses nothing).
 * - Each line must be a reply line (parseReplyLine): three digits, then "-" on all but
 *   the last line of a reply and a space (or nothing) on the last. Every line of one
 *   reply carries the same code.
 * - Bounds: a line longer than MAX_REPLY_LINE octets, or a reply of more than
 *   MAX_REPLY_LINES lines, is not a reply this client reads. RFC 5321 4.5.3.1.5 allows
 *   512 octets a line; real servers go past that with long texts, so the bound is
 *   looser, but it is a bound.
 * - What breaks a rule is `garbled`, with a detail saying what was wrong: the client
 *   ends its attempt on it. Nothing a server sends can make this throw.
 */
import { decodeText } from '../protocol/bytes.js';
import { LineReader } from '../protocol/line-reader.js';
import { parseReply, parseReplyLine, type Reply } from '../protocol/reply.js';

/** Octets in one reply line, its ending included. */
export const MAX_REPLY_LINE = 4096;
/** Lines in one reply (a long EHLO list has about twenty). */
export const MAX_REPLY_LINES = 100;

export type FramedReply = { type: 'reply'; reply: Reply } | { type: 'garbled'; detail: string };

export class ReplyFramer {
  private readonly lines = new LineReader(MAX_REPLY_LINE);
  /** The lines of the reply being read, as text. */
  private current: string[] = [];
  private code = 0;

  /**
   * Reads from `bytes` at `start` up to the end of the next whole reply. Returns it with
   * the index just past it, or null when the bytes ran out first (they are kept).
   */
  read(bytes: Uint8Array, start: number): { framed: FramedReply; next: number } | null {
    let i = start;
    while (i < bytes.length) {
      const r = this.lines.read(bytes, i);
      // A line already past the bound is junk however it ends: no need to wait for its LF.
      if (!r && this.lines.pendingLength() >= MAX_REPLY_LINE) {
        this.lines.reset();
        return { framed: this.line(null) as FramedReply, next: bytes.length };
      }
      if (!r) return null;
      i = r.next;
      const framed = this.line(r.event.type === 'line' ? decodeText(r.event.bytes) : null);
      if (framed) return { framed, next: i };
    }
    return null;
  }

  /** Forgets a partial reply: after STARTTLS nothing said in plain text may count (RFC 3207 4.2). */
  reset(): void {
    this.lines.reset();
    this.current = [];
    this.code = 0;
  }

  /** One line in (null: too long); a reply or garble out, or null while the reply goes on. */
  private line(text: string | null): FramedReply | null {
    if (text === null) return this.garbled(`a reply line longer than ${MAX_REPLY_LINE} octets`);
    const parsed = parseReplyLine(text);
    if (!parsed) return this.garbled(`“${shown(text)}” is not a reply line`);
    if (this.current.length > 0 && parsed.code !== this.code) return this.garbled(`a reply that began with ${this.code} went on with ${parsed.code}`);
    if (this.current.length >= MAX_REPLY_LINES) return this.garbled(`a reply of more than ${MAX_REPLY_LINES} lines`);
    this.current.push(text);
    this.code = parsed.code;
    if (!parsed.last) return null;
    const reply = parseReply(this.current);
    this.current = [];
    return reply ? { type: 'reply', reply } : this.garbled('a reply whose lines do not agree');
  }

  private garbled(detail: string): FramedReply {
    this.current = [];
    return { type: 'garbled', detail };
  }
}

/** A line of junk as a sentence may quote it: its first characters, control characters as "?". */
function shown(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const clean = text.replace(/[\x00-\x1f\x7f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
