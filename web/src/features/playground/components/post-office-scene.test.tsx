import { encodeText } from '@smtp-playground/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { PostOfficeScene } from './post-office-scene';

/** Plays a conversation written as C:/S: lines into the transcript store, as the connection would. */
function play(...lines: string[]) {
  act(() => {
    const t = useTranscriptStore.getState();
    for (const l of lines) (l.startsWith('C: ') ? t.bytesSent : t.bytesReceived)(encodeText(`${l.slice(3)}\r\n`));
  });
}

// A setup ladder through the classic session.
const arrive = () => play('S: 220 example.thm ESMTP Exim 4.95 Ubuntu');
const greet = () => {
  arrive();
  play('C: HELO client.thm', 'S: 250 example.thm Hello client.thm');
};
const addRecipients = () => {
  greet();
  play(
    'C: MAIL FROM: <user@client.thm>',
    'S: 250 OK',
    'C: RCPT TO: <strategos@server.thm>',
    'S: 250 Accepted',
    'C: RCPT TO: <friend@server..thm>',
    'S: 501 <friend@server..thm>: domain missing or malformed',
  );
};
const seal = () => {
  addRecipients();
  play(
    'C: DATA',
    'S: 354 Enter message, ending with "." on a line by itself',
    'C: Subject: Telnet email',
    'C: ',
    'C: Hello.',
    'C: .',
    'S: 250 OK id=1sMrpq-0001Ah-UT',
  );
};

const picture = () => within(screen.getByRole('region', { name: 'Post office' })).getByRole('img');
const drawn = (selector: string) => picture().querySelector(selector);

beforeEach(() => {
  const t = useTranscriptStore.getState();
  t.historyCleared();
  t.sessionStarted();
});
afterEach(cleanup);

describe('PostOfficeScene', () => {
  it('draws the post office closed, with the visitor outside, before the greeting', () => {
    render(<PostOfficeScene />);
    expect(picture().getAttribute('data-step')).toBe('outside');
    expect(screen.getByRole('img', { name: 'The post office. The door is closed and you are outside.' })).toBeTruthy();
    expect(drawn('[data-visitor]')?.getAttribute('data-visitor')).toBe('outside');
  });

  it('brings the visitor to the counter when the server greets, and the clerk says what to do', () => {
    render(<PostOfficeScene />);
    arrive();
    expect(screen.getByRole('img', { name: /^You are at the counter of example\.thm\. The clerk greeted you: 220\./ })).toBeTruthy();
    expect(drawn('[data-visitor]')?.getAttribute('data-visitor')).toBe('counter');
    expect(screen.getByText(/Please introduce yourself/).textContent).toContain('The clerk says:');
  });

  it('writes the return address and one line per recipient on the envelope, the refused one crossed out', () => {
    render(<PostOfficeScene />);
    addRecipients();
    const envelope = screen.getByRole('figure', { name: 'Envelope on the counter' });
    expect(envelope.textContent).toContain('Return address: user@client.thm');
    const items = within(within(envelope).getByRole('list', { name: 'Recipients' })).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      '✓ strategos@server.thm',
      '✗ friend@server..thm refused: <friend@server..thm>: domain missing or malformed',
    ]);
    // In the picture: both lines, the refused one struck through.
    expect([...picture().querySelectorAll('[data-recipient]')].map((g) => g.getAttribute('data-recipient'))).toEqual(['accepted', 'refused']);
    expect(drawn('[data-recipient="refused"] line')).not.toBeNull();
    expect(picture().textContent).toContain('user@client.thm');
    expect(screen.getByRole('img', { name: /2 recipients: strategos@server\.thm, friend@server\.\.thm \(refused, crossed out\)/ })).toBeTruthy();
  });

  it('shows a refusal as the clerk shaking their head, with the reply’s words', () => {
    render(<PostOfficeScene />);
    addRecipients();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The clerk shakes their head: 501 <friend@server..thm>: domain missing or malformed');
    expect(screen.getByRole('img', { name: /You said RCPT; the clerk shakes their head: 501\./ })).toBeTruthy();
    expect(picture().querySelector('[class*="animate-[shake"]')).not.toBeNull();
    // Answered yes again: the head keeps still and the alert goes.
    play('C: NOOP', 'S: 250 OK');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(picture().querySelector('[class*="animate-[shake"]')).toBeNull();
  });

  it('slides the letter over the envelope during DATA, and seals it with a receipt that has the queue id', () => {
    render(<PostOfficeScene />);
    addRecipients();
    expect(drawn('[data-letter]')?.getAttribute('data-letter')).toBe('hand');
    play('C: DATA', 'S: 354 Enter message, ending with "." on a line by itself');
    expect(drawn('[data-letter]')?.getAttribute('data-letter')).toBe('over');
    const before = drawn('[data-letter]');
    play('C: Subject: Telnet email', 'C: ', 'C: Hello.', 'C: .', 'S: 250 OK id=1sMrpq-0001Ah-UT');
    // The same element, moved: that is what lets CSS slide it in.
    expect(drawn('[data-letter]')).toBe(before);
    expect(drawn('[data-letter]')?.getAttribute('data-letter')).toBe('inside');
    expect(drawn('[data-postmark]')).not.toBeNull();
    expect(drawn('[data-receipt]')?.getAttribute('data-receipt')).toBe('hand');
    expect(drawn('[data-receipt]')?.textContent).toContain('1sMrpq-0001Ah-UT');
    expect(screen.getByRole('region', { name: 'Receipt' }).textContent).toContain('1sMrpq-0001Ah-UT');
    expect(screen.getByRole('img', { name: /The clerk hands you a receipt: 1sMrpq-0001Ah-UT\./ })).toBeTruthy();
    expect(screen.getByRole('figure', { name: 'Letter on the counter' }).textContent).toContain('Hello.');
  });

  it('walks the visitor to the door with the receipt after QUIT', () => {
    render(<PostOfficeScene />);
    seal();
    play('C: QUIT', 'S: 221 example.thm closing connection');
    expect(
      within(screen.getByRole('list', { name: 'Steps' }))
        .getByText(/Leave/)
        .closest('li')
        ?.getAttribute('aria-current'),
    ).toBe('step');
    expect(drawn('[data-visitor]')?.getAttribute('data-visitor')).toBe('door');
    expect(drawn('[data-receipt]')?.getAttribute('data-receipt')).toBe('door');
    expect(
      screen.getByRole('img', { name: /You are leaving through the door\..*You keep the receipt: 1sMrpq-0001Ah-UT\. 1 letter in the mailbag\./ }),
    ).toBeTruthy();
  });

  it('moves and animates only behind motion-safe, so reduced motion shows no movement', () => {
    render(<PostOfficeScene />);
    seal();
    play('C: RCPT TO:<x@server.thm>', 'S: 503 sender not yet given'); // a refusal: the shake too
    const region = screen.getByRole('region', { name: 'Post office' });
    const moving = [...region.querySelectorAll('*')].flatMap((el) =>
      (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => /(^|:)(transition|animate-|duration-)/.test(c)),
    );
    expect(moving.length).toBeGreaterThan(5);
    expect(moving.filter((c) => !c.startsWith('motion-safe:'))).toEqual([]);
  });

  it('folds into one line on narrow screens, saying the step, and opens on request', async () => {
    const user = userEvent.setup();
    render(<PostOfficeScene />);
    addRecipients();
    const fold = screen.getByRole('button', { name: 'Post office Recipients (RCPT TO) refused: 501' });
    expect(fold.getAttribute('aria-expanded')).toBe('false');
    const body = document.getElementById(fold.getAttribute('aria-controls') ?? '');
    expect(body?.classList.contains('hidden')).toBe(true);
    expect(body?.className).toContain('@4xl:flex'); // always open where there is room
    await user.click(fold);
    expect(fold.getAttribute('aria-expanded')).toBe('true');
    expect(body?.classList.contains('hidden')).toBe(false);
  });
});
