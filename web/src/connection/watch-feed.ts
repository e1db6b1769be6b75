/**
 * The relay's live feed, `GET /api/watch` (Server-Sent Events), as typed events: every
 * session its sandbox handles (opened, bytes both ways, TLS, closed) and mailbox
 * changes. One EventSource serves the whole page: it opens with the first subscriber
 * and closes with the last, so the watch view and the live mailbox share it. While no
 * subscriber wants the sessions' bytes (only the live mailbox is listening), it asks
 * for `/api/watch?bytes=0`, so a 50 MiB letter to the sandbox is not 67 MiB of base64
 * to every open tab; it reopens with bytes when the watch view subscribes.
 *
 * The browser reconnects a dropped stream by itself (the relay drops a watcher that
 * falls too far behind); bytes sent meanwhile are lost, so subscribers hear
 * `interrupted`. When the browser gives up (no relay here: a 404 or a page instead of
 * a stream), they hear `unavailable`.
 *
 * The events are shared's WatchEvent, read with its parseWatchEvent; one it refuses
 * (malformed) is skipped, never fatal.
 */
import { parseWatchEvent, WATCH_EVENT_TYPES, type WatchEvent, type WatchedSession } from '@smtp-playground/shared';

export type WatchFeedEvent =
  /** What the relay sent. */
  | WatchEvent
  /** The stream broke; the browser is reconnecting. Bytes may have been missed. */
  | { type: 'interrupted' }
  /** The browser gave up: this page's server has no watch feed. */
  | { type: 'unavailable' };

export interface WatchFeed {
  /**
   * Returns the function that unsubscribes. `bytes`: this listener wants the sessions'
   * bytes; when no listener does, they are not even decoded (the live mailbox needs
   * only its changes, and a 50 MiB message is a lot of base64).
   */
  subscribe(listener: (e: WatchFeedEvent) => void, options?: { bytes?: boolean }): () => void;
}

/** The EventSource parts used here, so tests can pass a fake. */
export interface FeedSource {
  readonly readyState: number;
  addEventListener(name: string, listener: (m: MessageEvent<string>) => void): void;
  close(): void;
  onerror: ((e: Event) => void) | null;
}

const CLOSED = 2; // EventSource.CLOSED, without needing the global in tests

export function createWatchFeed(
  createSource: (bytes: boolean) => FeedSource = (bytes) => new EventSource(bytes ? '/api/watch' : '/api/watch?bytes=0'),
): WatchFeed {
  /** Each listener, and whether it wants bytes. */
  const listeners = new Map<(e: WatchFeedEvent) => void, boolean>();
  let source: FeedSource | null = null;
  /** Whether `source` carries bytes. */
  let sourceBytes = false;
  /** Open sessions as last heard, so a late subscriber gets a hello of its own. */
  let sessions: Map<string, WatchedSession> | null = null;

  const emit = (e: WatchFeedEvent) => {
    if (e.type === 'hello') sessions = new Map(e.sessions.map((s) => [s.id, s]));
    else if (e.type === 'opened') sessions?.set(e.id, { id: e.id, client: e.client, startedAt: e.at });
    else if (e.type === 'closed') sessions?.delete(e.id);
    else if (e.type === 'interrupted' || e.type === 'unavailable') sessions = null;
    for (const [l, bytes] of [...listeners]) if (bytes || e.type !== 'bytes') l(e);
  };
  const wantBytes = () => [...listeners.values()].some(Boolean);

  function start() {
    sourceBytes = wantBytes();
    const s = createSource(sourceBytes);
    source = s;
    for (const name of WATCH_EVENT_TYPES) {
      s.addEventListener(name, (m) => {
        if (name === 'bytes' && !wantBytes()) return; // a stream being replaced
        const e = parseWatchEvent(name, m.data);
        if (e && source === s) emit(e);
      });
    }
    s.onerror = () => {
      if (source !== s) return;
      if (s.readyState === CLOSED) {
        source = null;
        emit({ type: 'unavailable' });
      } else {
        emit({ type: 'interrupted' });
      }
    };
  }

  /** The stream no longer matches what the listeners want: a new one (its hello catches up). */
  function restart() {
    source?.close();
    start();
  }

  return {
    subscribe(listener, options) {
      listeners.set(listener, options?.bytes ?? false);
      if (!source || (wantBytes() && !sourceBytes)) restart();
      else if (sessions) {
        const known = [...sessions.values()];
        queueMicrotask(() => listeners.has(listener) && listener({ type: 'hello', sessions: known }));
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
          sessions = null;
        } else if (source && sourceBytes && !wantBytes()) {
          restart();
        }
      };
    },
  };
}

/** The page's one feed of SMTP sessions (and the mailbox). Nothing is opened until something subscribes. */
export const watchFeed = createWatchFeed();

/**
 * The POP3 sandbox's sessions (`telnet localhost 2110`): the relay's `?protocol=pop3`
 * feed, its own stream, so a page reading SMTP is never handed a POP3 session. Only
 * the POP3 watch connection subscribes.
 */
export const pop3WatchFeed = createWatchFeed((bytes) => new EventSource(bytes ? '/api/watch?protocol=pop3' : '/api/watch?protocol=pop3&bytes=0'));
