import { COMMAND_STATES, parseCommand, SEQUENCE, TRANSITIONS } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { commandHint, letterHint, suggestions } from './composer-hints';

describe('composer hints', () => {
  it('suggests the next valid commands for each state', () => {
    expect(suggestions('greeting')).toEqual(['EHLO client.thm', 'HELO client.thm', 'QUIT']);
    expect(suggestions('ready')[0]).toMatch(/^MAIL FROM:/);
    expect(suggestions('rcpt')).toEqual(['RCPT TO:<another@server.thm>', 'DATA', 'RSET', 'QUIT']);
    expect(suggestions('data')).toEqual([]);
    expect(suggestions('closed')).toEqual([]);
  });

  it('suggests only lines the sandbox takes in that state, each moving the conversation as the table says', () => {
    for (const state of COMMAND_STATES) {
      for (const line of suggestions(state)) {
        const parsed = parseCommand(line);
        expect(parsed.ok, line).toBe(true);
        if (!parsed.ok) continue;
        // Not refused as out of sequence, and a move of the usual path out of this state.
        expect(SEQUENCE[parsed.command.verb][state], `${line} in ${state}`).toBeUndefined();
        expect(
          TRANSITIONS.some((t) => t.path && t.on === parsed.command.verb && t.from.includes(state)),
          `${line} in ${state}`,
        ).toBe(true);
      }
    }
  });
  it('warns about a missing pair of angle brackets and malformed commands, not good ones', () => {
    expect(commandHint('MAIL FROM:user@client.thm')).toMatch(/angle brackets/);
    expect(commandHint('MAIL FROM <user@client.thm>')).toMatch(/expected ':'/);
    expect(commandHint('MAIL FROM:<user@client.thm>')).toBeNull();
    expect(commandHint('')).toBeNull();
  });
  it('warns when the letter has no blank line after its headers', () => {
    expect(letterHint('Subject: hi\nbody')).toMatch(/blank line/);
    expect(letterHint('Subject: hi\n\nbody')).toBeNull();
    expect(letterHint('just text')).toMatch(/headers/);
  });
});
