/**
 * An EventSource stand-in for unit tests: a test plays the relay's watch feed
 * (named events with JSON data, errors) without a network.
 */
import type { FeedSource } from '../connection/watch-feed';

export class FakeEventSource implements FeedSource {
  static made: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onerror: FeedSource['onerror'] = null;
  private readonly handlers = new Map<string, ((m: MessageEvent<string>) => void)[]>();

  constructor(readonly url = '/api/watch') {
    FakeEventSource.made.push(this);
  }

  addEventListener(name: string, handler: (m: MessageEvent<string>) => void): void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  /** The relay sends `event: name` with `data` as JSON. */
  event(name: string, data: unknown): void {
    this.readyState = 1;
    for (const h of this.handlers.get(name) ?? []) h(new MessageEvent(name, { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }

  /** The stream broke; `gaveUp`: the browser won't reconnect. */
  failed(gaveUp: boolean): void {
    this.readyState = gaveUp ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

/** Base64 of a string, as the feed carries bytes. */
export const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
