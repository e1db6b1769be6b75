import { describe, expect, it } from 'vitest';
import { parseCommand, VERBS } from '../protocol/command.js';
import { SEQUENCE } from '../server/states.js';
import { COMMAND_EXPLANATIONS, COMMAND_STATES, COMMAND_SYNTAX, commandSequence, explainReply } from './explain.js';

describe('command reference data', () => {
  it('gives every verb a syntax and an example that parses as that verb', () => {
    for (const verb of VERBS) {
      const { syntax, example } = COMMAND_SYNTAX[verb];
      expect(syntax.startsWith(verb), verb).toBe(true);
      const parsed = parseCommand(example);
      expect(parsed, `${verb}: ${example}`).toMatchObject({ ok: true, command: { verb } });
    }
  });

  it('explains every verb and cites an RFC', () => {
    for (const verb of VERBS) expect(COMMAND_EXPLANATIONS[verb].rfc, verb).toMatch(/^RFC \d+/);
  });
});

describe('commandSequence', () => {
  it('reads the 503s off the sequence table, state by state', () => {
    for (const verb of VERBS) {
      const row = commandSequence(verb);
      expect(Object.keys(row), verb).toEqual([...COMMAND_STATES]);
      for (const state of COMMAND_STATES) {
        const table = SEQUENCE[verb][state];
        if (table) expect(row[state], `${verb} in ${state}`).toBe(table);
      }
    }
  });

  it('allows RCPT once MAIL is given, and refuses it before with 503 need MAIL', () => {
    expect(commandSequence('RCPT')).toEqual({ greeting: 'R503_NEED_MAIL', ready: 'R503_NEED_MAIL', mail: null, rcpt: null });
  });

  it('holds DATA out of order until a recipient is accepted, as the handler does', () => {
    expect(commandSequence('DATA')).toEqual({ greeting: 'R503_NEED_MAIL', ready: 'R503_NEED_MAIL', mail: 'R503_NEED_RCPT', rcpt: null });
  });

  it('agrees with what explainReply says about a 503', () => {
    for (const verb of VERBS) {
      for (const state of COMMAND_STATES) {
        const key = commandSequence(verb)[state];
        if (key) expect(explainReply(verb, 503, undefined, state).key, `${verb} in ${state}`).toBe(key);
      }
    }
  });

  it('allows HELO, EHLO, RSET, NOOP and QUIT in every command state', () => {
    for (const verb of ['HELO', 'EHLO', 'RSET', 'NOOP', 'QUIT'] as const) expect(Object.values(commandSequence(verb)), verb).toEqual([null, null, null, null]);
  });
});
