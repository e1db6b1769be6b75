/**
 * The lessons view, loaded on first use (React.lazy): the lessons' texts and
 * their store would otherwise add to every page's first load. See lessons-view.tsx.
 */
import { lazy, Suspense } from 'react';

const LessonsView = lazy(() => import('./lessons-view').then((m) => ({ default: m.LessonsView })));

export function LessonsRoute({ lessonId, step }: { lessonId: string | null; step: number | null }) {
  return (
    <Suspense fallback={<p role="status">Loading the lessons…</p>}>
      <LessonsView lessonId={lessonId} step={step} />
    </Suspense>
  );
}
