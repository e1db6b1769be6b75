import { describe, expect, it } from 'vitest';
import { commandHint, letterHint, suggestions } from './composer-hints';

describe('composer hints', () => {
  it('suggests the next valid commands for each state', () => {
    expect(suggestions('greeting', false)).toContain('EHLO client.thm');
    expect(suggestions('ready', true)[0]).toMatch(/^MAIL FROM:/);
    expect(suggestions('rcpt', true)).toContain('DATA');
    expect(suggestions('data', true)).toEqual([]);
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
