/**
 * Every RFC citation the teaching makes names a section that exists. The lessons, the
 * reply catalogue and the enhanced codes, the explanations, the scenarios, the page
 * (the reference among it) and the README are read as text, comments and all; every
 * "RFC 5321 4.1.4" in them must name an RFC and a section of RFC_SECTIONS, whose
 * titles come from the RFC texts. And every row of that table is cited somewhere, so it
 * holds what is cited and nothing else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_EXPLANATIONS } from '../src/observe/explain.js';
import { POP3_COMMAND_EXPLANATIONS } from '../src/observe/explain-pop3.js';
import { POP3_REPLIES } from '../src/pop3/replies.js';
import { ENHANCED_DETAILS } from '../src/protocol/enhanced-codes.js';
import { REPLIES } from '../src/protocol/replies.js';
import { RFC_SECTIONS, type RfcCitation, rfcCitations } from '../src/protocol/rfc-sections.js';

const root = new URL('../../', import.meta.url);

/** Where the teaching's words are: files, or folders read whole (tests left out). */
const SOURCES = [
  'shared/src/lessons',
  'shared/src/protocol/replies.ts',
  'shared/src/protocol/enhanced-codes.ts',
  'shared/src/observe/explain.ts',
  'shared/src/observe/explain-pop3.ts',
  'shared/src/pop3',
  'shared/src/server/scenarios.ts',
  'web/src',
  'README.md',
];

function filesOf(path: string): string[] {
  const url = new URL(path, root);
  if (!statSync(url).isDirectory()) return [path];
  return readdirSync(url, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|md)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => `${path}/${f}`);
}

const FILES = SOURCES.flatMap(filesOf);

/** Each citation with the file and line it is on. */
const CITED = FILES.flatMap((file) => {
  const text = readFileSync(new URL(file, root), 'utf8');
  return rfcCitations(text).map((c) => ({ ...c, where: `${file}:${text.slice(0, c.index).split('\n').length}` }));
});

/** What is wrong with each citation that the table does not know, in words. */
function problems(citations: readonly (RfcCitation & { where: string })[]): string[] {
  return citations.flatMap((c) => {
    const entry = RFC_SECTIONS[c.rfc];
    if (!entry) return [`${c.where}: "${c.text}": RFC ${c.rfc} is not in RFC_SECTIONS`];
    if (c.section !== null && !(c.section in entry.sections)) return [`${c.where}: "${c.text}": RFC ${c.rfc} has no section ${c.section} in RFC_SECTIONS`];
    return [];
  });
}

describe('RFC citations', () => {
  it('are found in every source: the lessons, the catalogue, the explanations, the reference', () => {
    for (const source of SOURCES)
      expect(
        FILES.some((f) => f.startsWith(source)),
        source,
      ).toBe(true);
    for (const file of ['shared/src/lessons/16-line-endings.ts', 'web/src/features/reference/components/rfc-cite.tsx']) expect(FILES).toContain(file);
    expect(CITED.filter((c) => c.section !== null).length).toBeGreaterThan(150);
  });

  it('each name an RFC and a section that RFC_SECTIONS lists', () => {
    expect(problems(CITED)).toEqual([]);
  });

  it('catch a section that does not exist, and an RFC the table does not know', () => {
    const made = (text: string) => rfcCitations(text).map((c) => ({ ...c, where: 'made-up' }));
    expect(problems(made('see RFC 5321 4.1.99'))).toHaveLength(1);
    expect(problems(made('RFC 3463 5.1.1'))).toHaveLength(1); // a code, not a section
    expect(problems(made('RFC 5321 §4.5.3.1.4/.6/.11'))).toEqual(['made-up: "RFC 5321 §4.5.3.1.4/.6/.11": RFC 5321 has no section 4.5.3.1.11 in RFC_SECTIONS']);
    expect(problems(made('RFC 9999'))).toHaveLength(1);
    expect(problems(made('RFC 3463, code 5.1.1; RFC 5321 4.1.4'))).toEqual([]);
  });

  it('leave no row of the table uncited', () => {
    const cited = new Set(CITED.map((c) => `${c.rfc} ${c.section ?? ''}`));
    const rfcs = new Set(CITED.map((c) => c.rfc));
    for (const [rfc, entry] of Object.entries(RFC_SECTIONS)) {
      expect(rfcs.has(Number(rfc)), `RFC ${rfc}`).toBe(true);
      for (const section of Object.keys(entry.sections)) expect(cited.has(`${rfc} ${section}`), `RFC ${rfc} ${section}`).toBe(true);
    }
  });

  it('are the whole of each rfc field in the catalogue, the enhanced codes and the commands', () => {
    const fields = [
      ...Object.values(REPLIES).map((e) => e.rfc),
      ...Object.values(ENHANCED_DETAILS).map((e) => e.rfc),
      ...Object.values(COMMAND_EXPLANATIONS).map((e) => e.rfc),
      ...Object.values(POP3_REPLIES).map((e) => e.rfc),
      ...Object.values(POP3_COMMAND_EXPLANATIONS).map((e) => e.rfc),
    ];
    for (const field of fields) {
      for (const part of field.split(/;\s*/)) {
        // "RFC 5321 3.1, 3.8", "RFC 3463, code 5.1.1", or the PRDR draft; nothing else.
        expect(part, field).toMatch(/^(RFC \d+(?: \d+(?:\.\d+)*(?:, \d+(?:\.\d+)*)*)?(?:, code [245]\.\d+\.\d+)?|draft-[a-z0-9-]+ \d+)$/);
      }
    }
  });
});

describe('rfcCitations', () => {
  it('reads each form a citation takes, one entry per section', () => {
    const sections = (text: string) => rfcCitations(text).map((c) => `${c.rfc} ${c.section ?? '-'}`);
    expect(sections('RFC 5321 4.1.4')).toEqual(['5321 4.1.4']);
    expect(sections('RFC 5321 §4.1.1 and RFC5321§4.2')).toEqual(['5321 4.1.1', '5321 4.2']);
    expect(sections('(RFC 5321 3.1, 3.8, 4.2.3)')).toEqual(['5321 3.1', '5321 3.8', '5321 4.2.3']);
    expect(sections('RFC 5321 §4.5.3.1.4/.6/.7 and §4.5.3.1.9')).toEqual(['5321 4.5.3.1.4', '5321 4.5.3.1.6', '5321 4.5.3.1.7', '5321 4.5.3.1.9']);
    expect(sections('RFC 5321, section 4.2 and 4.3.1')).toEqual(['5321 4.2', '5321 4.3.1']);
    expect(sections('RFC 3463, code 5.1.1')).toEqual(['3463 -']);
    expect(sections('RFC 8314), so')).toEqual(['8314 -']);
    expect(sections('RFC 5322 allows 998 characters')).toEqual(['5322 -']);
    expect(sections('RFC 1870 6; RFC 5321 4.5.3.1.7')).toEqual(['1870 6', '5321 4.5.3.1.7']);
  });
});
