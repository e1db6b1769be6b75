/**
 * The sandbox as a parity transport: a `Session` in memory, played by the same loop
 * that plays real Exim and Postfix (play.ts). Everything happens at once, so waiting
 * never waits: a reply that has not come by now never will. TLS is simulated with the
 * cipher a real handshake with the reference servers agrees.
 *
 * What a socket does in time is imitated where a transcript shows it:
 * - A server's hang-up reaches a real client after the reply that came with it: the
 *   client has often written its next line by then. So a close is seen only once the
 *   client writes again, waits for a reply that is not there, or waits at the end.
 * - Plain text where the server expects a TLS handshake makes the handshake fail, and
 *   the server closes.
 * - Queue ids differ from message to message, as real ones do.
 */
import { Mailbox } from '../server/mailbox.js';
import type { Personality } from '../server/personality.js';
import type { Policy } from '../server/policy.js';
import { Session, type SessionOutput } from '../server/session.js';
import type { DialogueTransport } from './play.js';
import { ReplyReader } from './transcript.js';

/** The client address the sandbox is told, as the recorder's loopback socket has it. */
export const SANDBOX_CLIENT = '127.0.0.1';

export class SessionTransport implements DialogueTransport {
  readonly reader = new ReplyReader();
  readonly mailbox = new Mailbox();
  /** As the recorder's default, so a step with too few replies reads the same. */
  readonly stepTimeoutSeconds = 15;
  private readonly session: Session;
  private tlsWanted = false;
  /** The server hung up after this many writes; the client sees it from the next one on. */
  private closedAfter: number | null = null;
  private writes = 0;
  private seen = false;

  constructor(personality: Personality, policy: Partial<Policy> = {}) {
    let now = Date.UTC(2026, 11, 6, 9, 0, 0);
    let n = 0;
    this.session = new Session({
      mailbox: this.mailbox,
      clock: () => (now += 1000),
      random: () => {
        n = (n * 7919 + 104_729) % 1_000_003;
        return n / 1_000_003;
      },
      personality,
      policy,
      client: { address: SANDBOX_CLIENT },
      tls: true,
    });
    this.act(this.session.start());
  }

  get closed(): boolean {
    return this.seen || (this.closedAfter !== null && this.writes > this.closedAfter);
  }

  write(bytes: Uint8Array): void {
    if (this.closedAfter !== null) {
      this.writes++;
      return;
    }
    this.writes++;
    if (this.tlsWanted) {
      this.tlsWanted = false;
      this.act(this.session.tlsFailed()); // a handshake that gets plain text fails
      return;
    }
    this.act(this.session.receive(bytes));
  }

  async until(ready: () => boolean): Promise<boolean> {
    if (ready()) return true;
    this.seen = this.closedAfter !== null;
    return false;
  }

  async quiet(): Promise<void> {
    this.seen = this.closedAfter !== null;
  }

  async lastWords(): Promise<void> {
    this.seen = this.closedAfter !== null;
  }

  async startTls(): Promise<boolean> {
    if (!this.tlsWanted) return false;
    this.tlsWanted = false;
    this.act(this.session.tlsStarted({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' }));
    return true;
  }

  private act(r: SessionOutput): void {
    this.reader.feed(r.output);
    for (const e of r.events) {
      if (e.type === 'close') this.closedAfter ??= this.writes;
      else if (e.type === 'startTls') this.tlsWanted = true;
    }
  }
}
