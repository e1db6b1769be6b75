/** The explanation of the selected transcript line, with a link to its reference entry. */
import { ENHANCED_DETAILS, POP3_VERBS, type TranscriptLine, VERBS } from '@smtp-playground/shared';
import { referenceHash } from '../../../stores/route-store';
import { useTranscriptStore } from '../../../stores/transcript-store';

/** Re-runs when `version` or `selectedId` changes: the lines array itself grows in place. */
const ENDED_WITH: Record<TranscriptLine['ending'], string> = {
  crlf: 'Ended with CRLF',
  lf: 'Ended with a bare LF',
  none: 'No line ending: the BDAT chunk ended here',
};

const selectSelectedLine = (s: { selectedId: number | null; lines: TranscriptLine[]; version: number }): TranscriptLine | null =>
  s.selectedId === null ? null : (s.lines.find((l) => l.id === s.selectedId) ?? null);

/**
 * The reference entry a line belongs to: a reply's catalogue key (or, for a reply the
 * catalogue does not know, its enhanced code), a command's verb. A malformed command
 * still links to its verb, since its syntax is what the learner needs. POP3 lines link
 * to POP3's entries (POP3-RETR, POP3-OK_RETR): QUIT is a verb of both protocols.
 */
export function referenceEntry(line: TranscriptLine): string | null {
  if (line.pop3 || line.status) {
    if (line.pop3ReplyKey) return `POP3-${line.pop3ReplyKey}`;
    return line.kind === 'command' && line.pop3 && (POP3_VERBS as readonly string[]).includes(line.pop3.verb) ? `POP3-${line.pop3.verb}` : null;
  }
  if (line.direction === 'server') {
    if (line.replyKey) return line.replyKey;
    const enhanced = line.reply?.enhanced;
    return enhanced && ENHANCED_DETAILS[enhanced.slice(2)] ? enhanced : null;
  }
  if (line.kind !== 'command') return null;
  const verb = line.command?.verb ?? line.text.split(' ', 1)[0]?.toUpperCase();
  return verb && (VERBS as readonly string[]).includes(verb) ? verb : null;
}

export function LineDetails() {
  const line = useTranscriptStore(selectSelectedLine);
  if (!line) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Select a line of the transcript to see what it means.</p>;
  }
  const entry = referenceEntry(line);
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
        {ENDED_WITH[line.ending]} · {line.bytes} bytes
      </p>
      {entry && (
        <p className="mt-2">
          <a href={referenceHash(entry)} className="text-blue-700 underline hover:no-underline dark:text-blue-300">
            In the reference: <span className="font-mono">{entry}</span>
          </a>
        </p>
      )}
    </section>
  );
}
