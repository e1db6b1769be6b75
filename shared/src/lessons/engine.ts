/**
 * The lesson engine: a pure reducer from (lesson, progress, observer state) to new
 * progress. The page calls it whenever the observer's state changes; the generated
 * test calls it after every reply of a reference solution.
 *
 * Rules:
 * - Goals of the current step are checked, against the session and the inputs beside
 *   it (types.ts); a goal once met stays met.
 * - When every goal of the step is met, the step is done and the next one begins,
 *   and is checked against the same state at once (so a step already done by the
 *   session so far completes straight away).
 * - Progress is plain data (it goes to localStorage as it is).
 */
import type { ObserverState } from '../observe/observer.js';
import { type Lesson, type LessonInputs, NO_INPUTS } from './types.js';

export interface LessonProgress {
  lessonId: string;
  /** The current step's index; equal to steps.length when the lesson is complete. */
  step: number;
  /** Ids of the goals met, as `stepId/goalId`. */
  met: string[];
}

export function startLesson(lesson: Lesson): LessonProgress {
  return { lessonId: lesson.id, step: 0, met: [] };
}

export function isComplete(lesson: Lesson, p: LessonProgress): boolean {
  return p.step >= lesson.steps.length;
}

export const goalKey = (stepId: string, goalId: string) => `${stepId}/${goalId}`;

/** Progress after looking at `state` (and `inputs`: lookups, the mailbox); the same object if nothing changed. */
export function observeLesson(lesson: Lesson, p: LessonProgress, state: ObserverState, inputs: LessonInputs = NO_INPUTS): LessonProgress {
  let step = p.step;
  let met = p.met;
  for (;;) {
    const current = lesson.steps[step];
    if (!current) break;
    for (const g of current.goals) {
      const key = goalKey(current.id, g.id);
      if (!met.includes(key) && g.met(state, inputs)) met = [...met, key];
    }
    if (!current.goals.every((g) => met.includes(goalKey(current.id, g.id)))) break;
    step++;
  }
  return step === p.step && met === p.met ? p : { ...p, step, met };
}
