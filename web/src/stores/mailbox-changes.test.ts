import { DEFAULT_MAILBOX_LIMITS, type MessageSummary } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { summary } from '../testing/messages';
import { type MailboxChange, mailboxChanged } from './mailbox-changes';

const fold = (changes: MailboxChange[], list: readonly MessageSummary[] = []) => changes.reduce(mailboxChanged, list).map((m) => m.id);

describe('mailboxChanged', () => {
  it('puts a stored message on top and takes removed ones out', () => {
    expect(
      fold([
        { type: 'stored', summary: summary('1') },
        { type: 'stored', summary: summary('2') },
        { type: 'removed', ids: ['1'] },
      ]),
    ).toEqual(['2']);
  });

  it('applies a change twice as once, so changes heard during a fetch can go on top of its answer', () => {
    const fetched = [summary('2'), summary('1')];
    expect(
      fold(
        [
          { type: 'stored', summary: summary('2') },
          { type: 'removed', ids: ['9'] },
          { type: 'stored', summary: summary('3') },
        ],
        fetched,
      ),
    ).toEqual(['3', '2', '1']);
    const unchanged = mailboxChanged(fetched, { type: 'removed', ids: ['9'] });
    expect(unchanged).toBe(fetched);
  });

  it('keeps no more messages than the mailbox does', () => {
    const many = Array.from({ length: DEFAULT_MAILBOX_LIMITS.maxMessages }, (_, i) => summary(String(i)));
    const after = mailboxChanged(many, { type: 'stored', summary: summary('new') });
    expect(after).toHaveLength(DEFAULT_MAILBOX_LIMITS.maxMessages);
    expect(after[0]?.id).toBe('new');
  });
});
