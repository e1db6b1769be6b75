/** The course: the lessons in order and the challenges, each a link, with progress; and a way to start all over. */
import { CHALLENGES, LESSONS, type Lesson, lessonById } from '@smtp-playground/shared';
import { useState } from 'react';
import { Button } from '../../../components/ui/button';
import { type LessonsData, lessonStatus } from '../../../stores/lessons-progress';
import { useLessonsStore } from '../../../stores/lessons-store';
import { lessonHash } from '../../../stores/route-store';
import { StatusBadge } from './status-badge';

const selectActive = (s: LessonsData) => s.active;
const selectCompleted = (s: LessonsData) => s.completed;
const selectProgress = (s: LessonsData) => s.progress;
const selectReset = (s: { allProgressReset(): void }) => s.allProgressReset;

export function LessonList({ unknown }: { unknown?: string | undefined }) {
  const active = useLessonsStore(selectActive);
  const current = active ? lessonById(active) : undefined;
  const done = useLessonsStore(selectCompleted).filter((id) => LESSONS.some((l) => l.id === id)).length;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      {unknown && (
        <p role="alert" className="rounded-lg border border-amber-500 bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          There is no lesson called “{unknown}”. Here are the ones there are.
        </p>
      )}
      <section aria-labelledby="lessons-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="lessons-heading" className="text-2xl font-semibold">
            Lessons
          </h2>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {done} of {LESSONS.length} done
          </p>
        </div>
        <p className="text-slate-700 dark:text-slate-300">
          From the first knock on port 25 to SMTP smuggling. Each lesson sits beside the playground and ticks its goals as your session meets them.
        </p>
        {current && (
          <p>
            <a href={lessonHash(current.id)} className="font-medium text-blue-700 underline dark:text-blue-300">
              Continue: {current.title}
            </a>
          </p>
        )}
        <LessonLinks lessons={LESSONS} label="Lessons" numbered />
      </section>
      <section aria-labelledby="challenges-heading" className="flex flex-col gap-3">
        <h2 id="challenges-heading" className="text-2xl font-semibold">
          Challenges
        </h2>
        <p className="text-slate-700 dark:text-slate-300">A goal and no steps: work it out, checked by the same engine.</p>
        <LessonLinks lessons={CHALLENGES} label="Challenges" />
      </section>
      <ResetAll />
    </div>
  );
}

function LessonLinks({ lessons, label, numbered = false }: { lessons: readonly Lesson[]; label: string; numbered?: boolean }) {
  const completed = useLessonsStore(selectCompleted);
  const progress = useLessonsStore(selectProgress);
  const List = numbered ? 'ol' : 'ul';
  return (
    <List aria-label={label} className="flex flex-col divide-y divide-slate-200 rounded-xl border border-slate-200 dark:divide-slate-700 dark:border-slate-700">
      {lessons.map((l, i) => (
        <li key={l.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
          <a
            href={lessonHash(l.id)}
            className="font-medium text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-blue-300"
          >
            {numbered && <span className="tabular-nums">{i + 1}. </span>}
            {l.title}
          </a>
          <StatusBadge status={lessonStatus({ completed, progress }, l.id)} />
          <p className="basis-full text-sm text-slate-700 dark:text-slate-300">{l.goal}</p>
        </li>
      ))}
    </List>
  );
}

/** Two presses, so a stray one doesn't wipe a course's worth of progress. */
function ResetAll() {
  const [asking, setAsking] = useState(false);
  const reset = useLessonsStore(selectReset);
  if (!asking) {
    return (
      <div>
        <Button onClick={() => setAsking(true)}>Reset all progress…</Button>
      </div>
    );
  }
  return (
    <fieldset className="flex flex-wrap items-center gap-2 text-sm">
      <legend className="float-left mr-2">Forget every lesson’s progress and hints?</legend>
      <Button
        variant="primary"
        onClick={() => {
          reset();
          setAsking(false);
        }}
      >
        Yes, reset all
      </Button>
      <Button onClick={() => setAsking(false)}>Keep my progress</Button>
    </fieldset>
  );
}
