/**
 * The base64 helper's two directions, for AUTH (RFC 4954). Text is UTF-8; `\0` in
 * the text stands for a NUL byte, the separator AUTH PLAIN needs (RFC 4616), which
 * can't be typed otherwise. Decoded NUL bytes are shown as `\0` the same way.
 *
 * A pasted reply line is fine: `334 VXNlcm5hbWU6` loses its code before decoding.
 *
 * Decoding is shared's strict decoder, the one the server reads AUTH answers with: what
 * the helper decodes the server takes, and what it refuses the server answers 501
 * (a lenient decoder such as atob would take `VXNlcg`, unpadded, that the server
 * refuses). Encoding is btoa's canonical padded base64, which that decoder takes.
 */
import { decodeBase64, parseReplyLine } from '@smtp-playground/shared';

/** `\0learner\0sandbox` → `AGxlYXJuZXIAc2FuZGJveA==`. */
export function encodeBase64Text(text: string): string {
  const bytes = new TextEncoder().encode(text.replaceAll('\\0', '\0'));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export type Decoded = { ok: true; text: string } | { ok: false; error: string };

/** `VXNlcm5hbWU6` (or the whole reply line, `334 VXNlcm5hbWU6`) → `Username:`; says so when the input is not base64. */
export function decodeBase64Text(input: string): Decoded {
  const trimmed = input.trim();
  const clean = parseReplyLine(trimmed)?.text ?? trimmed;
  const bytes = decodeBase64(clean);
  if (!bytes) return { ok: false, error: 'Not base64: only A–Z, a–z, 0–9, + and /, in groups of four, with = padding at the end.' };
  const text = new TextDecoder().decode(bytes).replaceAll('\0', '\\0');
  return { ok: true, text };
}
