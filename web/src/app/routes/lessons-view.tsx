/**
 * #/lessons: the course. #/lessons/ID[/STEP]: one lesson beside the playground, the
 * scene and the transcript still in view. Which step shows comes from the URL (STEP
 * counts from 1); without one, the step the learner is on. The lessons store follows
 * the same route (route-store.ts) to start the lesson and to move it on. A lesson may
 * ask for a panel beside the playground (its `tools`): the dig panel for DNS.
 *
 * Loaded lazily (lessons.tsx), with the lesson texts and the lessons store.
 */
import { lessonById } from '@smtp-playground/shared';
import { DigPanel } from '../../features/dns/components/dig-panel';
import { LessonList } from '../../features/lessons/components/lesson-list';
import { LessonPanel } from '../../features/lessons/components/lesson-panel';
import { SettingsBar } from '../../features/settings/components/settings-bar';
import { stepShown } from '../../stores/lessons-progress';
import { useLessonsStore } from '../../stores/lessons-store';
import { PlaygroundWorkbench } from './playground';

const selectProgress = (s: ReturnType<typeof useLessonsStore.getState>) => s.progress;

/** `lessonId` and `step` (from 0) as the route has them (route-store.ts). */
export function LessonsView({ lessonId, step }: { lessonId: string | null; step: number | null }) {
  const lesson = lessonId ? lessonById(lessonId) : undefined;
  const progress = useLessonsStore(selectProgress);
  if (!lesson) return <LessonList unknown={lessonId ?? undefined} />;
  return (
    <div className="flex flex-col gap-4">
      <SettingsBar />
      <div className="grid items-start gap-6 xl:grid-cols-[26rem_minmax(0,1fr)]">
        <LessonPanel lesson={lesson} viewed={stepShown(lesson, progress[lesson.id], step)} />
        {lesson.tools?.includes('dig') ? (
          // A lesson that asks DNS first: the dig panel above the post office, where the lookup comes before the connection.
          <div className="flex min-w-0 flex-col gap-4">
            <DigPanel />
            <PlaygroundWorkbench />
          </div>
        ) : (
          <PlaygroundWorkbench />
        )}
      </div>
    </div>
  );
}
