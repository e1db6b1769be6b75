/**
 * Messages read with postal-mime, for the mailbox view. Reading is asynchronous, so it
 * starts here, once per message's bytes, when a mailbox store opens a message (the one
 * the view shows); the view only reads the result. Results are keyed by the bytes
 * themselves, so they go when the message does.
 *
 * Reading has a cap. postal-mime's work grows with the lines of a message (measured in
 * Node on the 2-core dev machine: about 12 µs a line of text, 2 µs a line of base64,
 * and some hundred bytes of memory per line), and it runs on the page's only thread:
 * 4 million short lines took 39 s and gigabytes. So a message over READ_LIMITS (at
 * worst about 0.7 s of reading) is not read at all: the view shows its raw source, and
 * says why. The limits let through any ordinary letter, and one with an attachment of
 * a few MB.
 */
import PostalMime, { type Email } from 'postal-mime';
import { create } from 'zustand';

/** The largest message the page reads with postal-mime. */
export const READ_LIMITS = { maxBytes: 4 * 1024 * 1024, maxLines: 50_000 };

export type Reading =
  /** Being read (or not started). */
  | { status: 'reading' }
  | { status: 'read'; email: Email }
  /** Over READ_LIMITS: shown raw; `why` says which limit, in a sentence. */
  | { status: 'too-large'; why: string }
  /** postal-mime gave up: the raw source is still there. */
  | { status: 'unreadable' };

const READING: Reading = { status: 'reading' };
const readings = new WeakMap<Uint8Array, Reading>();

/** Bumped whenever a message has been read, so the view looks again. */
export const useParsedMailStore = create<{ version: number }>()(() => ({ version: 0 }));

const LF = 10;

/** Why a message is too large to read here, or null. Counts lines only up to the limit. */
export function tooLargeToRead(raw: Uint8Array): string | null {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (raw.length > READ_LIMITS.maxBytes) return `It is ${mb(raw.length)}; the page reads messages of up to ${mb(READ_LIMITS.maxBytes)}.`;
  let lines = 0;
  for (let i = raw.indexOf(LF); i !== -1; i = raw.indexOf(LF, i + 1)) {
    if (++lines > READ_LIMITS.maxLines)
      return `It has more than ${READ_LIMITS.maxLines.toLocaleString('en')} lines; the page reads messages of up to that many.`;
  }
  return null;
}

function done(raw: Uint8Array, reading: Reading): void {
  readings.set(raw, reading);
  useParsedMailStore.setState((s) => ({ version: s.version + 1 }));
}

/** A mailbox store opened a message (the view shows it): read its bytes, once, if they are within READ_LIMITS. */
export function messageOpened(raw: Uint8Array): void {
  if (readings.has(raw)) return;
  const why = tooLargeToRead(raw);
  if (why) return done(raw, { status: 'too-large', why });
  readings.set(raw, READING);
  PostalMime.parse(raw).then(
    (email) => done(raw, { status: 'read', email }),
    () => done(raw, { status: 'unreadable' }),
  );
}

/** Where reading these bytes is. */
export function readingOf(raw: Uint8Array): Reading {
  return readings.get(raw) ?? READING;
}

/** The message as read, or null while it is being read (or could not be, or is too large). */
export function parsedEmail(raw: Uint8Array): Email | null {
  const r = readingOf(raw);
  return r.status === 'read' ? r.email : null;
}
