import { encodeText, lessonById, Observer, type ObserverState } from '@smtp-playground/shared';
import { describe, expect, it } from 'vitest';
import { emptyLessons, type LessonsData, type LessonsEvent, lessonStatus, lessonsReducer, progressNews, stepShown } from './lessons-progress';

/** An observer's state after these lines ("C: …" from the client, "S: …" from the server). */
function session(...lines: string[]): ObserverState {
  const o = new Observer(() => 0);
  for (const l of lines) o.feed(l.startsWith('C: ') ? 'client' : 'server', encodeText(`${l.slice(3)}\r\n`));
  return o.state;
}
const greeted = session('S: 220 mx.test ESMTP');
const nooped = session('S: 220 mx.test ESMTP', 'C: NOOP', 'S: 250 OK');

const run = (...events: LessonsEvent[]): LessonsData => events.reduce(lessonsReducer, emptyLessons());

describe('lessonsReducer', () => {
  it('starts a lesson at its first step, and resumes it when started again', () => {
    const d = run({ type: 'lessonStarted', lessonId: 'opening-the-door' }, { type: 'sessionObserved', state: greeted });
    expect(d.active).toBe('opening-the-door');
    expect(d.progress['opening-the-door']).toEqual({ lessonId: 'opening-the-door', step: 1, met: ['connect/greeted'] });
    const again = [{ type: 'lessonStarted', lessonId: 'the-envelope' } as const, { type: 'lessonStarted', lessonId: 'opening-the-door' } as const].reduce(
      lessonsReducer,
      d,
    );
    expect(again.progress['opening-the-door']?.step).toBe(1);
  });

  it('checks only the active lesson, and marks it done when every goal is met', () => {
    const d = run({ type: 'lessonStarted', lessonId: 'opening-the-door' }, { type: 'sessionObserved', state: nooped });
    expect(d.completed).toEqual(['opening-the-door']);
    expect(lessonStatus(d, 'opening-the-door')).toBe('done');
    expect(lessonStatus(d, 'the-envelope')).toBe('not-started');
    expect(d.progress['the-envelope']).toBeUndefined();
  });

  it('returns the same data when the session changes nothing', () => {
    const d = run({ type: 'lessonStarted', lessonId: 'opening-the-door' }, { type: 'sessionObserved', state: greeted });
    expect(lessonsReducer(d, { type: 'sessionObserved', state: greeted })).toBe(d);
  });

  it('makes a chosen step that is not done the one checked, so a deep link can skip ahead', () => {
    const d = run({ type: 'lessonStarted', lessonId: 'opening-the-door' }, { type: 'stepChosen', lessonId: 'opening-the-door', step: 1 });
    expect(d.progress['opening-the-door']?.step).toBe(1);
    const nooped = session('S: 421 busy, try later', 'C: NOOP', 'S: 250 OK'); // no 220 greeting
    const after = lessonsReducer(d, { type: 'sessionObserved', state: nooped });
    // The greeting step was skipped: the end is reached, but the lesson is not done.
    expect(after.progress['opening-the-door']?.step).toBe(2);
    expect(after.completed).toEqual([]);
    expect(lessonStatus(after, 'opening-the-door')).toBe('in-progress');
    // A later session that meets the skipped step's goal still ticks it.
    const done = lessonsReducer(after, { type: 'sessionObserved', state: greeted });
    expect(done.progress['opening-the-door']?.met).toEqual(['noop/noop', 'connect/greeted']);
    expect(done.completed).toEqual(['opening-the-door']);
  });

  it('only shows a done step again when it is chosen', () => {
    const d = run({ type: 'lessonStarted', lessonId: 'opening-the-door' }, { type: 'sessionObserved', state: greeted });
    expect(lessonsReducer(d, { type: 'stepChosen', lessonId: 'opening-the-door', step: 0 })).toBe(d);
  });

  it('reveals hints one at a time, never more than there are', () => {
    const step = { type: 'hintRevealed', lessonId: 'opening-the-door', stepId: 'noop' } as const;
    expect(run(step).hints).toEqual({ 'opening-the-door/noop': 1 });
    expect(run(step, step, step).hints).toEqual({ 'opening-the-door/noop': 2 });
  });

  it('starts one lesson over, or all of them, keeping the active one ready', () => {
    const d = run(
      { type: 'lessonStarted', lessonId: 'opening-the-door' },
      { type: 'sessionObserved', state: nooped },
      { type: 'hintRevealed', lessonId: 'opening-the-door', stepId: 'noop' },
      { type: 'hintRevealed', lessonId: 'the-envelope', stepId: 'mail' },
    );
    const one = lessonsReducer(d, { type: 'progressReset', lessonId: 'opening-the-door' });
    expect(one.completed).toEqual([]);
    expect(one.progress['opening-the-door']).toEqual({ lessonId: 'opening-the-door', step: 0, met: [] });
    expect(one.hints).toEqual({ 'the-envelope/mail': 1 });
    const all = lessonsReducer(d, { type: 'allProgressReset' });
    expect(all).toEqual({
      active: 'opening-the-door',
      progress: { 'opening-the-door': { lessonId: 'opening-the-door', step: 0, met: [] } },
      completed: [],
      hints: {},
    });
  });
});

describe('stepShown', () => {
  it('shows the step the URL names, else the learner’s current one, and never past the last', () => {
    const lesson = lessonById('the-whole-session');
    if (!lesson) throw new Error('no lesson 7');
    const at2 = { lessonId: lesson.id, step: 2, met: [] };
    expect(stepShown(lesson, at2, 0)).toBe(0);
    expect(stepShown(lesson, at2, null)).toBe(2);
    expect(stepShown(lesson, undefined, null)).toBe(0);
    expect(stepShown(lesson, at2, 99)).toBe(3);
    expect(stepShown(lesson, { ...at2, step: 4 }, null)).toBe(3); // the lesson is over: its last step
  });
});

describe('progressNews', () => {
  it('says which goals were met, which steps are done, and when the lesson is complete', () => {
    const lesson = lessonById('opening-the-door');
    if (!lesson) throw new Error('lesson missing');
    expect(progressNews(lesson, { lessonId: lesson.id, step: 0, met: [] }, { lessonId: lesson.id, step: 1, met: ['connect/greeted'] })).toBe(
      'Done: Connect and read the 220 greeting. Step 1 of 2 done.',
    );
    expect(
      progressNews(lesson, { lessonId: lesson.id, step: 1, met: ['connect/greeted'] }, { lessonId: lesson.id, step: 2, met: ['connect/greeted', 'noop/noop'] }),
    ).toBe('Done: Send NOOP and get 250. Step 2 of 2 done. Lesson complete!');
  });
});
