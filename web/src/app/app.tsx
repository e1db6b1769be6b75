/**
 * The page: a header with the views and the theme, then the current view. Views are
 * chosen by the URL hash (#/mailbox), so links and reloads keep the place.
 */
import { useSyncExternalStore } from 'react';
import { Button } from '../components/ui/button';
import { MailboxView } from '../features/mailbox/components/mailbox-view';
import { useSettingsStore } from '../stores/settings-store';
import { PlaygroundRoute } from './routes/playground';

const VIEWS = [
  { hash: '#/', label: 'Playground' },
  { hash: '#/mailbox', label: 'Mailbox' },
] as const;

function subscribeHash(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}
const currentHash = () => (window.location.hash === '#/mailbox' ? '#/mailbox' : '#/');

export function App() {
  const hash = useSyncExternalStore(subscribeHash, currentHash);
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
                  aria-current={hash === v.hash ? 'page' : undefined}
                  className={`rounded-md px-3 py-1.5 text-sm ${hash === v.hash ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
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
      <main className="p-6">{hash === '#/mailbox' ? <MailboxView /> : <PlaygroundRoute />}</main>
    </div>
  );
}
