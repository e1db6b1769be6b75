/**
 * The relay's mailbox, live: what its sandbox accepted (from port 2525, and from the
 * page's "Relay sandbox" sessions). The list comes from `GET /api/messages` and is
 * fetched again whenever the watch feed says the mailbox changed; a message's bytes
 * are fetched when it is opened, since a message may be many megabytes. The list is
 * read with shared's parseMessageList, like every body the relay sends.
 */
import { type MessageSummary, parseMessageList } from '@smtp-playground/shared';
import { create } from 'zustand';
import { type WatchFeed, watchFeed } from '../connection/watch-feed';
import { messageBytesArrived } from './parsed-mail-store';

interface RelayMailboxState {
  /** `off`: not started (no relay). `stale`: the live feed is gone; the list may be old. */
  status: 'off' | 'loading' | 'live' | 'stale';
  messages: MessageSummary[];
  /** Raw bytes of the messages opened so far, by id. */
  raw: Readonly<Record<string, Uint8Array>>;
  selectedId: string | null;
  /** A fetch that failed, in a sentence. */
  problem: string | null;
  messageSelected(id: string): void;
  mailboxEmptied(): void;
}

let fetching: Promise<void> | null = null;
let again = false;

/** Fetches the list; a change heard while a fetch runs fetches once more after it. */
function refresh(): void {
  if (fetching) {
    again = true;
    return;
  }
  fetching = (async () => {
    try {
      const r = await fetch('/api/messages', { headers: { accept: 'application/json' } });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const messages = parseMessageList(await r.text());
      if (!messages) throw new Error('the answer was not a list of messages');
      useRelayMailboxStore.setState((s) => ({
        messages,
        problem: null,
        raw: Object.fromEntries(Object.entries(s.raw).filter(([id]) => messages.some((m) => m.id === id))),
      }));
      // The view shows the selected message, or the newest: have its bytes ready.
      const { selectedId, raw } = useRelayMailboxStore.getState();
      const shown = messages.find((m) => m.id === selectedId) ?? messages[0];
      if (shown && !raw[shown.id]) void fetchRaw(shown.id);
    } catch (e) {
      useRelayMailboxStore.setState({ problem: `The relay’s mailbox couldn’t be read (${(e as Error).message}).` });
    }
  })().finally(() => {
    fetching = null;
    if (again) {
      again = false;
      refresh();
    }
  });
}

/** Ids whose bytes are being fetched, so a message is fetched once. */
const rawLoading = new Set<string>();

async function fetchRaw(id: string): Promise<void> {
  if (rawLoading.has(id)) return;
  rawLoading.add(id);
  try {
    const r = await fetch(`/api/messages/${encodeURIComponent(id)}/raw`);
    if (!r.ok) throw new Error(r.status === 404 ? 'it is no longer in the mailbox' : `HTTP ${r.status}`);
    const bytes = new Uint8Array(await r.arrayBuffer());
    messageBytesArrived(bytes);
    useRelayMailboxStore.setState((s) => ({ raw: { ...s.raw, [id]: bytes } }));
  } catch (e) {
    useRelayMailboxStore.setState({ problem: `Message ${id} couldn’t be read (${(e as Error).message}).` });
  } finally {
    rawLoading.delete(id);
  }
}

export const useRelayMailboxStore = create<RelayMailboxState>()((set, get) => ({
  status: 'off',
  messages: [],
  raw: {},
  selectedId: null,
  problem: null,
  messageSelected: (id) => {
    set({ selectedId: id });
    if (!get().raw[id]) void fetchRaw(id);
  },
  mailboxEmptied: () => {
    void fetch('/api/messages', { method: 'DELETE' }).then(
      () => refresh(), // the feed says so too; this covers a feed that is down
      () => set({ problem: 'The relay’s mailbox couldn’t be emptied: the relay didn’t answer.' }),
    );
  },
}));

/** The relay is there: read its mailbox, and follow it live. Returns the function that stops. */
export function relayMailboxFollowed(feed: WatchFeed = watchFeed): () => void {
  useRelayMailboxStore.setState({ status: 'loading' });
  refresh();
  return feed.subscribe((e) => {
    // hello comes on every (re)connect: changes made while the feed was down are caught up.
    if (e.type === 'hello' || e.type === 'mailbox') {
      useRelayMailboxStore.setState({ status: 'live' });
      refresh();
    } else if (e.type === 'interrupted' || e.type === 'unavailable') {
      useRelayMailboxStore.setState({ status: 'stale' });
    }
  });
}
