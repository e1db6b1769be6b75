/**
 * A `dig` in the page: a query box and what the playground's simulated DNS answered,
 * printed as dig prints it. The lookups go to the DNS store, where lessons read them.
 * The box's text is the panel's own; everything else is the store's.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { field } from '../../../components/ui/field';
import { type DigEntry, useDnsStore } from '../../../stores/dns-store';

const selectHistory = (s: { history: readonly DigEntry[] }) => s.history;

/** A query as a terminal would show it: "dig" in front, whether or not it was typed. */
const commandLine = (query: string) => `$ ${/^dig(\s|$)/i.test(query) ? query : `dig ${query}`}`;

export function DigPanel() {
  const history = useDnsStore(selectHistory);
  const [query, setQuery] = useState('');
  const id = useId();
  const log = useRef<HTMLDivElement>(null);
  // The newest answer is at the bottom: keep it in view, as a terminal does.
  useEffect(() => {
    if (history.length > 0 && log.current) log.current.scrollTop = log.current.scrollHeight;
  }, [history]);
  const submitted = (e: FormEvent) => {
    e.preventDefault();
    useDnsStore.getState().queryEntered(query);
    setQuery('');
  };
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-2 rounded-xl border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex items-center justify-between gap-2">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          DNS lookup
        </h2>
        <Button size="sm" onClick={() => useDnsStore.getState().historyCleared()} disabled={history.length === 0}>
          Clear
        </Button>
      </div>
      <p id={`${id}-about`} className="text-sm text-slate-700 dark:text-slate-300">
        Ask the playground’s DNS as you would with <code className="font-mono">dig</code> in a terminal: a record type (A, AAAA, MX, TXT, CNAME) and a name. It
        knows server.thm, example.thm, client.thm and nullmx.thm.
      </p>
      <form onSubmit={submitted} className="flex gap-2">
        <label htmlFor={`${id}-query`} className="sr-only">
          DNS query
        </label>
        <input
          id={`${id}-query`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-describedby={`${id}-about`}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          placeholder="dig MX server.thm"
          className={`${field} min-w-0 flex-1 font-mono`}
        />
        <Button type="submit" variant="primary" size="sm" disabled={query.trim() === ''}>
          Look up
        </Button>
      </form>
      {history.length > 0 && (
        <div
          ref={log}
          role="log"
          aria-label="dig output"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the answers scroll, and a region that scrolls must take focus or the keyboard cannot scroll it (WCAG 2.1.1)
          tabIndex={0}
          className="max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 dark:ring-1 dark:ring-slate-600"
        >
          {history.map((entry) => (
            <pre key={entry.id} className="mb-2 whitespace-pre-wrap font-mono text-xs text-slate-100 last:mb-0">
              <span className="text-emerald-300">{commandLine(entry.query)}</span>
              {'\n'}
              <span className={entry.refused ? 'text-amber-300' : undefined}>{entry.output}</span>
            </pre>
          ))}
        </div>
      )}
    </section>
  );
}
