/**
 * The relay's mailbox, live: what its sandbox accepted (from port 2525, and from the
 * page's "Relay sandbox" sessions). The list comes from `GET /api/messages` once per
 * (re)connection of the watch feed (its `hello`); after that the feed's changes keep
 * it (each new message's summary, the ids that left), so a delivery costs the relay
 * one small event, not a listing. A message's bytes are fetched when it is shown,
 * since a message may be many megabytes. Everything the relay sends is read with
 * shared's parsers.
 *
 * A change heard while the list is being fetched waits and is applied on top of the
 * answer; changes apply idempotently (mailbox-changes.ts), so it does not matter
 * whether the answer already had it.
 */
import { type MessageSummary, parseMessageList } from '@smtp-playground/shared';
import { create } from 'zustand';
import { type WatchFeed, watchFeed } from '../connection/watch-feed';
import { type MailboxChange, mailboxChanged } from './mailbox-changes';
import { messageOpened } from './parsed-mail-store';

interface RelayMailboxState {
  /** `off`: not started (no relay). `stale`: the live feed is gone; the list may be old. */
  status: 'off' | 'loading' | 'live' | 'stale';
  /** Newest first. */
  messages: readonly MessageSummary[];
  /** Raw bytes of the messages opened lately, by id (at most RAW_KEPT_BYTES of them, and the last one opened). */
  raw: Readonly<Record<string, Uint8Array>>;
  selectedId: string | null;
  /** A fetch that failed, in a sentence. */
  problem: string | null;
  messageSelected(id: string): void;
  mailboxEmptied(): void;
}

/** Bytes of opened messages kept for going back to them; a message of 50 MB is kept alone. */
const RAW_KEPT_BYTES = 32 * 1024 * 1024;
/** Changes heard during one fetch; more than this, and the list is fetched again instead. */
const MAX_HEARD_MEANWHILE = 1000;

let fetching: Promise<void> | null = null;
let again = false;
let heardMeanwhile: MailboxChange[] = [];

/** Folds changes into the list, and forgets the bytes of messages that left. */
function apply(changes: readonly MailboxChange[], list: readonly MessageSummary[] = useRelayMailboxStore.getState().messages): void {
  const messages = changes.reduce(mailboxChanged, list);
  useRelayMailboxStore.setState((s) => ({
    messages,
    raw: Object.fromEntries(Object.entries(s.raw).filter(([id]) => messages.some((m) => m.id === id))),
  }));
  // The view shows the selected message, or the newest: have its bytes ready.
  const { selectedId, raw } = useRelayMailboxStore.getState();
  const shown = messages.find((m) => m.id === selectedId) ?? messages[0];
  if (shown && !raw[shown.id]) void fetchRaw(shown.id);
}

/** A change from the feed: applied now, or after the fetch under way. */
function changed(change: MailboxChange): void {
  if (!fetching) return apply([change]);
  if (heardMeanwhile.length < MAX_HEARD_MEANWHILE) heardMeanwhile.push(change);
  else again = true; // too much at once: the next answer has it all
}

/** Fetches the whole list; a `hello` heard while a fetch runs fetches once more after it. */
function refresh(): void {
  if (fetching) {
    again = true;
    return;
  }
  fetching = (async () => {
    let list: MessageSummary[] | null = null;
    try {
      const r = await fetch('/api/messages', { headers: { accept: 'application/json' } });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      list = parseMessageList(await r.text());
      if (!list) throw new Error('the answer was not a list of messages');
      useRelayMailboxStore.setState({ problem: null });
    } catch (e) {
      useRelayMailboxStore.setState({ problem: `The relay’s mailbox couldn’t be read (${(e as Error).message}).` });
    }
    const heard = heardMeanwhile;
    heardMeanwhile = [];
    if (list) apply(heard, list);
    else if (heard.length > 0) apply(heard);
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
    messageOpened(bytes);
    useRelayMailboxStore.setState((s) => ({ raw: keptRaw(s.raw, id, bytes) }));
  } catch (e) {
    useRelayMailboxStore.setState({ problem: `Message ${id} couldn’t be read (${(e as Error).message}).` });
  } finally {
    rawLoading.delete(id);
  }
}

/** The bytes kept once `id` is added: the newest first, until RAW_KEPT_BYTES (the one just opened always stays). */
function keptRaw(raw: Readonly<Record<string, Uint8Array>>, id: string, bytes: Uint8Array): Record<string, Uint8Array> {
  const kept: Record<string, Uint8Array> = { [id]: bytes };
  let total = bytes.length;
  for (const [k, v] of Object.entries(raw)) {
    // `raw` is newest first too: it was built here.
    if (k === id || total + v.length > RAW_KEPT_BYTES) continue;
    kept[k] = v;
    total += v.length;
  }
  return kept;
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
    if (e.type === 'hello') {
      useRelayMailboxStore.setState({ status: 'live' });
      refresh();
    } else if (e.type === 'messageStored') {
      useRelayMailboxStore.setState({ status: 'live' });
      changed({ type: 'stored', summary: e.message });
    } else if (e.type === 'messagesRemoved') {
      changed({ type: 'removed', ids: e.ids });
    } else if (e.type === 'interrupted' || e.type === 'unavailable') {
      useRelayMailboxStore.setState({ status: 'stale' });
    }
  });
}
