/**
 * The generated lesson test (learnGitBranching's habit): every lesson's and challenge's
 * reference solution, played against its scenario through the sandbox and watched by
 * the observer, meets every goal. And without its last line, it does not: so each
 * lesson's final goal can fail.
 */
import { describe, expect, it } from 'vitest';
import { isComplete } from '../src/lessons/engine.js';
import { replaySolution } from '../src/lessons/replay.js';
import { CHALLENGES, LESSONS } from '../src/lessons/sequence.js';
import { SCENARIOS } from '../src/server/scenarios.js';

describe('replaySolution', () => {
  it('knows which lines get a reply: not letter lines, nor a dot that does not end the letter', () => {
    const lesson = LESSONS.find((l) => l.id === 'line-endings');
    const { answered } = replaySolution(lesson as (typeof LESSONS)[number]);
    const solution = (lesson as (typeof LESSONS)[number]).solution;
    const dots = solution.flatMap((s, i) => (s === '.' ? [answered[i]] : []));
    expect(dots).toEqual([false, true]); // the smuggled "." after a bare LF, then the real end
    expect(answered[solution.indexOf('Hi')]).toBe(false);
    expect(answered[solution.indexOf('DATA')]).toBe(true);
  });
});

describe('lessons', () => {
  it('number at least 15, with unique ids, each naming a known scenario', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(15);
    const all = [...LESSONS, ...CHALLENGES];
    expect(new Set(all.map((l) => l.id)).size).toBe(all.length);
    for (const l of all)
      expect(
        SCENARIOS.map((s) => s.id),
        l.id,
      ).toContain(l.setup.scenario);
  });

  it('give every step a goal, and every step progressive hints', () => {
    for (const l of [...LESSONS, ...CHALLENGES]) {
      for (const s of l.steps) {
        expect(s.goals.length, `${l.id}/${s.id}`).toBeGreaterThan(0);
        expect(s.hints.length, `${l.id}/${s.id}`).toBeGreaterThan(0);
      }
    }
  });

  for (const lesson of [...LESSONS, ...CHALLENGES]) {
    it(`${lesson.kind} "${lesson.id}": the solution meets every goal; without its last line it does not`, () => {
      const { progress: done, sentAfterClose, stepAt, answered } = replaySolution(lesson);
      expect(answered).toHaveLength(lesson.solution.length);
      expect(sentAfterClose).toBe(false);
      expect(stepAt).toHaveLength(lesson.solution.length);
      expect(stepAt).toEqual([...stepAt].sort((a, b) => a - b)); // a solution walks the steps in order
      expect(done.met.length).toBe(lesson.steps.reduce((n, s) => n + s.goals.length, 0));
      expect(isComplete(lesson, done)).toBe(true);
      expect(isComplete(lesson, replaySolution(lesson, lesson.solution.slice(0, -1)).progress)).toBe(false);
    });
  }
});
