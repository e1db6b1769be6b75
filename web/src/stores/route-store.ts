/**
 * Where the page is: the URL hash, read in this one place for the views and the
 * stores. Links are plain `<a href={routeHash(…)}>`, so reloads and Back keep the
 * place; code that moves the page on by itself calls routeReplaced.
 *
 *   #/                       the playground
 *   #/lessons                the lessons and challenges, with progress
 *   #/lessons/ID[/STEP]      a lesson (STEP counts from 1) beside the playground
 *   #/reference[/ENTRY]      commands, replies and enhanced codes
 *   #/mailbox                what was delivered
 *   #/compare                a relay target beside the sandbox, dialogue by dialogue
 *
 * Rules (parseRoute):
 * - Each part is URI-decoded; a part that doesn't decode, or is empty, is skipped.
 * - An unknown view is the playground.
 * - A lesson id is not checked here: the lessons load lazily, so the lessons view and
 *   store look it up (an unknown one shows the list, saying so).
 * - STEP is a whole number from 1. Anything else ("0", "abc", "1.5") names no step,
 *   which shows the learner's current one.
 * - Parts after the ones a view takes are ignored.
 */
import { create } from 'zustand';

export type Route =
  | { view: 'playground' }
  /** `lessonId` null: the list. `step` counts from 0 here; null when the hash names none. */
  | { view: 'lessons'; lessonId: string | null; step: number | null }
  | { view: 'reference'; entry: string | null }
  | { view: 'mailbox' }
  | { view: 'compare' };

export type View = Route['view'];

/** The route a hash names, such as "#/lessons/the-envelope/2". Never throws. */
export function parseRoute(hash: string): Route {
  const [view = '', ...rest] = hash.replace(/^#\/?/, '').split('/').map(safeDecode);
  const params = rest.filter(Boolean);
  switch (view) {
    case 'lessons': {
      const lessonId = params[0] ?? null;
      return { view, lessonId, step: lessonId === null ? null : stepFromUrl(params[1]) };
    }
    case 'reference':
      return { view, entry: params[0] ?? null };
    case 'mailbox':
    case 'compare':
      return { view };
    default:
      return { view: 'playground' };
  }
}

/** The hash of a route; `parseRoute(routeHash(r))` gives `r` back. */
export function routeHash(route: Route): string {
  switch (route.view) {
    case 'playground':
      return '#/';
    case 'lessons':
      if (route.lessonId === null) return '#/lessons';
      return `#/lessons/${encodeURIComponent(route.lessonId)}${route.step === null ? '' : `/${route.step + 1}`}`;
    case 'reference':
      return route.entry === null ? '#/reference' : `#/reference/${encodeURIComponent(route.entry)}`;
    case 'mailbox':
      return '#/mailbox';
    case 'compare':
      return '#/compare';
  }
}

/** The hash of a lesson, or of one of its steps (counted from 0 here). */
export function lessonHash(lessonId: string, step?: number): string {
  return routeHash({ view: 'lessons', lessonId, step: step ?? null });
}

/** The hash of a reference entry: a catalogue key, a verb or an enhanced code. */
export function referenceHash(entry: string): string {
  return routeHash({ view: 'reference', entry });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}

function stepFromUrl(part: string | undefined): number | null {
  const n = part !== undefined && /^\d+$/.test(part) ? Number(part) : 0;
  return Number.isSafeInteger(n) && n >= 1 ? n - 1 : null;
}

interface RouteState {
  /** The hash last read. */
  hash: string;
  route: Route;
  /** The hash changed: a link, Back, a deep link, or routeReplaced. */
  hashChanged(hash: string): void;
}

const currentHash = () => (typeof window === 'undefined' ? '' : window.location.hash);

export const useRouteStore = create<RouteState>()((set, get) => ({
  hash: currentHash(),
  route: parseRoute(currentHash()),
  hashChanged: (hash) => {
    if (hash !== get().hash) set({ hash, route: parseRoute(hash) });
  },
}));

/**
 * Moves the page to a route in place: no new history entry, so Back still leads out
 * of a lesson rather than through every step it moved on by itself.
 */
export function routeReplaced(route: Route): void {
  if (typeof window !== 'undefined') window.location.replace(routeHash(route));
  useRouteStore.getState().hashChanged(currentHash() || routeHash(route));
}

if (typeof window !== 'undefined') window.addEventListener('hashchange', () => useRouteStore.getState().hashChanged(window.location.hash));
