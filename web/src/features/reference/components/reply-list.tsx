/** Every reply in the catalogue, grouped by its first digit: what it means and how each server says it. */
import { FIRST_DIGIT, SECOND_DIGIT } from '@smtp-playground/shared';
import { referenceHash } from '../../../stores/route-store';
import type { ReplyEntry } from '../reference-entries';
import { Detail, EntryCard } from './entry-card';
import { RfcCite } from './rfc-cite';
import { WireLines } from './wire-lines';

const CLASSES = ['2', '3', '4', '5'] as const;

const link = 'text-blue-700 underline hover:no-underline dark:text-blue-300';

export function ReplyList({ replies, current }: { replies: readonly ReplyEntry[]; current: string | null }) {
  if (replies.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No reply matches.</p>;
  return (
    <div className="flex flex-col gap-4">
      {CLASSES.map((cls) => {
        const inClass = replies.filter((r) => String(r.code)[0] === cls);
        if (inClass.length === 0) return null;
        return (
          <section key={cls} aria-labelledby={`ref-class-${cls}xx`}>
            <h4 id={`ref-class-${cls}xx`} className="mb-2 font-semibold">
              {cls}xx — {FIRST_DIGIT[cls]}
            </h4>
            <ul className="grid gap-3 lg:grid-cols-2">
              {inClass.map((r) => (
                <li key={r.id}>
                  <ReplyCard reply={r} current={current === r.id} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function ReplyCard({ reply: r, current }: { reply: ReplyEntry; current: boolean }) {
  const [first, second] = String(r.code);
  return (
    <EntryCard
      id={r.id}
      level={5}
      current={current}
      title={
        <>
          <span className="font-mono">{r.code}</span>
          <span>{r.text}</span>
          <span className="font-mono text-xs font-normal text-slate-600 dark:text-slate-400">{r.id}</span>
        </>
      }
    >
      <p>{r.explain}</p>
      <dl className="mt-2">
        <Detail term="Code">
          {first}xx: {FIRST_DIGIT[first as string]} x{second}x: {SECOND_DIGIT[second as string]}.
        </Detail>
        <Detail term="Enhanced code">
          {r.enhanced ? (
            <>
              <a href={referenceHash(r.enhanced)} className={`font-mono ${link}`}>
                {r.enhanced}
              </a>{' '}
              <span className="text-slate-600 dark:text-slate-400">(Postfix-like sends it on every reply; Exim-like, like real Exim, never)</span>
            </>
          ) : (
            'none'
          )}
        </Detail>
        {r.sayings.map((s) => (
          <Detail key={s.who} term={s.who}>
            <WireLines lines={s.lines} />
            {s.heard && (
              <p className="text-xs text-slate-600 dark:text-slate-400">
                {s.heard.yes
                  ? `Real ${s.heard.server} says this in the parity corpus.`
                  : `Not heard from real ${s.heard.server} in the parity corpus: our wording, or a case the corpus does not reach.`}
              </p>
            )}
          </Detail>
        ))}
        <Detail term="RFC">
          <RfcCite rfc={r.rfc} />
        </Detail>
      </dl>
    </EntryCard>
  );
}
