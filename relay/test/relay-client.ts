/**
 * A page's side of /relay, for tests: a real WebSocket that collects control messages,
 * read with the page's own parser (shared's parseRelayControl), reads the server's
 * bytes reply by reply, and knows when the relay closed it. A text frame the parser
 * refuses is kept in `unparsed`, and `unparsedFrames()` gathers those of every client.
 */
import { formatControl, type PageControl, parseRelayControl, type RelayControl } from '@smtp-playground/shared';
import WebSocket from 'ws';

/** Every text frame any client got that the page's parser refused, until taken. */
const notParsed: string[] = [];

/** Takes the text frames refused since the last call: a test expects none. */
export function unparsedFrames(): string[] {
  return notParsed.splice(0);
}

export interface RelayClient {
  ws: WebSocket;
  /** Control messages so far, in order, as the page's parser read them. */
  controls: RelayControl[];
  /** Text frames the parser refused (none, from this relay). */
  unparsed: string[];
  /** The next control message of this type (one already received counts). */
  control<T extends RelayControl['type']>(type: T): Promise<Extract<RelayControl, { type: T }>>;
  /** Sends a control message as the page does. */
  sendControl(message: PageControl): void;
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
  const controls: RelayControl[] = [];
  const unparsed: string[] = [];
  let buffer = '';
  const wake = new Set<() => void>();
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) buffer += data.toString('latin1');
    else {
      const text = data.toString('utf8');
      const control = parseRelayControl(text);
      if (control) controls.push(control);
      else {
        unparsed.push(text);
        notParsed.push(text);
      }
    }
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
    unparsed,
    control: (type) => until(() => controls.find((c) => c.type === type) as Extract<RelayControl, { type: typeof type }> | undefined),
    sendControl: (message) => ws.send(formatControl(message)),
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
