/**
 * The base64 helper's two directions, for AUTH (RFC 4954). Text is UTF-8; `\0` in
 * the text stands for a NUL byte, the separator AUTH PLAIN needs (RFC 4616), which
 * can't be typed otherwise. Decoded NUL bytes are shown as `\0` the same way.
 *
 * A pasted reply line is fine: `334 VXNlcm5hbWU6` loses its code before decoding. Left
 * in, atob would not refuse it (it skips the space, and "334V…" is valid base64) but
 * decode it to garbage, with no error to say why.
 */
import { parseReplyLine } from '@smtp-playground/shared';

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
  let binary: string;
  try {
    binary = atob(clean);
  } catch {
    return { ok: false, error: 'Not base64: only A–Z, a–z, 0–9, + and /, in groups of four, with = padding at the end.' };
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const text = new TextDecoder().decode(bytes).replaceAll('\0', '\\0');
  return { ok: true, text };
}
