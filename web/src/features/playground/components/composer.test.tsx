import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useConnectionStore } from '../../../stores/connection-store';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { Composer } from './composer';

afterEach(cleanup);

describe('Composer', () => {
  it('sends what the learner types on Enter, and recalls it with the up arrow', async () => {
    useConnectionStore.getState().connectRequested();
    const user = userEvent.setup();
    render(<Composer />);
    const input = await screen.findByRole('textbox', { name: /SMTP command/ });
    await user.type(input, 'HELO client.thm{Enter}');
    await screen.findByRole('button', { name: /MAIL FROM:/ }); // suggestions follow the server's reply
    expect(useTranscriptStore.getState().lines.map((l) => l.text)).toContain('250 example.thm Hello client.thm');
    expect(input).toHaveProperty('value', '');
    await user.type(input, '{ArrowUp}');
    expect(input).toHaveProperty('value', 'HELO client.thm');
  });

  it('hints before sending an address without angle brackets', async () => {
    const user = userEvent.setup();
    render(<Composer />);
    const input = (await screen.findAllByRole('textbox', { name: /SMTP command/ })).at(-1) as HTMLElement;
    await user.type(input, 'MAIL FROM:user@client.thm');
    expect(screen.getByText(/angle brackets/)).toBeTruthy();
  });

  it('sends a bare LF when the learner chooses it, and CRLF again after', async () => {
    useConnectionStore.getState().connectRequested();
    const user = userEvent.setup();
    render(<Composer />);
    const input = await screen.findByRole('textbox', { name: /SMTP command/ });
    const client = () => useTranscriptStore.getState().lines.filter((l) => l.direction === 'client');
    expect(screen.getByRole('radio', { name: 'CRLF (standard)' })).toHaveProperty('checked', true);

    await user.click(screen.getByRole('radio', { name: 'LF only (a bare LF)' }));
    expect(screen.getByRole('textbox', { name: /Enter sends it with a bare LF/ })).toBe(input);
    await user.type(input, 'NOOP{Enter}');
    expect(client().at(-1)).toMatchObject({ text: 'NOOP', ending: 'lf' });

    await user.click(screen.getByRole('radio', { name: 'CRLF (standard)' }));
    await user.type(input, 'NOOP{Enter}');
    expect(client().at(-1)).toMatchObject({ text: 'NOOP', ending: 'crlf' });
  });
});
