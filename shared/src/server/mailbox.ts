/**
 * The sandbox's in-memory mailbox: every message answered 250 lands here, and
 * listeners hear of it. It is bounded by count and bytes; past either bound the oldest
 * messages make room (as Mailpit's max-messages does), and listeners hear that too.
 *
 * Each message's summary (envelope, From, To, Subject, Date, size) is read once, when
 * it is added, from its header block only (protocol/header-block.ts), and kept: a
 * listing then costs one small object per message and never reads a body, however
 * large. Decoding encoded-words (RFC 2047) is a library's job, so the host passes
 * one in (postal-mime's `decodeWords`, in the relay and in the page).
 */
import { type MessageSummary, messageSummary } from '../api.js';
import { HEADER_BLOCK_LIMIT, readHeaderFields } from '../protocol/header-block.js';
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
  /** The client's HELO/EHLO name; "" for a message the server made itself (a bounce). */
  helo: string;
  clientAddress: string;
  /** RFC 3848 "with" keyword: SMTP, ESMTP, ESMTPA, ESMTPS or ESMTPSA; "local" for a message the server made itself. */
  protocol: string;
  /** What the client asked of delivery reports (RFC 3461), when it asked anything; the sandbox sends none. */
  dsn?: MessageDsn;
}

/**
 * Where a session hands each message it answers 250: this mailbox, or the relay's
 * Maildir. The session calls `add` before it returns the 250; a driver whose store
 * needs time (a disk) holds the 250 until the store says the message is kept.
 */
export interface MessageSink {
  add(message: StoredMessage): void;
}

export type MailboxEvent = { type: 'messageStored'; message: StoredMessage; summary: MessageSummary } | { type: 'messagesRemoved'; ids: string[] };

export interface MailboxLimits {
  maxMessages: number;
  maxBytes: number;
}

export const DEFAULT_MAILBOX_LIMITS: MailboxLimits = { maxMessages: 1000, maxBytes: 256 * 1024 * 1024 };

/**
 * Whether a mailbox holding `count` messages of `bytes` in all must let its oldest go.
 * The newest message always stays, even alone over the byte bound (it was answered 250).
 */
export function overLimits(count: number, bytes: number, limits: MailboxLimits): boolean {
  return count > 1 && (count > limits.maxMessages || bytes > limits.maxBytes);
}

/** Decodes RFC 2047 encoded-words in a header value ("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=" → "Grüße"). */
export type HeaderDecoder = (value: string) => string;

/** The header fields a summary reads; one array, so readHeaderFields knows it again. */
const SUMMARY_FIELDS = ['subject', 'from', 'to', 'date'];

/** A summary's text fields are cut here: a listing shows a line of each, not a 100 KB To: header. */
const SUMMARY_FIELD_LIMIT = 1000;

/**
 * A message's list entry, read from the first bytes of the message (`head`: all of it,
 * or at least its first HEADER_BLOCK_LIMIT bytes) and never from its body.
 *
 * @example
 * summarizeMessage({ id: 'x', mailFrom: '', rcptTo: ['b@c'], size: 30, receivedAt: '…' }, encodeText('Subject: hi\r\n\r\nbody'))
 * // { id: 'x', mailFrom: '', rcptTo: ['b@c'], size: 30, receivedAt: '…', subject: 'hi', from: '', to: '', date: '' }
 */
export function summarizeMessage(
  envelope: Pick<StoredMessage, 'id' | 'mailFrom' | 'rcptTo' | 'size' | 'receivedAt'>,
  head: Uint8Array,
  decode: HeaderDecoder = (value) => value,
): MessageSummary {
  const fields = readHeaderFields(head, SUMMARY_FIELDS, HEADER_BLOCK_LIMIT);
  const text = (value: string | undefined, decoded: boolean) => {
    const v = value === undefined ? '' : decoded ? safeDecode(decode, value) : value;
    return v.length > SUMMARY_FIELD_LIMIT ? `${v.slice(0, SUMMARY_FIELD_LIMIT)}…` : v;
  };
  return messageSummary({
    id: envelope.id,
    mailFrom: envelope.mailFrom,
    rcptTo: envelope.rcptTo,
    size: envelope.size,
    receivedAt: envelope.receivedAt,
    subject: text(fields.subject, true),
    from: text(fields.from, true),
    to: text(fields.to, true),
    date: text(fields.date, false),
  });
}

/** A decoder that throws on some input leaves the value as written: bad input never crashes. */
function safeDecode(decode: HeaderDecoder, value: string): string {
  try {
    return decode(value);
  } catch {
    return value;
  }
}

export class Mailbox implements MessageSink {
  /** Oldest first. */
  private readonly messages: { message: StoredMessage; summary: MessageSummary }[] = [];
  private bytes = 0;
  private readonly listeners = new Set<(event: MailboxEvent) => void>();

  constructor(
    private readonly limits: MailboxLimits = DEFAULT_MAILBOX_LIMITS,
    private readonly decode?: HeaderDecoder,
  ) {}

  add(message: StoredMessage): void {
    const summary = summarizeMessage(message, message.raw, this.decode);
    this.messages.push({ message, summary });
    this.bytes += message.raw.length;
    const evicted: string[] = [];
    while (overLimits(this.messages.length, this.bytes, this.limits)) {
      const old = this.messages.shift() as { message: StoredMessage };
      this.bytes -= old.message.raw.length;
      evicted.push(old.message.id);
    }
    this.emit({ type: 'messageStored', message, summary });
    if (evicted.length > 0) this.emit({ type: 'messagesRemoved', ids: evicted });
  }

  /** Newest first. */
  list(): StoredMessage[] {
    return this.messages.map((m) => m.message).reverse();
  }

  /** Newest first: the summaries kept since each message was added (nothing is read again). */
  summaries(): MessageSummary[] {
    return this.messages.map((m) => m.summary).reverse();
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.find((m) => m.message.id === id)?.message;
  }

  clear(): void {
    const ids = this.messages.map((m) => m.message.id);
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
