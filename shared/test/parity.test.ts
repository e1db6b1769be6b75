/**
 * Parity: every dialogue of the corpus, played against each personality by the same
 * player that recorded real Exim and real Postfix, must read exactly as the golden,
 * line by line: codes, enhanced codes and texts. The only lines allowed to differ are
 * the seed session's own (seed-lines.ts), and the dialogues still listed, with their
 * reason, in known-differences.ts, which must still differ.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIALOGUES } from '../src/parity/dialogues.js';
import { KNOWN_DIFFERENCES } from '../src/parity/known-differences.js';
import { playDialogue } from '../src/parity/play.js';
import { SANDBOX_CLIENT, SessionTransport } from '../src/parity/sandbox-transport.js';
import { asSeedPrints } from '../src/parity/seed-lines.js';
import { goldenTranscript, type ParityGolden } from '../src/parity/transcript.js';
import { exim } from '../src/server/personalities/exim.js';
import { postfix } from '../src/server/personalities/postfix.js';

for (const personality of [exim, postfix]) {
  const golden = JSON.parse(readFileSync(new URL(`../src/parity/goldens/${personality.id}.json`, import.meta.url), 'utf8')) as ParityGolden;
  const known = KNOWN_DIFFERENCES[personality.id];

  /** The sandbox's transcript of a dialogue, and the golden as the sandbox must say it. */
  const play = async (id: string) => {
    const d = DIALOGUES.find((x) => x.id === id);
    if (!d) throw new Error(`no dialogue ${id}`);
    const vars = { clientAddress: SANDBOX_CLIENT, ids: [] as string[] };
    const got = goldenTranscript(await playDialogue(d, new SessionTransport(personality), vars), vars);
    const want = (golden.dialogues[id]?.transcript ?? []).map((l) => (personality.id === 'exim' ? asSeedPrints(l) : l));
    return { got, want };
  };

  describe(`${personality.label} against real ${personality.id === 'exim' ? 'Exim 4.96' : 'Postfix 3.7'}`, () => {
    it('has a golden for every dialogue, and lists only dialogues that exist', () => {
      for (const d of DIALOGUES) expect(golden.dialogues[d.id], d.id).toBeDefined();
      for (const id of Object.keys(known))
        expect(
          DIALOGUES.some((d) => d.id === id),
          id,
        ).toBe(true);
    });

    for (const d of DIALOGUES) {
      const reason = known[d.id];
      if (reason === undefined) {
        it(`${d.id}: ${d.about}`, async () => {
          const { got, want } = await play(d.id);
          expect(got).toEqual(want);
        });
      } else {
        it(`${d.id} still differs (known: ${reason})`, async () => {
          const { got, want } = await play(d.id);
          expect(got, 'it matches now: take it off KNOWN_DIFFERENCES').not.toEqual(want);
        });
      }
    }
  });
}
