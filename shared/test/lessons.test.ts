/**
 * The generated lesson test (learnGitBranching's habit): every lesson's and challenge's
 * reference solution, played against its scenario through the sandbox and watched by
 * the observer, meets every goal. And without its last line, it does not: so each
 * lesson's final goal can fail.
 */
import { describe, expect, it } from 'vitest';
import { isComplete, type LessonProgress, observeLesson, startLesson } from '../src/lessons/engine.js';
import { CHALLENGES, LESSONS } from '../src/lessons/sequence.js';
import type { Lesson, SolutionStep } from '../src/lessons/types.js';
import { Observer } from '../src/observe/observer.js';
import { encodeText } from '../src/protocol/bytes.js';
import { Greylist } from '../src/server/greylist.js';
import { Mailbox } from '../src/server/mailbox.js';
import { exim } from '../src/server/personalities/exim.js';
import { postfix } from '../src/server/personalities/postfix.js';
import { SCENARIOS, scenarioById } from '../src/server/scenarios.js';
import { Session, type SessionOutput } from '../src/server/session.js';

/** Plays `steps` as a driver would (TLS simulated, timers on a fake clock); returns the progress. */
function play(lesson: Lesson, steps: readonly SolutionStep[]): LessonProgress {
  let now = Date.UTC(2026, 10, 25, 9, 0, 0);
  const mailbox = new Mailbox();
  const greylist = new Greylist();
  let progress = startLesson(lesson);
  let session = null as unknown as Session; // set by connect() below, before any use
  let observer = new Observer(() => now);
  let closed = false;
  const look = () => {
    progress = observeLesson(lesson, progress, observer.state);
  };
  const act = (r: SessionOutput): void => {
    observer.feed('server', r.output);
    look();
    for (const e of r.events) {
      if (e.type === 'startTls') act(session.tlsStarted());
      if (e.type === 'close') {
        closed = true;
        observer.closed();
        look();
      }
    }
    if (r.wakeAfterMs !== undefined) {
      now += r.wakeAfterMs;
      act(session.wake());
    }
  };
  const connect = () => {
    closed = false;
    session = new Session({
      mailbox,
      greylist,
      clock: () => now,
      random: () => 0.5,
      personality: lesson.setup.personality === 'postfix' ? postfix : exim,
      policy: scenarioById(lesson.setup.scenario).policy,
      client: { address: '127.0.0.1', name: 'localhost' },
      tls: true,
    });
    observer = new Observer(() => now); // a new connection is a new transcript
    act(session.start());
  };
  connect();
  for (const step of steps) {
    if (typeof step === 'object' && 'waitSeconds' in step) now += step.waitSeconds * 1000;
    else if (typeof step === 'object') connect();
    else {
      if (closed) throw new Error(`"${step}" sent after the server closed the connection`);
      const bytes = encodeText(step.endsWith('\n') ? step : `${step}\r\n`);
      observer.feed('client', bytes);
      act(session.receive(bytes));
    }
  }
  return progress;
}

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
      const done = play(lesson, lesson.solution);
      expect(done.met.length).toBe(lesson.steps.reduce((n, s) => n + s.goals.length, 0));
      expect(isComplete(lesson, done)).toBe(true);
      expect(isComplete(lesson, play(lesson, lesson.solution.slice(0, -1)))).toBe(false);
    });
  }
});
