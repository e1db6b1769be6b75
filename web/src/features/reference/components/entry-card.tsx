/**
 * One reference entry: an article with a stable id (the target of `#/reference/ENTRY`),
 * named by its heading. The entry a link points at is marked aria-current and lit, and
 * the view moves focus to it, so a screen reader starts reading there.
 */
import type { ReactNode } from 'react';
import { anchorId } from '../reference-entries';

interface EntryCardProps {
  id: string;
  /** The heading level inside its section. */
  level: 4 | 5;
  title: ReactNode;
  current: boolean;
  children: ReactNode;
}

export function EntryCard({ id, level, title, current, children }: EntryCardProps) {
  const Heading = level === 4 ? 'h4' : 'h5';
  return (
    <article
      id={anchorId(id)}
      aria-labelledby={`${anchorId(id)}-title`}
      aria-current={current ? 'true' : undefined}
      tabIndex={-1}
      className={`scroll-mt-4 rounded-lg border p-4 text-sm focus:outline-none ${current ? 'border-amber-500 bg-amber-50 ring-2 ring-amber-500 dark:bg-amber-950/40' : 'border-slate-200 dark:border-slate-700'}`}
    >
      <Heading id={`${anchorId(id)}-title`} className="mb-2 flex flex-wrap items-baseline gap-x-2 text-base font-semibold">
        {title}
      </Heading>
      {children}
    </article>
  );
}

/** A term and its definition in an entry's details. */
export function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-2 py-0.5">
      <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}
