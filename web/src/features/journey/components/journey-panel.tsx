/**
 * The journey of a message, as the page shows it under the playground in a journey
 * scenario: what mail.client.thm did with each letter it accepted, step by step. The
 * steps, their pace and what they deliver are the journey store's; this only draws
 * what is shown so far.
 *
 * The post office, one office further: the clerk signs and seals the letter, looks up
 * where the recipient's office is, and puts it on a van; the clerk at the other end
 * checks the seal and the sender before taking it.
 */
import { formatDig, type JourneyStep, type TranscriptLine } from '@smtp-playground/shared';
import { useId, useLayoutEffect, useRef } from 'react';
import { Button } from '../../../components/ui/button';
import { DIRECTION_MARK, DIRECTION_NAME, directionText } from '../../../components/ui/direction';
import { framesShown, type ShownJourney, useJourneyStore } from '../../../stores/journey-store';
import { verdictTone } from '../verdicts';

const selectJourneys = (s: { journeys: ShownJourney[] }) => s.journeys;
const selectWorking = (s: { working: number }) => s.working;
const selectError = (s: { error: string | null }) => s.error;

export function JourneyPanel() {
  const journeys = useJourneyStore(selectJourneys);
  const working = useJourneyStore(selectWorking);
  const error = useJourneyStore(selectError);
  const id = useId();
  const running = journeys.some((j) => j.shown < j.frames.reduce((a, b) => a + b, 0));
  return (
    <section aria-labelledby={`${id}-h`} className="flex flex-col gap-3 rounded-xl border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-h`} className="text-lg font-semibold">
          Journey of your message
        </h2>
        <div className="flex gap-2">
          <Button size="sm" onClick={useJourneyStore.getState().showAllPressed} disabled={!running}>
            Show all
          </Button>
          <Button size="sm" onClick={useJourneyStore.getState().journeysCleared} disabled={journeys.length === 0}>
            Clear
          </Button>
        </div>
      </div>
      <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {error ??
          (working > 0
            ? 'mail.client.thm is signing your letter and asking the DNS…'
            : journeys.length === 0
              ? 'You are talking to mail.client.thm, client.thm’s submission server. Log in, hand it a letter, and this panel follows the letter from there to the recipient’s mailbox.'
              : running
                ? 'Following the letter, one step at a time.'
                : 'Journey over. What arrived is in the Mailbox.')}
      </p>
      {journeys
        .slice()
        .reverse()
        .map((j) => (
          <JourneyView key={j.journey.id + j.journey.steps.length} shown={j} />
        ))}
    </section>
  );
}

function JourneyView({ shown }: { shown: ShownJourney }) {
  const { journey } = shown;
  const id = useId();
  return (
    <article aria-labelledby={`${id}-h`} className="flex flex-col gap-2">
      <h3 id={`${id}-h`} className="font-semibold">
        Letter {journey.id}, from {journey.mailFrom || '<>'} to {journey.recipients.join(', ')}
      </h3>
      <ol className="flex flex-col gap-2">
        {journey.steps.map((step, i) =>
          framesShown(shown, i) > 0 ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a journey's steps never change once made
            <li key={i} className="rounded-lg border border-slate-200 p-2 text-sm dark:border-slate-700">
              <StepView step={step} lines={shown.hopLines[i]?.slice(0, framesShown(shown, i)).flat() ?? []} whole={framesShown(shown, i) === shown.frames[i]} />
            </li>
          ) : null,
        )}
      </ol>
    </article>
  );
}

/** `whole`: every frame of the step is shown (a hop's session has ended). */
function StepView({ step, lines, whole }: { step: JourneyStep; lines: TranscriptLine[]; whole: boolean }) {
  switch (step.kind) {
    case 'submitted':
      return (
        <>
          <p>
            <strong>Handed over.</strong> {step.host} took your letter (queue id {step.id}) and wrote the first trace line:
          </p>
          <Pre text={step.received} />
        </>
      );
    case 'signed':
      return (
        <>
          <p>
            <strong>Signed.</strong> The clerk seals the letter: a DKIM signature by {step.domain} (selector {step.selector}, {step.algorithm}), over the body
            and the headers it names. Anyone can check it with the key at {step.selector}._domainkey.{step.domain}.
          </p>
          <Pre text={step.header} />
        </>
      );
    case 'modified':
      return (
        <p>
          <strong>Changed after signing.</strong> {step.what}
        </p>
      );
    case 'lookup':
      return (
        <>
          <p>
            <strong>DNS:</strong> {step.meaning}
          </p>
          <Pre
            text={`$ dig ${step.answer.type} ${step.answer.name}\n${formatDig({ name: step.answer.name, type: step.answer.type, short: false }, step.answer)}`}
          />
        </>
      );
    case 'hop':
      return <HopView step={step} lines={lines} whole={whole} />;
    case 'delivered':
      return (
        <>
          <p>
            <strong>Delivered</strong> to {step.recipients.join(', ')} by {step.host}
            {step.quarantined
              ? ', marked as suspect: the From: domain’s DMARC policy says quarantine, which a mailbox server files in Junk (here it is in the Mailbox with the rest).'
              : '.'}{' '}
            Its trace, newest hop first:
          </p>
          <Pre text={traceOf(step.message.raw)} />
        </>
      );
    case 'bounced':
      return (
        <p>
          <strong>Bounced</strong> for {step.recipients.join(', ')}: {step.why}.{' '}
          {step.bounce ? 'mail.client.thm sent a bounce back to the sender: it is in the Mailbox.' : 'The sender was <>, so no bounce is sent.'}
        </p>
      );
    case 'deferred':
      return (
        <p>
          <strong>Still queued</strong> for {step.recipients.join(', ')}: {step.why}
        </p>
      );
  }
}

/** The MSA's own session, line by line as the frames come, kept scrolled to its newest line as a terminal is. */
function HopView({ step, lines, whole }: { step: Extract<JourneyStep, { kind: 'hop' }>; lines: TranscriptLine[]; whole: boolean }) {
  const list = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => {
    if (list.current && lines.length > 0) list.current.scrollTop = list.current.scrollHeight;
  }, [lines.length]);
  return (
    <>
      <p>
        <Van />
        <strong>On the van.</strong> The clerk drives the letter to the next office: {step.client.host} ({step.client.address}) opens its own SMTP session to{' '}
        {step.server.host} ({step.server.address}), port 25, as a client this time.
      </p>
      <ul
        aria-label={`Session from ${step.client.host} to ${step.server.host}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a long session scrolls, and a region that scrolls must take focus or the keyboard cannot scroll it (WCAG 2.1.1)
        tabIndex={0}
        className="max-h-72 overflow-auto rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs dark:border-slate-600 dark:bg-slate-950"
      >
        {lines.map((line) => (
          <li key={line.id} className={directionText({ direction: line.direction })} title={line.explain}>
            <span className="sr-only">{DIRECTION_NAME[line.direction]}: </span>
            <span aria-hidden="true">{DIRECTION_MARK[line.direction]} </span>
            {line.text}
            {line.explain && <span className="ml-2 font-sans text-slate-600 dark:text-slate-400">— {line.explain}</span>}
          </li>
        ))}
      </ul>
      {/* The verdicts came with the reply to the letter's end: shown once the session is, and only if a letter crossed. */}
      {whole && step.outcome.dataReply !== null && <Verdicts step={step} />}
    </>
  );
}

/** SPF, DKIM and DMARC as the MX found them, each with its reason. */
function Verdicts({ step }: { step: Extract<JourneyStep, { kind: 'hop' }> }) {
  const { spf, dkim, dmarc } = step.auth;
  const rows: [string, string, string][] = [
    ['SPF', spf.result, spf.explanation],
    ...(dkim.length === 0
      ? [['DKIM', 'none', 'The letter carries no DKIM signature.'] as [string, string, string]]
      : dkim.map((d): [string, string, string] => ['DKIM', d.result, d.explanation])),
    ['DMARC', dmarc.result, dmarc.explanation],
  ];
  return (
    <div className="mt-2">
      <p>
        <strong>Checked at {step.server.host}:</strong> the clerk there checks the seal and the sender before taking the letter, and notes what it found in an
        Authentication-Results: header.
      </p>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {rows.map(([name, result, why], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: fixed rows of one verdict
          <div key={i} className="contents">
            <dt className="font-semibold">
              {name} <span className={verdictTone(result)}>{result}</span>
            </dt>
            <dd>{why}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The post office's van, drawn (an emoji may have no font to show it). */
function Van() {
  return (
    <svg aria-hidden="true" viewBox="0 0 44 24" className="mr-1 inline-block h-5 w-9 align-text-bottom">
      <rect x="1" y="3" width="26" height="14" rx="2" className="fill-red-700 dark:fill-red-500" />
      <path d="M27 7h8l6 6v4H27z" className="fill-slate-600 dark:fill-slate-300" />
      <path d="M30 9h4l4 4h-8z" className="fill-sky-200" />
      <circle cx="9" cy="19" r="3.5" className="fill-slate-800 dark:fill-slate-100" />
      <circle cx="34" cy="19" r="3.5" className="fill-slate-800 dark:fill-slate-100" />
      <text x="14" y="13" textAnchor="middle" className="fill-white text-[7px] font-bold">
        MAIL
      </text>
    </svg>
  );
}

function Pre({ text }: { text: string }) {
  return <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800">{text.trimEnd()}</pre>;
}

/** The trace fields of a message (Return-Path, Received, Authentication-Results), as stored, top first. */
function traceOf(raw: Uint8Array): string {
  const head = new TextDecoder().decode(raw.subarray(0, Math.min(raw.length, 16384))).split(/\r?\n\r?\n/)[0] ?? '';
  const fields = head.split(/\r?\n(?![ \t])/);
  return fields.filter((f) => /^(Return-Path|Received|Authentication-Results|DKIM-Signature):/i.test(f)).join('\n');
}
