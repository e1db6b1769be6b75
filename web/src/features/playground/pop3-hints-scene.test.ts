import { encodeText, initialObserverState, Observer } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { pop3CommandHint, pop3Suggestions } from './composer-hints';
import { pop3Node } from './pop3-state-moves';
import { describeScene, sceneOf } from './scene-model';

/** An observer fed a POP3 dialogue, in order. */
function observed(...exchange: [string, string][]) {
  const o = new Observer(() => 0, { protocol: 'pop3' });
  o.feed('server', encodeText('+OK Dovecot ready.\r\n'));
  for (const [client, server] of exchange) {
    o.feed('client', encodeText(`${client}\r\n`));
    o.feed('server', encodeText(server));
  }
  return o;
}

const LOGIN: [string, string][] = [
  ['USER strategos', '+OK\r\n'],
  ['PASS sandbox', '+OK Logged in.\r\n'],
];
const LIST: [string, string] = ['LIST', '+OK 2 messages:\r\n1 120\r\n2 80\r\n.\r\n'];
const RETR: [string, string] = ['RETR 1', '+OK 120 octets\r\nSubject: Hello\r\n\r\nHi\r\n.\r\n'];

describe('POP3 composer hints', () => {
  it('suggests the login first, then counting, fetching, marking and leaving', () => {
    expect(pop3Suggestions(null)).toEqual(['USER strategos', 'CAPA', 'STLS', 'QUIT']);
    expect(pop3Suggestions(observed(['USER strategos', '+OK\r\n']).state.pop3)).toEqual(['PASS sandbox', 'CAPA', 'STLS', 'QUIT']);
    expect(pop3Suggestions(observed(...LOGIN, LIST, ['DELE 1', '+OK Marked to be deleted.\r\n']).state.pop3)).toEqual([
      'STAT',
      'LIST',
      'RETR 2',
      'TOP 2 0',
      'UIDL',
      'DELE 2',
      'RSET',
      'QUIT',
    ]);
  });

  it('warns about what the server will refuse, in POP3’s own syntax', () => {
    const before = observed().state.pop3;
    const after = observed(...LOGIN).state.pop3;
    expect(pop3CommandHint('HELO client.thm', before)).toMatch(/^HELO is not a POP3 command/);
    expect(pop3CommandHint('RETR', after)).toBe('Written as RETR message.');
    expect(pop3CommandHint('RETR one', after)).toMatch(/takes a message number/);
    expect(pop3CommandHint('LIST', before)).toMatch(/comes after logging in/);
    expect(pop3CommandHint('PASS sandbox', before)).toBe('PASS comes after USER names the maildrop.');
    expect(pop3CommandHint('USER strategos', after)).toMatch(/logged in already/);
    expect(pop3CommandHint('retr 1', after)).toBeNull();
  });
});

describe('the PO box scene', () => {
  it('is outside before the greeting, and at the locked box after it', () => {
    const o = new Observer(() => 0, { protocol: 'pop3' });
    expect(sceneOf(o.state)).toMatchObject({ visitor: 'outside', poBox: null, envelope: null });
    expect(sceneOf(observed().state)).toMatchObject({
      visitor: 'counter',
      step: 'arrive',
      answer: { code: '+OK', refused: false },
      poBox: { unlocked: false },
    });
  });

  it('opens the box with the key, counts, shows the letter read in your hand and the marks', () => {
    const s = sceneOf(observed(...LOGIN, LIST, RETR, ['DELE 1', '+OK Marked to be deleted.\r\n']).state);
    expect(s.step).toBe('marked');
    expect(s.poBox).toMatchObject({ owner: 'strategos', unlocked: true, count: 2, marked: [1], reading: { number: 1, subject: 'Hello' }, thrownAway: 0 });
    expect(s.letter.at).toBe('hand');
    expect(describeScene(s)).toContain('Nothing is thrown away until you leave with QUIT.');
  });

  it('throws the marked letters away at QUIT only', () => {
    const quit = observed(...LOGIN, LIST, ['DELE 1', '+OK Marked to be deleted.\r\n'], ['QUIT', '+OK Logging out, messages deleted.\r\n']);
    expect(sceneOf(quit.state).poBox).toMatchObject({ thrownAway: 1, count: 1, marked: [] });
    const lost = observed(...LOGIN, LIST, ['DELE 1', '+OK Marked to be deleted.\r\n']);
    lost.closed();
    expect(sceneOf(lost.state)).toMatchObject({ visitor: 'door', poBox: { thrownAway: 0, count: 2 } });
    expect(describeScene(sceneOf(lost.state))).toContain('Nothing is thrown away.');
  });

  it('lights the POP3 state the session is in, UPDATE after a QUIT in TRANSACTION', () => {
    expect(pop3Node(initialObserverState().pop3, false)).toBe('start');
    expect(pop3Node(observed().state.pop3, true)).toBe('authorization');
    expect(pop3Node(observed(...LOGIN).state.pop3, true)).toBe('transaction');
    expect(pop3Node(observed(...LOGIN, ['QUIT', '+OK Logging out.\r\n']).state.pop3, true)).toBe('update');
    expect(pop3Node(observed(['QUIT', '+OK Logging out\r\n']).state.pop3, true)).toBe('done');
  });
});
