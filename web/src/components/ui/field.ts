/** Form fields (select, input) in the settings bar, alike in both themes. */
export const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800';
