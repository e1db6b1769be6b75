import { lazy, type ReactNode, Suspense } from 'react';
import { Button } from '../../components/ui/button';
import { Composer } from '../../features/playground/components/composer';
import { LineDetails } from '../../features/playground/components/line-details';
import { PostOfficeScene } from '../../features/playground/components/post-office-scene';
import { Transcript } from '../../features/playground/components/transcript';
import { SettingsBar } from '../../features/settings/components/settings-bar';
import { transcriptCopied, transcriptExported } from '../../stores/transcript-store';

// Lazy: autoplay plays a lesson's solution, and the lessons' texts stay out of the first load.
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
 * `children` go under the composer (the playground's autoplay).
 */
export function PlaygroundWorkbench({ children }: { children?: ReactNode }) {
  return (
    <div className="@container min-w-0">
      <div className="grid gap-6 @4xl:grid-cols-2">
        <PostOfficeScene />
        <section aria-label="Conversation" className="flex min-w-0 flex-col gap-3">
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
          <Composer />
          <LineDetails />
          {children}
        </section>
      </div>
    </div>
  );
}
