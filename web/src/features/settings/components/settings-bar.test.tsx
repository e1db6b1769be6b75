import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../../stores/connection-store';
import { useSettingsStore } from '../../../stores/settings-store';
import { useTargetsStore } from '../../../stores/targets-store';
import { FakeEventSource } from '../../../testing/fake-event-source';
import { Composer } from '../../playground/components/composer';
import { SettingsBar } from './settings-bar';

const flush = () => act(() => new Promise((r) => setTimeout(r, 0)));

beforeEach(() => vi.stubGlobal('EventSource', FakeEventSource));
afterEach(() => {
  cleanup();
  act(() => useSettingsStore.getState().connectionChosen('tab'));
  vi.unstubAllGlobals();
});

describe('SettingsBar', () => {
  it('offers only the in-tab sandbox without a relay, and says why', () => {
    useTargetsStore.getState().relayUnreachable('This page can’t reach a relay (GET /api/targets failed), so only the in-tab sandbox is offered.');
    render(<SettingsBar />);
    const picker = screen.getByRole('combobox', { name: 'Server' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['In-tab sandbox (no server needed)', 'In-tab POP3 sandbox (no server needed)']);
    expect(picker.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(picker.getAttribute('aria-describedby') as string)?.textContent).toMatch(/^This page can’t reach a relay/);
  });

  it('offers the relay’s sandbox, its real servers and watching, and watching disables the composer', async () => {
    useTargetsStore.getState().targetsListed([
      { name: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, sandbox: true },
      { name: 'lab', address: 'mail.lab.test:25', tls: 'starttls', insecure: true, sandbox: false },
    ]);
    const user = userEvent.setup();
    render(
      <>
        <SettingsBar />
        <Composer />
      </>,
    );
    const picker = screen.getByRole('combobox', { name: 'Server' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'In-tab sandbox (no server needed)',
      'In-tab POP3 sandbox (no server needed)',
      'Relay sandbox — 127.0.0.1:2525',
      'lab (through the relay) — mail.lab.test:25, STARTTLS, certificate not verified',
      'Watch port 2525',
    ]);
    await user.selectOptions(picker, 'Watch port 2525');
    expect(useSettingsStore.getState().connection).toBe('watch');
    const command = screen.getByRole('textbox', { name: 'SMTP command' });
    expect(command).toHaveProperty('disabled', true);
    expect(document.getElementById(command.getAttribute('aria-describedby') as string)?.textContent).toMatch(
      /^Watching: type in your terminal, e\.g\. telnet localhost 2525\./,
    );
    expect(screen.queryByRole('combobox', { name: 'Personality' })).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('Connecting to the relay’s watch feed…');
  });

  it('offers the relay’s POP3 sandbox and watching its port when the relay lists it', async () => {
    useTargetsStore.getState().targetsListed([
      { name: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, sandbox: true },
      { name: 'pop3', address: '127.0.0.1:2110', tls: 'starttls', insecure: false, sandbox: true },
    ]);
    const user = userEvent.setup();
    render(
      <>
        <SettingsBar />
        <Composer />
      </>,
    );
    const picker = screen.getByRole('combobox', { name: 'Server' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'In-tab sandbox (no server needed)',
      'In-tab POP3 sandbox (no server needed)',
      'Relay sandbox — 127.0.0.1:2525',
      'Watch port 2525',
      'Relay POP3 sandbox — 127.0.0.1:2110, STLS',
      'Watch POP3 port 2110',
    ]);
    await user.selectOptions(picker, 'Watch POP3 port 2110');
    expect(useSettingsStore.getState().connection).toBe('watch-pop3');
    expect(FakeEventSource.made.at(-1)?.url).toBe('/api/watch?protocol=pop3');
    const command = screen.getByRole('textbox', { name: 'POP3 command' });
    expect(command).toHaveProperty('disabled', true);
    expect(document.getElementById(command.getAttribute('aria-describedby') as string)?.textContent).toMatch(/telnet localhost 2110\./);
  });

  it('keeps a POP3 choice in the tab when there is no relay', () => {
    useTargetsStore.getState().relayUnreachable('no relay');
    act(() => useSettingsStore.getState().connectionChosen('relay:pop3'));
    render(<SettingsBar />);
    expect((screen.getByRole('combobox', { name: 'Server' }) as HTMLSelectElement).value).toBe('tab-pop3');
    expect(screen.getByText(/A Dovecot-like POP3 server over this tab’s mailbox/)).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Personality' })).toBeNull();
  });

  it('shows the lock once the session is (here, pretends to be) encrypted', async () => {
    render(<SettingsBar />);
    act(() => useConnectionStore.getState().connectRequested());
    await flush();
    expect(screen.getByRole('region', { name: 'Connection' }).textContent).toContain('Plain text: not encrypted.');
    for (const line of ['EHLO client.thm', 'STARTTLS']) {
      act(() => useConnectionStore.getState().lineTyped(line));
      await flush();
    }
    expect(screen.getByRole('region', { name: 'Connection' }).textContent).toContain('TLS simulated (not encrypted)');
  });
});
