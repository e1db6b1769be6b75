/** A verdict's colour, with its word always beside it: green for pass, red for fail, amber for the rest. */
export function verdictTone(result: string): string {
  if (result === 'pass') return 'text-green-800 dark:text-green-300';
  if (result === 'fail' || result === 'permerror') return 'text-red-800 dark:text-red-300';
  return 'text-amber-800 dark:text-amber-300';
}
