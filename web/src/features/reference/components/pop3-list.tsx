/** POP3's commands and replies (shared's POP3 catalogue): how to write each, what it means, how the sandbox says it. */
import type { Pop3CommandEntry, Pop3ReplyEntry } from '../reference-entries';
import { Detail, EntryCard } from './entry-card';
import { RfcCite } from './rfc-cite';
import { WireLines } from './wire-lines';

export function Pop3CommandList({ commands, current }: { commands: readonly Pop3CommandEntry[]; current: string | null }) {
  if (commands.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No POP3 command matches.</p>;
  return (
    <ul className="grid gap-3 lg:grid-cols-2">
      {commands.map((c) => (
        <li key={c.id}>
          <EntryCard
            id={c.id}
            level={4}
            current={current === c.id}
            title={
              <>
                <code className="font-mono">{c.verb}</code>
                <span className="text-xs font-normal text-slate-600 dark:text-slate-400">POP3</span>
              </>
            }
          >
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

export function Pop3ReplyList({ replies, current }: { replies: readonly Pop3ReplyEntry[]; current: string | null }) {
  if (replies.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No POP3 reply matches.</p>;
  return (
    <ul className="grid gap-3 lg:grid-cols-2">
      {replies.map((r) => (
        <li key={r.id}>
          <EntryCard
            id={r.id}
            level={4}
            current={current === r.id}
            title={
              <>
                <span className="font-mono">{r.status}</span>
                <span className="font-mono text-xs font-normal text-slate-600 dark:text-slate-400">{r.key}</span>
              </>
            }
          >
            <p>{r.explain}</p>
            <dl className="mt-2">
              {r.sayings.map((s) => (
                <Detail key={s.who} term={s.who}>
                  <WireLines lines={s.lines} />
                </Detail>
              ))}
              <Detail term="Lines follow">{r.multiLine ? 'Yes: the response goes on up to a line with only a dot.' : 'No: one line.'}</Detail>
              <Detail term="RFC">
                <RfcCite rfc={r.rfc} />
              </Detail>
            </dl>
          </EntryCard>
        </li>
      ))}
    </ul>
  );
}
