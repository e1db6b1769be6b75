import { describe, expect, it } from 'vitest';
import { compareDialogue } from './compare.js';
import { formatComparison, formatLegend, formatSummary, verdictWords } from './compare-report.js';
import { DIALOGUES, type Dialogue } from './dialogues.js';

const ehlo = DIALOGUES.find((d) => d.id === 'ehlo') as Dialogue;
const real = ['S: 220 mx.thm ESMTP', 'C: EHLO client.thm', 'S: 250 mx.thm', 'C: QUIT', 'S: 221 bye', '-- server closed the connection'];

describe('formatComparison', () => {
  it('prints a dialogue side by side, each difference marked and explained under its row', () => {
    const sandbox = real.map((l) => l.replace('250 mx.thm', '501 Syntactically invalid EHLO argument(s)'));
    const text = formatComparison(compareDialogue(ehlo, real, sandbox), { leftTitle: 'mx.thm:25', rightTitle: 'sandbox (exim-like)', width: 60 });
    expect(text).toEqual([
      '── ehlo (session): different codes or lines',
      '   EHLO: the extensions the server offers in plain text.',
      `  ${'mx.thm:25'.padEnd(27)} │ ${'sandbox (exim-like)'.padEnd(27)}`,
      `  ${'S: 220 mx.thm ESMTP'.padEnd(27)} │ S: 220 mx.thm ESMTP`,
      `  ${'C: EHLO client.thm'.padEnd(27)} │ C: EHLO client.thm`,
      `! ${'S: 250 mx.thm'.padEnd(27)} │ S: 501 Syntactically inval…`,
      expect.stringMatching(/^ {4}↳ Different reply code: the real server accepts \(250\) what the sandbox refuses \(501\)\. 501: /),
      `  ${'C: QUIT'.padEnd(27)} │ C: QUIT`,
      `  ${'S: 221 bye'.padEnd(27)} │ S: 221 bye`,
      '  -- server closed the conne… │ -- server closed the conne…',
    ]);
  });

  it('prints an identical dialogue as its heading only, unless asked for all', () => {
    const c = compareDialogue(ehlo, real, real);
    expect(formatComparison(c, { leftTitle: 'a', rightTitle: 'b', width: 80 })).toHaveLength(2);
    expect(formatComparison(c, { leftTitle: 'a', rightTitle: 'b', width: 80, all: true })).toHaveLength(3 + real.length);
  });
});

describe('verdictWords, formatSummary and formatLegend', () => {
  it('say how a dialogue and a run went', () => {
    expect([
      verdictWords({ sameText: true, sameCodes: true }),
      verdictWords({ sameText: false, sameCodes: true }),
      verdictWords({ sameText: false, sameCodes: false }),
    ]).toEqual(['identical', 'same codes, other words', 'different codes or lines']);
    expect(formatSummary({ dialogues: 10, sameText: 2, sameCodes: 7 }, ['starttls-twice (needs TLS)'])).toEqual([
      'Summary: 10 dialogues compared; 2 identical, 7 with the same reply codes (5 of them worded differently), 3 with different codes or lines.',
      'Not played: starttls-twice (needs TLS).',
    ]);
    expect(formatLegend()).toBe('Marks: ! another reply code or another event; ~ same reply code, other words; < only the real server; > only the sandbox.');
  });
});
