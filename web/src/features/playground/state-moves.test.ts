import { type ConversationState, nextState, TRANSITIONS } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { CURRENT, MOVES } from './state-moves';

const stateOf = (node: string) => (Object.keys(CURRENT) as ConversationState[]).find((s) => CURRENT[s] === node) as ConversationState;

describe('the state diagram’s moves', () => {
  it('are each a move of the table: from every source, the reply that makes it leads to its target', () => {
    for (const m of MOVES) {
      for (const from of m.from) {
        const row = TRANSITIONS.find((t) => t.on === m.on && t.from.includes(stateOf(from)));
        expect(row, `${m.label} from ${from}`).toBeDefined();
        const code = (row?.when[0] ?? 0) * 100 + 50;
        expect(nextState(stateOf(from), m.on, code), `${m.label} from ${from}`).toBe(stateOf(m.to));
      }
    }
  });

  it('draw every move the table marks as the usual path, and no other', () => {
    const drawn = MOVES.flatMap((m) => m.from.map((f) => `${f}>${m.to}`)).sort();
    const path = TRANSITIONS.filter((t) => t.path)
      .flatMap((t) => t.from.map((f) => `${CURRENT[f]}>${CURRENT[t.to]}`))
      .sort();
    expect([...new Set(drawn)]).toEqual([...new Set(path)]);
  });

  it('draw the session the way RFC 5321 tells it', () => {
    expect(MOVES.map((m) => `${m.label}: ${m.from.join(',')} → ${m.to} (${m.shape})`)).toEqual([
      '220: start → greeting (forward)',
      'HELO/EHLO: greeting → ready (forward)',
      'MAIL: ready → mail (forward)',
      'RCPT: mail → rcpt (forward)',
      'RCPT: rcpt → rcpt (loop)',
      'DATA: rcpt → data (forward)',
      '.: data → ready (back-far)',
      'RSET: mail,rcpt → ready (back-near)',
      'QUIT: greeting,ready,mail,rcpt → done (quit)',
    ]);
  });
});
