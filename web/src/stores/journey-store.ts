/**
 * The journeys of what the page's submission server accepted (a journey scenario: the
 * in-tab sandbox plays mail.client.thm, shared/src/world). The server's 250 hands the
 * message here instead of to the mailbox; shared's runJourney works out every step at
 * once, and this store shows them at a reading pace.
 *
 * Rules:
 * - A journey is shown frame by frame: one frame per step, and one per chunk of bytes
 *   a hop's session sent (its transcript grows line by line, as the learner's own
 *   does). A frame comes every FRAME_MS; "Show all" shows the rest at once.
 * - The messages a journey delivers (and the MSA's bounces) go into the tab's mailbox
 *   when the step that delivers them is shown, not before: the mailbox and the panel
 *   tell the same story at the same time.
 * - Lesson goals read only journeys shown to their end (lessons-store).
 * - Each hop's lines are read by the same observer as the learner's transcript, so
 *   they carry the same explanations.
 */
import {
  type Journey,
  type JourneyStep,
  type MessageSink,
  Observer,
  runJourney,
  type StoredMessage,
  scenarioById,
  type TranscriptLine,
} from '@smtp-playground/shared';
import { create } from 'zustand';
import { tabMailbox } from './mailbox-store';
import { useSettingsStore } from './settings-store';

/** A frame every 0.9 s: a step, or one chunk of a hop's dialogue. */
export const FRAME_MS = 900;
/** Journeys kept in the panel; older ones go (the mailbox keeps what they delivered). */
const MAX_JOURNEYS = 10;

export interface ShownJourney {
  journey: Journey;
  /** For each step, the frames it takes: 1, or a hop's chunk count. */
  frames: number[];
  /** Frames shown so far (all of them: the journey is over). */
  shown: number;
  /** For each hop step (by step index), the lines its chunks completed, chunk by chunk. */
  hopLines: Record<number, TranscriptLine[][]>;
}

interface JourneyState {
  journeys: ShownJourney[];
  /** A journey being worked out (the checks are asynchronous). */
  working: number;
  /** Why the last journey could not be worked out (no WebCrypto: a page opened over plain http from another machine). */
  error: string | null;
  /** Shows every frame of every journey now. */
  showAllPressed(): void;
  journeysCleared(): void;
}

export const useJourneyStore = create<JourneyState>()(() => ({
  journeys: [],
  working: 0,
  error: null,
  showAllPressed: () => {
    for (const j of useJourneyStore.getState().journeys) reveal(j, total(j));
  },
  // What an unfinished journey carries still arrives: clearing the panel loses no mail.
  journeysCleared: () => {
    useJourneyStore.getState().showAllPressed();
    useJourneyStore.setState({ journeys: [], error: null });
  },
}));

const set = (s: Partial<JourneyState>) => useJourneyStore.setState(s);
const get = () => useJourneyStore.getState();

/** The in-tab MSA's queue: what it answers 250 to starts its journey. */
export const journeySink: MessageSink = { add: (message) => void journeyStarted(message) };

async function journeyStarted(message: StoredMessage): Promise<void> {
  const scenario = scenarioById(useSettingsStore.getState().scenario);
  set({ working: get().working + 1 });
  try {
    const journey = await runJourney(message, {
      clock: () => Date.now(),
      random: () => Math.random(),
      modifyInTransit: scenario.journey?.modifyInTransit ?? false,
    });
    const shown: ShownJourney = {
      journey,
      frames: journey.steps.map((s) => (s.kind === 'hop' ? Math.max(1, s.chunks.length) : 1)),
      shown: 0,
      hopLines: hopLinesOf(journey),
    };
    set({ journeys: withoutOldest([...get().journeys, shown]), error: null });
    tick();
  } catch (e) {
    // The server said 250: the letter is kept, if not on its journey.
    tabMailbox.add(message);
    set({ error: `The journey could not be worked out (${e instanceof Error ? e.message : String(e)}), so the letter went straight to the Mailbox.` });
  } finally {
    set({ working: get().working - 1 });
  }
}

/** The newest MAX_JOURNEYS; only journeys shown to their end make room (what they carried is in the Mailbox already). */
function withoutOldest(journeys: ShownJourney[]): ShownJourney[] {
  const kept = [...journeys];
  while (kept.length > MAX_JOURNEYS) {
    const old = kept.findIndex(finished);
    if (old === -1) break;
    kept.splice(old, 1);
  }
  return kept;
}

/** Each hop's chunks read by an observer of its own, as the learner's transcript reads theirs. */
function hopLinesOf(journey: Journey): Record<number, TranscriptLine[][]> {
  const out: Record<number, TranscriptLine[][]> = {};
  journey.steps.forEach((step, i) => {
    if (step.kind !== 'hop') return;
    const observer = new Observer(() => Date.now());
    out[i] = step.chunks.map((c) => observer.feed(c.from, c.bytes));
  });
  return out;
}

export const total = (j: ShownJourney) => j.frames.reduce((a, b) => a + b, 0);

/** How many frames of step `index` are shown. */
export function framesShown(j: ShownJourney, index: number): number {
  const before = j.frames.slice(0, index).reduce((a, b) => a + b, 0);
  return Math.max(0, Math.min(j.frames[index] ?? 0, j.shown - before));
}

/** Whether a journey has been shown to its end. */
export const finished = (j: ShownJourney) => j.shown >= total(j);

let timer: ReturnType<typeof setTimeout> | null = null;

/** Shows the next frame of the oldest journey not yet shown whole, then waits for the next. */
function tick(): void {
  if (timer !== null) return;
  const next = get().journeys.find((j) => !finished(j));
  if (!next) return;
  timer = setTimeout(() => {
    timer = null;
    const current = get().journeys.find((j) => j.journey === next.journey);
    if (current) reveal(current, current.shown + 1);
    tick();
  }, FRAME_MS);
}

/** Shows `j` up to frame `upTo`; the steps that become visible deliver what they carry. */
function reveal(j: ShownJourney, upTo: number): void {
  const before = j.journey.steps.filter((_, i) => framesShown(j, i) > 0).length;
  const updated = { ...j, shown: Math.min(upTo, total(j)) };
  j.journey.steps.forEach((step, i) => {
    if (i >= before && framesShown(updated, i) > 0) arrive(step);
  });
  set({ journeys: get().journeys.map((x) => (x.journey === j.journey ? updated : x)) });
}

function arrive(step: JourneyStep): void {
  if (step.kind === 'delivered') tabMailbox.add(step.message);
  if (step.kind === 'bounced' && step.bounce) tabMailbox.add(step.bounce);
}

/** The journeys shown to their end, oldest first: what lesson goals read. */
export function finishedJourneys(): Journey[] {
  return get()
    .journeys.filter(finished)
    .map((j) => j.journey);
}
