/**
 * How the page talks to a server, whichever it is. The rest of the app sees only
 * this: bytes out, bytes and control events in. Implementations: the in-tab sandbox
 * (sandbox-connection.ts) and, through the relay, a WebSocket (relay issue).
 */

export type ConnectionEvent =
  /** The connection is up; the server's greeting follows as bytes. */
  | { type: 'opened' }
  /** Bytes the server sent. */
  | { type: 'received'; bytes: Uint8Array }
  /** The connection ended. */
  | { type: 'closed'; by: 'server' | 'client' | 'relay'; reason: string }
  /** Something went wrong; a stable code and a sentence for the learner. */
  | { type: 'error'; code: string; message: string };

export interface Connection {
  /** What the page calls this target ("In-tab sandbox"). */
  readonly label: string;
  /** Where the server is simulated, the page says so. */
  readonly simulated: boolean;
  open(): void;
  send(bytes: Uint8Array): void;
  close(): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: ConnectionEvent) => void): () => void;
}
