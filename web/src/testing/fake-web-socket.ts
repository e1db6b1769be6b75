/**
 * A WebSocket stand-in for unit tests: records what the page sends, and lets a test
 * play the relay (open, messages, close) without a network.
 */
import { formatControl, type RelayControl } from '@smtp-playground/shared';
import type { RelaySocket } from '../connection/relay-connection';

export class FakeWebSocket implements RelaySocket {
  /** Every socket made, newest last, for tests that can't reach the one a store made. */
  static made: FakeWebSocket[] = [];
  binaryType: BinaryType = 'blob';
  readyState = 0;
  sent: (string | Uint8Array)[] = [];
  closedWith: number | null = null;
  onopen: RelaySocket['onopen'] = null;
  onmessage: RelaySocket['onmessage'] = null;
  onclose: RelaySocket['onclose'] = null;
  onerror: RelaySocket['onerror'] = null;

  constructor(readonly url: string) {
    FakeWebSocket.made.push(this);
  }

  send(data: string | Uint8Array<ArrayBuffer>): void {
    this.sent.push(typeof data === 'string' ? data : data.slice());
  }

  close(code?: number): void {
    this.closedWith = code ?? 1005;
    this.readyState = 3;
  }

  // What the relay does:
  opened(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  /** A control message, as the relay writes it. */
  control(message: RelayControl): void {
    this.textFrame(formatControl(message));
  }
  /** Any text frame at all, well-formed or not. */
  textFrame(text: string): void {
    this.onmessage?.(new MessageEvent('message', { data: text }));
  }
  bytes(text: string): void {
    this.onmessage?.(new MessageEvent('message', { data: new TextEncoder().encode(text).buffer }));
  }
  closed(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }
  /** The control messages the page sent, parsed. */
  controls(): unknown[] {
    return this.sent.filter((s) => typeof s === 'string').map((s) => JSON.parse(s as string));
  }
  /** The bytes the page sent, as text. */
  text(): string {
    return this.sent
      .filter((s) => typeof s !== 'string')
      .map((b) => new TextDecoder().decode(b as Uint8Array))
      .join('');
  }
}
