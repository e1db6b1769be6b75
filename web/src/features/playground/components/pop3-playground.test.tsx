import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../../stores/connection-store';
import { letterForPop3Lesson } from '../../../stores/lessons-store';
import { tabMailbox } from '../../../stores/mailbox-store';
import { useSettingsStore } from '../../../stores/settings-store';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { Composer } from './composer';
import { LineDetails } from './line-details';
import { PostOfficeScene } from './post-office-scene';

const flush = () => act(() => new Promise((r) => setTimeout(r, 0)));

beforeEach(async () => {
  useTranscriptStore.getState().historyCleared();
  tabMailbox.clear();
  act(() => useSettingsStore.getState().connectionChosen('tab-pop3'));
  letterForPop3Lesson({ personality: 'exim', scenario: 'catch-all', protocol: 'pop3' });
  // The in-tab POP3 sandbox's code loads when it is chosen (connection-store.ts); then it greets.
  await act(() => vi.waitFor(() => expect(useTranscriptStore.getState().lines[0]?.text).toBe('+OK Dovecot ready.')));
});
afterEach(() => {
  cleanup();
  act(() => useSettingsStore.getState().connectionChosen('tab'));
});

describe('the playground in a POP3 session', () => {
  it('types POP3 commands with POP3 suggestions, and the post office shows the PO box and POP3’s states', async () => {
    const user = userEvent.setup();
    render(
      <>
        <PostOfficeScene />
        <Composer />
      </>,
    );
    const input = screen.getByRole('textbox', { name: /^POP3 command/ });
    const suggestions = screen.getByRole('group', { name: 'Suggested next commands' });
    expect(
      within(suggestions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['USER strategos', 'CAPA', 'STLS', 'QUIT']);
    const diagram = screen.getByRole('figure', { name: 'POP3 states' });
    expect(within(diagram).getByRole('listitem', { current: 'step' }).textContent).toMatch(/^AUTHORIZATION:/);
    expect(screen.getByRole('figure', { name: 'Your PO box' }).textContent).toContain('— locked');

    await user.type(input, 'LIST');
    expect(screen.getByText(/comes after logging in/)).toBeTruthy();
    await user.clear(input);
    for (const line of ['USER strategos', 'PASS sandbox', 'LIST', 'RETR 1', 'DELE 1']) {
      await user.type(input, `${line}{Enter}`);
      await flush();
    }
    expect(within(diagram).getByRole('listitem', { current: 'step' }).textContent).toMatch(/^TRANSACTION:/);
    const box = screen.getByRole('figure', { name: 'Your PO box' });
    expect(within(box).getByRole('list', { name: 'Letters in the box' }).textContent).toMatch(/1: \d+ octets \(marked to throw away\)/);
    expect(screen.getByRole('figure', { name: 'Letter you read' }).textContent).toContain('Telnet email');
    expect(screen.getByRole('list', { name: 'Steps' }).querySelector('[aria-current="step"]')?.textContent).toContain('Mark it for throwing away');
    expect(screen.getByRole('img').querySelector('title')?.textContent).toContain('Marked to throw away: 1.');
    // No letter editor in POP3: RETR's message came from the server.
    expect(screen.queryByRole('textbox', { name: /^Letter/ })).toBeNull();

    await user.type(input, 'QUIT{Enter}');
    await flush();
    expect(within(diagram).getByRole('listitem', { current: 'step' }).textContent).toMatch(/^UPDATE:/);
    expect(screen.getByText('Goodbye! The letters you marked are in the wastebasket now.')).toBeTruthy();
    expect(useConnectionStore.getState().status).toBe('closed');
  });

  it('explains a POP3 line and links to its POP3 reference entry', async () => {
    render(<LineDetails />);
    act(() => useConnectionStore.getState().lineTyped('RETR 1'));
    await flush();
    const lines = useTranscriptStore.getState().lines;
    act(() => useTranscriptStore.getState().lineSelected(lines.find((l) => l.text === 'RETR 1')?.id ?? null));
    expect(screen.getByRole('link', { name: 'In the reference: POP3-RETR' }).getAttribute('href')).toBe('#/reference/POP3-RETR');
    act(() => useTranscriptStore.getState().lineSelected(lines.find((l) => l.text.startsWith('-ERR'))?.id ?? null));
    expect(screen.getByRole('link', { name: /^In the reference: POP3-ERR_/ })).toBeTruthy();
  });
});

describe('the mail client of "Watch a mail client do it"', () => {
  it('is offered on an SMTP connection only: on POP3 it would have nothing to say', async () => {
    const { ClassicAutoplay } = await import('../../lessons/components/autoplay-controls');
    render(<ClassicAutoplay />);
    expect(screen.queryByRole('region', { name: 'Watch a mail client do it' })).toBeNull();
    cleanup();
    act(() => useSettingsStore.getState().connectionChosen('tab'));
    await flush();
    render(<ClassicAutoplay />);
    expect(screen.getByRole('region', { name: 'Watch a mail client do it' })).toBeTruthy();
  });
});
