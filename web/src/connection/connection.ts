/**
 * How the page talks to a server, whichever it is. The rest of the app sees only
 * this: bytes out, bytes and control events in. Implementations: the in-tab sandbox
 * (sandbox-connection.ts), a real TCP server through the relay's WebSocket
 * (relay-connection.ts), and a read-only view of sessions real clients hold with the
 * relay's sandbox (watch-connection.ts). lazy-connection.ts stands for one whose code
 * loads when it opens (the in-tab POP3 sandbox, pop3-sandbox-connection.ts).
 */
import type { CertificateSummary } from '@smtp-playground/shared';

/** What a TLS upgrade agreed, as far as this page can know it. */
export interface TlsDetails {
  /** "TLSv1.3"; null when the page can't know (a simulated or implicit-TLS upgrade it only watched). */
  protocol: string | null;
  cipher: string | null;
  /**
   * Whether the certificate verified. null when the page was no party to the check:
   * the in-tab simulation has no certificate, and when watching, the client in the
   * terminal did the checking.
   */
  authorized: boolean | null;
  /** Why it did not verify ("DEPTH_ZERO_SELF_SIGNED_CERT"); only for insecure targets. */
  authorizationError: string | null;
  certificate: CertificateSummary | null;
  /** The in-tab sandbox pretends: nothing was encrypted. The page must say so. */
  simulated: boolean;
}

export type ConnectionEvent =
  /** The connection is up (when watching: a session began); the server's greeting follows as bytes. */
  | { type: 'opened'; peer?: string }
  /** Bytes the server sent. */
  | { type: 'received'; bytes: Uint8Array }
  /** Bytes the client sent that this page did not send itself: a watched client's. */
  | { type: 'sent'; bytes: Uint8Array }
  /** The session is encrypted from here on (or, in the tab, pretends to be). */
  | ({ type: 'tls' } & TlsDetails)
  /** Nothing to show yet (watching, between sessions); the sentence says what to do. */
  | { type: 'waiting'; message: string }
  /** The connection ended. */
  | { type: 'closed'; by: 'server' | 'client' | 'relay'; reason: string }
  /** Something went wrong; a stable code and a sentence for the learner. */
  | { type: 'error'; code: string; message: string };

export interface Connection {
  /** What the page calls this target ("In-tab sandbox"). */
  readonly label: string;
  /** Where the server is simulated, the page says so. */
  readonly simulated: boolean;
  /** Watching: the page shows a session someone else holds and can't send. */
  readonly readOnly: boolean;
  /** How the server ends a letter, where the page knows (its own sandbox); the observer reads the letter the same way. */
  readonly letterEnd?: 'crlf' | 'any-lf';
  /**
   * The protocol the server speaks, where the page knows it (its POP3 sandbox, the
   * relay's `pop3` target, watching port 2110). Absent: SMTP, unless the server's first
   * line says otherwise (the observer reads "+OK" as POP3).
   */
  readonly protocol?: 'smtp' | 'pop3';
  open(): void;
  send(bytes: Uint8Array): void;
  /**
   * The server said 220 to STARTTLS (or +OK to POP3's STLS): upgrade now. The connection answers with a `tls`
   * event, or an `error` and `closed` if the handshake fails.
   */
  startTls(): void;
  close(): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: (event: ConnectionEvent) => void): () => void;
}
