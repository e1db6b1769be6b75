/**
 * The page's DNS lookups: what the learner asked the dig panel and what the playground's
 * simulated DNS answered (shared/src/dns). The panel shows the history; lessons read
 * `lookups` (lessons-store.ts passes them to the engine), which is how a goal such as
 * "look up the MX of server.thm" can tick although no SMTP session shows it.
 *
 * Nothing here is saved: a lookup is a moment, and a reload asks again. A lesson's goal
 * met by one stays met in the lesson's own progress.
 */
import { type DnsAnswer, formatDig, parseDigQuery, resolve } from '@smtp-playground/shared';
import { create } from 'zustand';

/** One query as typed, and what dig printed (or why it printed nothing). */
export interface DigEntry {
  id: number;
  query: string;
  output: string;
  /** The query could not be read: `output` says why. */
  refused: boolean;
}

/** The history shows this many entries; lessons see as many lookups. Older ones go. */
export const MAX_DIG_ENTRIES = 50;

interface DnsState {
  /** Answers to the queries that could be read, oldest first. */
  lookups: readonly DnsAnswer[];
  /** What the panel shows, oldest first. */
  history: readonly DigEntry[];
  /** The learner (or "show me") asked a question: "dig MX server.thm". */
  queryEntered(text: string): void;
  historyCleared(): void;
}

let nextId = 1;
const last = <T>(list: readonly T[], item: T): readonly T[] => [...list, item].slice(-MAX_DIG_ENTRIES);

export const useDnsStore = create<DnsState>()((set, get) => ({
  lookups: [],
  history: [],
  queryEntered: (text) => {
    const query = text.trim();
    if (query === '') return;
    const parsed = parseDigQuery(query);
    if (!parsed.ok) {
      set({ history: last(get().history, { id: nextId++, query, output: parsed.error, refused: true }) });
      return;
    }
    const answer = resolve(parsed.query.name, parsed.query.type);
    set({
      lookups: last(get().lookups, answer),
      history: last(get().history, { id: nextId++, query, output: formatDig(parsed.query, answer), refused: false }),
    });
  },
  historyCleared: () => set({ history: [] }),
}));
