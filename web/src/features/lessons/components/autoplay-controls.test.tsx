import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../../stores/connection-store';
import { useLessonsStore } from '../../../stores/lessons-store';
import { useSettingsStore } from '../../../stores/settings-store';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { PACE_MS, useSolutionPlayerStore } from '../solution-player';
import { ClassicAutoplay } from './autoplay-controls';

/** Time passes (fake), and the in-tab sandbox's replies (microtasks) arrive in it. */
const pass = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
const player = () => screen.getByRole('region', { name: 'Watch a mail client do it' });
const status = () => within(player()).getByRole('status').textContent ?? '';
const press = (name: string) => act(() => within(player()).getByRole('button', { name }).click());

beforeEach(async () => {
  vi.useFakeTimers();
  useLessonsStore.setState({ active: null, progress: {}, completed: [], hints: {}, lastDone: null });
  useSettingsStore.setState({ connection: 'tab', personality: 'exim', scenario: 'catch-all' });
  useConnectionStore.getState().connectRequested();
  await pass(0);
});
afterEach(() => {
  act(() => useSolutionPlayerStore.getState().stopPressed());
  cleanup();
  vi.useRealTimers();
});

describe('ClassicAutoplay', () => {
  for (const personality of ['exim', 'postfix'] as const) {
    it(`plays the mail client to the end on ${personality}, saying what it sent and how it ended`, async () => {
      act(() => useSettingsStore.setState({ personality }));
      render(<ClassicAutoplay />);
      expect(within(player()).getByText(/A mail client sends lesson 7’s message to the server chosen above/)).toBeTruthy();
      press('Play');
      await pass(0);
      expect(status()).toBe('Try 1, 1 line sent. Sent: EHLO client.thm');
      expect(within(player()).getByRole('button', { name: 'Pause' })).toBeTruthy();
      for (let i = 0; i < 20 && !status().startsWith('Done'); i++) await pass(PACE_MS);
      expect(status()).toMatch(/^Done: 250 .*The server has the message now: delivering it is its job\.$/);
      expect(within(player()).getByRole('button', { name: 'Play again' })).toBeTruthy();
      expect(useTranscriptStore.getState().observed.deliveries).toHaveLength(1);
    });
  }

  it('shows the countdown before the next try on the greylisting scenario, and gets through after it', async () => {
    act(() => useSettingsStore.setState({ personality: 'postfix', scenario: 'greylisting' }));
    await pass(0);
    render(<ClassicAutoplay />);
    press('Play');
    for (let i = 0; i < 6 && !status().includes('s left'); i++) await pass(PACE_MS);
    expect(status()).toMatch(/^Try 1, 4 lines sent\. 451 4\.7\.1 at RCPT TO <strategos@server\.thm>: .* Waiting to try again: 31 s left\.$/);
    press('Pause');
    await pass(5_000);
    expect(status()).toMatch(/31 s left\.$/); // paused, the wait does not count
    press('Resume');
    for (let i = 0; i < 60 && !status().startsWith('Done'); i++) await pass(PACE_MS);
    expect(status()).toMatch(/^Done: 250 2\.0\.0 at the end of the letter/);
    expect(useSolutionPlayerStore.getState().tries).toBe(2);
  });

  it('Stop ends it, and Step then plays one line at a time from a fresh start', async () => {
    render(<ClassicAutoplay />);
    press('Play');
    await pass(PACE_MS);
    press('Stop');
    expect(status()).toBe('Stopped.');
    press('Step');
    await pass(0);
    press('Step');
    await pass(PACE_MS);
    expect(status()).toBe('Try 1, 1 line sent. Sent: EHLO client.thm');
    expect(within(player()).getByRole('button', { name: 'Resume' })).toBeTruthy();
  });
});
