import { postfix } from '@smtp-playground/shared';
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCompareStore } from '../../../stores/compare-store';
import { type TargetSummary, useTargetsStore } from '../../../stores/targets-store';
import { sessionRelay } from '../../../testing/session-relay-socket';
import { CompareView } from './compare-view';

// A whole run plays every safe dialogue, each waiting a moment where the server stays silent.
configure({ asyncUtilTimeout: 20_000 });
const initial = useCompareStore.getState();
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  useCompareStore.setState(initial, true);
});

const SANDBOX: TargetSummary = { name: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, sandbox: true };
const LAB: TargetSummary = { name: 'lab', address: '192.0.2.25:25', tls: 'starttls', insecure: true, sandbox: false };

describe('CompareView', () => {
  it('says comparing needs the relay, and how to start it with a target, when the page has none', () => {
    useTargetsStore.getState().relayUnreachable('This page can’t reach a relay.');
    render(<CompareView />);
    const note = screen.getByRole('region', { name: 'Relay needed' });
    expect(note.textContent).toContain('npm start -- --target NAME=HOST:PORT');
    expect(note.textContent).toContain('This page can’t reach a relay.');
    expect(screen.queryByRole('button', { name: 'Compare' })).toBeNull();
  });

  it('compares the chosen server with the chosen personality, and shows a dialogue side by side with its differences explained', async () => {
    vi.stubGlobal('WebSocket', sessionRelay(postfix));
    useTargetsStore.getState().targetsListed([SANDBOX, LAB]);
    const user = userEvent.setup();
    render(<CompareView />);
    expect((screen.getByRole('combobox', { name: 'Server to compare' }) as HTMLSelectElement).value).toBe('lab');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sandbox personality' }), 'Exim-like');
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    await screen.findByText(/^Done: \d+ dialogues played\.$/);

    const card = screen.getByRole('region', { name: 'Fingerprint of lab' });
    const row = (label: string) =>
      within(card)
        .getByRole('rowheader', { name: new RegExp(`^${label}`) })
        .closest('tr') as HTMLElement;
    expect(row('Banner').textContent).toContain('220 example.thm ESMTP Postfix (Debian/GNU)');
    expect(row('Banner').textContent).toContain('220 example.thm ESMTP Exim 4.95 Ubuntu');
    expect(within(row('Banner')).getByRole('rowheader').textContent).toBe('Banner≠ (differs)');
    expect(row('Size limit').textContent).toContain('10240000 bytes');

    const dialogues = screen.getByRole('list', { name: 'Dialogues' });
    await user.click(within(dialogues).getByText('ehlo'));
    const table = screen.getByRole('table', { name: 'ehlo: lab beside Sandbox (Exim-like)' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Difference', 'lab', 'Sandbox (Exim-like)']);
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => r.textContent);
    // Each row: the sign (hidden from screen readers), its words (for them), the two lines.
    expect(rows).toContain('~same reply code, other wordsS: 220 example.thm ESMTP Postfix (Debian/GNU)S: 220 example.thm ESMTP Exim 4.95 Ubuntu');
    expect(rows).toContain('↳ Same code 220, worded differently.');
    expect(rows).toContain('<only the real serverS: 250-VRFY');
    expect(rows).toContain('C: QUITC: QUIT');
    expect(rows).toContain('↳ Only the real server offers VRFY.');

    await user.click(screen.getByRole('checkbox', { name: 'Only dialogues that differ' }));
    expect(within(dialogues).getAllByRole('listitem').length).toBe(useCompareStore.getState().results.filter((c) => !c.sameText).length);
  }, 60_000);
});
