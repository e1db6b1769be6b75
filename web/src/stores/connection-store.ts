/**
 * The connection to the server and what the learner sends over it. The Connection
 * object lives in this module, not in state; every byte both ways goes through the
 * transcript store, so the observer sees exactly what was on the wire.
 *
 * STARTTLS: what the page shows of TLS comes from the connection's `tls` event only.
 * The in-tab sandbox upgrades by itself, on its session's own `startTls` event (a
 * simulation). Through the relay the page is the client, and the relay knows no SMTP:
 * when the observer sees the server's 220 to the page's STARTTLS, this module tells
 * the connection, which asks the relay for the handshake; the relay's `tls` message
 * follows. Either way the transcript shows what was agreed. POP3's STLS goes the same
 * way: the observer sets `tls` when the server says +OK to it.
 *
 * POP3: the in-tab POP3 sandbox reads the tab's mailbox through `tabMaildrops`, so a
 * letter sent in the in-tab SMTP sandbox can be fetched there; the relay's `pop3`
 * target and watching port 2110 are the relay's POP3 sandbox, on the relay's mailbox.
 *
 * Loaded later: the first screen is the in-tab SMTP sandbox, so the tab's mailbox (with
 * postal-mime, which decodes its summaries) loads with the first letter it takes, or
 * with a view that shows it, and the in-tab POP3 sandbox loads when it is chosen.
 */
import { dotStuff, encodeText, type MessageSink, PERSONALITIES, scenarioById } from '@smtp-playground/shared';
import { create } from 'zustand';
import type { Connection, ConnectionEvent, TlsDetails } from '../connection/connection';
import { type ConnectionDescription, LazyConnection } from '../connection/lazy-connection';
import { RelayConnection } from '../connection/relay-connection';
import { SandboxConnection } from '../connection/sandbox-connection';
import { WatchConnection } from '../connection/watch-connection';
import { pop3WatchFeed, watchFeed } from '../connection/watch-feed';
import { choiceProtocol, useSettingsStore } from './settings-store';
import { effectiveChoice, pop3Port, sandboxPort, type TargetSummary, useTargetsStore } from './targets-store';
import { useTranscriptStore } from './transcript-store';

/** How a typed line ends: CRLF as SMTP requires, or a bare LF (lesson 16, and what `nc` sends). */
export type TypedEnding = 'crlf' | 'lf';

/** `waiting`: watching, with no session to show yet. */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'closed';

interface ConnectionState {
  status: ConnectionStatus;
  label: string;
  simulated: boolean;
  /** Watching: the page shows someone else's session and can't send. */
  readOnly: boolean;
  /** What the connection speaks, as far as the page knows before the server's first line (the observer's `protocol` knows after). */
  protocol: 'smtp' | 'pop3';
  /** Where the relay reached ("127.0.0.1:2525"), or who is being watched. */
  peer: string | null;
  /** What the current session's TLS agreed; null while it is plaintext. */
  tls: TlsDetails | null;
  /** What to do while waiting (watching, between sessions). */
  waitingMessage: string | null;
  /** Why the connection ended, in a sentence. */
  closedReason: string | null;
  error: { code: string; message: string } | null;
  /** Lines typed in this visit, oldest first, for the composer's up/down history. */
  history: string[];
  /** What Enter adds to a typed line; CRLF unless the learner chose a bare LF. */
  lineEnding: TypedEnding;
  connectRequested(): void;
  disconnectRequested(): void;
  /** One command line; the composer's Enter. The chosen ending (CRLF by default) is added here. */
  lineTyped(text: string): void;
  lineEndingChosen(ending: TypedEnding): void;
  /** Bytes exactly as given, ending included: a lesson's "show me" and autoplay (see solutionBytes). */
  rawBytesSent(bytes: Uint8Array): void;
  /** The letter after 354: dot-stuffed, CRLF lines, and the final dot. Returns how many lines were stuffed. */
  letterSent(body: string): number;
}

let connection: Connection | null = null;
let unsubscribe: (() => void) | null = null;
const drivers = new Set<(event: ConnectionEvent) => void>();

/**
 * Hears every event of the current connection, after the stores have taken it in (the
 * transcript has the bytes first): for something that drives the connection as a
 * client would, such as autoplay's mail client. Returns the function that unsubscribes.
 */
export function connectionEventsHeard(listener: (event: ConnectionEvent) => void): () => void {
  drivers.add(listener);
  return () => drivers.delete(listener);
}

/** What the page calls a relay target. */
export function relayLabel(name: string): string {
  if (name === 'sandbox') return 'Relay sandbox';
  return name === 'pop3' ? 'Relay POP3 sandbox' : `${name} (through the relay)`;
}

/**
 * A module loaded once. Every delivery waits on this one promise, so letters land in
 * the order they were accepted even while it loads (a bounce after the letter that
 * caused it). A load that failed (offline) is tried again next time.
 */
function loadedOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = null;
      throw e;
    }));
}

/** The tab's mailbox store, with postal-mime: not on the first screen. */
const mailboxStoreLoaded = loadedOnce(() => import('./mailbox-store'));
/** The journey (its checks, keys and client): loaded with the first letter that takes one, not with the page. */
const journeyStoreLoaded = loadedOnce(() => import('./journey-store'));

/** The in-tab SMTP sandbox's mailbox: each letter goes in once the mailbox store has loaded. */
const tabMailboxSink: MessageSink = { add: (message) => void mailboxStoreLoaded().then((m) => m.tabMailbox.add(message)) };

/** The in-tab POP3 sandbox as the store shows it while its code (and the tab's mailbox) loads; the same as Pop3SandboxConnection's. */
const TAB_POP3: ConnectionDescription = { label: 'In-tab POP3 sandbox', simulated: true, readOnly: false, protocol: 'pop3' };

async function tabPop3Loaded(): Promise<Connection> {
  const [{ Pop3SandboxConnection }, { tabMaildrops }] = await Promise.all([import('../connection/pop3-sandbox-connection'), mailboxStoreLoaded()]);
  return new Pop3SandboxConnection(tabMaildrops);
}

/** The connection the settings ask for, as far as the relay (if any) allows. */
function createConnection(targets: readonly TargetSummary[]): Connection {
  const { connection: choice, personality, scenario } = useSettingsStore.getState();
  const chosen = effectiveChoice(choice, useTargetsStore.getState().status);
  if (chosen === 'tab-pop3') return new LazyConnection(TAB_POP3, tabPop3Loaded);
  if (chosen === 'watch') return new WatchConnection(watchFeed, sandboxPort(targets));
  if (chosen === 'watch-pop3') return new WatchConnection(pop3WatchFeed, pop3Port(targets) ?? 2110, 'pop3');
  if (chosen.startsWith('relay:')) {
    const name = chosen.slice('relay:'.length);
    return new RelayConnection(name, relayLabel(name), undefined, undefined, choiceProtocol(chosen));
  }
  // A journey scenario's server is a submission server: what it accepts goes on its journey, not into the mailbox.
  const chosenScenario = scenarioById(scenario);
  const journeySink: MessageSink = { add: (message) => void journeyStoreLoaded().then((j) => j.journeySink.add(message)) };
  return new SandboxConnection(chosenScenario.journey ? journeySink : tabMailboxSink, PERSONALITIES[personality], chosenScenario.policy);
}

export const useConnectionStore = create<ConnectionState>()((set, get) => ({
  status: 'idle',
  label: 'In-tab sandbox',
  simulated: true,
  readOnly: false,
  protocol: 'smtp',
  peer: null,
  tls: null,
  waitingMessage: null,
  closedReason: null,
  error: null,
  history: [],
  lineEnding: 'crlf',
  connectRequested: () => {
    unsubscribe?.();
    connection?.close();
    const c = createConnection(useTargetsStore.getState().targets);
    connection = c;
    useTranscriptStore.getState().sessionStarted(c.letterEnd, c.protocol);
    unsubscribe = c.subscribe((e) => {
      if (connection !== c) return; // a late event from a replaced connection
      taken(e, c);
      for (const driver of drivers) driver(e);
    });
    /** What the stores make of each event. */
    function taken(e: ConnectionEvent, c: Connection) {
      const transcript = useTranscriptStore.getState();
      switch (e.type) {
        case 'opened':
          // Watching, each session that opens is a new one; elsewhere this is the one connectRequested began.
          if (c.readOnly) transcript.sessionStarted(undefined, c.protocol);
          set({ status: 'open', peer: e.peer ?? null, tls: null, error: null, closedReason: null, waitingMessage: null });
          return;
        case 'received':
          transcript.bytesReceived(e.bytes);
          return;
        case 'sent':
          transcript.bytesSent(e.bytes);
          return;
        case 'tls': {
          const { type: _, ...details } = e;
          set({ tls: details });
          transcript.tlsStarted(details, c.readOnly);
          return;
        }
        case 'waiting':
          set({ status: 'waiting', waitingMessage: e.message, peer: null, tls: null });
          return;
        case 'closed':
          set({ status: 'closed', closedReason: e.reason });
          transcript.connectionClosed();
          return;
        case 'error':
          set({ error: { code: e.code, message: e.message } });
          return;
      }
    }
    set({
      status: 'connecting',
      label: c.label,
      simulated: c.simulated,
      readOnly: c.readOnly,
      protocol: c.protocol ?? 'smtp',
      peer: null,
      tls: null,
      waitingMessage: null,
      closedReason: null,
      error: null,
    });
    c.open();
  },
  disconnectRequested: () => connection?.close(),
  lineTyped: (text) => {
    set((s) => ({ history: [...s.history.slice(-199), text] }));
    send(`${text}${get().lineEnding === 'lf' ? '\n' : '\r\n'}`);
  },
  lineEndingChosen: (lineEnding) => set({ lineEnding }),
  rawBytesSent: (bytes) => sendBytes(bytes),
  letterSent: (body) => {
    const letter = letterOnWire(body);
    send(letter.text);
    return letter.stuffed;
  },
}));

/**
 * A letter as the composer sends it after 354: its lines ended in CRLF, then shared's
 * dotStuff (RFC 5321 4.5.2: a second dot before a leading one, and the final "."),
 * with how many lines got that second dot, for the composer to explain.
 */
export function letterOnWire(body: string): { text: string; stuffed: number } {
  const text = dotStuff(body.replace(/\r?\n/g, '\r\n'));
  // Every line that starts with a dot now is a stuffed one, but for the final ".".
  const stuffed = text.split('\r\n').filter((line) => line.startsWith('.')).length - 1;
  return { text, stuffed };
}

function send(text: string) {
  sendBytes(encodeText(text));
}

function sendBytes(bytes: Uint8Array) {
  if (!connection || connection.readOnly || useConnectionStore.getState().status !== 'open') {
    useConnectionStore.setState({ error: { code: 'not-connected', message: 'Not connected. Press Connect to open a new session.' } });
    return;
  }
  useTranscriptStore.getState().bytesSent(bytes);
  connection.send(bytes);
}

// Another server, or (in the tab) a new personality or scenario: reconnect with it.
useSettingsStore.subscribe((s, prev) => {
  const tabChanged = s.connection === 'tab' && (s.personality !== prev.personality || s.scenario !== prev.scenario);
  if (s.connection !== prev.connection || tabChanged) useConnectionStore.getState().connectRequested();
});

// The page's STARTTLS got its 220 (the observer read it): a connection through the relay
// asks the relay to upgrade now. The in-tab sandbox has nothing left to do (its session
// said so itself); watching, the sandbox upgrades with the terminal's client, and the feed says so.
useTranscriptStore.subscribe((s, prev) => {
  if (s.observed.tls && !prev.observed.tls && connection && !connection.readOnly) connection.startTls();
});
