/**
 * Byte helpers shared by the readers. Commands are ASCII (or UTF-8 under SMTPUTF8),
 * so decoding is UTF-8 with replacement: a bad byte becomes U+FFFD, never an exception.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** UTF-8 bytes of a string. */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A string from UTF-8 bytes; malformed sequences become U+FFFD. */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Joins chunks into one array (one copy). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * A growable byte buffer with a hard bound. Appending past `limit` keeps nothing more
 * and remembers that it overflowed, so a too-large message costs at most `limit` bytes.
 */
export class ByteBuilder {
  private buf: Uint8Array;
  private used = 0;
  overflowed = false;

  constructor(
    private readonly limit: number,
    initial = 4096,
  ) {
    this.buf = new Uint8Array(Math.min(initial, Math.max(limit, 1)));
  }

  get length(): number {
    return this.used;
  }

  append(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (n <= 0 || this.overflowed) return;
    if (this.used + n > this.limit) {
      this.overflowed = true;
      return;
    }
    if (this.used + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.used + n) size *= 2;
      const next = new Uint8Array(Math.min(size, this.limit));
      next.set(this.buf.subarray(0, this.used));
      this.buf = next;
    }
    this.buf.set(src.subarray(start, end), this.used);
    this.used += n;
  }

  /** A copy of the bytes gathered so far. */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.used);
  }

  clear(): void {
    this.used = 0;
    this.overflowed = false;
  }
}
