/**
 * An EventSource stand-in for unit tests: a test plays the relay's watch feed
 * (named events with JSON data, errors) without a network.
 */
import { formatWatchEvent, type WatchEvent } from '@smtp-playground/shared';
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

  /** The relay sends an event, formatted as the relay formats it. */
  event(e: WatchEvent): void {
    const [, name, data] = /^event: (.*)\ndata: (.*)\n\n$/.exec(formatWatchEvent(e, base64Bytes)) ?? [];
    this.raw(name as string, data as string);
  }

  /** Any event name and data line at all, well-formed or not. */
  raw(name: string, data: string): void {
    this.readyState = 1;
    for (const h of this.handlers.get(name) ?? []) h(new MessageEvent(name, { data }));
  }

  /** The stream broke; `gaveUp`: the browser won't reconnect. */
  failed(gaveUp: boolean): void {
    this.readyState = gaveUp ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

/** Base64 of bytes, as the relay sends them (its own uses Node's Buffer). */
const base64Bytes = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
