/** POP3's commands and replies (shared's POP3 catalogue): how to write each, what it means, how the sandbox says it. */
import type { Pop3CommandEntry, Pop3ReplyEntry } from '../reference-entries';
import { CommandDetails } from './command-details';
import { Detail } from './entry-card';
import { EntryList } from './entry-list';
import { RfcCite } from './rfc-cite';
import { WireLines } from './wire-lines';

function commandTitle(c: Pop3CommandEntry) {
  return (
    <>
      <code className="font-mono">{c.verb}</code>
      <span className="text-xs font-normal text-slate-600 dark:text-slate-400">POP3</span>
    </>
  );
}

export function Pop3CommandList({ commands, current }: { commands: readonly Pop3CommandEntry[]; current: string | null }) {
  return (
    <EntryList entries={commands} current={current} empty="No POP3 command matches." title={commandTitle}>
      {(c) => <CommandDetails command={c} />}
    </EntryList>
  );
}

function replyTitle(r: Pop3ReplyEntry) {
  return (
    <>
      <span className="font-mono">{r.status}</span>
      <span className="font-mono text-xs font-normal text-slate-600 dark:text-slate-400">{r.key}</span>
    </>
  );
}

export function Pop3ReplyList({ replies, current }: { replies: readonly Pop3ReplyEntry[]; current: string | null }) {
  return (
    <EntryList entries={replies} current={current} empty="No POP3 reply matches." title={replyTitle}>
      {(r) => (
        <>
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
        </>
      )}
    </EntryList>
  );
}
