import { Button } from '../../components/ui/button';
import { Composer } from '../../features/playground/components/composer';
import { LineDetails } from '../../features/playground/components/line-details';
import { PostOfficeScene } from '../../features/playground/components/post-office-scene';
import { Transcript } from '../../features/playground/components/transcript';
import { SettingsBar } from '../../features/settings/components/settings-bar';
import { transcriptCopied, transcriptExported } from '../../stores/transcript-store';

export function PlaygroundRoute() {
  return (
    <div className="flex flex-col gap-4">
      <SettingsBar />
      <div className="grid gap-6 lg:grid-cols-2">
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
        </section>
      </div>
    </div>
  );
}
