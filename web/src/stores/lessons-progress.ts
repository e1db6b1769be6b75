/**
 * Lesson progress as a pure reducer (no React, no storage, no timers): what the
 * lessons store saves and how each event changes it. The engine in shared decides
 * which goals the session met; this adds what the page needs around it.
 *
 * Rules:
 * - Only the active lesson watches the session; others keep their saved progress.
 * - Starting a lesson again resumes it; "start over" (progressReset) clears it.
 * - Choosing a step that is not done yet makes it the step the engine checks, so a
 *   deep link or "next" can skip ahead. Choosing a done step only shows it again.
 * - Goals of a skipped step still tick when the session meets them later (the engine
 *   checks only the current step; this catches up on the ones left behind).
 * - A lesson counts as done when the engine reached its end with every goal met
 *   (a skipped step keeps it "in progress"). Done stays done until reset.
 */
import {
  goalKey,
  isComplete,
  type Lesson,
  type LessonInputs,
  type LessonProgress,
  lessonById,
  NO_INPUTS,
  type ObserverState,
  observeLesson,
  startLesson,
} from '@smtp-playground/shared';

export interface LessonsData {
  /** The lesson the session is being checked against. */
  active: string | null;
  progress: Record<string, LessonProgress>;
  /** Ids of the lessons and challenges done, in the order they were done. */
  completed: string[];
  /** How many hints are showing, by `lessonId/stepId`. */
  hints: Record<string, number>;
}

export type LessonsEvent =
  | { type: 'lessonStarted'; lessonId: string }
  | { type: 'stepChosen'; lessonId: string; step: number }
  /** The session changed, or what lies beside it (DNS lookups, the mailbox); `inputs` defaults to none. */
  | { type: 'sessionObserved'; state: ObserverState; inputs?: LessonInputs }
  | { type: 'hintRevealed'; lessonId: string; stepId: string }
  | { type: 'progressReset'; lessonId: string }
  | { type: 'allProgressReset' };

export const emptyLessons = (): LessonsData => ({ active: null, progress: {}, completed: [], hints: {} });

export const hintKey = (lessonId: string, stepId: string) => `${lessonId}/${stepId}`;

/** Whether every goal of step `index` has been met. */
export function stepMet(lesson: Lesson, p: LessonProgress | undefined, index: number): boolean {
  const step = lesson.steps[index];
  return !!p && !!step && step.goals.every((g) => p.met.includes(goalKey(step.id, g.id)));
}

/** The step a lesson's page shows: the one its URL names, else the learner's current one; at most the last. */
export function stepShown(lesson: Lesson, p: LessonProgress | undefined, fromUrl: number | null): number {
  return Math.min(fromUrl ?? p?.step ?? 0, lesson.steps.length - 1);
}

export function lessonDone(lesson: Lesson, p: LessonProgress | undefined): boolean {
  return !!p && isComplete(lesson, p) && lesson.steps.every((_, i) => stepMet(lesson, p, i));
}

export type LessonStatus = 'done' | 'in-progress' | 'not-started';

export function lessonStatus(d: Pick<LessonsData, 'completed' | 'progress'>, lessonId: string): LessonStatus {
  if (d.completed.includes(lessonId)) return 'done';
  return (d.progress[lessonId]?.met.length ?? 0) > 0 ? 'in-progress' : 'not-started';
}

export function lessonsReducer(d: LessonsData, e: LessonsEvent): LessonsData {
  switch (e.type) {
    case 'lessonStarted': {
      const lesson = lessonById(e.lessonId);
      if (!lesson) return d;
      return { ...d, active: lesson.id, progress: d.progress[lesson.id] ? d.progress : { ...d.progress, [lesson.id]: startLesson(lesson) } };
    }
    case 'stepChosen': {
      const lesson = lessonById(e.lessonId);
      if (!lesson) return d;
      const p = d.progress[lesson.id] ?? startLesson(lesson);
      const step = Math.max(0, Math.min(lesson.steps.length - 1, e.step));
      if (stepMet(lesson, p, step) || p.step === step) return d.progress[lesson.id] ? d : { ...d, progress: { ...d.progress, [lesson.id]: p } };
      return { ...d, progress: { ...d.progress, [lesson.id]: { ...p, step } } };
    }
    case 'sessionObserved': {
      const lesson = d.active ? lessonById(d.active) : undefined;
      if (!lesson) return d;
      const before = d.progress[lesson.id] ?? startLesson(lesson);
      const inputs = e.inputs ?? NO_INPUTS;
      const after = catchUp(lesson, observeLesson(lesson, before, e.state, inputs), e.state, inputs);
      if (after === d.progress[lesson.id]) return d;
      const done = lessonDone(lesson, after) && !d.completed.includes(lesson.id);
      return { ...d, progress: { ...d.progress, [lesson.id]: after }, completed: done ? [...d.completed, lesson.id] : d.completed };
    }
    case 'hintRevealed': {
      const step = lessonById(e.lessonId)?.steps.find((s) => s.id === e.stepId);
      if (!step) return d;
      const key = hintKey(e.lessonId, e.stepId);
      const shown = d.hints[key] ?? 0;
      return shown >= step.hints.length ? d : { ...d, hints: { ...d.hints, [key]: shown + 1 } };
    }
    case 'progressReset': {
      const { [e.lessonId]: _, ...progress } = d.progress;
      const lesson = lessonById(e.lessonId);
      if (lesson && d.active === lesson.id) progress[lesson.id] = startLesson(lesson);
      const hints = Object.fromEntries(Object.entries(d.hints).filter(([k]) => !k.startsWith(`${e.lessonId}/`)));
      return { ...d, progress, hints, completed: d.completed.filter((id) => id !== e.lessonId) };
    }
    case 'allProgressReset': {
      const lesson = d.active ? lessonById(d.active) : undefined;
      return { ...emptyLessons(), active: d.active, progress: lesson ? { [lesson.id]: startLesson(lesson) } : {} };
    }
  }
}

/** Meets the goals of steps before the current one that were skipped, if the session now meets them. */
function catchUp(lesson: Lesson, p: LessonProgress, state: ObserverState, inputs: LessonInputs): LessonProgress {
  let met = p.met;
  for (const step of lesson.steps.slice(0, p.step)) {
    for (const g of step.goals) {
      const key = goalKey(step.id, g.id);
      if (!met.includes(key) && g.met(state, inputs)) met = [...met, key];
    }
  }
  return met === p.met ? p : { ...p, met };
}

/**
 * What changed between two progresses of a lesson, as one sentence for a screen
 * reader: the goals met, then the steps done, then the lesson. Empty if nothing.
 */
export function progressNews(lesson: Lesson, before: LessonProgress | undefined, after: LessonProgress): string {
  const news: string[] = [];
  for (const step of lesson.steps) {
    for (const g of step.goals) {
      const key = goalKey(step.id, g.id);
      if (after.met.includes(key) && !before?.met.includes(key)) news.push(`Done: ${g.label}.`);
    }
  }
  const from = before?.step ?? 0;
  for (let i = from; i < Math.min(after.step, lesson.steps.length); i++) {
    news.push(lesson.steps.length === 1 ? '' : `Step ${i + 1} of ${lesson.steps.length} done.`);
  }
  if (after.step > from && lessonDone(lesson, after)) news.push(lesson.kind === 'challenge' ? 'Challenge complete!' : 'Lesson complete!');
  return news.filter(Boolean).join(' ');
}
