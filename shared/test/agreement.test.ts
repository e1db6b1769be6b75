/**
 * One state machine: the sandbox's session and the observer both move by the
 * TRANSITIONS table, so after every line of every lesson solution and every golden
 * transcript they agree on where the conversation is. And the observer reads the same
 * transcript however the bytes arrive: one at a time, in random pieces, or all at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERSONALITIES } from '../src/index.js';
import { replaySolution } from '../src/lessons/replay.js';
import { CHALLENGES, LESSONS } from '../src/lessons/sequence.js';
import { type Direction, Observer } from '../src/observe/observer.js';
import { encodeText } from '../src/protocol/bytes.js';
import { connect } from './harness.js';

const dir = new URL('./fixtures/', import.meta.url);
const goldens = readdirSync(dir)
  .filter((f) => f.endsWith('.transcript'))
  .map((f) => ({ file: f, text: readFileSync(new URL(f, dir), 'utf8') }));

type Recording = [Direction, Uint8Array][];

/**
 * Plays a golden transcript's client lines through the sandbox with an observer beside
 * it, as a driver would; returns both directions' bytes and the two states after each line.
 */
function play(text: string) {
  const personality = /^# personality: (\w+)/m.exec(text)?.[1] ?? 'exim';
  const h = connect({ personality: PERSONALITIES[personality as keyof typeof PERSONALITIES] });
  const observer = new Observer();
  const recording: Recording = [['server', encodeText(h.greeting)]];
  observer.feed('server', encodeText(h.greeting));
  const states: { line: string; session: string; observed: string }[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.startsWith('C:')) continue;
    const bytes = encodeText(`${raw.slice(3)}\r\n`);
    recording.push(['client', bytes]);
    observer.feed('client', bytes);
    const out = encodeText(h.send(`${raw.slice(3)}\r\n`));
    recording.push(['server', out]);
    observer.feed('server', out);
    if (h.events.some((e) => e.type === 'close')) observer.closed();
    states.push({ line: raw, session: h.session.state, observed: observer.state.conversation });
  }
  return { recording, states };
}

/** The transcript an observer makes of a recording cut into the given pieces. */
function observe(pieces: Recording) {
  const o = new Observer();
  const lines = pieces.flatMap(([d, b]) => o.feed(d, b));
  const { partial: _partial, ...state } = o.state;
  return { lines: lines.map(({ at: _at, ...l }) => l), state };
}

/** Cuts each direction's bytes at the given points, keeping the order of the directions. */
function cut(recording: Recording, cuts: number[]): Recording {
  return recording.flatMap(([d, b]) => {
    const points = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
    const out: Recording = [];
    let prev = 0;
    for (const p of [...points, b.length]) {
      out.push([d, b.subarray(prev, p)]);
      prev = p;
    }
    return out;
  });
}

describe('the session and the observer', () => {
  for (const lesson of [...LESSONS, ...CHALLENGES]) {
    it(`agree on the state after every line of ${lesson.kind} ${lesson.id}`, () => {
      const { states } = replaySolution(lesson);
      expect(states.length).toBe(lesson.solution.length);
      states.forEach((s, i) => {
        expect(s.observed, `after ${JSON.stringify(lesson.solution[i])} (entry ${i})`).toBe(s.session);
      });
    });
  }

  for (const { file, text } of goldens) {
    it(`agree on the state after every line of ${file}`, () => {
      const { states } = play(text);
      expect(states.length).toBeGreaterThan(0);
      for (const s of states) expect(s.observed, s.line).toBe(s.session);
      expect(states.at(-1)?.session).toBe('closed');
    });
  }
});

describe('the observer, whatever the chunking', () => {
  for (const { file, text } of goldens) {
    const { recording } = play(text);
    const whole = observe(recording);

    it(`reads ${file} the same one byte at a time`, () => {
      const bytes = recording.flatMap(([d, b]) => [...b].map((x): [Direction, Uint8Array] => [d, Uint8Array.of(x)]));
      expect(observe(bytes)).toEqual(whole);
    });

    it(`reads ${file} the same in any pieces`, () => {
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 12 }), (cuts) => {
          expect(observe(cut(recording, cuts))).toEqual(whole);
        }),
        { numRuns: 200 },
      );
    });

    it(`reads ${file} the same with each direction in one piece, lines and replies in place`, () => {
      expect(whole.lines.length).toBe(text.split('\n').filter((l) => /^[CS]:/.test(l)).length);
      expect(whole.state.deliveries).toHaveLength(text.includes('{ID}') ? 1 : 0);
    });
  }
});
