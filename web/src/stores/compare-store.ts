/**
 * "Compare with a real server": plays the safe part of the parity corpus against a
 * relay target and against the in-tab sandbox, and keeps what came of it: each
 * dialogue's two transcripts lined up (shared's runComparison), and the fingerprint
 * of each side. The connections live here, not in components.
 *
 * Rules:
 * - Only a target the relay lists can be compared; with no relay (a static page) the
 *   view says how to start one with a target instead.
 * - A target the relay reaches without STARTTLS (tls=none, or implicit TLS) can't do
 *   the dialogues that need a handshake: they are skipped, and the view says why.
 * - A new run (or Stop) ends the last one: its late results are dropped.
 */
import {
  COMPARE_DIALOGUES,
  type DialogueComparison,
  type Fingerprint,
  needsTls,
  PERSONALITIES,
  readFingerprint,
  runComparison,
  type TlsMode,
} from '@smtp-playground/shared';
import { create } from 'zustand';
import { openRelayTransport } from '../connection/dialogue-transport';
import { useSettingsStore } from './settings-store';
import { type TargetSummary, useTargetsStore } from './targets-store';

export type CompareStatus = 'idle' | 'running' | 'done' | 'stopped';
export type PersonalityId = keyof typeof PERSONALITIES;

/** A dialogue left out of a run, and why. */
export interface SkippedDialogue {
  id: string;
  why: string;
}

interface CompareState {
  /** The target chosen; null: the default (see compareTarget). */
  target: string | null;
  personality: PersonalityId;
  status: CompareStatus;
  /** What the run that made the results compared: the target's name and the personality. */
  compared: { target: string; personality: PersonalityId } | null;
  /** Dialogues the run plays. */
  total: number;
  /** Finished dialogues, in corpus order. */
  results: DialogueComparison[];
  skipped: SkippedDialogue[];
  /** The target's card, and the sandbox's for comparison, once the run is done. */
  fingerprint: Fingerprint | null;
  sandboxFingerprint: Fingerprint | null;
  /** Why a comparison can't start. */
  problem: string | null;
  targetChosen(name: string): void;
  personalityChosen(p: PersonalityId): void;
  compareRequested(): Promise<void>;
  compareStopped(): void;
}

/** The target to compare: the one chosen if the relay lists it, else its first real server, else its sandbox. */
export function compareTarget(chosen: string | null, targets: readonly TargetSummary[]): TargetSummary | null {
  return targets.find((t) => t.name === chosen) ?? targets.find((t) => !t.sandbox) ?? targets[0] ?? null;
}

/** Why a dialogue can't be played against a target reached with this TLS mode, or null. */
function skipReason(tls: TlsMode): string | null {
  if (tls === 'starttls') return null;
  return tls === 'none'
    ? 'needs a TLS handshake, and the relay reaches this server with tls=none'
    : 'needs STARTTLS, and the relay reaches this server with implicit TLS';
}

let run = 0;

export const useCompareStore = create<CompareState>()((set, get) => ({
  target: null,
  personality: useSettingsStore.getState().personality,
  status: 'idle',
  compared: null,
  total: 0,
  results: [],
  skipped: [],
  fingerprint: null,
  sandboxFingerprint: null,
  problem: null,
  targetChosen: (target) => set({ target }),
  personalityChosen: (personality) => set({ personality }),
  compareRequested: async () => {
    const { status, targets } = useTargetsStore.getState();
    const target = status === 'available' ? compareTarget(get().target, targets) : null;
    if (!target) {
      set({ problem: 'Comparing needs the relay and a server it can reach: npm start -- --target NAME=HOST:PORT.' });
      return;
    }
    const mine = ++run;
    const why = skipReason(target.tls);
    const dialogues = why ? COMPARE_DIALOGUES.filter((d) => !needsTls(d)) : COMPARE_DIALOGUES;
    const skipped = why ? COMPARE_DIALOGUES.filter(needsTls).map((d) => ({ id: d.id, why })) : [];
    const personality = get().personality;
    set({
      status: 'running',
      compared: { target: target.name, personality },
      total: dialogues.length,
      results: [],
      skipped,
      fingerprint: null,
      sandboxFingerprint: null,
      problem: null,
    });
    const finished: DialogueComparison[] = [];
    const order = new Map(dialogues.map((d, i) => [d.id, i]));
    const outcome = await runComparison({
      dialogues,
      personality: PERSONALITIES[personality],
      concurrency: 4,
      open: () => openRelayTransport(target.name),
      cancelled: () => run !== mine,
      onDone: (c) => {
        if (run !== mine) return;
        finished.push(c);
        finished.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
        set({ results: [...finished] });
      },
    });
    if (run !== mine) return;
    set({ status: 'done', results: outcome.comparisons, fingerprint: readFingerprint(outcome.server), sandboxFingerprint: readFingerprint(outcome.sandbox) });
  },
  compareStopped: () => {
    if (get().status !== 'running') return;
    run++;
    set({ status: 'stopped' });
  },
}));
