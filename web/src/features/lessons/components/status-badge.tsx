import { cva } from 'class-variance-authority';
import type { LessonStatus } from '../../../stores/lessons-progress';

/** A lesson's progress, in words and colour (never colour alone). Not started shows nothing. */
const badge = cva('rounded-full border px-2 py-0.5 text-xs font-medium', {
  variants: {
    status: {
      done: 'border-emerald-600 bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
      'in-progress': 'border-amber-500 bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
      'not-started': 'hidden',
    },
  },
});

const WORDS: Record<LessonStatus, string> = { done: 'Done', 'in-progress': 'In progress', 'not-started': '' };

export function StatusBadge({ status }: { status: LessonStatus }) {
  if (status === 'not-started') return null;
  return <span className={badge({ status })}>{WORDS[status]}</span>;
}
