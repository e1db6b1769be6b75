/**
 * The sandbox as a parity transport: a `Session` in memory, played by the same loop
 * that plays real Exim and Postfix (play.ts). Everything happens at once, so waiting
 * never waits: a reply that has not come by now never will. TLS is simulated with the
 * cipher a real handshake with the reference servers agrees.
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
  closed = false;
  private readonly session: Session;
  private tlsWanted = false;

  constructor(personality: Personality, policy: Partial<Policy> = {}, clock: () => number = () => Date.UTC(2026, 11, 6, 9, 0, 0)) {
    this.session = new Session({ mailbox: this.mailbox, clock, random: () => 0.5, personality, policy, client: { address: SANDBOX_CLIENT }, tls: true });
    this.act(this.session.start());
  }

  write(bytes: Uint8Array): void {
    if (!this.closed) this.act(this.session.receive(bytes));
  }

  async until(ready: () => boolean): Promise<boolean> {
    return ready();
  }

  async quiet(): Promise<void> {}

  async lastWords(): Promise<void> {}

  async startTls(): Promise<boolean> {
    if (!this.tlsWanted) return false;
    this.tlsWanted = false;
    this.act(this.session.tlsStarted({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' }));
    return true;
  }

  private act(r: SessionOutput): void {
    this.reader.feed(r.output);
    for (const e of r.events) {
      if (e.type === 'close') this.closed = true;
      else if (e.type === 'startTls') this.tlsWanted = true;
    }
  }
}
