/**
 * Plays the parity corpus against a real SMTP server and writes down what happened:
 * the Node driver around shared/src/parity (which frames replies and normalises). One
 * connection per dialogue, a few at a time.
 *
 * How this works:
 * - Each step sends its bytes in one write, then waits for its replies (or 'quiet':
 *   no bytes for `quietMs`), for the server to close, or for `stepTimeoutMs`. A step
 *   that got fewer replies than it waited for is marked `-- no reply …`.
 * - `startTls`, when the last reply was a 220, hands the socket to node:tls (no
 *   certificate checks: the reference servers' certificate is self-signed) and goes
 *   on through the TLS socket; bytes the server sent in plain text after its 220 are
 *   written down first. After any other reply the dialogue goes on in plain text.
 * - After the last step the recorder waits `closeWaitMs` for the server to close;
 *   if it does not, the client closes.
 * - Each message the server accepted (a 250 with a queue id) is then looked for in
 *   the catch-all Maildir by its queue id, for up to `deliveryTimeoutMs`, and kept as
 *   the server stored it. Found files are deleted at the end of the run.
 */
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import {
  type Dialogue,
  type DialogueRecording,
  type DialogueTransport,
  goldenTranscript,
  messageLines,
  playDialogue,
  type RecordingContext,
  ReplyReader,
} from '@smtp-playground/shared';

export interface RecorderOptions {
  host: string;
  port: number;
  /** The catch-all Maildir (its new/ is searched); without it, messages are not looked for. */
  maildir?: string;
  stepTimeoutMs?: number;
  quietMs?: number;
  closeWaitMs?: number;
  deliveryTimeoutMs?: number;
  /** Dialogues played at once. */
  concurrency?: number;
}

const DEFAULTS = { stepTimeoutMs: 15_000, quietMs: 1000, closeWaitMs: 1500, deliveryTimeoutMs: 10_000, concurrency: 4 };

type Timings = Pick<Required<RecorderOptions>, 'stepTimeoutMs' | 'quietMs' | 'closeWaitMs'>;

/**
 * One connection's state: the stream in use, what has arrived, and who waits for it.
 * Also the socket transport of `npm run compare` (compare.ts), which checks certificates.
 */
export class Connection implements DialogueTransport {
  readonly reader = new ReplyReader();
  stream: net.Socket | tls.TLSSocket;
  closed = false;
  /** Why the TLS handshake failed, if it did. */
  tlsError: string | null = null;
  lastData = Date.now();
  private wake: (() => void) | null = null;
  private readonly onData = (b: Buffer) => {
    this.lastData = Date.now();
    this.reader.feed(b);
    this.wake?.();
  };
  private readonly onClose = () => {
    this.closed = true;
    this.wake?.();
  };

  constructor(
    readonly socket: net.Socket,
    private readonly t: Timings = DEFAULTS,
    /** For the handshake; by default the recorder's: no certificate checks (the reference servers' is self-signed). */
    private readonly tlsOptions: tls.ConnectionOptions = { servername: 'example.thm', rejectUnauthorized: false },
  ) {
    this.stream = socket;
    this.listen(socket);
  }

  get stepTimeoutSeconds(): number {
    return this.t.stepTimeoutMs / 1000;
  }

  until(ready: () => boolean): Promise<boolean> {
    return this.waitFor(ready, this.t.stepTimeoutMs);
  }

  async quiet(): Promise<void> {
    await this.waitFor(() => Date.now() - this.lastData >= this.t.quietMs, this.t.stepTimeoutMs);
  }

  async lastWords(): Promise<void> {
    this.lastData = Date.now();
    await this.waitFor(() => false, this.t.closeWaitMs);
  }

  private listen(s: net.Socket) {
    s.on('data', this.onData);
    s.on('close', this.onClose);
    // A reset after the server hung up is a close like any other.
    s.on('error', this.onClose);
  }

  /** Waits until `ready()` holds, the connection closes, or `ms` pass; true if ready. */
  async waitFor(ready: () => boolean, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!ready() && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(50, deadline - Date.now()));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
    return ready();
  }

  write(bytes: Uint8Array) {
    this.lastData = Date.now(); // a quiet step counts its silence from what it sent
    if (!this.closed) this.stream.write(bytes);
  }

  /** Upgrades to TLS over the same socket; false if the handshake fails. */
  async startTls(): Promise<boolean> {
    this.socket.removeListener('data', this.onData);
    const secure = tls.connect({ ...this.tlsOptions, socket: this.socket });
    const ok = await new Promise<boolean>((resolve) => {
      secure.once('secureConnect', () => resolve(true));
      secure.once('error', (e) => {
        this.tlsError = e.message;
        resolve(false);
      });
      secure.once('close', () => resolve(false));
    });
    this.stream = secure;
    this.listen(secure);
    return ok;
  }

  close() {
    this.stream.destroy();
    this.socket.destroy();
  }
}

export function connect(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Plays one dialogue over a new connection; returns its transcript, not yet normalised. */
async function play(d: Dialogue, o: Required<Omit<RecorderOptions, 'maildir'>>, vars: RecordingContext): Promise<string[]> {
  const socket = await connect(o.host, o.port);
  vars.clientAddress = socket.localAddress ?? '127.0.0.1';
  const c = new Connection(socket, o);
  try {
    return await playDialogue(d, c, vars);
  } finally {
    c.close();
  }
}

/** The catch-all Maildir: new files are read once, and found again by queue id. */
class Maildir {
  private readonly seen = new Map<string, string>();
  private readonly used = new Set<string>();
  private readonly since = Date.now() - 1000;
  /** Why a stored message could not be read, if one could not. */
  problem: string | null = null;

  constructor(private readonly dir: string) {}

  /** The stored message that mentions `id`, or null. */
  find(id: string): string | null {
    const newDir = join(this.dir, 'new');
    // The delivery agent makes the Maildir with its first message.
    const names = existsSync(newDir) ? readdirSync(newDir) : [];
    for (const name of names) {
      if (this.seen.has(name)) continue;
      const path = join(newDir, name);
      // Files older than this run are someone else's; skip them unread.
      if (statSync(path).mtimeMs < this.since) {
        this.seen.set(name, '');
        continue;
      }
      try {
        this.seen.set(name, readFileSync(path, 'utf8'));
      } catch (e) {
        // Postfix's virtual(8) writes its files for nobody, mode 0600: only root reads them.
        this.problem = (e as NodeJS.ErrnoException).code ?? 'unreadable';
        this.seen.set(name, '');
      }
    }
    const word = new RegExp(`(^|[^0-9A-Za-z-])${id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}($|[^0-9A-Za-z-])`);
    for (const [name, text] of this.seen) {
      if (text && word.test(text)) {
        this.used.add(name);
        return text;
      }
    }
    return null;
  }

  /** Deletes the files this run found (and their copies for other recipients). */
  clean(ids: readonly string[]) {
    for (const [name, text] of this.seen) {
      if (this.used.has(name) || ids.some((id) => text.includes(id))) {
        try {
          unlinkSync(join(this.dir, 'new', name));
        } catch {
          // Already gone, or not ours to delete: either way nothing to keep.
        }
      }
    }
  }
}

/** Records one dialogue: plays it, then finds each accepted message in the Maildir. */
async function record(d: Dialogue, o: Required<Omit<RecorderOptions, 'maildir'>>, maildir: Maildir | null, allIds: string[]): Promise<DialogueRecording> {
  const vars: RecordingContext = { clientAddress: '127.0.0.1', ids: [] };
  const raw = await play(d, o, vars);
  const accepted = [...vars.ids];
  allIds.push(...accepted);
  const messages: string[][] = [];
  for (const id of accepted) {
    if (!maildir) break;
    const deadline = Date.now() + o.deliveryTimeoutMs;
    let text = maildir.find(id);
    while (text === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      text = maildir.find(id);
    }
    const missing = maildir.problem
      ? `(the Maildir could not be read: ${maildir.problem}; the recorder must run as root)`
      : `(not in the Maildir within ${o.deliveryTimeoutMs / 1000} s)`;
    messages.push(text === null ? [missing] : messageLines(text, vars));
  }
  return { transcript: goldenTranscript(raw, vars), messages };
}

/**
 * Records every dialogue against one server, `concurrency` at a time, in corpus
 * order in the result. `onDone` hears of each as it finishes.
 */
export async function recordAll(
  dialogues: readonly Dialogue[],
  options: RecorderOptions,
  onDone?: (id: string, r: DialogueRecording) => void,
): Promise<Record<string, DialogueRecording>> {
  const o = { ...DEFAULTS, ...options };
  const maildir = options.maildir ? new Maildir(options.maildir) : null;
  const results = new Map<string, DialogueRecording>();
  const allIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < dialogues.length) {
      const d = dialogues[next++] as Dialogue;
      const r = await record(d, o, maildir, allIds);
      results.set(d.id, r);
      onDone?.(d.id, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, dialogues.length) }, worker));
  maildir?.clean(allIds);
  const out: Record<string, DialogueRecording> = {};
  for (const d of dialogues) out[d.id] = results.get(d.id) as DialogueRecording;
  return out;
}

/** The server's greeting (first reply), to tell which software listens; null if nothing answers. */
export async function greeting(host: string, port: number, timeoutMs = 3000): Promise<string | null> {
  let socket: net.Socket;
  try {
    socket = await connect(host, port);
  } catch {
    return null;
  }
  const c = new Connection(socket);
  await c.waitFor(() => c.reader.count >= 1, timeoutMs);
  const reply = c.reader.take(1)[0];
  c.write(new TextEncoder().encode('QUIT\r\n'));
  await c.waitFor(() => false, 300);
  c.close();
  return reply ? reply.join('\n') : null;
}
