/**
 * The classic message, read from lesson 7's own solution so the two never differ: the
 * envelope (MAIL FROM and RCPT TO) and the letter (the lines between DATA and the lone
 * dot). What the playground's autoplay sends, and what the client's tests deliver.
 */
import { theWholeSession } from '../lessons/07-the-whole-session.js';
import { encodeText } from '../protocol/bytes.js';
import type { Envelope } from './outcome.js';

/**
 * Lesson 7's envelope, and its letter as CRLF lines (not dot-stuffed).
 * @example classicMessage().envelope // { mailFrom: 'user@client.thm', recipients: ['strategos@server.thm'] }
 */
export function classicMessage(): { envelope: Envelope; letter: Uint8Array } {
  const lines = theWholeSession.solution.filter((s): s is string => typeof s === 'string');
  const path = (prefix: string) => lines.flatMap((l) => (l.startsWith(prefix) ? [l.slice(prefix.length).replace(/^<|>$/g, '')] : []));
  const data = lines.indexOf('DATA');
  const letter = lines.slice(data + 1, lines.indexOf('.', data));
  return {
    envelope: { mailFrom: path('MAIL FROM:')[0] ?? '', recipients: path('RCPT TO:') },
    letter: encodeText(letter.map((l) => `${l}\r\n`).join('')),
  };
}
