/**
 * The reference view: the live state diagram on top, then commands, replies and
 * enhanced codes. The entries are loaded on first visit (React.lazy), so the
 * playground's first load does not carry them.
 */
import { lazy, Suspense } from 'react';
import { StateDiagram } from '../../features/playground/components/state-diagram';

const ReferenceView = lazy(() => import('../../features/reference/components/reference-view').then((m) => ({ default: m.ReferenceView })));

export function ReferenceRoute({ entry }: { entry: string | null }) {
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6">
      <div>
        <h2 className="text-2xl font-bold">Reference</h2>
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          Every command, reply and enhanced status code the playground knows, with where each comes from. The diagram follows your session as it goes.
        </p>
      </div>
      <StateDiagram />
      <Suspense fallback={<p role="status">Loading the reference…</p>}>
        <ReferenceView entry={entry} />
      </Suspense>
    </div>
  );
}
