import { encodeText, Observer } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { describeScene, fit, sceneOf } from './scene-model';

/** Feeds a conversation written as C:/S: lines (the letter's lines are C: too) and returns the observer. */
function observe(lines: string[], observer = new Observer()): Observer {
  for (const l of lines) observer.feed(l.startsWith('C: ') ? 'client' : 'server', encodeText(`${l.slice(3)}\r\n`));
  return observer;
}

// A setup ladder through the classic session (README), one step per rung.
const arrived = () => observe(['S: 220 example.thm ESMTP Exim 4.95 Ubuntu']);
const greeted = () => observe(['C: HELO client.thm', 'S: 250 example.thm Hello client.thm'], arrived());
const addressed = () => observe(['C: MAIL FROM: <user@client.thm>', 'S: 250 OK'], greeted());
const withRecipients = () =>
  observe(
    [
      'C: RCPT TO: <strategos@server.thm>',
      'S: 250 Accepted',
      'C: RCPT TO: <another@server.thm>',
      'S: 250 Accepted',
      'C: RCPT TO: <friend@server..thm>',
      'S: 501 <friend@server..thm>: domain missing or malformed',
    ],
    addressed(),
  );
const handingOver = () =>
  observe(['C: DATA', 'S: 354 Enter message, ending with "." on a line by itself', 'C: Subject: Telnet email', 'C: ', 'C: Hello.'], withRecipients());
const sealed = () => observe(['C: .', 'S: 250 OK id=1sMrpq-0001Ah-UT'], handingOver());
const left = () => observe(['C: QUIT', 'S: 221 example.thm closing connection'], sealed());

describe('sceneOf', () => {
  it('keeps the door closed and the visitor outside before the greeting', () => {
    const s = sceneOf(new Observer().state);
    expect(s).toMatchObject({ door: 'closed', visitor: 'outside', said: null, answer: null, envelope: null, bagged: 0 });
    expect(s.letter.at).toBe('away');
    expect(s.receipt.at).toBe('clerk');
  });

  it('walks the visitor in to the counter, letter in hand, when the server greets', () => {
    const s = sceneOf(arrived().state);
    expect(s).toMatchObject({
      step: 'arrive',
      door: 'open',
      visitor: 'counter',
      said: null,
      answer: { code: 220, refused: false },
      server: 'example.thm',
      envelope: null,
    });
    expect(s.letter.at).toBe('hand');
  });

  it('puts a blank envelope on the counter once the clerk is greeted', () => {
    const s = sceneOf(greeted().state);
    expect(s.said).toBe('HELO');
    expect(s.envelope).toMatchObject({ returnAddress: null, recipients: [], sealed: false });
  });

  it('writes the return address on the envelope after MAIL FROM', () => {
    expect(sceneOf(addressed().state).envelope?.returnAddress).toBe('user@client.thm');
  });

  it('adds a line per recipient, a refused one marked', () => {
    const s = sceneOf(withRecipients().state);
    expect(s.envelope?.recipients).toEqual([
      { address: 'strategos@server.thm', status: 'accepted', reply: 'Accepted' },
      { address: 'another@server.thm', status: 'accepted', reply: 'Accepted' },
      { address: 'friend@server..thm', status: 'refused', reply: '<friend@server..thm>: domain missing or malformed' },
    ]);
    // The last answer was the refusal: the clerk is shaking their head.
    expect(s.answer).toEqual({ code: 501, refused: true });
    expect(s.shake).not.toBeNull();
  });

  it('marks a recipient whose answer has not come yet as waiting', () => {
    const o = addressed().state;
    const s = sceneOf({ ...o, recipients: [{ address: 'later@server.thm', accepted: null, reply: null }] });
    expect(s.envelope?.recipients).toEqual([{ address: 'later@server.thm', status: 'waiting', reply: null }]);
    expect(describeScene(s)).toContain('1 recipient: later@server.thm (waiting for the answer).');
  });

  it('shakes again for a second refusal, and stops when a command is accepted', () => {
    const first = sceneOf(withRecipients().state).shake;
    const o = observe(['C: RCPT TO: <x@@server.thm>', 'S: 501 <x@@server.thm>: malformed address'], withRecipients());
    expect(sceneOf(o.state).shake).not.toBe(first);
    expect(sceneOf(observe(['C: NOOP', 'S: 250 OK'], o).state).shake).toBeNull();
  });

  it('holds the letter over the envelope during DATA, its lines counted as they come', () => {
    const s = sceneOf(handingOver().state);
    expect(s.letter).toMatchObject({ at: 'over', subject: 'Telnet email', lines: 2 });
    expect(s.said).toBe('DATA');
  });

  it('seals the same envelope with the letter inside, stamps it and hands a receipt with the queue id', () => {
    const before = sceneOf(handingOver().state);
    const s = sceneOf(sealed().state);
    expect(s.step).toBe('sealed');
    expect(s.envelope).toMatchObject({ sealed: true, returnAddress: 'user@client.thm', key: before.envelope?.key });
    // What carries on is what the server accepted.
    expect(s.envelope?.recipients.map((r) => r.address)).toEqual(['strategos@server.thm', 'another@server.thm']);
    // Same keys as while handing over: the letter slides in rather than appearing anew.
    expect(s.letter).toMatchObject({ at: 'inside', key: before.letter.key });
    expect(s.receipt).toEqual({ at: 'hand', queueId: '1sMrpq-0001Ah-UT', key: before.receipt.key });
    expect(s.said).toBe('.');
    expect(s.bagged).toBe(0);
  });

  it('walks the visitor to the door with the receipt after QUIT; the envelope is in the mailbag', () => {
    const before = sceneOf(sealed().state);
    const s = sceneOf(left().state);
    expect(s).toMatchObject({ step: 'leave', visitor: 'door', said: 'QUIT', envelope: null, bagged: 1 });
    expect(s.receipt).toEqual({ ...before.receipt, at: 'door' });
    expect(s.letter.at).toBe('away');
  });

  it('starts a new envelope and letter for the next transaction', () => {
    const s = sceneOf(observe(['C: MAIL FROM:<user@client.thm>', 'S: 250 OK'], sealed()).state);
    const before = sceneOf(sealed().state);
    expect(s.envelope?.key).not.toBe(before.envelope?.key);
    expect(s.letter).toMatchObject({ at: 'hand' });
    expect(s.letter.key).not.toBe(before.letter.key);
    expect(s.receipt.at).toBe('clerk');
    expect(s.bagged).toBe(1);
  });

  it('leaves with the letter still in hand when nothing was sent', () => {
    const s = sceneOf(observe(['C: QUIT', 'S: 221 example.thm closing connection'], addressed()).state);
    expect(s.letter.at).toBe('door');
    expect(s.receipt.at).toBe('clerk');
  });
});

describe('describeScene', () => {
  it('says the picture in words, the refused recipient included', () => {
    const text = describeScene(sceneOf(withRecipients().state));
    expect(text).toContain('You are at the counter of example.thm.');
    expect(text).toContain('You said RCPT; the clerk shakes their head: 501.');
    expect(text).toContain('3 recipients: strategos@server.thm, another@server.thm, friend@server..thm (refused, crossed out).');
    expect(text).toContain('Your letter is in your hand.');
  });

  it('names the receipt, and the letters in the mailbag', () => {
    expect(describeScene(sceneOf(sealed().state))).toContain('a sealed, stamped envelope');
    expect(describeScene(sceneOf(sealed().state))).toContain('The clerk hands you a receipt: 1sMrpq-0001Ah-UT.');
    expect(describeScene(sceneOf(left().state))).toContain('You keep the receipt: 1sMrpq-0001Ah-UT. 1 letter in the mailbag.');
  });

  it('says the door is closed before connecting', () => {
    expect(describeScene(sceneOf(new Observer().state))).toBe('The post office. The door is closed and you are outside.');
  });
});

describe('fit', () => {
  it('cuts long text with an ellipsis and leaves short text alone', () => {
    expect(fit('strategos@server.thm', 30)).toBe('strategos@server.thm');
    expect(fit('a-very-long-name@example.com', 10)).toBe('a-very-lo…');
  });
});
