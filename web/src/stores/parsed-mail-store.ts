/**
 * Messages read with postal-mime, for the mailbox view. Parsing is asynchronous, so it
 * starts here, once per message's bytes, when a mailbox store gets them (a letter the
 * tab's sandbox accepted, a message fetched from the relay); the view only reads the
 * result. Results are keyed by the bytes themselves, so they go when the message does.
 */
import PostalMime, { type Email } from 'postal-mime';
import { create } from 'zustand';

const parsed = new WeakMap<Uint8Array, Email>();
const started = new WeakSet<Uint8Array>();

/** Bumped whenever a message has been read, so the view looks again. */
export const useParsedMailStore = create<{ version: number }>()(() => ({ version: 0 }));

/** A mailbox store has these bytes: read them, once. */
export function messageBytesArrived(raw: Uint8Array): void {
  if (started.has(raw)) return;
  started.add(raw);
  PostalMime.parse(raw).then(
    (email) => {
      parsed.set(raw, email);
      useParsedMailStore.setState((s) => ({ version: s.version + 1 }));
    },
    () => {}, // unreadable as MIME: the view shows the raw source, which is still there
  );
}

/** The message as read, or null while it is being read (or could not be). */
export function parsedEmail(raw: Uint8Array): Email | null {
  return parsed.get(raw) ?? null;
}
