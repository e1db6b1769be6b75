import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEARD, heardIn } from '../src/parity/provenance.js';
import type { ParityGolden } from '../src/parity/transcript.js';
import { exim } from '../src/server/personalities/exim.js';
import { postfix } from '../src/server/personalities/postfix.js';

describe('where each wording comes from', () => {
  for (const p of [exim, postfix]) {
    it(`lists exactly the wordings real ${p.id} was heard saying in the parity corpus`, () => {
      const golden = JSON.parse(readFileSync(new URL(`../src/parity/goldens/${p.id}.json`, import.meta.url), 'utf8')) as ParityGolden;
      const heard = heardIn(golden, p);
      expect(heard.length).toBeGreaterThan(20);
      expect([...HEARD[p.id]], `HEARD.${p.id} in provenance.ts should be ${JSON.stringify(heard)}`).toEqual(heard);
    });
  }
});
