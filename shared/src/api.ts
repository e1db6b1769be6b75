/**
 * The shapes of the relay's HTTP API, in one place so the relay and the page agree.
 * Types only: nothing here runs.
 */

/** One entry of GET /api/messages, newest first. */
export interface MessageSummary {
  id: string;
  mailFrom: string;
  rcptTo: string[];
  size: number;
  /** ISO 8601. */
  receivedAt: string;
  /** Decoded; "" when the message has none. */
  subject: string;
}

/** One entry of GET /api/targets: what /relay can reach. */
export interface TargetSummary {
  name: string;
  /** host:port */
  address: string;
  tls: 'none' | 'starttls' | 'implicit';
  /** The certificate is not verified (a lab server's self-signed one). */
  insecure: boolean;
  /** The relay's own sandbox, the one on TCP port 2525. */
  sandbox: boolean;
}
