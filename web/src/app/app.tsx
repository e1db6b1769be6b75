/**
 * The page: a header with the views and the theme, then the current view. Views are
 * chosen by the URL hash (route-store.ts says which), so links, reloads and the back
 * button keep the place.
 */
import { lazy, Suspense } from 'react';
import { Button } from '../components/ui/button';
import { type Route, routeHash, useRouteStore, type View } from '../stores/route-store';
import { useSettingsStore } from '../stores/settings-store';
import { LessonsRoute } from './routes/lessons';
import { PlaygroundRoute } from './routes/playground';
import { ReferenceRoute } from './routes/reference';

// Loaded on first visit: the parity corpus and the comparison stay out of the playground's first load.
const CompareView = lazy(() => import('../features/compare/components/compare-view').then((m) => ({ default: m.CompareView })));
// So is the mailbox, with the stores behind it and postal-mime, which reads its messages.
const MailboxView = lazy(() => import('../features/mailbox/components/mailbox-view').then((m) => ({ default: m.MailboxView })));

const VIEWS: readonly { view: View; hash: string; label: string }[] = [
  { view: 'playground', hash: routeHash({ view: 'playground' }), label: 'Playground' },
  { view: 'lessons', hash: routeHash({ view: 'lessons', lessonId: null, step: null }), label: 'Lessons' },
  { view: 'reference', hash: routeHash({ view: 'reference', entry: null }), label: 'Reference' },
  { view: 'mailbox', hash: routeHash({ view: 'mailbox' }), label: 'Mailbox' },
  { view: 'compare', hash: routeHash({ view: 'compare' }), label: 'Compare' },
];

const selectRoute = (s: { route: Route }) => s.route;

export function App() {
  const route = useRouteStore(selectRoute);
  const view = route.view;
  const theme = useSettingsStore((s) => s.theme);
  const themeToggled = useSettingsStore((s) => s.themeToggled);

  return (
    <div className="min-h-screen bg-white text-slate-900 dark:bg-slate-900 dark:text-slate-100">
      <header className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 px-3 py-3 sm:px-6 dark:border-slate-700">
        <h1 className="text-xl font-bold">SMTP Playground</h1>
        <nav aria-label="Views">
          <ul className="flex flex-wrap gap-1">
            {VIEWS.map((v) => (
              <li key={v.hash}>
                <a
                  href={v.hash}
                  aria-current={view === v.view ? 'page' : undefined}
                  className={`rounded-md px-2 py-1.5 text-sm sm:px-3 ${view === v.view ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
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
      <main className="p-3 sm:p-6">
        {route.view === 'mailbox' ? (
          <Suspense fallback={<p role="status">Loading the mailbox…</p>}>
            <MailboxView />
          </Suspense>
        ) : route.view === 'lessons' ? (
          <LessonsRoute lessonId={route.lessonId} step={route.step} />
        ) : route.view === 'reference' ? (
          <ReferenceRoute entry={route.entry} />
        ) : route.view === 'compare' ? (
          <Suspense fallback={<p role="status">Loading Compare…</p>}>
            <CompareView />
          </Suspense>
        ) : (
          <PlaygroundRoute />
        )}
      </main>
    </div>
  );
}
