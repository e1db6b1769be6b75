/**
 * What one attempt to send a message came to, as a mail client reports it: each
 * recipient's fate, the message's as a whole, and a sentence saying why. And the
 * envelope of the next attempt, which a mail client's queue keeps for the deferred.
 *
 * Rules (RFC 5321 4.2.1 and 4.5.4.1):
 * - A 2xx to the end of the letter delivers it to every recipient the server accepted.
 * - A 4xx, a 421 at any point, a lost connection or a reply that cannot be read:
 *   deferred, for every recipient not settled before. Nothing is lost; the message is
 *   tried again later.
 * - A 5xx: failed, for the same recipients. Trying again will not help; the sender is told.
 * - A recipient refused at RCPT keeps that refusal's verdict whatever comes after.
 */
import type { Reply } from '../protocol/reply.js';

/** Who the message is from and to: MAIL FROM and RCPT TO, not the letter's From: and To:. */
export interface Envelope {
  /** The return path; '' is the null sender, <>. */
  mailFrom: string;
  recipients: readonly string[];
}

export interface RecipientOutcome {
  address: string;
  status: 'delivered' | 'deferred' | 'failed';
  /** The reply that settled it: its RCPT's refusal, or the reply to the letter (or what ended the attempt); null when none came. */
  reply: Reply | null;
}

export interface ClientOutcome {
  /** delivered: every recipient took it; partial: some did; deferred: nothing delivered, try again later (4xx, 421, lost connection); failed: nothing delivered and never will be (5xx). */
  result: 'delivered' | 'partial' | 'deferred' | 'failed';
  recipients: RecipientOutcome[];
  /** The reply to the end of the letter, if the letter was sent and answered. */
  dataReply: Reply | null;
  /** The queue id in that reply, when the server gave one (Exim's "id=…", Postfix's "queued as …"). */
  queueId: string | null;
  /** In a sentence or two, for the page: "451 4.7.1 at RCPT TO <bob@server.thm>: “Greylisted…”. Nothing is lost: …". */
  why: string;
}

/** What a mail client does after each kind of ending. */
export const WHAT_NEXT = {
  delivered: 'The server has the message now: delivering it is its job.',
  deferred: 'Nothing is lost: a mail client keeps the message in its queue and tries again later.',
  failed: 'Trying again will not help: a mail client gives up and tells the sender.',
} as const;

/** The result of an attempt, from its recipients' fates. */
export function resultOf(recipients: readonly Pick<RecipientOutcome, 'status'>[]): ClientOutcome['result'] {
  const delivered = recipients.filter((r) => r.status === 'delivered').length;
  if (delivered > 0) return delivered === recipients.length ? 'delivered' : 'partial';
  return recipients.some((r) => r.status === 'deferred') ? 'deferred' : 'failed';
}

/** "451 4.7.1": a reply's code, and its enhanced code when it has one. */
export function replyCodes(reply: Reply): string {
  return reply.enhanced ? `${reply.code} ${reply.enhanced}` : String(reply.code);
}

/** A reply's words, quoted for a sentence: its lines joined, and cut short when long. */
export function quoted(reply: Reply): string {
  const text = reply.lines.join(' ').trim();
  return `“${text.length > 160 ? `${text.slice(0, 160)}…` : text}”`;
}

/** "451 4.7.1 at RCPT TO <b@x>: “Greylisted”." The reply and where it came. */
export function replyAt(reply: Reply, stage: string): string {
  return `${replyCodes(reply)} at ${stage}: ${quoted(reply)}.`;
}

/** Why a letter the server answered went as it did: delivered to all, or to some and not the rest. */
export function deliveredWhy(reply: Reply, recipients: readonly RecipientOutcome[]): string {
  const count = (status: RecipientOutcome['status']) => recipients.filter((r) => r.status === status).length;
  const delivered = count('delivered');
  if (delivered === recipients.length) return `${replyAt(reply, 'the end of the letter')} ${WHAT_NEXT.delivered}`;
  const parts = [`${replyAt(reply, 'the end of the letter')} Delivered to ${delivered} of ${recipients.length} recipients.`];
  const deferred = count('deferred');
  const failed = count('failed');
  if (deferred > 0) parts.push(`${deferred} deferred: a mail client keeps the message for ${deferred === 1 ? 'that one' : 'them'} and tries again later.`);
  if (failed > 0) parts.push(`${failed} failed for good: the sender is told.`);
  return parts.join(' ');
}

/**
 * The envelope for the next try: the same sender, and only the recipients that were
 * deferred (as a mail client's queue keeps them); null when none is left to try.
 * @example retryEnvelope(envelope, outcome) // { mailFrom: 'user@client.thm', recipients: ['carol@server.thm'] }
 */
export function retryEnvelope(envelope: Envelope, outcome: ClientOutcome): Envelope | null {
  const recipients = envelope.recipients.filter((_, i) => outcome.recipients[i]?.status === 'deferred');
  return recipients.length > 0 ? { mailFrom: envelope.mailFrom, recipients } : null;
}
