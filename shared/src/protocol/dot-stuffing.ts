/**
 * Dot-stuffing (RFC 5321 4.5.2), the sending side: a line that starts with "." gets a
 * second one, and the message ends with "<CRLF>.<CRLF>". The receiving side is
 * server/data-reader.ts.
 *
 * A sender must also end every line with CRLF (RFC 5321 2.3.8): a bare CR or a bare LF
 * in what it was given becomes CRLF before stuffing, as nodemailer's DataStream does.
 * Left alone, a server that ends lines at a bare LF (or CR) could read "<LF>.<LF>" in
 * the body as the end of the letter, and the rest as commands: SMTP smuggling.
 */

const CR = 13;
const LF = 10;
const DOT = 46;

/**
 * Stuffs a message body (CRLF lines) and appends the end-of-data line. A body that
 * does not end in CRLF gets one, since the final "." must start a line.
 * @example dotStuff('.hidden\r\n') // "..hidden\r\n.\r\n"
 */
export function dotStuff(body: string): string {
  const stuffed = body.replace(/(^|\r\n)\./g, '$1..');
  const ended = stuffed === '' || stuffed.endsWith('\r\n') ? stuffed : `${stuffed}\r\n`;
  return `${ended}.\r\n`;
}

/**
 * A letter's bytes with every line ended by CRLF: a bare CR or bare LF becomes CRLF, and
 * a last line without an ending gets one. The size RFC 1870 means (its section 5: CRLFs
 * counted, no stuffing dots, no final dot) is this one's length.
 */
export function crlfLines(letter: Uint8Array): Uint8Array {
  // At worst every byte is a bare LF, and each becomes two; then the last line's CRLF.
  const out = new Uint8Array(letter.length * 2 + 2);
  let o = 0;
  for (let i = 0; i < letter.length; i++) {
    const b = letter[i] as number;
    if (b === CR || b === LF) {
      out[o++] = CR;
      out[o++] = LF;
      if (b === CR && letter[i + 1] === LF) i++;
    } else out[o++] = b;
  }
  if (o > 0 && out[o - 1] !== LF) {
    out[o++] = CR;
    out[o++] = LF;
  }
  return out.slice(0, o);
}

/**
 * What goes on the wire after 354, as bytes: the letter's lines ended in CRLF
 * (crlfLines), a dot doubled at the start of each, then "." on a line of its own.
 * Bytes, not text, so an 8-bit letter goes as it is.
 * @example dotStuffBytes(encodeText('.hidden')) // the bytes of "..hidden\r\n.\r\n"
 */
export function dotStuffBytes(letter: Uint8Array): Uint8Array {
  const lines = crlfLines(letter);
  // At worst every line is a lone dot, ".\r\n", and gains one: a third more, and the final ".\r\n".
  const out = new Uint8Array(lines.length + Math.ceil(lines.length / 3) + 3);
  let o = 0;
  let lineStart = true;
  for (const b of lines) {
    if (lineStart && b === DOT) out[o++] = DOT;
    out[o++] = b;
    lineStart = b === LF;
  }
  out[o++] = DOT;
  out[o++] = CR;
  out[o++] = LF;
  return out.slice(0, o);
}
