/**
 * The reference: commands, replies and enhanced codes, searchable as the learner types.
 *
 * How it moves: `entry` comes from the URL (`#/reference/ENTRY`). When it names an
 * entry, the view scrolls to it, lights it and moves focus there; if the search hides
 * it, the search is cleared first. A name that is no entry becomes the search instead,
 * so `#/reference/451` still shows something useful.
 */
import { type ReactNode, useEffect, useId, useState } from 'react';
import { field } from '../../../components/ui/field';
import {
  anchorId,
  COMMANDS,
  ENHANCED_ENTRIES,
  ENTRY_COUNT,
  type Entry,
  matches,
  POP3_COMMANDS,
  POP3_REPLY_ENTRIES,
  REPLY_ENTRIES,
  resolveEntry,
} from '../reference-entries';
import { CommandList } from './command-list';
import { EnhancedCodeList } from './enhanced-code-list';
import { Pop3CommandList, Pop3ReplyList } from './pop3-list';
import { ReplyList } from './reply-list';

const BY_ID = new Map<string, Entry>([...COMMANDS, ...REPLY_ENTRIES, ...ENHANCED_ENTRIES, ...POP3_COMMANDS, ...POP3_REPLY_ENTRIES].map((e) => [e.id, e]));

/** What the catalogue's {placeholders} stand for (replies.ts). */
const PLACEHOLDERS: readonly [string, string][] = [
  ['host', 'the server’s name'],
  ['client', 'the name the client gave in HELO or EHLO'],
  ['address', 'the mailbox in question'],
  ['detail', 'what exactly was wrong'],
  ['id', 'the queue id'],
  ['size', 'a size in octets'],
  ['verb', 'the command'],
  ['param', 'a parameter'],
];

/** The search the view starts with, or switches to when the URL changes. */
function searchFor(entry: string | null, target: string | null, query: string): string {
  if (entry && !target) return entry;
  if (target && !matches(BY_ID.get(target) as Entry, query)) return '';
  return query;
}

export function ReferenceView({ entry }: { entry: string | null }) {
  const target = entry ? resolveEntry(entry) : null;
  const [query, setQuery] = useState(() => searchFor(entry, target, ''));
  // A new URL adjusts the search during render, before the scroll below looks for the entry.
  const [shownFor, setShownFor] = useState(entry);
  if (entry !== shownFor) {
    setShownFor(entry);
    setQuery(searchFor(entry, target, query));
  }
  const searchId = useId();

  useEffect(() => {
    if (!target) return;
    const el = document.getElementById(anchorId(target));
    el?.scrollIntoView?.({ block: 'start' });
    el?.focus({ preventScroll: true });
  }, [target]);

  const commands = COMMANDS.filter((e) => matches(e, query));
  const replies = REPLY_ENTRIES.filter((e) => matches(e, query));
  const codes = ENHANCED_ENTRIES.filter((e) => matches(e, query));
  const pop3Commands = POP3_COMMANDS.filter((e) => matches(e, query));
  const pop3Replies = POP3_REPLY_ENTRIES.filter((e) => matches(e, query));
  const found = commands.length + replies.length + codes.length + pop3Commands.length + pop3Replies.length;
  const searching = query.trim() !== '';

  return (
    <div className="flex flex-col gap-8">
      <search className="flex flex-col gap-1">
        <label htmlFor={searchId} className="text-sm font-semibold">
          Search the reference
        </label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="503, 5.1.1, RCPT, or words like “relay”"
          autoComplete="off"
          spellCheck={false}
          className={`${field} w-full max-w-xl py-1.5 text-base`}
        />
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {entry && !target ? `No entry is named “${entry}”, so here is a search for it. ` : ''}
          {searching ? `${found} of ${ENTRY_COUNT} entries match.` : `${ENTRY_COUNT} entries.`}
        </p>
      </search>

      <Section id="ref-commands" title="Commands" count={commands.length}>
        <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
          What a client can say. The states are the server’s (see the diagram above); a command outside its states gets a 503.
        </p>
        <CommandList commands={commands} current={target} />
      </Section>

      <Section id="ref-replies" title="Replies" count={replies.length}>
        <div className="mb-3 text-sm text-slate-700 dark:text-slate-300">
          <p>Every reply the sandbox can send: the neutral text, and what the Exim-like and Postfix-like servers say instead. Words in braces are filled in:</p>
          <dl className="mt-1 flex flex-wrap gap-x-4">
            {PLACEHOLDERS.map(([name, meaning]) => (
              <div key={name} className="flex gap-1">
                <dt>
                  <var className="font-mono not-italic">{`{${name}}`}</var>
                </dt>
                <dd>{meaning}</dd>
              </div>
            ))}
          </dl>
        </div>
        <ReplyList replies={replies} current={target} />
      </Section>

      <Section id="ref-enhanced" title="Enhanced status codes" count={codes.length}>
        <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
          RFC 3463 defines a finer second code, class.subject.detail; a server that offers ENHANCEDSTATUSCODES (RFC 2034) puts it after the reply code, as in{' '}
          <code className="font-mono">550 5.1.1</code>. The class repeats the reply’s first digit, so each detail is listed once, as RFC 3463 writes it:{' '}
          <code className="font-mono">X.1.1</code>.
        </p>
        <EnhancedCodeList codes={codes} current={target} showClasses={!searching} />
      </Section>

      <Section id="ref-pop3-commands" title="POP3 commands" count={pop3Commands.length}>
        <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
          What a mail program says to collect mail (RFC 1939): log in in the AUTHORIZATION state, then count, fetch and mark messages in the TRANSACTION state;
          QUIT there is the UPDATE state, when what was marked is removed.
        </p>
        <Pop3CommandList commands={pop3Commands} current={target} />
      </Section>

      <Section id="ref-pop3-replies" title="POP3 replies" count={pop3Replies.length}>
        <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
          POP3 has no reply codes: +OK or -ERR, then words (and “+ ” while a SASL login goes on). The POP3 sandbox says Dovecot’s words. Words in braces are
          filled in.
        </p>
        <Pop3ReplyList replies={pop3Replies} current={target} />
      </Section>
    </div>
  );
}

function Section({ id, title, count, children }: { id: string; title: string; count: number; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h3 id={id} className="mb-2 text-lg font-semibold">
        {title} <span className="font-normal text-slate-600 dark:text-slate-400">({count})</span>
      </h3>
      {children}
    </section>
  );
}
