/**
 * The post office: the clerk greets, the envelope gets its return address and a line
 * per recipient, the letter goes in, is sealed with a receipt, and the door closes.
 * It renders only the observer's state, so it follows any server the same way.
 */
import type { ObserverState } from '@smtp-playground/shared';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { CLERK_SAYS, STEPS } from '../scene-text';
import { StateDiagram } from './state-diagram';

const selectObserved = (s: { observed: ObserverState }) => s.observed;

const pop = 'motion-safe:animate-[pop_250ms_ease-out]';

export function PostOfficeScene() {
  const o = useTranscriptStore(selectObserved);
  const current = STEPS.findIndex((s) => s.step === o.step);
  const delivery = o.step === 'sealed' ? o.deliveries[o.deliveries.length - 1] : undefined;
  const letter = o.letter ?? delivery?.letter ?? null;
  const mailFrom = o.mailFrom ?? delivery?.mailFrom ?? null;
  const recipients = o.step === 'sealed' && delivery ? delivery.recipients.map((address) => ({ address, accepted: true, reply: null })) : o.recipients;
  return (
    <section aria-label="Post office" className="flex flex-col gap-4">
      <ol aria-label="Steps" className="flex flex-wrap gap-1 text-xs">
        {STEPS.map((s, i) => (
          <li
            key={s.step}
            aria-current={i === current ? 'step' : undefined}
            className={`rounded-full border px-2 py-1 ${i === current ? 'border-amber-500 bg-amber-100 font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100' : i < current ? 'border-emerald-400 text-emerald-800 dark:text-emerald-300' : 'border-slate-300 text-slate-600 dark:border-slate-600 dark:text-slate-400'}`}
          >
            {s.label} <span className="font-mono">({s.smtp})</span>
          </li>
        ))}
      </ol>

      <div className="relative grid grid-cols-[auto_1fr] items-start gap-4 rounded-xl border border-slate-200 bg-gradient-to-b from-sky-50 to-amber-50 p-4 dark:border-slate-700 dark:from-slate-800 dark:to-slate-900">
        <Clerk door={o.step === 'leave' || o.step === 'outside' ? 'closed' : 'open'} />
        <div className="flex flex-col gap-3">
          <p key={`${o.step}-${o.refusal?.code ?? ''}`} className={`rounded-lg bg-white p-3 text-sm shadow dark:bg-slate-700 ${pop}`}>
            <span className="sr-only">The clerk says: </span>
            {CLERK_SAYS[o.step]}
          </p>
          {o.refusal && (
            <div role="alert" className={`rounded-lg border-2 border-red-500 bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-100 ${pop}`}>
              <p className="font-semibold">
                The clerk says no: {o.refusal.code} {o.refusal.text}
              </p>
              <p>{o.refusal.reason}</p>
            </div>
          )}
        </div>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Envelope mailFrom={mailFrom} recipients={recipients} sealed={o.step === 'sealed'} />
        <LetterCard letter={letter} />
      </div>

      {delivery && (
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
    </section>
  );
}

function Clerk({ door }: { door: 'open' | 'closed' }) {
  return (
    <svg viewBox="0 0 120 120" className="h-28 w-28" role="img" aria-label={door === 'open' ? 'The clerk at the counter, door open' : 'The door is closed'}>
      <rect x="2" y="10" width="44" height="100" rx="3" className="fill-amber-800" />
      <rect
        x="2"
        y="10"
        width="44"
        height="100"
        rx="3"
        className="origin-left fill-amber-600 transition-transform duration-500 motion-reduce:transition-none"
        style={{ transform: door === 'open' ? 'scaleX(0.25)' : 'scaleX(1)' }}
      />
      <circle cx="84" cy="40" r="14" className="fill-orange-200 stroke-slate-700" strokeWidth="2" />
      <path d="M64 92 q20 -34 40 0 z" className="fill-blue-600" />
      <circle cx="79" cy="38" r="2" className="fill-slate-800" />
      <circle cx="89" cy="38" r="2" className="fill-slate-800" />
      <path d="M79 46 q5 4 10 0" className="fill-none stroke-slate-800" strokeWidth="2" />
      <rect x="54" y="92" width="66" height="20" className="fill-slate-600" />
    </svg>
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
        <ul>
          {recipients.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same address may be given twice; its position is its identity
            <li key={`${r.address}-${i}`} className={`font-mono ${pop} ${r.accepted === false ? 'text-red-700 line-through dark:text-red-400' : ''}`}>
              <span aria-hidden="true">{r.accepted === false ? '✗ ' : '✓ '}</span>
              {r.address}
              {r.accepted === false && <span className="sr-only"> (refused)</span>}
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
