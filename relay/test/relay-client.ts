/**
 * A page's side of /relay, for tests: a real WebSocket that collects control messages,
 * reads the server's bytes reply by reply, and knows when the relay closed it.
 */
import WebSocket from 'ws';
import type { RelayMessage } from '../src/ws-relay.js';

export interface RelayClient {
  ws: WebSocket;
  /** Control messages so far, in order. */
  controls: RelayMessage[];
  /** The next control message of this type (one already received counts). */
  control<T extends RelayMessage['type']>(type: T): Promise<Extract<RelayMessage, { type: T }>>;
  /** The next complete SMTP reply, multi-line replies whole. */
  reply(): Promise<string>;
  /** Sends a line as bytes, CRLF added; returns the reply. */
  line(text: string): Promise<string>;
  send(bytes: Uint8Array | string): void;
  /** The close code and reason, once closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Set when the upgrade was refused with an HTTP status instead. */
  refused: Promise<number | null>;
}

export function openRelay(httpPort: number, query: string, options: { origin?: string; autoPong?: boolean } = {}): RelayClient {
  const ws = new WebSocket(`ws://127.0.0.1:${httpPort}/relay${query}`, {
    ...(options.origin === undefined ? { origin: `http://localhost:${httpPort}` } : options.origin === '' ? {} : { origin: options.origin }),
    autoPong: options.autoPong ?? true,
  });
  const controls: RelayMessage[] = [];
  let buffer = '';
  const wake = new Set<() => void>();
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) buffer += data.toString('latin1');
    else controls.push(JSON.parse(data.toString('utf8')) as RelayMessage);
    for (const w of [...wake]) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const refused = new Promise<number | null>((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => resolve(null));
    ws.on('error', () => {});
  });
  const until = <T>(check: () => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = () => {
        const v = check();
        if (v !== undefined) {
          wake.delete(attempt);
          resolve(v);
        }
      };
      wake.add(attempt);
      ws.once('close', () => {
        setImmediate(() => {
          if (!wake.has(attempt)) return;
          attempt();
          if (wake.delete(attempt)) reject(new Error(`closed while waiting; controls: ${JSON.stringify(controls)}; bytes: ${JSON.stringify(buffer)}`));
        });
      });
      attempt();
    });
  let seen = 0;
  const client: RelayClient = {
    ws,
    controls,
    control: (type) => until(() => controls.find((c) => c.type === type) as Extract<RelayMessage, { type: typeof type }> | undefined),
    reply: () =>
      until(() => {
        const m = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffer.slice(seen));
        if (!m) return undefined;
        const end = seen + m.index + m[0].length;
        const out = buffer.slice(seen, end);
        seen = end;
        return out;
      }),
    async line(text) {
      client.send(`${text}\r\n`);
      return client.reply();
    },
    send(bytes) {
      ws.send(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, { binary: true });
    },
    closed,
    refused,
  };
  return client;
}
