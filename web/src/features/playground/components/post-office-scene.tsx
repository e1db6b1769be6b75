/**
 * The post office: a drawing of the visit (post-office-drawing.tsx) with the clerk's
 * words under it, then the envelope and the letter written out in full, the receipt,
 * and the state diagram. It renders only the observer's state, so it follows any
 * server the same way.
 *
 * On narrow screens it folds into one line above the conversation (a disclosure
 * button), so the transcript and the composer come first; on wide ones it is always
 * open beside them. The workbench's container query decides, as it does the columns.
 *
 * A POP3 session is a visit to collect mail: its steps, the clerk's words, your PO box
 * and the letter you read (its header, as the lines showed it), instead of the envelope,
 * the letter handed over and the receipt.
 */
import { type ObserverState, POP3_REPLIES, type Pop3View } from '@smtp-playground/shared';
import { useId, useState } from 'react';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { sceneOf } from '../scene-model';
import { CLERK_SAYS, CLERK_SAYS_POP3, POP3_STEPS, STEPS } from '../scene-text';
import { PostOfficeDrawing } from './post-office-drawing';
import { StateDiagram } from './state-diagram';

const selectObserved = (s: { observed: ObserverState }) => s.observed;

const pop = 'motion-safe:animate-[pop_250ms_ease-out]';

export function PostOfficeScene() {
  const o = useTranscriptStore(selectObserved);
  // Narrow screens only: the scene folds away so the transcript and the composer come first.
  const [open, setOpen] = useState(false);
  const body = useId();
  const pop3 = o.protocol === 'pop3' ? o.pop3 : null;
  const steps: readonly { step: string; label: string; smtp: string }[] = pop3 ? POP3_STEPS : STEPS;
  const step = pop3 ? (o.step === 'outside' ? 'outside' : pop3.step) : o.step;
  const current = steps.findIndex((s) => s.step === step);
  const now = steps[current];
  const refused = pop3 ? pop3.lastStatus?.status === '-ERR' : !!o.refusal;
  const delivery = o.step === 'sealed' ? o.deliveries[o.deliveries.length - 1] : undefined;
  const letter = o.letter ?? delivery?.letter ?? null;
  const mailFrom = o.mailFrom ?? delivery?.mailFrom ?? null;
  const recipients = o.step === 'sealed' && delivery ? delivery.recipients.map((address) => ({ address, accepted: true, reply: null })) : o.recipients;
  return (
    <section aria-label="Post office" className="flex min-w-0 flex-col gap-3">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={body}
        onClick={() => setOpen(!open)}
        className="flex items-center gap-2 rounded-lg border border-slate-300 px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-blue-600 @4xl:hidden dark:border-slate-600"
      >
        <span aria-hidden="true" className={`inline-block motion-safe:transition-transform ${open ? 'rotate-90' : ''}`}>
          ▸
        </span>
        <span className="font-semibold">Post office</span>{' '}
        <span className="min-w-0 truncate text-slate-700 dark:text-slate-300">
          {now ? (
            <>
              {now.label} <span className="font-mono">({now.smtp})</span>
            </>
          ) : (
            'Outside: not connected'
          )}
        </span>
        {refused && (
          <>
            {' '}
            <span className="ml-auto shrink-0 font-semibold text-red-700 dark:text-red-400">
              refused: <span className="font-mono">{pop3 ? '-ERR' : o.refusal?.code}</span>
            </span>
          </>
        )}
      </button>

      <div id={body} className={`${open ? 'flex' : 'hidden'} flex-col gap-4 @4xl:flex`}>
        <ol aria-label="Steps" className="flex flex-wrap gap-1 text-xs">
          {steps.map((s, i) => (
            <li
              key={s.step}
              aria-current={i === current ? 'step' : undefined}
              className={`rounded-full border px-2 py-1 ${i === current ? 'border-amber-500 bg-amber-100 font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100' : i < current ? 'border-emerald-400 text-emerald-800 dark:text-emerald-300' : 'border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-400'}`}
            >
              {s.label} <span className="font-mono">({s.smtp})</span>
            </li>
          ))}
        </ol>

        <div className="flex flex-col gap-3">
          <PostOfficeDrawing scene={sceneOf(o)} />
          {pop3 ? <Pop3ClerkSays view={pop3} outside={o.step === 'outside'} /> : <ClerkSays o={o} />}
        </div>

        {pop3 ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <PoBoxCard view={pop3} />
            <FetchedLetterCard view={pop3} />
          </div>
        ) : (
          <div className="grid gap-4 sm:grid-cols-2">
            <Envelope mailFrom={mailFrom} recipients={recipients} sealed={o.step === 'sealed'} />
            <LetterCard letter={letter} />
          </div>
        )}

        {delivery && !pop3 && (
          <section
            aria-label="Receipt"
            className={`flex items-center gap-3 rounded-lg border border-emerald-400 bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100 ${pop}`}
          >
            <MailbagIcon />
            <p>
              In the mailbag. Receipt (queue id): <strong className="font-mono">{delivery.queueId ?? 'none given'}</strong>
            </p>
          </section>
        )}

        {/* The same moment in the protocol's own terms, beside the analogy. */}
        <StateDiagram />
      </div>
    </section>
  );
}

/** The clerk's words, in a bubble that points up at the clerk (who stands at the right of the drawing). */
const bubble =
  'relative rounded-xl border p-3 text-sm shadow-sm before:absolute before:-top-2 before:right-[13%] before:size-4 before:rotate-45 before:border-l before:border-t before:border-inherit before:bg-inherit';

function ClerkSays({ o }: { o: ObserverState }) {
  if (o.refusal)
    return (
      <div
        key={`refusal-${o.exchanges.length}`}
        role="alert"
        className={`${bubble} border-red-500 bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100 ${pop}`}
      >
        <p className="font-semibold">
          The clerk shakes their head:{' '}
          <q className="font-mono">
            {o.refusal.code} {o.refusal.text}
          </q>
        </p>
        <p>{o.refusal.reason}</p>
      </div>
    );
  return (
    <p key={o.step} className={`${bubble} border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-700 ${pop}`}>
      <span className="sr-only">The clerk says: </span>
      {CLERK_SAYS[o.step]}
    </p>
  );
}

/** The clerk's words in a POP3 visit; a -ERR says what it means, from the POP3 catalogue. */
function Pop3ClerkSays({ view, outside }: { view: Pop3View; outside: boolean }) {
  const last = view.lastStatus;
  if (last?.status === '-ERR')
    return (
      <div
        key={`refusal-${last.context}-${last.text}`}
        role="alert"
        className={`${bubble} border-red-500 bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100 ${pop}`}
      >
        <p className="font-semibold">
          The clerk shakes their head: <q className="font-mono">-ERR {last.text}</q>
        </p>
        {last.key && <p>{POP3_REPLIES[last.key].explain}</p>}
      </div>
    );
  const key = outside ? 'outside' : view.step === 'leave' && !(view.quit && view.authenticated && view.deleted.length > 0) ? 'leave-kept' : view.step;
  return (
    <p key={key} className={`${bubble} border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-700 ${pop}`}>
      <span className="sr-only">The clerk says: </span>
      {CLERK_SAYS_POP3[key]}
    </p>
  );
}

/** Your PO box written out: whose it is, what is in it and what is marked. */
function PoBoxCard({ view: v }: { view: Pop3View }) {
  const sizes = Object.entries(v.sizes);
  return (
    <figure aria-label="Your PO box" className="rounded-lg border border-slate-300 bg-slate-50 p-3 text-sm shadow-sm dark:border-slate-600 dark:bg-slate-800">
      <figcaption className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-700 dark:text-slate-300">
        Your PO box (the POP3 maildrop){v.authenticated ? '' : ' — locked'}
      </figcaption>
      <p>
        <span className="text-slate-600 dark:text-slate-400">Key (USER): </span>
        <span className="font-mono">{v.user ?? '—'}</span>
        {v.authenticated && <span className="text-emerald-800 dark:text-emerald-300"> ✓ fits</span>}
      </p>
      <p className="mt-1">
        <span className="text-slate-600 dark:text-slate-400">Letters: </span>
        {v.count === null
          ? '— (count them with STAT or LIST)'
          : v.quit && v.authenticated && v.deleted.length > 0
            ? `${v.count - v.deleted.length} left after QUIT`
            : `${v.count}${v.size !== null ? `, ${v.size} octets in all` : ''}`}
      </p>
      {sizes.length > 0 && (
        <ul aria-label="Letters in the box" className="mt-1 font-mono">
          {sizes.map(([n, size]) => {
            const marked = v.deleted.includes(Number(n));
            return (
              <li key={n} className={marked ? 'text-red-700 line-through dark:text-red-400' : ''}>
                {n}: {size} octets{marked && <span className="font-sans text-xs no-underline"> (marked to throw away)</span>}
              </li>
            );
          })}
        </ul>
      )}
      {v.deleted.length > 0 && (
        <p className="mt-1 text-red-800 dark:text-red-300">
          {v.quit && v.authenticated
            ? `Thrown away at QUIT: ${v.deleted.join(', ')}.`
            : `Marked: ${v.deleted.join(', ')}. Nothing is thrown away until QUIT; RSET takes the marks back.`}
        </p>
      )}
    </figure>
  );
}

/** The letter read last (RETR, TOP): its header as the lines showed it; the whole of it is in the transcript. */
function FetchedLetterCard({ view }: { view: Pop3View }) {
  const r = view.retrieved[view.retrieved.length - 1];
  return (
    <figure aria-label="Letter you read" className="rounded-lg border border-slate-300 bg-white p-3 text-sm shadow-sm dark:border-slate-600 dark:bg-slate-800">
      <figcaption className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
        {r ? `Letter ${r.number} (${r.command}${r.complete ? '' : ', still arriving'})` : 'Letter you read'}
      </figcaption>
      {!r ? (
        <p className="text-slate-600 dark:text-slate-400">None taken out yet (RETR 1).</p>
      ) : (
        <>
          <dl className="border-b border-dashed border-slate-300 pb-2 font-mono text-xs dark:border-slate-600">
            {r.headers.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat (Received:); their order is their identity
              <div key={`${h.name}-${i}`} className="flex gap-1">
                <dt className="font-semibold">{h.name}:</dt>
                <dd className="truncate">{h.value}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-slate-700 dark:text-slate-300">
            {r.bodyLines} line{r.bodyLines === 1 ? '' : 's'} of body: read them in the transcript. A copy: the letter stays in the box until it is thrown away.
          </p>
        </>
      )}
    </figure>
  );
}

function Envelope({ mailFrom, recipients, sealed }: { mailFrom: string | null; recipients: ObserverState['recipients']; sealed: boolean }) {
  return (
    <figure
      aria-label="Envelope on the counter"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm shadow-sm dark:border-amber-700 dark:bg-amber-950"
    >
      <figcaption className="mb-2 text-xs font-semibold uppercase tracking-wide text-amber-800 dark:text-amber-300">
        Envelope (the SMTP envelope){sealed ? ' — sealed' : ''}
      </figcaption>
      <p>
        <span className="text-slate-600 dark:text-slate-400">Return address: </span>
        <span className="font-mono">{mailFrom === null ? '—' : mailFrom === '' ? '<> (null sender)' : mailFrom}</span>
      </p>
      <p className="mt-1 text-slate-600 dark:text-slate-400">Recipients:</p>
      {recipients.length === 0 ? (
        <p className="font-mono">—</p>
      ) : (
        <ul aria-label="Recipients">
          {recipients.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same address may be given twice; its position is its identity
            <li key={`${r.address}-${i}`} className={pop}>
              <span className={`font-mono ${r.accepted === false ? 'text-red-700 line-through dark:text-red-400' : ''}`}>
                <span aria-hidden="true">{r.accepted === false ? '✗ ' : r.accepted === null ? '… ' : '✓ '}</span>
                {r.address}
              </span>
              {r.accepted === false && <span className="text-xs text-red-700 dark:text-red-400"> refused: {r.reply}</span>}
              {r.accepted === null && <span className="text-xs text-slate-600 dark:text-slate-400"> waiting for the answer</span>}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

function LetterCard({ letter }: { letter: ObserverState['letter'] }) {
  return (
    <figure
      aria-label="Letter on the counter"
      className="rounded-lg border border-slate-300 bg-white p-3 text-sm shadow-sm dark:border-slate-600 dark:bg-slate-800"
    >
      <figcaption className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">Letter (headers and body)</figcaption>
      {!letter ? (
        <p className="text-slate-600 dark:text-slate-400">Not handed over yet.</p>
      ) : (
        <>
          <dl className="border-b border-dashed border-slate-300 pb-2 font-mono text-xs dark:border-slate-600">
            {letter.headers.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: headers repeat (Received:); their order is their identity
              <div key={`${h.name}-${i}`} className="flex gap-1">
                <dt className="font-semibold">{h.name}:</dt>
                <dd className="truncate">{h.value}</dd>
              </div>
            ))}
          </dl>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long letter scrolls, and a region that scrolls must take focus or the keyboard cannot scroll it (WCAG 2.1.1) */}
          <section aria-label="Letter body" tabIndex={0} className="mt-2 max-h-32 overflow-auto">
            <pre className="whitespace-pre-wrap font-serif">{letter.body}</pre>
          </section>
        </>
      )}
    </figure>
  );
}

function MailbagIcon() {
  return (
    <svg viewBox="0 0 24 24" className="h-8 w-8 shrink-0" aria-hidden="true">
      <path d="M6 8 h12 l2 12 h-16 z" className="fill-amber-700" />
      <path d="M8 8 q4 -6 8 0" className="fill-none stroke-amber-900" strokeWidth="2" />
    </svg>
  );
}
