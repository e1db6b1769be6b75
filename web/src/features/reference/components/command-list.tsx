/** Every command: how to write it, a real example, what it does and where it is in order. */
import { REPLIES } from '@smtp-playground/shared';
import { referenceHash } from '../../../stores/route-store';
import type { CommandEntry } from '../reference-entries';
import { Detail, EntryCard } from './entry-card';
import { RfcCite } from './rfc-cite';

const link = 'text-blue-700 underline hover:no-underline dark:text-blue-300';

export function CommandList({ commands, current }: { commands: readonly CommandEntry[]; current: string | null }) {
  if (commands.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No command matches.</p>;
  return (
    <ul className="grid gap-3 lg:grid-cols-2">
      {commands.map((c) => (
        <li key={c.id}>
          <EntryCard id={c.id} level={4} title={<code className="font-mono">{c.id}</code>} current={current === c.id}>
            <p>{c.explain}</p>
            <dl className="mt-2">
              <Detail term="Syntax">
                <code className="font-mono">{c.syntax}</code>
              </Detail>
              <Detail term="Example">
                <code className="font-mono text-red-700 dark:text-red-400">{c.example}</code>
              </Detail>
              <Detail term="Valid in">
                <ul aria-label="Valid in" className="flex flex-wrap gap-1">
                  {c.valid.map((s) => (
                    <li key={s} className="rounded-full border border-emerald-500 px-2 font-mono text-xs text-emerald-800 dark:text-emerald-300">
                      {s}
                    </li>
                  ))}
                </ul>
              </Detail>
              {c.outOfOrder.length > 0 && (
                <Detail term="Out of order in">
                  <ul aria-label="Out of order in">
                    {c.outOfOrder.map((o) => (
                      <li key={o.state}>
                        <span className="font-mono">{o.state}</span>:{' '}
                        <a href={referenceHash(o.reply)} className={`whitespace-nowrap ${link}`}>
                          {REPLIES[o.reply].code} <span className="font-mono">{o.reply}</span>
                        </a>
                      </li>
                    ))}
                  </ul>
                </Detail>
              )}
              {c.sandbox && <Detail term="In the sandbox">{c.sandbox}</Detail>}
              <Detail term="RFC">
                <RfcCite rfc={c.rfc} />
              </Detail>
            </dl>
          </EntryCard>
        </li>
      ))}
    </ul>
  );
}
