/**
 * A stored message as RETR and TOP send it, the way Dovecot's fetch_callback
 * (src/pop3/pop3-commands.c) does, and its size as LIST and STAT count it.
 *
 * Rules (RFC 1939 3): a multi-line response ends with "." alone on a line, so a line of
 * the message that begins with "." gets one more ("byte-stuffing"), and every line
 * ends in CRLF.
 * - A bare LF gets its CR; a bare CR is sent as it is (Dovecot does the same).
 * - A message whose last line has no ending gets a CRLF before the final ".".
 * - The size is the message with every line ended in CRLF (Dovecot's "virtual size"):
 *   no stuffing dots, no final line, no CRLF added at the end.
 * - TOP n m: the header, the blank line after it, then m lines of the body. The blank
 *   line is the first line that begins with CR or LF; a message without one is all header.
 */

const CR = 13;
const LF = 10;
const DOT = 46;
const END = [DOT, CR, LF] as const;

/** The size LIST and STAT give: octets with every bare LF counted as CRLF. */
export function pop3Size(raw: Uint8Array): number {
  let size = raw.length;
  for (let i = 0; i < raw.length; i++) if (raw[i] === LF && (i === 0 || raw[i - 1] !== CR)) size++;
  return size;
}

/**
 * The lines after "+OK" for RETR (`bodyLines` null: all of it) or TOP (`bodyLines`
 * lines of the body), stuffed and ended by ".\r\n".
 * @example retrievalBytes(encodeText('Subject: x\r\n\r\n.hi\r\n'), null) // "Subject: x\r\n\r\n..hi\r\n.\r\n"
 */
export function retrievalBytes(raw: Uint8Array, bodyLines: number | null): Uint8Array {
  // At worst every byte is a bare LF (gains a CR) or a dot after one (gains a dot); then CRLF and the end.
  const out = new Uint8Array(raw.length * 2 + 5);
  let o = 0;
  let last = LF; // the start of the message is the start of a line
  let inBody = false;
  // Dovecot counts the blank line too, so it waits for one line more.
  let left = bodyLines === null ? Number.POSITIVE_INFINITY : bodyLines + 1;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as number;
    if (!inBody && (b === CR || b === LF) && last === LF) inBody = true;
    if (b === LF) {
      if (last !== CR) out[o++] = CR;
      out[o++] = LF;
      last = LF;
      if (inBody && --left === 0) break;
      continue;
    }
    if (b === DOT && last === LF) out[o++] = DOT;
    out[o++] = b;
    last = b;
  }
  if (last !== LF) {
    out[o++] = CR;
    out[o++] = LF;
  }
  for (const b of END) out[o++] = b;
  return out.slice(0, o);
}

/**
 * A message's unique-id (RFC 1939 7: 1 to 70 characters from 0x21 to 0x7E), from the
 * id the mailbox gave it, so it is the same in every session. An id with other
 * characters has each of them written as "%" and its code in hex.
 * @example uidlOf('1rXyZ4-0003Ab-7Q') // "1rXyZ4-0003Ab-7Q"
 */
export function uidlOf(id: string): string {
  const safe = id.replace(/[^\x21-\x24\x26-\x7e]/gu, (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`);
  return (safe === '' ? '%' : safe).slice(0, 70);
}
