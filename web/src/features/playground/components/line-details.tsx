/** The explanation of the selected transcript line. */
import type { TranscriptLine } from '@smtp-playground/shared';
import { useTranscriptStore } from '../../../stores/transcript-store';

/** Re-runs when `version` or `selectedId` changes: the lines array itself grows in place. */
const selectSelectedLine = (s: { selectedId: number | null; lines: TranscriptLine[]; version: number }): TranscriptLine | null =>
  s.selectedId === null ? null : (s.lines.find((l) => l.id === s.selectedId) ?? null);

export function LineDetails() {
  const line = useTranscriptStore(selectSelectedLine);
  if (!line) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Select a line of the transcript to see what it means.</p>;
  }
  return (
    <section aria-label="Line explanation" className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
      <p className="font-mono">
        {line.direction === 'client' ? 'C:' : 'S:'} {line.text}
      </p>
      <p className="mt-1">{line.explain}</p>
      {line.error && <p className="mt-1 text-red-700 dark:text-red-400">Malformed: {line.error}</p>}
      {line.notes.map((n) => (
        <p key={n} className="mt-1 text-amber-800 dark:text-amber-300">
          Note: {n}
        </p>
      ))}
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {line.ending === 'crlf' ? 'Ended with CRLF' : 'Ended with a bare LF'} · {line.bytes} bytes
      </p>
    </section>
  );
}
