/**
 * The relay's mailbox, as the HTTP API, the watch feed and the sandbox's drivers see
 * it: in memory (shared's Mailbox, the default) or on disk (maildir.ts, with
 * --maildir). Both keep every message's summary from the moment it is stored, so a
 * listing never reads a message; a message's bytes are read only when asked for.
 *
 * `add` is the sessions' MessageSink. In memory it is done when it returns; on disk it
 * returns a promise that settles once the message is durable, and the driver holds
 * the 250 until then (tcp-sandbox.ts).
 */
import type { Readable } from 'node:stream';
import { DEFAULT_MAILBOX_LIMITS, type HeaderDecoder, Mailbox, type MailboxLimits, type MessageSummary, type StoredMessage } from '@smtp-playground/shared';

/** What changed; the watch feed sends each one to the page. */
export type MailStoreEvent = { type: 'messageStored'; summary: MessageSummary } | { type: 'messagesRemoved'; ids: string[] };

/** A message's bytes, in memory or as a stream from its file. */
export interface RawMessage {
  size: number;
  body: Uint8Array | Readable;
}

export interface MailStore {
  /** Keeps a message answered 250. A promise: the message is not durable until it settles (a rejection: not kept at all). */
  add(message: StoredMessage): void | Promise<void>;
  /** Newest first; one small object per message, nothing read. */
  summaries(): MessageSummary[];
  /** A message's bytes, or null when there is no such message. */
  read(id: string): Promise<RawMessage | null>;
  /**
   * Every message with its bytes, newest first, as shared's Mailbox lists them: what
   * the POP3 sandbox's maildrops read. Synchronous, because the sans-IO POP3 session
   * asks for a message's bytes in the middle of a reply.
   */
  listSync(): StoredMessage[];
  clear(): Promise<void>;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (e: MailStoreEvent) => void): () => void;
  /** Waits for messages being stored; for shutdown. */
  close(): Promise<void>;
}

/** The default: messages in memory, lost when the process ends. */
export class MemoryStore implements MailStore {
  readonly mailbox: Mailbox;

  constructor(limits: MailboxLimits = DEFAULT_MAILBOX_LIMITS, decode?: HeaderDecoder) {
    this.mailbox = new Mailbox(limits, decode);
  }

  add(message: StoredMessage): void {
    this.mailbox.add(message);
  }

  summaries(): MessageSummary[] {
    return this.mailbox.summaries();
  }

  async read(id: string): Promise<RawMessage | null> {
    const m = this.mailbox.get(id);
    return m ? { size: m.raw.length, body: m.raw } : null;
  }

  listSync(): StoredMessage[] {
    return this.mailbox.list();
  }

  async clear(): Promise<void> {
    this.mailbox.clear();
  }

  subscribe(listener: (e: MailStoreEvent) => void): () => void {
    return this.mailbox.subscribe((e) => listener(e.type === 'messageStored' ? { type: 'messageStored', summary: e.summary } : e));
  }

  async close(): Promise<void> {}
}
