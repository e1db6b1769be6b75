import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIALOGUES, type DialogueCategory } from './dialogues.js';
import { type ParityGolden, stepLines, stepText } from './transcript.js';

const CATEGORIES: DialogueCategory[] = [
  'session',
  'sequence',
  'syntax',
  'long',
  'recipients',
  'parameters',
  'commands',
  'data',
  'line-endings',
  'pipelining',
  'auth',
  'starttls',
  'bdat',
  'limits',
  'quit',
];

/** Every client line a dialogue sends, as a golden shows them. */
function sentLines(id: string): string[] {
  const d = DIALOGUES.find((x) => x.id === id);
  return d ? d.steps.flatMap((s) => stepLines(s)) : [];
}

/** A golden's C: lines with runs (` (×N)`) written out again. */
function goldenClientLines(transcript: readonly string[]): string[] {
  return transcript
    .filter((l) => l.startsWith('C: '))
    .flatMap((l) => {
      const m = / \(×(\d+)\)$/.exec(l);
      return m ? Array.from({ length: Number(m[1]) }, () => l.slice(0, m.index)) : [l];
    });
}

describe('the parity corpus', () => {
  it('holds at least 60 dialogues with unique kebab-case ids and a sentence each', () => {
    expect(DIALOGUES.length).toBeGreaterThanOrEqual(60);
    const ids = DIALOGUES.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DIALOGUES) {
      expect(d.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(d.about, d.id).toMatch(/^[A-Z0-9].*[.?]$/);
      expect(d.steps.length, d.id).toBeGreaterThan(0);
    }
  });

  it('covers every category of the issue', () => {
    for (const c of CATEGORIES)
      expect(
        DIALOGUES.some((d) => d.category === c),
        c,
      ).toBe(true);
    for (const id of [
      'seed-session',
      'smuggling-lf-dot-lf',
      'smuggling-lf-dot-crlf',
      'smuggling-crlf-dot-lf',
      'pipelining-after-helo',
      'pipelining-before-greeting',
    ]) {
      expect(
        DIALOGUES.some((d) => d.id === id),
        id,
      ).toBe(true);
    }
  });

  it("sends the seed session's lines exactly as the classic transcript types them", () => {
    const fixture = readFileSync(new URL('../../test/fixtures/exim-telnet.transcript', import.meta.url), 'utf8');
    const typed = fixture
      .split('\n')
      .filter((l) => l.startsWith('C:'))
      .map((l) => `C: ${l.slice(3)}`);
    expect(sentLines('seed-session')).toEqual(typed);
  });

  it('names no address outside .thm, localhost and the loopback literal, so nothing can leave the machine', () => {
    for (const d of DIALOGUES) {
      for (const step of d.steps) {
        for (const m of stepText(step).matchAll(/@([^@>\s:,;]*)/g)) {
          const domain = (m[1] as string).replace(/\.$/, '');
          if (domain === '') continue; // a malformed address with no domain at all
          expect(domain, `${d.id}: ${m[0]}`).toMatch(/(^|\.)thm$|^localhost$|^\[127\.0\.0\.1\]$/);
        }
      }
    }
  });

  it('waits for the greeting with the first step only when it is sent before it', () => {
    for (const d of DIALOGUES.filter((x) => x.beforeGreeting)) {
      const first = d.steps[0];
      expect(first?.type, d.id).not.toBe('startTls');
      if (first && first.type !== 'startTls') expect(first.replies, d.id).not.toBe(0);
    }
  });
});

describe('the checked-in goldens', () => {
  const dir = new URL('./goldens/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('exist for real Exim and real Postfix', () => {
    expect(files.sort()).toEqual(['exim.json', 'postfix.json']);
  });

  for (const file of files) {
    const golden = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as ParityGolden;

    it(`${file} holds a recording of every dialogue and of nothing else`, () => {
      expect(Object.keys(golden.dialogues)).toEqual(DIALOGUES.map((d) => d.id));
    });

    it(`${file} was recorded from the corpus as it is: each recording sent the dialogue's lines, up to where the server hung up`, () => {
      for (const d of DIALOGUES) {
        const sent = goldenClientLines(golden.dialogues[d.id]?.transcript ?? []);
        expect(sent, d.id).toEqual(sentLines(d.id).slice(0, sent.length));
        expect(sent.length, d.id).toBeGreaterThan(0);
      }
    });

    it(`${file} starts every recording with the greeting (or the early talker's lines) and ends it with a close`, () => {
      for (const d of DIALOGUES) {
        const t = golden.dialogues[d.id]?.transcript ?? [];
        if (!d.beforeGreeting) expect(t[0], d.id).toMatch(/^S: 220 /);
        expect(t[t.length - 1], d.id).toMatch(/^-- (server|client) closed the connection$/);
      }
    });
  }
});
