/**
 * The live transcript: every line on the wire, client red and server blue, marked C:
 * and S:, virtualised so 100 000 lines scroll smoothly. Selecting a line shows its
 * explanation; server replies are announced to screen readers.
 *
 * Every row has the same height, so the visible window is arithmetic on scrollTop and
 * costs the same at 10 lines or 100 000. (A general virtualiser re-measures every row
 * whenever the count changes, which is what a growing transcript does all the time.)
 * Notices (TLS started) are rows too, between the lines (transcript-rows.ts).
 */
import type { TranscriptLine } from '@smtp-playground/shared';
import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { DIRECTION_MARK, DIRECTION_NAME, directionText } from '../../../components/ui/direction';
import { LockIcon, lockTone } from '../../../components/ui/lock';
import { useSettingsStore } from '../../../stores/settings-store';
import { type Notice, useTranscriptStore } from '../../../stores/transcript-store';
import { layoutRows, lineRow, type Row, rowsInWindow } from '../transcript-rows';

/** How each line ended on the wire; 'none' is a BDAT chunk that ended in mid-line. */
const ENDING_MARK: Record<TranscriptLine['ending'], string> = { crlf: '␍␊', lf: '␊ (bare LF)', none: '(chunk ends)' };

const selectVersion = (s: { version: number }) => s.version;
const selectSelected = (s: { selectedId: number | null }) => s.selectedId;
const selectSessionStarts = (s: { sessionStarts: ReadonlySet<number> }) => s.sessionStarts;
const selectNotices = (s: { notices: readonly Notice[] }) => s.notices;
const selectAnnouncement = (s: { announcement: string }) => s.announcement;
const selectPartial = (s: { observed: { partial: { client: string | null } } }) => s.observed.partial.client;
const selectShowEndings = (s: { showEndings: boolean }) => s.showEndings;

const ROW = 22;
/** Rows drawn beyond the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 20;
/** The list's height before the first measurement (h-80). */
const VIEW_HEIGHT = 320;

export function Transcript() {
  const version = useTranscriptStore(selectVersion); // re-render when lines change
  const lines = useTranscriptStore.getState().lines;
  const selectedId = useTranscriptStore(selectSelected);
  const sessionStarts = useTranscriptStore(selectSessionStarts);
  const notices = useTranscriptStore(selectNotices);
  const announcement = useTranscriptStore(selectAnnouncement);
  const partial = useTranscriptStore(selectPartial);
  const showEndings = useSettingsStore(selectShowEndings);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: VIEW_HEIGHT });
  const following = useRef(true);
  const layout = layoutRows(lines, notices);
  const first = Math.max(0, Math.floor(view.top / ROW) - OVERSCAN);
  const last = Math.min(layout.total, Math.ceil((view.top + view.height) / ROW) + OVERSCAN);

  // Follow the newest line, as a terminal does, unless the learner scrolled up to read.
  // biome-ignore lint/correctness/useExhaustiveDependencies: lines grows in place (and stays at MAX_LINES once full), so version is the change to follow
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && following.current && layout.total > 0) el.scrollTop = el.scrollHeight;
  }, [version, layout.total]);

  const onScroll = () => {
    const el = scroller.current as HTMLDivElement;
    following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
    setView({ top: el.scrollTop, height: el.clientHeight });
  };
  const scrollToRow = (index: number) => {
    const el = scroller.current as HTMLDivElement;
    if (index * ROW < el.scrollTop) el.scrollTop = index * ROW;
    else if ((index + 1) * ROW > el.scrollTop + el.clientHeight) el.scrollTop = (index + 1) * ROW - el.clientHeight;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const at = lines.findIndex((l) => l.id === selectedId);
    const next = Math.max(0, Math.min(lines.length - 1, at === -1 ? lines.length - 1 : at + (e.key === 'ArrowDown' ? 1 : -1)));
    const line = lines[next];
    if (line) {
      useTranscriptStore.getState().lineSelected(line.id);
      scrollToRow(lineRow(next, layout));
    }
  };

  return (
    <div className="flex min-h-0 flex-col">
      <div aria-live="polite" className="sr-only">
        {/* A new element per reply, so the same reply twice is announced twice. */}
        <p key={version}>{announcement}</p>
      </div>
      <div
        ref={scroller}
        role="listbox"
        aria-label="Transcript"
        aria-activedescendant={selectedId !== null ? `line-${selectedId}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={onScroll}
        className="h-80 overflow-auto rounded-lg border border-slate-300 bg-slate-50 font-mono text-sm focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:bg-slate-950"
      >
        {lines.length === 0 && <p className="p-3 font-sans text-slate-600 dark:text-slate-400">The conversation will appear here, line by line.</p>}
        <div style={{ height: layout.total * ROW, position: 'relative' }}>
          {windowRows(first, last, lines, selectedId, layout).map((row) => {
            if ('notice' in row) return <NoticeRow key={`notice-${row.notice.beforeLineId}-${row.row}`} notice={row.notice} top={row.row * ROW} />;
            const line = lines[row.line] as TranscriptLine;
            return (
              <Line
                key={line.id}
                line={line}
                top={row.row * ROW}
                selected={line.id === selectedId}
                newSession={sessionStarts.has(line.id) && row.line > 0}
                showEndings={showEndings}
                onSelect={() => useTranscriptStore.getState().lineSelected(line.id)}
              />
            );
          })}
        </div>
      </div>
      {partial && (
        <p className="mt-1 font-mono text-sm text-red-700 dark:text-red-400">
          C: {partial}
          <span className="ml-2 font-sans text-xs text-slate-600">(no line ending yet)</span>
        </p>
      )}
    </div>
  );
}

/**
 * The rows to draw: the visible window, plus the selected line wherever it is, so the
 * listbox's aria-activedescendant always points at an element that exists.
 */
function windowRows(first: number, last: number, lines: readonly TranscriptLine[], selectedId: number | null, layout: ReturnType<typeof layoutRows>): Row[] {
  const rows = rowsInWindow(first, last, layout);
  if (selectedId !== null) {
    const selected = lines.findIndex((l) => l.id === selectedId);
    const row = selected === -1 ? -1 : lineRow(selected, layout);
    if (selected !== -1 && (row < first || row >= last)) rows.push({ row, line: selected });
  }
  return rows;
}

/** Not a line on the wire: where the session went TLS, and what was agreed. The full text is the row's name and tooltip. */
function NoticeRow({ notice, top }: { notice: Notice; top: number }) {
  return (
    <div
      role="option"
      aria-selected={false}
      aria-disabled={true}
      tabIndex={-1}
      aria-label={`Notice: ${notice.text}`}
      title={notice.text}
      style={{ position: 'absolute', top, left: 0, right: 0, height: ROW }}
      className={`flex items-center gap-2 border-y px-2 font-sans text-xs ${lockTone({ tone: notice.tone })}`}
    >
      <LockIcon open={notice.tone === 'simulated'} />
      <span className="truncate">{notice.text}</span>
    </div>
  );
}

interface LineProps {
  line: TranscriptLine;
  top: number;
  selected: boolean;
  /** The first line of a new connection: marked with a rule and for screen readers. */
  newSession: boolean;
  showEndings: boolean;
  onSelect(): void;
}

function Line({ line, top, selected, newSession, showEndings, onSelect }: LineProps) {
  const flagged = line.error || (line.reply && line.reply.code >= 400) || line.status === '-ERR';
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox owns the keyboard (arrow keys move the selection), as the ARIA listbox pattern does
    <div
      id={`line-${line.id}`}
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      aria-label={`${newSession ? 'New connection. ' : ''}${DIRECTION_NAME[line.direction]}: ${line.text}`}
      onClick={onSelect}
      style={{ position: 'absolute', top, left: 0, right: 0, height: ROW }}
      className={`flex cursor-pointer items-center gap-2 whitespace-pre px-2 ${newSession ? 'border-t-2 border-dashed border-slate-400' : ''} ${selected ? 'bg-yellow-100 dark:bg-yellow-900/40' : 'hover:bg-slate-100 dark:hover:bg-slate-800'} ${directionText({ direction: line.direction })}`}
    >
      <span aria-hidden="true" className="select-none">
        {DIRECTION_MARK[line.direction]}
      </span>
      <span className={flagged ? 'underline decoration-wavy decoration-red-500' : ''}>{visible(line.text)}</span>
      {showEndings && (
        <span className="ml-auto shrink-0 font-sans text-xs text-slate-600 dark:text-slate-400">
          {ENDING_MARK[line.ending]} · {line.bytes} B
        </span>
      )}
    </div>
  );
}

/** Control characters made visible (␀, ␉, …) so nothing on the wire is hidden. */
function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: showing control characters is the point
  return text.replace(/[\x00-\x1f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}
