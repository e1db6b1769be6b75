/**
 * `--maildir DIR`: the mailbox as a Maildir on disk, so messages outlive the process
 * and any Maildir reader (mutt -f DIR, Python's mailbox.Maildir) can open them.
 *
 * Rules / how this works:
 * - Delivery is the qmail way (maildir(5)): the message is written into tmp/ under a
 *   name no other file has, fsynced, renamed into new/, and new/ is fsynced. A rename
 *   is atomic, so a reader, or a restart after kill -9, finds a whole message in new/
 *   or none; a crash mid-write leaves a partial file in tmp/, where no reader looks.
 *   `add` settles only then, and the driver holds the 250 until it does.
 * - The envelope (MAIL FROM, RCPT TO, the queue id, the time) is not part of the
 *   message, so it is kept beside it, in envelopes/NAME.json, written and fsynced
 *   before the rename: a message in new/ always has its envelope. Readers look only in
 *   tmp, new and cur (Dovecot keeps its own files in a Maildir's root the same way). A
 *   message without one, dropped in by hand, is listed from its Return-Path,
 *   Delivered-To and the file's time.
 * - Only summaries are kept in memory. On start, each message's header block is read
 *   (at most HEADER_BLOCK_LIMIT bytes), never its body; a message's bytes are
 *   streamed from its file when asked for.
 * - The mailbox's bounds hold as in memory: past them the oldest messages are deleted,
 *   file and envelope, at start too. DIR is the playground's own, not a mailbox to keep.
 * - A message a mail program moved to cur/ (with ":2,FLAGS") is listed too, and found
 *   again if it moves while we run.
 * - POP3 (`listSync`) reads a message's bytes synchronously, from its file, each time
 *   the session asks for them, and keeps nothing: the sans-IO session can't wait for a
 *   disk. What that costs: a POP3 login reads each of that user's messages once (LIST
 *   counts their octets as POP3 sends them), and RETR or TOP reads the one again, with
 *   the event loop blocked meanwhile (a millisecond or so for a lesson's letter; the
 *   mailbox's bounds cap the worst, a login to a maildrop that holds all of it). A
 *   file over POP3_FILE_LIMIT (dropped in by hand) is not offered over POP3.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_MAILBOX_LIMITS,
  HEADER_BLOCK_LIMIT,
  type HeaderDecoder,
  headerBlock,
  type MailboxLimits,
  type MessageSummary,
  overLimits,
  readHeaderFields,
  type StoredMessage,
  summarizeMessage,
} from '@smtp-playground/shared';
import type { MailStore, MailStoreEvent, RawMessage } from './mailbox.js';

/** Where the envelopes live, beside tmp, new and cur. */
const ENVELOPES = 'envelopes';
/** maildir(5): "files in tmp/ that have not been accessed for 36 hours" may be removed. */
const STALE_TMP_MS = 36 * 3600 * 1000;
/** An envelope is a few hundred bytes; 1000 recipients stay far under this. */
const MAX_ENVELOPE_BYTES = 1024 * 1024;
/** Most header blocks fit in the first read; a longer one is read up to HEADER_BLOCK_LIMIT. */
const FIRST_READ = 8 * 1024;
/** The largest file POP3 reads: more than any personality takes (Exim's 50 MiB message_size_limit) with its trace headers. */
const POP3_FILE_LIMIT = 64 * 1024 * 1024;
const NO_BYTES = new Uint8Array(0);
/** Names we give: time.MusecPpidQn.host. The Q count is ours (Dovecot writes V…I…), so a leftover of ours in tmp/ is known by it. */
const OUR_NAME = /^\d+\.M\d+P\d+Q\d+\./;

/** What envelopes/NAME.json holds: the stored message without its bytes. */
type Envelope = Omit<StoredMessage, 'raw'>;

interface Entry {
  summary: MessageSummary;
  /** The file's name without its ":2,FLAGS" info: the same in new/ and cur/. */
  name: string;
  /** Where the file was last seen: "new/NAME" or "cur/NAME:2,S". */
  path: string;
}

/** This host's name as maildir(5) wants it in a file name: "/" and ":" written as \057 and \072. */
const HOST = hostname().replaceAll('/', '\\057').replaceAll(':', '\\072');

/** Writes `bytes` to a new file and fsyncs it; fails if the file exists. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'wx', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync on a directory makes the names created or renamed in it durable. */
async function syncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

export class Maildir implements MailStore {
  /** Oldest first. */
  private entries: Entry[] = [];
  private bytes = 0;
  private seq = 0;
  private readonly listeners = new Set<(e: MailStoreEvent) => void>();
  private readonly writing = new Set<Promise<unknown>>();

  private constructor(
    readonly dir: string,
    private readonly limits: MailboxLimits,
    private readonly decode: HeaderDecoder | undefined,
  ) {}

  /** Opens DIR as a Maildir (making tmp, new and cur if needed) and lists what it holds. */
  static async open(dir: string, limits: MailboxLimits = DEFAULT_MAILBOX_LIMITS, decode?: HeaderDecoder): Promise<Maildir> {
    const m = new Maildir(dir, limits, decode);
    try {
      for (const sub of ['tmp', 'new', 'cur', ENVELOPES]) await mkdir(join(dir, sub), { recursive: true, mode: 0o700 });
      await m.load();
    } catch (e) {
      throw new Error(`${dir} can't be used as a Maildir: ${(e as Error).message}`);
    }
    return m;
  }

  add(message: StoredMessage): Promise<void> {
    const p = this.deliver(message);
    this.writing.add(p);
    const done = () => this.writing.delete(p);
    p.then(done, done);
    return p;
  }

  summaries(): MessageSummary[] {
    return this.entries.map((e) => e.summary).reverse();
  }

  async read(id: string): Promise<RawMessage | null> {
    const entry = this.entries.find((e) => e.summary.id === id);
    const fh = entry ? await this.openEntry(entry) : null;
    if (!fh) return null;
    try {
      const { size } = await fh.stat();
      // The stream owns the handle from here and closes it; a file deleted meanwhile is still read whole.
      return { size, body: fh.createReadStream() };
    } catch {
      await fh.close();
      return null;
    }
  }

  /**
   * Newest first, each message's `raw` read from its file when asked for (see the
   * header: nothing is kept). The envelope's HELO, client address and protocol are not
   * kept in memory, so they are empty here; POP3 reads only the id, recipients and bytes.
   * A file gone since it was listed reads as no bytes.
   */
  listSync(): StoredMessage[] {
    const read = (entry: Entry) => this.readSync(entry);
    const out: StoredMessage[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i] as Entry;
      const { id, mailFrom, rcptTo, size, receivedAt } = entry.summary;
      if (size > POP3_FILE_LIMIT) continue;
      out.push({
        id,
        mailFrom,
        rcptTo,
        size,
        receivedAt,
        helo: '',
        clientAddress: '',
        protocol: '',
        get raw() {
          return read(entry);
        },
      });
    }
    return out;
  }

  async clear(): Promise<void> {
    const gone = this.entries;
    this.entries = [];
    this.bytes = 0;
    if (gone.length > 0) this.emit({ type: 'messagesRemoved', ids: gone.map((e) => e.summary.id) });
    await Promise.all(gone.map((e) => this.remove(e)));
  }

  subscribe(listener: (e: MailStoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }

  /** tmp → fsync → new → fsync: the message is durable, or it is not there at all. */
  private async deliver(message: StoredMessage): Promise<void> {
    const ms = Date.now();
    const name = `${Math.floor(ms / 1000)}.M${(ms % 1000) * 1000}P${process.pid}Q${++this.seq}.${HOST}`;
    const tmp = join(this.dir, 'tmp', name);
    const delivered = join(this.dir, 'new', name);
    const envelopeFile = join(this.dir, ENVELOPES, `${name}.json`);
    const { raw: _raw, ...envelope } = message;
    try {
      await Promise.all([writeDurably(tmp, message.raw), writeDurably(envelopeFile, Buffer.from(JSON.stringify(envelope)))]);
      await syncDir(join(this.dir, ENVELOPES));
      await rename(tmp, delivered);
      await syncDir(join(this.dir, 'new'));
    } catch (e) {
      // Not durable, so not kept: the client hears no 250 for it.
      await Promise.all([tmp, delivered, envelopeFile].map((f) => rm(f, { force: true }))).catch(() => {});
      throw e;
    }
    this.index({ summary: summarizeMessage(message, message.raw, this.decode), name, path: `new/${name}` });
  }

  /** Adds an entry (newest), lets the oldest go past the bounds, and tells the listeners. */
  private index(entry: Entry): void {
    this.entries.push(entry);
    this.bytes += entry.summary.size;
    this.emit({ type: 'messageStored', summary: entry.summary });
    this.evict();
  }

  private evict(): void {
    const gone: Entry[] = [];
    while (overLimits(this.entries.length, this.bytes, this.limits)) {
      const old = this.entries.shift() as Entry;
      this.bytes -= old.summary.size;
      gone.push(old);
    }
    if (gone.length === 0) return;
    this.emit({ type: 'messagesRemoved', ids: gone.map((e) => e.summary.id) });
    for (const e of gone) void this.remove(e);
  }

  /** Deletes a message's file and envelope; a failure is logged, never thrown (the message has left the list already). */
  private async remove(entry: Entry): Promise<void> {
    try {
      try {
        await rm(join(this.dir, entry.path));
      } catch (e) {
        if (!isMissing(e)) throw e;
        if (await this.relocate(entry)) await rm(join(this.dir, entry.path), { force: true });
      }
      await rm(join(this.dir, ENVELOPES, `${entry.name}.json`), { force: true });
    } catch (e) {
      console.error(`maildir: could not delete ${entry.path}: ${(e as Error).message}`);
    }
  }

  /** Opens a message's file where it was last seen, or where a mail program moved it; null if it is gone. */
  private async openEntry(entry: Entry): Promise<FileHandle | null> {
    try {
      return await open(join(this.dir, entry.path), 'r');
    } catch (e) {
      if (!isMissing(e) || !(await this.relocate(entry))) return null;
    }
    return open(join(this.dir, entry.path), 'r').catch(() => null);
  }

  /** A message's bytes for POP3, found where a mail program moved it if need be; none if it is gone or has grown past POP3_FILE_LIMIT. */
  private readSync(entry: Entry): Uint8Array {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const bytes = readFileSync(join(this.dir, entry.path));
        return bytes.length > POP3_FILE_LIMIT ? NO_BYTES : bytes;
      } catch (e) {
        if (!isMissing(e) || !this.relocateSync(entry)) return NO_BYTES;
      }
    }
    return NO_BYTES;
  }

  /** `relocate`, synchronously. */
  private relocateSync(entry: Entry): boolean {
    for (const where of ['new', 'cur']) {
      let files: string[];
      try {
        files = readdirSync(join(this.dir, where));
      } catch {
        continue;
      }
      const file = files.find((f) => f === entry.name || f.startsWith(`${entry.name}:`));
      if (file !== undefined) {
        entry.path = `${where}/${file}`;
        return true;
      }
    }
    return false;
  }

  /** A file that is not where we saw it last: a mail program moved it from new/ to cur/. */
  private async relocate(entry: Entry): Promise<boolean> {
    for (const where of ['new', 'cur']) {
      const files = await readdir(join(this.dir, where)).catch(() => [] as string[]);
      const file = files.find((f) => f === entry.name || f.startsWith(`${entry.name}:`));
      if (file !== undefined) {
        entry.path = `${where}/${file}`;
        return true;
      }
    }
    return false;
  }

  private emit(e: MailStoreEvent): void {
    for (const l of this.listeners) l(e);
  }

  // -- start --------------------------------------------------------------------

  private async load(): Promise<void> {
    await this.cleanTmp();
    const found: Entry[] = [];
    const ids = new Set<string>();
    for (const where of ['new', 'cur']) {
      for (const file of await readdir(join(this.dir, where))) {
        if (file.startsWith('.')) continue; // maildir(5): not a message
        const entry = await this.loadOne(where, file, ids);
        if (entry) found.push(entry);
      }
    }
    found.sort((a, b) => (a.summary.receivedAt < b.summary.receivedAt ? -1 : a.summary.receivedAt > b.summary.receivedAt ? 1 : a.name < b.name ? -1 : 1));
    await this.cleanEnvelopes(new Set(found.map((e) => e.name)));
    for (const e of found) {
      this.entries.push(e);
      this.bytes += e.summary.size;
    }
    const gone: Entry[] = [];
    while (overLimits(this.entries.length, this.bytes, this.limits)) {
      const old = this.entries.shift() as Entry;
      this.bytes -= old.summary.size;
      gone.push(old);
    }
    await Promise.all(gone.map((e) => this.remove(e)));
  }

  /** One message's summary from its header block and its envelope; null for what is not a message file. */
  private async loadOne(where: string, file: string, ids: Set<string>): Promise<Entry | null> {
    const path = `${where}/${file}`;
    const name = file.split(':')[0] as string;
    let head: Uint8Array;
    let size: number;
    let mtime: Date;
    try {
      const fh = await open(join(this.dir, path), 'r');
      try {
        const st = await fh.stat();
        if (!st.isFile()) return null;
        size = st.size;
        mtime = st.mtime;
        head = await readHead(fh, size);
      } finally {
        await fh.close();
      }
    } catch {
      return null; // gone since the listing, or unreadable: not listed
    }
    const envelope = (await this.readEnvelope(name)) ?? envelopeFromHeaders(head, name, mtime);
    // Two files claiming one queue id (a copy made by hand): the later is known by its file name.
    const id = ids.has(envelope.id) ? name : envelope.id;
    ids.add(id);
    return { summary: summarizeMessage({ ...envelope, id, size }, head, this.decode), name, path };
  }

  private async readEnvelope(name: string): Promise<Pick<Envelope, 'id' | 'mailFrom' | 'rcptTo' | 'receivedAt'> | null> {
    try {
      const path = join(this.dir, ENVELOPES, `${name}.json`);
      if ((await stat(path)).size > MAX_ENVELOPE_BYTES) return null;
      const fh = await open(path, 'r');
      let text: string;
      try {
        text = await fh.readFile('utf8');
      } finally {
        await fh.close();
      }
      const v = JSON.parse(text) as Record<string, unknown>;
      const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
      if (typeof v.id !== 'string' || !/^[^/\s]{1,200}$/.test(v.id)) return null;
      if (typeof v.mailFrom !== 'string' || !isStrings(v.rcptTo) || typeof v.receivedAt !== 'string') return null;
      return { id: v.id, mailFrom: v.mailFrom, rcptTo: v.rcptTo, receivedAt: v.receivedAt };
    } catch {
      return null; // missing or damaged: the headers stand in for it
    }
  }

  /** Partial files a killed run left in tmp/, and anything stale there (maildir(5)'s 36 hours). */
  private async cleanTmp(): Promise<void> {
    const tmp = join(this.dir, 'tmp');
    for (const file of await readdir(tmp)) {
      const path = join(tmp, file);
      const st = await stat(path).catch(() => null);
      if (st?.isFile() && (OUR_NAME.test(file) || Date.now() - st.atimeMs > STALE_TMP_MS)) await rm(path, { force: true });
    }
  }

  /** Envelopes whose message never reached new/ (a crash before the rename), or was deleted by a mail program. */
  private async cleanEnvelopes(names: Set<string>): Promise<void> {
    const dir = join(this.dir, ENVELOPES);
    for (const file of await readdir(dir)) {
      if (file.endsWith('.json') && !names.has(file.slice(0, -5))) await rm(join(dir, file), { force: true });
    }
  }
}

/** The first bytes of a file: enough for its header block, never more than HEADER_BLOCK_LIMIT. */
async function readHead(fh: FileHandle, size: number): Promise<Uint8Array> {
  const first = Buffer.alloc(Math.min(size, FIRST_READ));
  await fh.read(first, 0, first.length, 0);
  // Looked at one byte short of what was read, so a prefix is never taken for a whole message.
  if (size <= FIRST_READ || headerBlock(first, FIRST_READ - 1).complete) return first;
  // One byte past the limit, so a block longer than it is cut at a whole line, as in memory.
  const more = Buffer.alloc(Math.min(size, HEADER_BLOCK_LIMIT + 1));
  await fh.read(more, 0, more.length, 0);
  return more;
}

/** For a message with no envelope file: the sender from Return-Path, recipients from Delivered-To, the time from the file. */
function envelopeFromHeaders(head: Uint8Array, name: string, mtime: Date): Pick<Envelope, 'id' | 'mailFrom' | 'rcptTo' | 'receivedAt'> {
  const f = readHeaderFields(head, ['return-path', 'delivered-to', 'x-original-to']);
  const bare = (v: string) => v.replace(/^<(.*)>$/, '$1');
  const rcptTo = [f['delivered-to'], f['x-original-to']].filter((v): v is string => !!v).map(bare);
  return { id: name, mailFrom: bare(f['return-path'] ?? ''), rcptTo: [...new Set(rcptTo)], receivedAt: mtime.toISOString() };
}
