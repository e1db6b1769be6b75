/**
 * The mailbox: what the in-tab sandbox accepted. For each message, the envelope beside
 * the headers (highlighted where they differ), the body as a mail program shows it,
 * and the raw source with the trace headers the server added.
 */
import { decodeText, type StoredMessage } from '@smtp-playground/shared';
import type { Email } from 'postal-mime';
import { useEffect, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { downloadFile } from '../../../lib/download';
import { useMailboxStore } from '../../../stores/mailbox-store';
import { compareEnvelope, parseMessage } from '../parse-message';

export function MailboxView() {
  const messages = useMailboxStore((s) => s.messages);
  const selectedId = useMailboxStore((s) => s.selectedId);
  const select = useMailboxStore((s) => s.messageSelected);
  const empty = useMailboxStore((s) => s.mailboxEmptied);
  const selected = messages.find((m) => m.id === selectedId) ?? messages[0];
  return (
    <section aria-label="Mailbox" className="grid gap-4 lg:grid-cols-[20rem_1fr]">
      <div className="flex flex-col gap-2">
        <div className="flex items-center justify-between">
          <h2 className="text-lg font-semibold">Messages ({messages.length})</h2>
          <Button size="sm" onClick={empty} disabled={messages.length === 0}>
            Empty mailbox
          </Button>
        </div>
        {messages.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Nothing yet. Send a message in the playground, and it lands here.</p>
        ) : (
          <ul aria-label="Messages" className="flex flex-col gap-1">
            {messages.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  aria-current={m.id === selected?.id ? 'true' : undefined}
                  onClick={() => select(m.id)}
                  className={`w-full rounded-md border p-2 text-left text-sm ${m.id === selected?.id ? 'border-blue-600 bg-blue-50 dark:bg-blue-950' : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800'}`}
                >
                  <span className="block font-mono text-xs">{m.id}</span>
                  <span className="block truncate">{subjectOf(m) || '(no subject)'}</span>
                  <span className="block truncate text-xs text-slate-600 dark:text-slate-400">
                    {m.mailFrom || '<>'} → {m.rcptTo.join(', ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {selected && <MessageDetail key={selected.id} message={selected} />}
    </section>
  );
}

/** The Subject header, quickly, for the list (the detail view decodes it properly). */
function subjectOf(m: StoredMessage): string {
  const head = decodeText(m.raw.subarray(0, 8192));
  return /^Subject:[ \t]*(.*)$/im.exec(head)?.[1]?.trim() ?? '';
}

function MessageDetail({ message }: { message: StoredMessage }) {
  const [email, setEmail] = useState<Email | null>(null);
  useEffect(() => {
    let live = true;
    parseMessage(message).then((e) => live && setEmail(e));
    return () => {
      live = false;
    };
  }, [message]);
  const raw = decodeText(message.raw);
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
              {email?.from ? `${email.from.name ? `${email.from.name} ` : ''}<${email.from.address}>` : '—'}
            </span>
          </p>
          <p>
            To: <span className="font-mono">{email?.to?.map((a) => a.address).join(', ') || '—'}</span>
          </p>
          {email?.cc && (
            <p>
              Cc: <span className="font-mono">{email.cc.map((a) => a.address).join(', ')}</span>
            </p>
          )}
          <p>Subject: {email?.subject ?? '—'}</p>
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
        <pre className="mt-2 whitespace-pre-wrap font-serif text-sm">{email ? (email.text ?? '(no text part)') : 'Reading…'}</pre>
      </section>
      <section aria-label="Raw source" className="flex flex-col gap-2">
        <div className="flex items-center justify-between">
          <h3 className="text-sm font-semibold">Raw source, with the trace headers the server added</h3>
          <Button size="sm" onClick={() => downloadFile(`${message.id}.eml`, message.raw as BlobPart, 'message/rfc822')}>
            Download .eml
          </Button>
        </div>
        <pre className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100">{raw}</pre>
      </section>
    </article>
  );
}
