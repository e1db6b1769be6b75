import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lessonHash, parseRoute, type Route, routeHash, routeReplaced, useRouteStore } from './route-store';

/** Any route a link can name: ids and entries of any text but empty, steps from 0. */
const route: fc.Arbitrary<Route> = fc.oneof(
  fc.constant<Route>({ view: 'playground' }),
  fc.constant<Route>({ view: 'lessons', lessonId: null, step: null }),
  fc.record({
    view: fc.constant('lessons' as const),
    lessonId: fc.string({ minLength: 1 }),
    step: fc.option(fc.nat(1_000_000), { nil: null }),
  }),
  fc.record({ view: fc.constant('reference' as const), entry: fc.option(fc.string({ minLength: 1 }), { nil: null }) }),
  fc.constant<Route>({ view: 'mailbox' }),
  fc.constant<Route>({ view: 'compare' }),
);

describe('parseRoute and routeHash', () => {
  it('give back the route a hash was made from, for any route', () => {
    fc.assert(
      fc.property(route, (r) => {
        expect(parseRoute(routeHash(r))).toEqual(r);
      }),
    );
  });

  it('write the hashes the page links to', () => {
    expect(routeHash({ view: 'playground' })).toBe('#/');
    expect(routeHash({ view: 'lessons', lessonId: null, step: null })).toBe('#/lessons');
    expect(lessonHash('the-whole-session')).toBe('#/lessons/the-whole-session');
    expect(lessonHash('the-whole-session', 0)).toBe('#/lessons/the-whole-session/1');
    expect(routeHash({ view: 'reference', entry: 'R503_NEED_MAIL' })).toBe('#/reference/R503_NEED_MAIL');
    expect(routeHash({ view: 'reference', entry: '5.7.1' })).toBe('#/reference/5.7.1');
    expect(routeHash({ view: 'mailbox' })).toBe('#/mailbox');
    expect(routeHash({ view: 'compare' })).toBe('#/compare');
    expect(lessonHash('a/b c')).toBe('#/lessons/a%2Fb%20c');
  });

  it('read a lesson’s step counting from 1, and a trailing slash or an encoded id as the same place', () => {
    expect(parseRoute('#/lessons/the-envelope/2')).toEqual({ view: 'lessons', lessonId: 'the-envelope', step: 1 });
    expect(parseRoute('#/lessons/the-envelope/')).toEqual({ view: 'lessons', lessonId: 'the-envelope', step: null });
    expect(parseRoute('#/lessons/the%2Denvelope/02')).toEqual({ view: 'lessons', lessonId: 'the-envelope', step: 1 });
    expect(parseRoute('#lessons')).toEqual({ view: 'lessons', lessonId: null, step: null });
  });

  it('take a bad hash for the nearest place that makes sense, never throwing', () => {
    expect(parseRoute('')).toEqual({ view: 'playground' });
    expect(parseRoute('#')).toEqual({ view: 'playground' });
    expect(parseRoute('#/nowhere/at/all')).toEqual({ view: 'playground' });
    expect(parseRoute('#/playground')).toEqual({ view: 'playground' });
    expect(parseRoute('#/%E0%A4%A')).toEqual({ view: 'playground' }); // not UTF-8: no view at all
    // A step that is no whole number from 1 names no step: the learner's current one shows.
    for (const step of ['0', 'abc', '1.5', '-1', '0x2', '1e3', '99999999999999999999', '%E0%A4%A']) {
      expect(parseRoute(`#/lessons/the-envelope/${step}`), step).toEqual({ view: 'lessons', lessonId: 'the-envelope', step: null });
    }
    expect(parseRoute('#/lessons/the-envelope/2/more')).toEqual({ view: 'lessons', lessonId: 'the-envelope', step: 1 });
    expect(parseRoute('#/reference//R250_OK')).toEqual({ view: 'reference', entry: 'R250_OK' });
    fc.assert(fc.property(fc.string(), (hash) => typeof parseRoute(`#/${hash}`).view === 'string'));
  });
});

describe('route store', () => {
  it('follows the hash as it changes', async () => {
    window.location.hash = '#/lessons/the-envelope/2';
    await new Promise((r) => window.addEventListener('hashchange', r, { once: true }));
    expect(useRouteStore.getState().route).toEqual({ view: 'lessons', lessonId: 'the-envelope', step: 1 });
  });

  it('moves the page on in place, with no new history entry', () => {
    window.location.hash = '#/lessons/the-envelope/1';
    useRouteStore.getState().hashChanged(window.location.hash);
    const entries = window.history.length;
    routeReplaced({ view: 'lessons', lessonId: 'the-envelope', step: 1 });
    expect(window.location.hash).toBe('#/lessons/the-envelope/2');
    expect(useRouteStore.getState().route).toEqual({ view: 'lessons', lessonId: 'the-envelope', step: 1 });
    expect(window.history.length).toBe(entries);
  });
});
