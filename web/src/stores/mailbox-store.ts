/**
 * The in-tab sandbox's mailbox. The Mailbox itself (shared) stores what the in-tab
 * server accepts, with each message's summary read once from its header block; this
 * store mirrors the list of summaries for the page, one change at a time
 * (mailbox-changes.ts), and keeps the newest messages in localStorage, so a reload
 * does not empty it. Only the message the view shows is read with postal-mime.
 *
 * It also holds which mailbox the view shows: this tab's, or the relay's
 * (relay-mailbox-store.ts). It follows the server the learner picks, since that is
 * where their letters land, and the learner can switch.
 */
import { DEFAULT_MAILBOX_LIMITS, Mailbox, Maildrops, type MessageSummary, maildropName, type StoredMessage } from '@smtp-playground/shared';
import { decodeWords } from 'postal-mime';
import { create } from 'zustand';
import { mailboxChanged } from './mailbox-changes';
import { messageOpened } from './parsed-mail-store';
import { useSettingsStore } from './settings-store';

const STORAGE_KEY = 'smtp-playground:mailbox';
/**
 * What the tab keeps across reloads: localStorage holds a few MB at most. The mailbox
 * itself keeps everything answered 250 (up to the shared default bounds); only the
 * newest messages that fit are saved.
 */
const SAVED = { maxMessages: 50, maxBytes: 2 * 1024 * 1024 };

/** The mailbox the in-tab sandbox delivers into; summaries decode encoded-words with postal-mime. */
export const tabMailbox = new Mailbox(DEFAULT_MAILBOX_LIMITS, decodeWords);

const DELETED_KEY = 'smtp-playground:pop3-deleted';

/**
 * Maildrops whose deletions (what a POP3 QUIT removed, per user) are saved beside the
 * mailbox, so a reload does not bring a deleted letter back. Only ids the mailbox still
 * holds are kept, so the saved list is bounded by it.
 */
class SavedMaildrops extends Maildrops {
  private saved: Record<string, string[]> = {};

  restore(): void {
    try {
      const saved = JSON.parse(localStorage.getItem(DELETED_KEY) ?? '{}') as Record<string, unknown>;
      for (const [user, ids] of Object.entries(saved))
        if (Array.isArray(ids))
          this.remove(
            user,
            ids.filter((id): id is string => typeof id === 'string'),
          );
    } catch {
      // A damaged list is dropped: the letters show again, nothing is lost.
    }
  }

  override remove(user: string, ids: readonly string[]): void {
    super.remove(user, ids);
    const held = new Set(tabMailbox.list().map((m) => m.id));
    const name = maildropName(user);
    this.saved = { ...this.saved, [name]: [...new Set([...(this.saved[name] ?? []), ...ids])] };
    for (const [who, list] of Object.entries(this.saved)) this.saved[who] = list.filter((id) => held.has(id));
    try {
      if (typeof localStorage !== 'undefined') localStorage.setItem(DELETED_KEY, JSON.stringify(this.saved));
    } catch {
      // Storage full: the deletions hold for this visit.
    }
  }
}

/**
 * The in-tab POP3 sandbox's maildrops, over that same mailbox: `strategos` reads what was
 * sent to strategos@…. One for the tab; what a QUIT deleted stays deleted for that user,
 * across reloads too (the message itself stays in the mailbox, as Maildrops says).
 */
export const tabMaildrops = new SavedMaildrops(tabMailbox);

type SavedMessage = Omit<StoredMessage, 'raw'> & { raw: string };

function restore() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as SavedMessage[];
    for (const m of saved.reverse()) tabMailbox.add({ ...m, raw: Uint8Array.from(atob(m.raw), (c) => c.charCodeAt(0)) });
  } catch {
    // A damaged saved mailbox is dropped, not fatal.
  }
}

function save(messages: StoredMessage[]) {
  const kept: StoredMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    if (kept.length >= SAVED.maxMessages || bytes + m.raw.length > SAVED.maxBytes) break;
    kept.push(m);
    bytes += m.raw.length;
  }
  try {
    const data: SavedMessage[] = kept.map((m) => ({ ...m, raw: btoa(Array.from(m.raw, (b) => String.fromCharCode(b)).join('')) }));
    localStorage.setItem(STORAGE_KEY, JSON.stringify(data));
  } catch {
    // Storage full: the messages stay in memory for this visit.
  }
}

export type MailboxSource = 'tab' | 'relay';

/** The in-tab sandboxes (SMTP and POP3) share the tab's mailbox; every other choice is the relay's. */
const inTab = (c: string) => c === 'tab' || c === 'tab-pop3';

interface MailboxState {
  /** Newest first. */
  messages: readonly MessageSummary[];
  selectedId: string | null;
  /** Which mailbox the view shows. */
  source: MailboxSource;
  messageSelected(id: string | null): void;
  mailboxEmptied(): void;
  sourceChosen(source: MailboxSource): void;
}

if (typeof localStorage !== 'undefined') {
  restore();
  tabMaildrops.restore();
}

/** A message of the tab's mailbox, bytes and all (the list holds summaries only). */
export function tabMessage(id: string): StoredMessage | undefined {
  return tabMailbox.get(id);
}

/** The view shows the selected message, or the newest: have it read. */
function readShown(): void {
  const { messages, selectedId } = useMailboxStore.getState();
  const shown = messages.find((m) => m.id === selectedId) ?? messages[0];
  const m = shown && tabMailbox.get(shown.id);
  if (m) messageOpened(m.raw);
}

export const useMailboxStore = create<MailboxState>()((set) => ({
  messages: tabMailbox.summaries(),
  selectedId: null,
  source: inTab(useSettingsStore.getState().connection) ? 'tab' : 'relay',
  messageSelected: (selectedId) => {
    set({ selectedId });
    readShown();
  },
  mailboxEmptied: () => tabMailbox.clear(),
  sourceChosen: (source) => set({ source }),
}));

// Letters sent through the relay (or watched on its port) land in the relay's mailbox.
useSettingsStore.subscribe((s, prev) => {
  if (s.connection !== prev.connection) useMailboxStore.setState({ source: inTab(s.connection) ? 'tab' : 'relay' });
});

readShown();

tabMailbox.subscribe((e) => {
  const change = e.type === 'messageStored' ? { type: 'stored' as const, summary: e.summary } : { type: 'removed' as const, ids: e.ids };
  useMailboxStore.setState((s) => ({ messages: mailboxChanged(s.messages, change) }));
  readShown();
  save(tabMailbox.list());
});
