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
  /** Allocated on first use, sized to what arrives: most lines and letters are small. */
  private buf: Uint8Array = new Uint8Array(0);
  private used = 0;
  overflowed = false;

  constructor(private readonly limit: number) {}

  append(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (n <= 0 || this.overflowed) return;
    if (this.used + n > this.limit) {
      this.overflowed = true;
      return;
    }
    if (this.used + n > this.buf.length) {
      const next = new Uint8Array(Math.min(Math.max(this.buf.length * 2, this.used + n, 256), this.limit));
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

  /** The bytes gathered so far, without a copy: valid until the next append or clear. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.used);
  }

  clear(): void {
    this.used = 0;
    this.overflowed = false;
  }
}
