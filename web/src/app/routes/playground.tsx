import { scenarioById } from '@smtp-playground/shared';
import { lazy, type ReactNode, Suspense } from 'react';
import { Button } from '../../components/ui/button';
import { Composer } from '../../features/playground/components/composer';
import { LineDetails } from '../../features/playground/components/line-details';
import { PostOfficeScene } from '../../features/playground/components/post-office-scene';
import { Transcript } from '../../features/playground/components/transcript';
import { SettingsBar } from '../../features/settings/components/settings-bar';
import { useSettingsStore } from '../../stores/settings-store';
import { transcriptCopied, transcriptExported } from '../../stores/transcript-store';

// Lazy: autoplay plays a lesson's solution, and the lessons' texts stay out of the first load.
// So is the journey panel, shown only in a journey scenario.
const JourneyPanel = lazy(() => import('../../features/journey/components/journey-panel').then((m) => ({ default: m.JourneyPanel })));
const ClassicAutoplay = lazy(() => import('../../features/lessons/components/autoplay-controls').then((m) => ({ default: m.ClassicAutoplay })));

export function PlaygroundRoute() {
  return (
    <div className="flex flex-col gap-4">
      <SettingsBar />
      <PlaygroundWorkbench>
        <Suspense fallback={null}>
          <ClassicAutoplay />
        </Suspense>
      </PlaygroundWorkbench>
    </div>
  );
}

/**
 * The post office beside the conversation. A container query, not the viewport,
 * decides the columns: beside a lesson the workbench is narrower than the page.
 *
 * In one column (a phone) the scene folds up above the transcript, and the composer
 * sticks to the bottom of the screen, so what the learner types and what comes back
 * stay in view together, the scene open or not. A sticky element stays within its
 * parent, so the composer is a child of the workbench itself, not of a column: in two
 * columns a grid puts it back under the transcript, the scene spanning all the rows.
 * `children` go under the composer (the playground's autoplay).
 */
export function PlaygroundWorkbench({ children }: { children?: ReactNode }) {
  return (
    <div className="@container min-w-0">
      <div className="flex flex-col gap-3 @4xl:grid @4xl:grid-cols-2 @4xl:grid-rows-[auto_auto_1fr] @4xl:gap-x-6">
        <div className="mb-3 min-w-0 @4xl:row-span-3 @4xl:mb-0">
          <PostOfficeScene />
        </div>
        <section aria-label="Conversation" className="flex min-w-0 flex-col gap-3 @4xl:col-start-2">
          <div className="flex items-center justify-between">
            <h2 className="text-lg font-semibold">Transcript</h2>
            <div className="flex gap-2">
              <Button size="sm" onClick={transcriptCopied}>
                Copy
              </Button>
              <Button size="sm" onClick={transcriptExported}>
                Export
              </Button>
            </div>
          </div>
          <Transcript />
        </section>
        <div className="sticky bottom-0 z-10 min-w-0 border-t @4xl:col-start-2 border-slate-200 bg-white/95 py-2 @4xl:static @4xl:border-0 @4xl:py-0 dark:border-slate-700 dark:bg-slate-900/95">
          <Composer />
        </div>
        <div className="flex min-w-0 flex-col gap-3 @4xl:col-start-2">
          <LineDetails />
          {children}
        </div>
      </div>
      <JourneyBelow />
    </div>
  );
}

/** Journeys are the in-tab server's: the relay's sandbox keeps what it accepts, and a real server's journey is its own. */
const selectJourney = (s: { scenario: string; connection: string }) => s.connection === 'tab' && scenarioById(s.scenario).journey !== undefined;

/** In a journey scenario on the in-tab server, the journey of each letter it accepts, under the workbench. */
function JourneyBelow() {
  const journey = useSettingsStore(selectJourney);
  if (!journey) return null;
  return (
    <div className="mt-4">
      <Suspense fallback={null}>
        <JourneyPanel />
      </Suspense>
    </div>
  );
}
