/**
 * Dot-stuffing (RFC 5321 4.5.2), the sending side: a line that starts with "." gets a
 * second one, and the message ends with "<CRLF>.<CRLF>". The receiving side is
 * server/data-reader.ts.
 */
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
