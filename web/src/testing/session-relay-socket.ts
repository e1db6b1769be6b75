/**
 * A relay double for unit tests: a FakeWebSocket with a real sandbox Session behind
 * it, answering as the relay does for a target (connected, the server's bytes, tls
 * after `starttls`, closed a moment after the server hangs up). Stub the global
 * WebSocket with `sessionRelay(personality)` and every RelayConnection the page opens
 * talks to its own session.
 */
import { Mailbox, type Personality, relayClosed, relayConnected, relayTls, Session, type SessionOutput } from '@smtp-playground/shared';
import { FakeWebSocket } from './fake-web-socket';

const TLS = { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' };

export function sessionRelay(personality: Personality, address = '192.0.2.25:25') {
  return class SessionRelaySocket extends FakeWebSocket {
    readonly session = new Session({
      mailbox: new Mailbox(),
      clock: () => Date.UTC(2026, 11, 6, 9, 0, 0),
      random: () => 0.5,
      personality,
      client: { address: '203.0.113.7' },
      tls: true,
    });
    /** The session is over: the server hung up, or the page closed. */
    ended = false;
    /** The server said 220 to STARTTLS and waits for the handshake. */
    tlsWanted = false;

    constructor(url: string) {
      super(url);
      queueMicrotask(() => {
        this.opened();
        const target = new URL(url).searchParams.get('target') ?? '';
        this.control(relayConnected({ target, address, tls: 'starttls', insecure: true, maxFrame: 1024 * 1024 }));
        this.act(this.session.start());
      });
    }

    override send(data: string | Uint8Array<ArrayBuffer>): void {
      super.send(data);
      if (this.ended) return;
      if (typeof data === 'string') {
        this.tlsWanted = false;
        this.control(relayTls({ ...TLS, authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', certificate: null }));
        this.act(this.session.tlsStarted(TLS));
      } else if (this.tlsWanted) {
        this.hangUp(); // plain text where the server expects a handshake: the handshake fails
      } else {
        this.act(this.session.receive(data.slice()));
      }
    }

    override close(code?: number): void {
      super.close(code);
      this.ended = true;
    }

    act(r: SessionOutput): void {
      if (r.output.length > 0) this.onmessage?.(new MessageEvent('message', { data: r.output.slice().buffer }));
      if (r.events.some((e) => e.type === 'startTls')) this.tlsWanted = true;
      if (r.events.some((e) => e.type === 'close')) this.hangUp();
    }

    /** The server hangs up. As over a network, the relay's `closed` comes as a message of its own, after the bytes. */
    hangUp(): void {
      if (this.ended) return;
      this.ended = true;
      setTimeout(() => {
        this.control(relayClosed('server', 'The server closed the connection.'));
        this.readyState = 3;
      }, 0);
    }
  };
}
