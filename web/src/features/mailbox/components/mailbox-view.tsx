/**
 * The mailbox: what a sandbox accepted. For each message, the envelope beside the
 * headers (highlighted where they differ), the body as a mail program shows it, and
 * the MIME structure beside the raw source with the trace headers the server added.
 *
 * Two mailboxes: this tab's (the in-tab sandbox) and, when the page has a relay, the
 * relay's (its sandbox on port 2525 and the "Relay sandbox" sessions), kept live.
 * The list shows the summaries the stores keep; only the message shown is read, and
 * one too large to read (READ_LIMITS) is shown as raw source, with a note saying so.
 */
import { decodeText, type MessageSummary } from '@smtp-playground/shared';
import type { ReactNode } from 'react';
import { Button } from '../../../components/ui/button';
import { downloadFile } from '../../../lib/download';
import { type MailboxSource, tabMessage, useMailboxStore } from '../../../stores/mailbox-store';
import { readingOf, useParsedMailStore } from '../../../stores/parsed-mail-store';
import { useRelayMailboxStore } from '../../../stores/relay-mailbox-store';
import { sandboxPort, type TargetSummary, useTargetsStore } from '../../../stores/targets-store';
import { compareEnvelope, type MessageBytes } from '../parse-message';
import { MimeTree } from './mime-tree';

const selectRelayStatus = (s: { status: string }) => s.status;
const selectTargets = (s: { targets: TargetSummary[] }) => s.targets;
const selectSource = (s: { source: MailboxSource }) => s.source;
const selectMessages = (s: { messages: readonly MessageSummary[] }) => s.messages;
const selectSelectedId = (s: { selectedId: string | null }) => s.selectedId;
const selectRaw = (s: { raw: Readonly<Record<string, Uint8Array>> }) => s.raw;
const selectLive = (s: { status: string }) => s.status;
const selectProblem = (s: { problem: string | null }) => s.problem;
const selectParsedVersion = (s: { version: number }) => s.version;

/** The raw source shows this much at most: a 12 MB message of 4 million lines is for downloading, not for a <pre>. */
const RAW_SHOWN_BYTES = 256 * 1024;

export function MailboxView() {
  const relay = useTargetsStore(selectRelayStatus) === 'available';
  const source = useMailboxStore(selectSource);
  const shown = relay ? source : 'tab';
  return (
    <div className="flex flex-col gap-4">
      {relay && <SourceSwitch source={shown} />}
      {shown === 'relay' ? <RelayMailbox /> : <TabMailbox />}
    </div>
  );
}

function SourceSwitch({ source }: { source: MailboxSource }) {
  const port = sandboxPort(useTargetsStore(selectTargets));
  const chosen = useMailboxStore((s) => s.sourceChosen);
  const option = (value: MailboxSource, label: string) => (
    <label className="flex items-center gap-1">
      <input type="radio" name="mailbox-source" value={value} checked={source === value} onChange={() => chosen(value)} />
      {label}
    </label>
  );
  return (
    <fieldset className="flex flex-wrap gap-4 text-sm">
      <legend className="mb-1 font-medium">Which mailbox</legend>
      {option('tab', 'This tab (in-tab sandbox)')}
      {option('relay', `The relay’s (port ${port} and the relay sandbox)`)}
    </fieldset>
  );
}

function TabMailbox() {
  const messages = useMailboxStore(selectMessages);
  const selectedId = useMailboxStore(selectSelectedId);
  const select = useMailboxStore((s) => s.messageSelected);
  const empty = useMailboxStore((s) => s.mailboxEmptied);
  const selected = messages.find((m) => m.id === selectedId) ?? messages[0];
  const message = selected && tabMessage(selected.id);
  return (
    <MailboxLayout
      entries={messages}
      selectedId={selected?.id ?? null}
      onSelect={select}
      onEmpty={empty}
      nothingYet="Nothing yet. Send a message in the playground, and it lands here."
    >
      {selected && message && <MessageDetail key={selected.id} summary={selected} message={message} />}
    </MailboxLayout>
  );
}

function RelayMailbox() {
  const messages = useRelayMailboxStore(selectMessages);
  const selectedId = useRelayMailboxStore(selectSelectedId);
  const raw = useRelayMailboxStore(selectRaw);
  const live = useRelayMailboxStore(selectLive);
  const problem = useRelayMailboxStore(selectProblem);
  const select = useRelayMailboxStore((s) => s.messageSelected);
  const empty = useRelayMailboxStore((s) => s.mailboxEmptied);
  const port = sandboxPort(useTargetsStore(selectTargets));
  const selected = messages.find((m) => m.id === selectedId) ?? messages[0];
  const bytes = selected && raw[selected.id];
  return (
    <MailboxLayout
      entries={messages}
      selectedId={selected?.id ?? null}
      onSelect={select}
      onEmpty={empty}
      nothingYet={`Nothing yet. Send a message with the Relay sandbox, or from a terminal to port ${port} (telnet localhost ${port}, or swaks --server localhost:${port}), and it lands here.`}
      status={
        <>
          {live === 'stale' && <p>Live updates paused: reconnecting to the relay’s feed. The list may be out of date.</p>}
          {problem && <p className="text-red-700 dark:text-red-400">{problem}</p>}
        </>
      }
    >
      {selected &&
        (bytes ? (
          <MessageDetail key={selected.id} summary={selected} message={{ ...selected, raw: bytes }} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">Reading message {selected.id}…</p>
        ))}
    </MailboxLayout>
  );
}

interface MailboxLayoutProps {
  entries: readonly MessageSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
  onEmpty(): void;
  nothingYet: string;
  status?: ReactNode;
  children: ReactNode;
}

function MailboxLayout({ entries, selectedId, onSelect, onEmpty, nothingYet, status, children }: MailboxLayoutProps) {
  return (
    <section aria-label="Mailbox" className="grid gap-4 lg:grid-cols-[20rem_1fr]">
      <div className="flex flex-col gap-2">
        <div className="flex items-center justify-between">
          <h2 className="text-lg font-semibold">Messages ({entries.length})</h2>
          <Button size="sm" onClick={onEmpty} disabled={entries.length === 0}>
            Empty mailbox
          </Button>
        </div>
        <div role="status" className="text-sm empty:hidden">
          {status}
        </div>
        {entries.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{nothingYet}</p>
        ) : (
          <ul aria-label="Messages" className="flex flex-col gap-1">
            {entries.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  aria-current={m.id === selectedId ? 'true' : undefined}
                  onClick={() => onSelect(m.id)}
                  className={`w-full rounded-md border p-2 text-left text-sm ${m.id === selectedId ? 'border-blue-600 bg-blue-50 dark:bg-blue-950' : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800'}`}
                >
                  <span className="block font-mono text-xs">{m.id}</span>
                  <span className="block truncate">{m.subject || '(no subject)'}</span>
                  <span className="block truncate text-xs text-slate-600 dark:text-slate-400">
                    {m.mailFrom || '<>'} → {m.rcptTo.join(', ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {children}
    </section>
  );
}

function MessageDetail({ summary, message }: { summary: MessageSummary; message: MessageBytes }) {
  useParsedMailStore(selectParsedVersion); // read again once the stores have parsed it
  const reading = readingOf(message.raw);
  const email = reading.status === 'read' ? reading.email : null;
  const cut = message.raw.length > RAW_SHOWN_BYTES;
  const raw = decodeText(message.raw.subarray(0, RAW_SHOWN_BYTES));
  const cmp = email ? compareEnvelope(message, email) : null;
  const differs = 'rounded bg-amber-100 px-1 dark:bg-amber-900';
  return (
    <article aria-label="Message" className="flex min-w-0 flex-col gap-4">
      <div className="grid gap-4 md:grid-cols-2">
        <section aria-label="Envelope" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
          <h3 className="font-semibold">Envelope (SMTP)</h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">What the server delivered by.</p>
          <p className="mt-2">
            MAIL FROM: <span className={`font-mono ${cmp?.senderDiffers ? differs : ''}`}>&lt;{message.mailFrom}&gt;</span>
          </p>
          {message.rcptTo.map((r) => (
            <p key={r}>
              RCPT TO: <span className={`font-mono ${cmp?.hiddenRecipients.includes(r.toLowerCase()) ? differs : ''}`}>&lt;{r}&gt;</span>
            </p>
          ))}
        </section>
        <section aria-label="Headers" className="rounded-lg border border-slate-300 p-3 text-sm dark:border-slate-600">
          <h3 className="font-semibold">Headers (the letter)</h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">What the reader’s mail program shows.</p>
          <p className="mt-2">
            From:{' '}
            <span className={`font-mono ${cmp?.senderDiffers ? differs : ''}`}>
              {email?.from ? `${email.from.name ? `${email.from.name} ` : ''}<${email.from.address}>` : summary.from || '—'}
            </span>
          </p>
          <p>
            To: <span className="font-mono">{email ? email.to?.map((a) => a.address).join(', ') || '—' : summary.to || '—'}</span>
          </p>
          {email?.cc && (
            <p>
              Cc: <span className="font-mono">{email.cc.map((a) => a.address).join(', ')}</span>
            </p>
          )}
          <p>Subject: {email ? (email.subject ?? '—') : summary.subject || '—'}</p>
        </section>
      </div>
      {cmp && (cmp.senderDiffers || cmp.hiddenRecipients.length > 0 || cmp.notDelivered.length > 0) && (
        <section aria-label="Envelope and headers differ" className="rounded-lg border border-amber-400 p-3 text-sm">
          {cmp.senderDiffers && (
            <p>
              The envelope sender (MAIL FROM) is not the From: header. That is normal for mailing lists and bounces, and also how spoofing works; SPF, DKIM and
              DMARC exist to check it.
            </p>
          )}
          {cmp.hiddenRecipients.length > 0 && (
            <p>
              {cmp.hiddenRecipients.join(', ')} got the message without being named in To: or Cc:. That is what Bcc means: the envelope carries the recipient,
              the letter does not show it.
            </p>
          )}
          {cmp.notDelivered.length > 0 && (
            <p>{cmp.notDelivered.join(', ')} appear in the headers but were never an RCPT TO, so this server did not deliver to them.</p>
          )}
        </section>
      )}
      <section aria-label="Body" className="rounded-lg border border-slate-300 p-3 dark:border-slate-600">
        <h3 className="text-sm font-semibold">Body</h3>
        {reading.status === 'too-large' ? (
          <p className="mt-2 text-sm">This message is too large for the page to read, so it is shown as raw source only. {reading.why}</p>
        ) : reading.status === 'unreadable' ? (
          <p className="mt-2 text-sm">This message could not be read as MIME; its raw source is below.</p>
        ) : (
          <pre className="mt-2 whitespace-pre-wrap font-serif text-sm">{email ? (email.text ?? '(no text part)') : 'Reading…'}</pre>
        )}
      </section>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
        <MimeTree raw={message.raw} />
        <RawSource message={message} raw={raw} cut={cut} />
      </div>
    </article>
  );
}

/** The stored bytes as text, with the trace headers the server added, and a download. */
function RawSource({ message, raw, cut }: { message: MessageBytes; raw: string; cut: boolean }) {
  return (
    <section aria-label="Raw source" className="flex min-w-0 flex-col gap-2">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold">Raw source, with the trace headers the server added</h3>
        <Button size="sm" onClick={() => downloadFile(`${message.id}.eml`, message.raw as BlobPart, 'message/rfc822')}>
          Download .eml
        </Button>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the raw message scrolls, and a region that scrolls must take focus or the keyboard cannot scroll it (WCAG 2.1.1) */}
      <section aria-label="Raw message" tabIndex={0} className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3">
        <pre className="font-mono text-xs text-slate-100">{raw}</pre>
      </section>
      {cut && (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          The first {RAW_SHOWN_BYTES / 1024} KiB of {(message.raw.length / 1024 / 1024).toFixed(1)} MiB are shown; Download .eml has all of it.
        </p>
      )}
    </section>
  );
}
