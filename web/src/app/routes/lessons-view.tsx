/**
 * #/lessons: the course. #/lessons/ID[/STEP]: one lesson beside the playground, the
 * scene and the transcript still in view. Which step shows comes from the URL (STEP
 * counts from 1); without one, the step the learner is on. The lessons store follows
 * the same hash to start the lesson and to move it on.
 *
 * Loaded lazily (lessons.tsx), with the lesson texts and the lessons store.
 */
import { lessonById } from '@smtp-playground/shared';
import { LessonList } from '../../features/lessons/components/lesson-list';
import { LessonPanel } from '../../features/lessons/components/lesson-panel';
import { SettingsBar } from '../../features/settings/components/settings-bar';
import { useLessonsStore } from '../../stores/lessons-store';
import { PlaygroundWorkbench } from './playground';

const selectProgress = (s: ReturnType<typeof useLessonsStore.getState>) => s.progress;

export function LessonsView({ params }: { params: string[] }) {
  const [id, stepParam] = params;
  const lesson = id ? lessonById(id) : undefined;
  const progress = useLessonsStore(selectProgress);
  if (!lesson) return <LessonList unknown={id} />;
  const last = lesson.steps.length - 1;
  const fromUrl = Number(stepParam);
  const viewed = Number.isInteger(fromUrl) && fromUrl >= 1 ? Math.min(fromUrl - 1, last) : Math.min(progress[lesson.id]?.step ?? 0, last);
  return (
    <div className="flex flex-col gap-4">
      <SettingsBar />
      <div className="grid items-start gap-6 xl:grid-cols-[26rem_minmax(0,1fr)]">
        <LessonPanel lesson={lesson} viewed={viewed} />
        <PlaygroundWorkbench />
      </div>
    </div>
  );
}
