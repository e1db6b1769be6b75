/**
 * Golden C:/S: transcripts (Go net/smtp style): each file is replayed through the
 * sandbox, line by line, with CRLF and with bare LF, whole and byte by byte.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERSONALITIES } from '../src/index.js';
import { connect } from './harness.js';

const dir = new URL('./fixtures/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.transcript'));

const ID_PATTERNS: Record<string, string> = {
  exim: '[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}',
  postfix: '[0-9A-F]{10,12}',
};

function expectLine(actual: string | undefined, pattern: string, personality: string) {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('\\{ID\\}', ID_PATTERNS[personality] as string);
  expect(actual).toMatch(new RegExp(`^${escaped}$`));
}

/** Replays a transcript; `split` sends each client line byte by byte. */
function replay(text: string, ending: '\r\n' | '\n', split: boolean) {
  const personality = /^# personality: (\w+)/m.exec(text)?.[1] ?? 'exim';
  const h = connect({ personality: PERSONALITIES[personality as keyof typeof PERSONALITIES] });
  const pending = h.greeting.split('\r\n').filter(Boolean);
  for (const raw of text.split('\n')) {
    if (raw.startsWith('C:')) {
      const line = raw.slice(3) + ending;
      let out = '';
      if (split) for (const ch of line) out += h.send(ch);
      else out = h.send(line);
      pending.push(...out.split('\r\n').filter(Boolean));
    } else if (raw.startsWith('S:')) {
      expectLine(pending.shift(), raw.slice(3), personality);
    }
  }
  expect(pending).toEqual([]);
  return h;
}

describe('golden transcripts', () => {
  for (const file of files) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const [name, ending] of [
      ['CRLF', '\r\n'],
      ['bare LF', '\n'],
    ] as const) {
      it(`${file} replays with ${name}`, () => {
        const h = replay(text, ending, false);
        expect(h.mailbox.list().length).toBe(text.includes('{ID}') ? 1 : 0);
      });
      it(`${file} replays with ${name}, one byte at a time`, () => {
        replay(text, ending, true);
      });
    }
  }
});
