/** A list of reference entries, each in its card (two columns on a wide screen), or a line saying none matches the search. */
import type { ReactNode } from 'react';
import { EntryCard } from './entry-card';

interface EntryListProps<E extends { id: string }> {
  entries: readonly E[];
  /** The id of the entry the URL names: its card is lit. */
  current: string | null;
  /** What is shown when the search leaves no entry: "No command matches." */
  empty: string;
  /** An entry's heading, which names its card. */
  title: (entry: E) => ReactNode;
  /** What the card says under its heading. */
  children: (entry: E) => ReactNode;
}

export function EntryList<E extends { id: string }>({ entries, current, empty, title, children }: EntryListProps<E>) {
  if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">{empty}</p>;
  return (
    <ul className="grid gap-3 lg:grid-cols-2">
      {entries.map((e) => (
        <li key={e.id}>
          <EntryCard id={e.id} level={4} title={title(e)} current={current === e.id}>
            {children(e)}
          </EntryCard>
        </li>
      ))}
    </ul>
  );
}
