/**
 * The connection to the server and what the learner sends over it. The Connection
 * object lives in this module, not in state; every byte both ways goes through the
 * transcript store, so the observer sees exactly what was on the wire.
 */
import { dotStuff, encodeText, PERSONALITIES, scenarioById } from '@smtp-playground/shared';
import { create } from 'zustand';
import type { Connection } from '../connection/connection';
import { SandboxConnection } from '../connection/sandbox-connection';
import { tabMailbox } from './mailbox-store';
import { useSettingsStore } from './settings-store';
import { useTranscriptStore } from './transcript-store';

export type ConnectionStatus = 'idle' | 'open' | 'closed';

interface ConnectionState {
  status: ConnectionStatus;
  label: string;
  simulated: boolean;
  error: { code: string; message: string } | null;
  /** Lines typed in this visit, oldest first, for the composer's up/down history. */
  history: string[];
  connectRequested(): void;
  disconnectRequested(): void;
  /** One command line; the composer's Enter. CRLF is added here. */
  lineTyped(text: string): void;
  /** The letter after 354: dot-stuffed, CRLF lines, and the final dot. Returns how many lines were stuffed. */
  letterSent(body: string): number;
}

let connection: Connection | null = null;
let unsubscribe: (() => void) | null = null;

/** The connection the settings ask for. The relay issue adds WebSocket targets here. */
function createConnection(): Connection {
  const { personality, scenario } = useSettingsStore.getState();
  return new SandboxConnection(tabMailbox, PERSONALITIES[personality], scenarioById(scenario).policy);
}

export const useConnectionStore = create<ConnectionState>()((set) => ({
  status: 'idle',
  label: 'In-tab sandbox',
  simulated: true,
  error: null,
  history: [],
  connectRequested: () => {
    unsubscribe?.();
    connection?.close();
    const c = createConnection();
    connection = c;
    const transcript = useTranscriptStore.getState();
    transcript.sessionStarted();
    unsubscribe = c.subscribe((e) => {
      if (connection !== c) return; // a late event from a replaced connection
      switch (e.type) {
        case 'opened':
          set({ status: 'open', error: null });
          return;
        case 'received':
          useTranscriptStore.getState().bytesReceived(e.bytes);
          return;
        case 'closed':
          set({ status: 'closed' });
          useTranscriptStore.getState().connectionClosed();
          return;
        case 'error':
          set({ error: { code: e.code, message: e.message } });
          return;
      }
    });
    set({ label: c.label, simulated: c.simulated });
    c.open();
  },
  disconnectRequested: () => connection?.close(),
  lineTyped: (text) => {
    set((s) => ({ history: [...s.history.slice(-199), text] }));
    send(`${text}\r\n`);
  },
  letterSent: (body) => {
    const crlf = body.replace(/\r?\n/g, '\r\n');
    const withEnd = crlf === '' || crlf.endsWith('\r\n') ? crlf : `${crlf}\r\n`;
    send(dotStuff(withEnd));
    return (withEnd.match(/(^|\r\n)\./g) ?? []).length;
  },
}));

function send(text: string) {
  if (!connection || useConnectionStore.getState().status !== 'open') {
    useConnectionStore.setState({ error: { code: 'not-connected', message: 'Not connected. Press Connect to open a new session.' } });
    return;
  }
  const bytes = encodeText(text);
  useTranscriptStore.getState().bytesSent(bytes);
  connection.send(bytes);
}

// A new personality or scenario means a new server: reconnect with it.
useSettingsStore.subscribe((s, prev) => {
  if (s.personality !== prev.personality || s.scenario !== prev.scenario) useConnectionStore.getState().connectRequested();
});
