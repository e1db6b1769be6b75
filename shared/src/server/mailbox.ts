/**
 * The sandbox's in-memory mailbox: every message answered 250 lands here, and
 * listeners hear of it. It is bounded by count and bytes; past either bound the oldest
 * messages make room (as Mailpit's max-messages does), and listeners hear that too.
 */
import type { MessageDsn } from './dsn.js';

export interface StoredMessage {
  /** The queue id the server announced in its 250 reply. */
  id: string;
  /** The envelope sender; "" for the null path <>. */
  mailFrom: string;
  rcptTo: string[];
  /** The stored bytes: Return-Path and Received headers, then the message as sent. */
  raw: Uint8Array;
  size: number;
  /** ISO 8601 time of acceptance. */
  receivedAt: string;
  helo: string;
  clientAddress: string;
  /** RFC 3848 "with" keyword: SMTP, ESMTP, ESMTPA, ESMTPS or ESMTPSA. */
  protocol: string;
  /** What the client asked of delivery reports (RFC 3461), when it asked anything; the sandbox sends none. */
  dsn?: MessageDsn;
}

export type MailboxEvent = { type: 'messageStored'; message: StoredMessage } | { type: 'messagesRemoved'; ids: string[] };

export interface MailboxLimits {
  maxMessages: number;
  maxBytes: number;
}

export const DEFAULT_MAILBOX_LIMITS: MailboxLimits = { maxMessages: 1000, maxBytes: 256 * 1024 * 1024 };

export class Mailbox {
  /** Oldest first. */
  private readonly messages: StoredMessage[] = [];
  private bytes = 0;
  private readonly listeners = new Set<(event: MailboxEvent) => void>();

  constructor(private readonly limits: MailboxLimits = DEFAULT_MAILBOX_LIMITS) {}

  add(message: StoredMessage): void {
    this.messages.push(message);
    this.bytes += message.raw.length;
    const evicted: string[] = [];
    while (this.messages.length > 1 && (this.messages.length > this.limits.maxMessages || this.bytes > this.limits.maxBytes)) {
      const old = this.messages.shift() as StoredMessage;
      this.bytes -= old.raw.length;
      evicted.push(old.id);
    }
    this.emit({ type: 'messageStored', message });
    if (evicted.length > 0) this.emit({ type: 'messagesRemoved', ids: evicted });
  }

  /** Newest first. */
  list(): StoredMessage[] {
    return [...this.messages].reverse();
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  clear(): void {
    const ids = this.messages.map((m) => m.id);
    this.messages.length = 0;
    this.bytes = 0;
    if (ids.length > 0) this.emit({ type: 'messagesRemoved', ids });
  }

  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: MailboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: MailboxEvent): void {
    for (const l of this.listeners) l(event);
  }
}
