/**
 * The page: a header with the views and the theme, then the current view. Views are
 * chosen by the URL hash, so links, reloads and the back button keep the place:
 *
 *   #/                       the playground
 *   #/lessons                the lessons and challenges, with progress
 *   #/lessons/ID[/STEP]      a lesson (STEP counts from 1) beside the playground
 *   #/reference[/ENTRY]      commands, replies and enhanced codes
 *   #/mailbox                what was delivered
 */
import { useSyncExternalStore } from 'react';
import { Button } from '../components/ui/button';
import { MailboxView } from '../features/mailbox/components/mailbox-view';
import { useSettingsStore } from '../stores/settings-store';
import { LessonsRoute } from './routes/lessons';
import { PlaygroundRoute } from './routes/playground';
import { ReferenceRoute } from './routes/reference';

type View = 'playground' | 'lessons' | 'reference' | 'mailbox';

const VIEWS: readonly { view: View; hash: string; label: string }[] = [
  { view: 'playground', hash: '#/', label: 'Playground' },
  { view: 'lessons', hash: '#/lessons', label: 'Lessons' },
  { view: 'reference', hash: '#/reference', label: 'Reference' },
  { view: 'mailbox', hash: '#/mailbox', label: 'Mailbox' },
];

/** The view and its parameters from a hash such as "#/lessons/the-envelope/2". */
export function parseHash(hash: string): { view: View; params: string[] } {
  const [first = '', ...params] = hash.replace(/^#\/?/, '').split('/').map(safeDecode);
  const found = VIEWS.find((v) => v.view === first && v.view !== 'playground');
  return found ? { view: found.view, params: params.filter(Boolean) } : { view: 'playground', params: [] };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

function subscribeHash(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}
const currentHash = () => window.location.hash;

export function App() {
  const { view, params } = parseHash(useSyncExternalStore(subscribeHash, currentHash));
  const theme = useSettingsStore((s) => s.theme);
  const themeToggled = useSettingsStore((s) => s.themeToggled);

  return (
    <div className="min-h-screen bg-white text-slate-900 dark:bg-slate-900 dark:text-slate-100">
      <header className="flex flex-wrap items-center gap-4 border-b border-slate-200 px-6 py-3 dark:border-slate-700">
        <h1 className="text-xl font-bold">SMTP Playground</h1>
        <nav aria-label="Views">
          <ul className="flex gap-1">
            {VIEWS.map((v) => (
              <li key={v.hash}>
                <a
                  href={v.hash}
                  aria-current={view === v.view ? 'page' : undefined}
                  className={`rounded-md px-3 py-1.5 text-sm ${view === v.view ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
                >
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Button size="sm" className="ml-auto" onClick={themeToggled} aria-pressed={theme === 'dark'}>
          Dark theme
        </Button>
      </header>
      <main className="p-6">
        {view === 'mailbox' ? (
          <MailboxView />
        ) : view === 'lessons' ? (
          <LessonsRoute params={params} />
        ) : view === 'reference' ? (
          <ReferenceRoute entry={params[0] ?? null} />
        ) : (
          <PlaygroundRoute />
        )}
      </main>
    </div>
  );
}
