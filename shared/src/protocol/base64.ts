/**
 * Strict base64 (RFC 4648 4) for SASL exchanges (RFC 4954 4) and DKIM's keys and
 * signatures (RFC 6376 2.4). `atob` and `btoa` are host APIs that shared may not use,
 * and the strictness is the point: RFC 4954 says a response that is not valid base64
 * is rejected with 501.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Decodes base64 to bytes; null when the text is not canonical padded base64. */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (VALUES.get(text[i + j] as string) ?? 0);
    for (const shift of [16, 8, 0]) if (o < out.length) out[o++] = (n >> shift) & 0xff;
  }
  return out;
}

/**
 * Canonical padded base64 of bytes, one line: what a client sends in AUTH (client/), and DKIM's hashes and signatures.
 * @example encodeBase64(encodeText('\0learner\0sandbox')) // "AGxlYXJuZXIAc2FuZGJveA=="
 */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const left = bytes.length - i;
    const n = ((bytes[i] as number) << 16) | ((left > 1 ? (bytes[i + 1] as number) : 0) << 8) | (left > 2 ? (bytes[i + 2] as number) : 0);
    out += ALPHABET[(n >> 18) & 63];
    out += ALPHABET[(n >> 12) & 63];
    out += left > 1 ? ALPHABET[(n >> 6) & 63] : '=';
    out += left > 2 ? ALPHABET[n & 63] : '=';
  }
  return out;
}
