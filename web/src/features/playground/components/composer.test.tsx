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

  it('after 354, says how many letter lines get a second dot, and sends them so', async () => {
    useConnectionStore.getState().connectRequested();
    const user = userEvent.setup();
    render(<Composer />);
    for (const line of ['HELO client.thm', 'MAIL FROM:<user@client.thm>', 'RCPT TO:<strategos@server.thm>', 'DATA']) {
      await user.type(await screen.findByRole('textbox', { name: /SMTP command/ }), `${line}{Enter}`);
    }
    const letter = await screen.findByRole('textbox', { name: /^Letter/ });
    await user.clear(letter);
    await user.type(letter, 'Subject: dots{Enter}{Enter}.one{Enter}plain');
    expect(screen.getByText(/^Dot-stuffing: 1 line starts with a dot/)).toBeTruthy();
    await user.type(letter, '{Enter}..two');
    expect(screen.getByText(/^Dot-stuffing: 2 lines start with a dot/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Send letter and final dot' }));
    const client = useTranscriptStore
      .getState()
      .lines.filter((l) => l.direction === 'client')
      .map((l) => l.text);
    expect(client.slice(-4)).toEqual(['..one', 'plain', '...two', '.']);
  });
});
