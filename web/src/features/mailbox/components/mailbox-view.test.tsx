import { encodeText } from '@smtp-playground/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tabMailbox } from '../../../stores/mailbox-store';
import { storedMessage } from '../../../testing/messages';
import { MailboxView } from './mailbox-view';

afterEach(() => {
  cleanup();
  act(() => tabMailbox.clear());
  vi.restoreAllMocks();
});

describe('MailboxView', () => {
  it('lists the tab’s messages by their summaries, and shows one too large to read as raw source, saying why', async () => {
    const parse = vi.spyOn(PostalMime, 'parse');
    const head = 'From: Ann <ann@client.test>\r\nTo: bob@server.test\r\nSubject: =?UTF-8?Q?Gro=C3=9F?=\r\n\r\n';
    const big = new Uint8Array(head.length + 12_000_000).fill(0x78);
    big.set(encodeText(head));
    for (let i = head.length + 2; i < big.length; i += 3) big[i] = 10; // "xx\n" lines: 4 million of them
    act(() => {
      tabMailbox.add(storedMessage('small', encodeText('From: ann@client.test\r\nTo: bob@server.test\r\nSubject: hello\r\n\r\nHi Bob\r\n')));
      tabMailbox.add(storedMessage('big', big));
    });
    render(<MailboxView />);
    const list = screen.getByRole('list', { name: 'Messages' });
    expect(
      within(list)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['bigGroßann@client.test → bob@server.test', 'smallhelloann@client.test → bob@server.test']);
    // The newest is shown: not read (12 MB, 4 million lines), its headers from the summary, its source cut.
    const message = screen.getByRole('article', { name: 'Message' });
    expect(within(message).getByRole('region', { name: 'Body' }).textContent).toMatch(/too large for the page to read.*It is 11\.4 MiB/);
    expect(within(message).getByRole('region', { name: 'Headers' }).textContent).toContain('Subject: Groß');
    expect(within(message).getByRole('region', { name: 'Raw source' }).textContent).toContain('The first 256 KiB of 11.4 MiB are shown');
    expect(parse).toHaveBeenCalledTimes(1); // the small one, while it was the newest
    await userEvent.setup().click(within(list).getAllByRole('button')[1] as HTMLElement);
    expect(await within(screen.getByRole('article', { name: 'Message' })).findByText('Hi Bob')).toBeTruthy();
  });
});
