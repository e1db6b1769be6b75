import { cva } from 'class-variance-authority';

/**
 * TLS colours, defined once: green for TLS with a verified certificate (or one the
 * page could not check), amber for an unverified one, grey for the tab's simulation.
 * Colour is never the only cue: the text always says which.
 */
export const lockTone = cva('', {
  variants: {
    tone: {
      secure: 'border-emerald-500 bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
      insecure: 'border-amber-500 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
      simulated: 'border-slate-400 bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100',
    },
  },
});

/** A padlock, closed; open (and dashed) for a simulated upgrade. Decorative: the text beside it says it. */
export function LockIcon({ open = false }: { open?: boolean }) {
  return (
    <svg viewBox="0 0 16 16" className="h-3.5 w-3.5 shrink-0" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.6">
      <path d={open ? 'M5 7V5a3 3 0 0 1 5.8-1' : 'M5 7V5a3 3 0 0 1 6 0v2'} />
      <rect x="3" y="7" width="10" height="7" rx="1.5" strokeDasharray={open ? '2 1.5' : undefined} />
    </svg>
  );
}
