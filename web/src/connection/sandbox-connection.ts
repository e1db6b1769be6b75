/**
 * The in-tab sandbox: the shared sans-IO session, driven right here. No server is
 * needed. Replies are delivered on a microtask, so they arrive after the bytes that
 * caused them, as they would over a network.
 */
import { type Mailbox, type Personality, type Policy, Session } from '@smtp-playground/shared';
import type { Connection, ConnectionEvent } from './connection';

export class SandboxConnection implements Connection {
  readonly label = 'In-tab sandbox';
  readonly simulated = true;
  private session: Session | null = null;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();

  constructor(
    private readonly mailbox: Mailbox,
    private readonly personality: Personality,
    private readonly policy: Partial<Policy>,
  ) {}

  open(): void {
    this.session = new Session({
      mailbox: this.mailbox,
      clock: () => Date.now(),
      random: () => Math.random(),
      personality: this.personality,
      policy: this.policy,
      client: { address: '127.0.0.1', name: 'localhost' },
    });
    const greeting = this.session.start();
    this.emit({ type: 'opened' });
    this.deliver(greeting.output, false);
  }

  send(bytes: Uint8Array): void {
    const session = this.session;
    if (!session || session.state === 'closed') {
      this.emit({ type: 'error', code: 'not-connected', message: 'The connection is closed. Reconnect to start a new session.' });
      return;
    }
    const r = session.receive(bytes);
    this.deliver(
      r.output,
      r.events.some((e) => e.type === 'close'),
    );
  }

  close(): void {
    if (!this.session) return;
    this.session.close();
    this.session = null;
    this.emit({ type: 'closed', by: 'client', reason: 'You closed the connection.' });
  }

  subscribe(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private deliver(bytes: Uint8Array, thenClose: boolean): void {
    queueMicrotask(() => {
      if (bytes.length > 0) this.emit({ type: 'received', bytes });
      if (thenClose) {
        this.session = null;
        this.emit({ type: 'closed', by: 'server', reason: 'The server closed the connection.' });
      }
    });
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}
