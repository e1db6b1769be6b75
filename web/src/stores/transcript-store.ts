/**
 * The observed session: transcript lines and what the observer makes of them.
 *
 * Lines are kept in one array that grows in place, with `version` bumped on every
 * change: copying a 100 000-line array for each new line would make long sessions
 * slow. Components subscribe to `version` and read `lines` through getState().
 * The last lines are saved in localStorage, so a reload keeps the history.
 *
 * Notices (TLS started, and what it agreed) are not lines on the wire, so they are
 * kept apart, each pinned before the id of the line that follows it.
 */
import { initialObserverState, Observer, type ObserverState, type TranscriptLine } from '@smtp-playground/shared';
import { create } from 'zustand';
import type { TlsDetails } from '../connection/connection';
import { type LockTone, tlsNotice } from '../connection/tls-text';
import { downloadFile } from '../lib/download';

/** Beyond this the oldest lines go (the export and the screen stay responsive). */
export const MAX_LINES = 200_000;
const SAVED_LINES = 2_000;
const STORAGE_KEY = 'smtp-playground:transcript';
/** The ids of saved lines that began a connection, so a reload still marks them. */
const STARTS_KEY = 'smtp-playground:transcript-starts';

/** A row that is not a line on the wire: the session went TLS here. */
export interface Notice {
  /** Shown before the line with this id (or at the end, until that line comes). */
  beforeLineId: number;
  text: string;
  tone: LockTone;
}

interface TranscriptState {
  lines: TranscriptLine[];
  version: number;
  observed: ObserverState;
  selectedId: number | null;
  /** Ids of the lines that begin a new connection, so the transcript can mark them. */
  sessionStarts: ReadonlySet<number>;
  /** Few (one per upgrade), so replaced rather than grown in place. */
  notices: readonly Notice[];
  /** The latest server reply, for the screen-reader live region. */
  announcement: string;
  /**
   * A new session; `letterEnd` when the page knows how the server ends a letter (its
   * own sandbox), `protocol` when it knows the server speaks POP3 (else the server's
   * first line tells the observer).
   */
  sessionStarted(letterEnd?: 'crlf' | 'any-lf', protocol?: 'smtp' | 'pop3'): void;
  bytesSent(bytes: Uint8Array): void;
  bytesReceived(bytes: Uint8Array): void;
  connectionClosed(): void;
  /** The session went TLS: a notice row says what was agreed. `watching`: a terminal's client did it. */
  tlsStarted(details: TlsDetails, watching: boolean): void;
  lineSelected(id: number | null): void;
  historyCleared(): void;
}

let observer = new Observer(() => Date.now());
let nextId = 0;

function loadSaved(): TranscriptLine[] {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as TranscriptLine[];
    nextId = saved.reduce((m, l) => Math.max(m, l.id + 1), 0);
    return saved;
  } catch {
    return [];
  }
}

function loadSavedStarts(): Set<number> {
  try {
    const ids = JSON.parse(localStorage.getItem(STARTS_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(ids) ? ids.filter((id): id is number => typeof id === 'number') : []);
  } catch {
    return new Set();
  }
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleSave(lines: TranscriptLine[]) {
  if (saveTimer) return;
  saveTimer = setTimeout(() => {
    saveTimer = null;
    try {
      const kept = lines.slice(-SAVED_LINES);
      // Only starts of lines that are saved: a start still waiting for its first line
      // has no line to mark after a reload, where ids begin again after the saved ones.
      const { sessionStarts } = useTranscriptStore.getState();
      const starts = kept.filter((l) => sessionStarts.has(l.id)).map((l) => l.id);
      localStorage.setItem(STORAGE_KEY, JSON.stringify(kept.map(withoutSecrets)));
      localStorage.setItem(STARTS_KEY, JSON.stringify(starts));
    } catch {
      // Storage full or unavailable: history is a convenience, the session goes on.
    }
  }, 500);
}

const NOT_SAVED = '(login data, not saved)';

/** Logins are base64, not encryption: they never go to localStorage. Nor does POP3's PASS, which is the password itself. */
function withoutSecrets(line: TranscriptLine): TranscriptLine {
  if (line.kind === 'auth') return { ...line, text: NOT_SAVED };
  if (line.pop3?.verb === 'PASS') return { ...line, text: `PASS ${NOT_SAVED}`, pop3: { verb: 'PASS', args: NOT_SAVED } };
  if (line.pop3?.verb === 'AUTH' && /^\S+\s+\S/.test(line.pop3.args)) {
    const mechanism = line.pop3.args.split(/\s+/)[0] ?? '';
    return { ...line, text: `AUTH ${mechanism} ${NOT_SAVED}`, pop3: { verb: 'AUTH', args: `${mechanism} ${NOT_SAVED}` } };
  }
  if (line.command?.verb === 'AUTH' && line.command.initialResponse) {
    return { ...line, text: `AUTH ${line.command.mechanism} ${NOT_SAVED}`, command: { ...line.command, initialResponse: null } };
  }
  return line;
}

export const useTranscriptStore = create<TranscriptState>()((set, get) => {
  function append(fresh: TranscriptLine[]) {
    const { lines } = get();
    for (const l of fresh) {
      l.id = nextId++;
      lines.push(l);
    }
    if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
    const lastReply = [...fresh].reverse().find((l) => l.direction === 'server');
    set((s) => ({
      version: s.version + 1,
      observed: observer.state,
      announcement: lastReply ? `Server: ${lastReply.text}` : s.announcement,
    }));
    scheduleSave(lines);
  }
  return {
    lines: typeof localStorage === 'undefined' ? [] : loadSaved(),
    version: 0,
    observed: initialObserverState(),
    selectedId: null,
    sessionStarts: typeof localStorage === 'undefined' ? new Set<number>() : loadSavedStarts(),
    notices: [],
    announcement: '',
    sessionStarted: (letterEnd, protocol) => {
      observer = new Observer(() => Date.now(), { ...(letterEnd ? { letterEnd } : {}), ...(protocol ? { protocol } : {}) });
      set((s) => ({ observed: observer.state, sessionStarts: new Set(s.sessionStarts).add(nextId) }));
    },
    bytesSent: (bytes) => append(observer.feed('client', bytes)),
    bytesReceived: (bytes) => append(observer.feed('server', bytes)),
    connectionClosed: () => {
      observer.closed();
      set({ observed: observer.state });
    },
    tlsStarted: (details, watching) => {
      const text = tlsNotice(details, watching);
      const tone: LockTone = details.simulated ? 'simulated' : details.authorized === false ? 'insecure' : 'secure';
      set((s) => ({ notices: [...s.notices, { beforeLineId: nextId, text, tone }], version: s.version + 1, announcement: text }));
    },
    lineSelected: (selectedId) => set({ selectedId }),
    historyCleared: () => {
      get().lines.length = 0;
      set((s) => ({ version: s.version + 1, selectedId: null, notices: [], sessionStarts: new Set<number>() }));
      scheduleSave(get().lines);
    },
  };
});

/** The transcript as plain text, C:/S: marked (notices as "--" lines), for copy and export. */
export function transcriptText(lines: readonly TranscriptLine[], notices: readonly Notice[] = []): string {
  const out: string[] = [];
  let n = 0;
  for (const l of lines) {
    for (; n < notices.length && (notices[n] as Notice).beforeLineId <= l.id; n++) out.push(`-- ${(notices[n] as Notice).text}`);
    out.push(`${l.direction === 'client' ? 'C:' : 'S:'} ${l.text}`);
  }
  for (; n < notices.length; n++) out.push(`-- ${(notices[n] as Notice).text}`);
  return out.join('\n');
}

/** The learner copied the transcript: onto the clipboard, as text. */
export function transcriptCopied(): void {
  const { lines, notices } = useTranscriptStore.getState();
  void navigator.clipboard?.writeText(transcriptText(lines, notices));
}

/** The learner exported the transcript: a text file download. */
export function transcriptExported(): void {
  const { lines, notices } = useTranscriptStore.getState();
  downloadFile('smtp-transcript.txt', transcriptText(lines, notices), 'text/plain');
}
