/**
 * How a page's list of messages follows its mailbox: one change at a time, never the
 * whole list again. The tab's mailbox and the relay's (through the watch feed) report
 * the same two changes; both stores fold them in here.
 *
 * Rules:
 * - The list is newest first; a stored message goes on top.
 * - Applying a change twice is applying it once (a message already listed is not
 *   added again, ids not listed are not removed), so changes heard while the whole
 *   list was being fetched can be applied on top of it, whichever came first.
 * - The list is bounded like the mailbox it mirrors: past the bound the oldest go.
 */
import { DEFAULT_MAILBOX_LIMITS, type MessageSummary } from '@smtp-playground/shared';

export type MailboxChange =
  /** A message was stored (answered 250): its summary. */
  | { type: 'stored'; summary: MessageSummary }
  /** Messages left: emptied, or the oldest made room. */
  | { type: 'removed'; ids: readonly string[] };

export function mailboxChanged(list: readonly MessageSummary[], change: MailboxChange): readonly MessageSummary[] {
  switch (change.type) {
    case 'stored':
      if (list.some((m) => m.id === change.summary.id)) return list;
      return [change.summary, ...list].slice(0, DEFAULT_MAILBOX_LIMITS.maxMessages);
    case 'removed': {
      const gone = new Set(change.ids);
      return list.some((m) => gone.has(m.id)) ? list.filter((m) => !gone.has(m.id)) : list;
    }
  }
}
