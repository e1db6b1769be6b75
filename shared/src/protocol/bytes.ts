/**
 * Byte helpers shared by the readers. Commands are ASCII (or UTF-8 under SMTPUTF8),
 * so decoding is UTF-8 with replacement: a bad byte becomes U+FFFD, never an exception.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Shorter strings are encoded here when they are ASCII (every reply, nearly); longer ones by TextEncoder. */
const SHORT = 512;

/** UTF-8 bytes of a string. */
export function encodeText(text: string): Uint8Array {
  // TextEncoder costs a call into native code and back, about a microsecond: more than
  // a reply line takes to copy here. Long or non-ASCII text goes to TextEncoder.
  if (text.length > SHORT) return encoder.encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

/** The UTF-8 bytes of `text` followed by `bytes`, in one new array: a stored letter after its trace header. */
export function textThenBytes(text: string, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(text.length + bytes.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return concatBytes([encoder.encode(text), bytes]);
    out[i] = c;
  }
  out.set(bytes, text.length);
  return out;
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

  /**
   * Empties the builder. Its buffer is kept for what comes next, up to `keep` octets
   * of it; a larger one is let go, so a large letter's memory goes with the letter.
   */
  clear(keep = Number.POSITIVE_INFINITY): void {
    this.used = 0;
    this.overflowed = false;
    if (this.buf.length > keep) this.buf = new Uint8Array(0);
  }
}
