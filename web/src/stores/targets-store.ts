/**
 * What the relay can reach, from `GET /api/targets`: its sandbox and the real servers
 * it was started with. When the page has no relay behind it (static hosting, or
 * `npm run dev` with no relay running), the list can't be fetched, only the in-tab
 * sandbox is offered, and `reason` says why.
 */
import { parseTargetList, type TargetSummary } from '@smtp-playground/shared';
import { create } from 'zustand';
import { type ConnectionChoice, choiceProtocol, POP3_TARGET } from './settings-store';

export type { TargetSummary };

export type RelayStatus = 'unknown' | 'available' | 'unavailable';

interface TargetsState {
  status: RelayStatus;
  targets: TargetSummary[];
  /** Why only the in-tab sandbox is offered. */
  reason: string | null;
  targetsListed(targets: TargetSummary[]): void;
  relayUnreachable(reason: string): void;
}

export const useTargetsStore = create<TargetsState>()((set) => ({
  status: 'unknown',
  targets: [],
  reason: null,
  targetsListed: (targets) => set({ status: 'available', targets, reason: null }),
  relayUnreachable: (reason) => set({ status: 'unavailable', targets: [], reason }),
}));

const ONLY_TAB = 'so only the in-tab sandbox is offered. To reach the relay, run npm start and open the page it serves (http://127.0.0.1:2580/).';

/** Asks the relay what it can reach; on any failure, says why in the store. */
export async function loadTargets(fetchList: typeof fetch = fetch): Promise<void> {
  const { targetsListed, relayUnreachable } = useTargetsStore.getState();
  let response: Response;
  try {
    response = await fetchList('/api/targets', { headers: { accept: 'application/json' } });
  } catch {
    return relayUnreachable(`This page can’t reach a relay (GET /api/targets failed), ${ONLY_TAB}`);
  }
  if (!response.ok) return relayUnreachable(`The relay didn’t answer GET /api/targets (HTTP ${response.status}), ${ONLY_TAB}`);
  // null for anything but a list of targets: a static server answering with the page itself, say.
  const list = parseTargetList(await response.text().catch(() => ''));
  if (list) return targetsListed(list);
  relayUnreachable(`This page is served without the relay (GET /api/targets gave no list of targets), ${ONLY_TAB}`);
}

/** The relay sandbox's TCP port, to say what to type in a terminal. */
export function sandboxPort(targets: readonly TargetSummary[]): number {
  const address = targets.find((t) => t.sandbox && t.name !== POP3_TARGET)?.address ?? '';
  return Number(/:(\d+)$/.exec(address)?.[1] ?? 2525);
}

/** The relay's POP3 sandbox's TCP port (2110 unless started with --pop3-port); null when the relay lists none. */
export function pop3Port(targets: readonly TargetSummary[]): number | null {
  const address = targets.find((t) => t.sandbox && t.name === POP3_TARGET)?.address;
  if (address === undefined) return null;
  return Number(/:(\d+)$/.exec(address)?.[1] ?? 2110);
}

/** The choice the page can honour: with no relay, the in-tab sandbox of the same protocol, whatever was saved. */
export function effectiveChoice(choice: ConnectionChoice, status: RelayStatus): ConnectionChoice {
  if (status !== 'unavailable' || choice === 'tab' || choice === 'tab-pop3') return choice;
  return choiceProtocol(choice) === 'pop3' ? 'tab-pop3' : 'tab';
}
