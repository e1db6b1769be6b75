/** RFC 3463's enhanced status codes: the classes, then each subject with its details. */
import { ENHANCED_CLASSES, ENHANCED_SUBJECTS } from '@smtp-playground/shared';
import { referenceHash } from '../../../stores/route-store';
import type { EnhancedEntry } from '../reference-entries';
import { EntryCard } from './entry-card';
import { RfcCite } from './rfc-cite';

const link = 'text-blue-700 underline hover:no-underline dark:text-blue-300';

export function EnhancedCodeList({ codes, current, showClasses }: { codes: readonly EnhancedEntry[]; current: string | null; showClasses: boolean }) {
  return (
    <div className="flex flex-col gap-4">
      {showClasses && (
        <section aria-labelledby="ref-enhanced-classes">
          <h4 id="ref-enhanced-classes" className="mb-2 font-semibold">
            Classes: the first number
          </h4>
          <dl className="text-sm">
            {Object.entries(ENHANCED_CLASSES).map(([cls, meaning]) => (
              <div key={cls} className="grid grid-cols-[4rem_1fr] gap-2 py-0.5">
                <dt className="font-mono">{cls}.X.X</dt>
                <dd>{meaning}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {codes.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">No enhanced code matches.</p>}
      {Object.entries(ENHANCED_SUBJECTS).map(([subject, meaning]) => {
        const inSubject = codes.filter((c) => c.id.split('.')[1] === subject);
        if (inSubject.length === 0) return null;
        return (
          <section key={subject} aria-labelledby={`ref-subject-${subject}`}>
            <h4 id={`ref-subject-${subject}`} className="mb-2 font-semibold">
              <span className="font-mono">X.{subject}.X</span> — {meaning}
            </h4>
            <ul className="grid gap-2 md:grid-cols-2 xl:grid-cols-3">
              {inSubject.map((c) => (
                <li key={c.id}>
                  <EntryCard id={c.id} level={5} current={current === c.id} title={<span className="font-mono">{c.id}</span>}>
                    <p>{c.explain}</p>
                    {c.usedBy.length > 0 && (
                      <>
                        <p className="mt-1">Sent with:</p>
                        <dl>
                          {c.usedBy.map((u) => (
                            <div key={u.code} className="flex gap-2">
                              <dt className="font-mono">{u.code}</dt>
                              <dd>
                                <ul className="flex flex-wrap gap-x-2">
                                  {u.replies.map((key) => (
                                    <li key={key}>
                                      <a href={referenceHash(key)} className={`whitespace-nowrap font-mono text-xs ${link}`}>
                                        {key}
                                      </a>
                                    </li>
                                  ))}
                                </ul>
                              </dd>
                            </div>
                          ))}
                        </dl>
                      </>
                    )}
                    <p className="mt-1 text-slate-600 dark:text-slate-400">
                      <RfcCite rfc={c.rfc} />
                    </p>
                  </EntryCard>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
