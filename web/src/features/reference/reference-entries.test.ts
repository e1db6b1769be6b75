import { COMMAND_STATES, SEQUENCE, VERBS } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { COMMANDS, ENHANCED_ENTRIES, type Entry, matches, REPLY_ENTRIES, resolveEntry, wordsOf } from './reference-entries';

const all: readonly Entry[] = [...COMMANDS, ...REPLY_ENTRIES, ...ENHANCED_ENTRIES];
const search = (q: string) => all.filter((e) => matches(e, q)).map((e) => e.id);

describe('reference entries', () => {
  it('has one entry per verb, per catalogued reply and per enhanced detail', () => {
    expect(COMMANDS.map((c) => c.id)).toEqual([...VERBS]);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it('reads the valid states of every command off SEQUENCE', () => {
    for (const c of COMMANDS) {
      const outOfOrder = Object.keys(SEQUENCE[c.id]);
      for (const state of outOfOrder) expect(c.valid, `${c.id} in ${state}`).not.toContain(state);
      // The one exception SEQUENCE leaves to the handler: DATA needs an accepted recipient.
      const expected = COMMAND_STATES.filter((s) => !outOfOrder.includes(s) && !(c.id === 'DATA' && s === 'mail'));
      expect(c.valid, c.id).toEqual(expected);
    }
  });

  it('says what Exim-like and Postfix-like servers send, with their own codes', () => {
    const relay = REPLY_ENTRIES.find((r) => r.id === 'R554_RELAY_DENIED');
    // The parity corpus accepts every recipient, so no real server was heard refusing a relay.
    expect(relay?.sayings).toEqual([
      { who: 'Neutral', lines: ['554 5.7.1 <{address}>: Relay access denied'], heard: null },
      { who: 'Exim-like', lines: ['550 relay not permitted'], heard: { server: 'Exim 4.96', yes: false } },
      { who: 'Postfix-like', lines: ['554 5.7.1 <{address}>: Relay access denied'], heard: { server: 'Postfix 3.7', yes: false } },
    ]);
  });

  it('says which wordings the real servers were heard saying in the parity corpus', () => {
    const quit = REPLY_ENTRIES.find((r) => r.id === 'R221_BYE');
    expect(quit?.sayings.map((s) => s.heard?.yes)).toEqual([undefined, true, true]);
    expect(quit?.sayings[2]?.lines).toEqual(['221 2.0.0 Bye']);
  });

  it('lists the replies that carry each enhanced detail, by the full code they send', () => {
    const policy = ENHANCED_ENTRIES.find((e) => e.id === 'X.7.0');
    expect(policy?.usedBy.map((u) => u.code)).toEqual(['2.7.0', '4.7.0', '5.7.0']);
    expect(policy?.usedBy[2]?.replies).toContain('R530_TLS_REQUIRED');
  });
});

describe('search', () => {
  it('finds replies by code, exactly', () => {
    const found = search('503');
    expect(found).toContain('R503_NEED_MAIL');
    // Exim-like answers 503 where the catalogue says 554: the search knows what each server sends.
    expect(found.filter((id) => id.startsWith('R5') && !id.startsWith('R503'))).toEqual(['R554_NO_VALID_RCPTS', 'R554_BDAT_NO_RCPTS']);
    expect(found).not.toContain('R500_UNKNOWN');
  });

  it('finds an enhanced code exactly, not its longer cousins or RFC sections', () => {
    expect(search('5.1.1')).toEqual(['R550_UNKNOWN_USER', 'X.1.1']);
    expect(search('X.1.10')).toEqual(['X.1.10']);
  });

  it('finds by verb, by words in any case, and by a server’s own text', () => {
    expect(search('RCPT')).toContain('RCPT');
    expect(search('relay access')).toEqual(['R554_RELAY_DENIED']);
    expect(search('sender not yet given')).toEqual(['R503_NEED_MAIL']);
    expect(search('')).toHaveLength(all.length);
    expect(search('no-such-word')).toEqual([]);
  });

  it('splits catalogue keys into words', () => {
    expect([...wordsOf('R503_NEED_MAIL')]).toEqual(['r503_need_mail', 'r503', 'need', 'mail']);
  });
});

describe('resolveEntry', () => {
  it('resolves keys, verbs in any case and enhanced codes of any class', () => {
    expect(resolveEntry('R503_NEED_MAIL')).toBe('R503_NEED_MAIL');
    expect(resolveEntry('mail')).toBe('MAIL');
    expect(resolveEntry('5.1.1')).toBe('X.1.1');
    expect(resolveEntry('4.7.1')).toBe('X.7.1');
    expect(resolveEntry('451')).toBeNull();
    expect(resolveEntry('5.9.9')).toBeNull();
  });
});

describe('POP3 entries', () => {
  it('lists every POP3 command and catalogue reply, found by search with the rest', async () => {
    const { POP3_COMMANDS, POP3_REPLY_ENTRIES, matches, resolveEntry } = await import('./reference-entries');
    const { POP3_REPLIES, POP3_VERBS } = await import('@smtp-playground/shared');
    expect(POP3_COMMANDS.map((c) => c.verb)).toEqual([...POP3_VERBS]);
    expect(POP3_REPLY_ENTRIES).toHaveLength(Object.keys(POP3_REPLIES).length);
    expect(POP3_COMMANDS.filter((c) => matches(c, 'retr')).map((c) => c.id)).toEqual(['POP3-RETR']);
    expect(POP3_REPLY_ENTRIES.find((r) => r.id === 'POP3-OK_GREETING')?.sayings.map((s) => s.lines[0])).toEqual([
      '+OK POP3 server ready',
      '+OK Dovecot ready.',
    ]);
    expect(POP3_COMMANDS.find((c) => c.verb === 'DELE')?.valid).toEqual(['TRANSACTION']);
    expect(resolveEntry('pop3-retr')).toBe('POP3-RETR');
    expect(resolveEntry('POP3-OK_GREETING')).toBe('POP3-OK_GREETING');
    expect(resolveEntry('POP3-HELO')).toBeNull();
  });
});
