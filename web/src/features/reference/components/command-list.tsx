/** Every command: how to write it, a real example, what it does and where it is in order. */
import { REPLIES } from '@smtp-playground/shared';
import { referenceHash } from '../../../stores/route-store';
import type { CommandEntry } from '../reference-entries';
import { CommandDetails } from './command-details';
import { Detail } from './entry-card';
import { EntryList } from './entry-list';

const link = 'text-blue-700 underline hover:no-underline dark:text-blue-300';

export function CommandList({ commands, current }: { commands: readonly CommandEntry[]; current: string | null }) {
  return (
    <EntryList entries={commands} current={current} empty="No command matches." title={(c) => <code className="font-mono">{c.id}</code>}>
      {(c) => (
        <CommandDetails command={c}>
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
        </CommandDetails>
      )}
    </EntryList>
  );
}
