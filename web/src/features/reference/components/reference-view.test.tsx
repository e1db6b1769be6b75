import { COMMAND_STATES, SEQUENCE, VERBS } from '@smtp-playground/shared';
import { cleanup, configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceRoute } from '../../../app/routes/reference';

// The route loads the view lazily; load it once here, so a busy machine's first
// transform does not count against findByRole's wait in the first test.
beforeAll(() => import('./reference-view'));
// Rendering every entry can take over findBy's default second on a loaded CI machine;
// waiting longer changes nothing about what is asserted.
configure({ asyncUtilTimeout: 10_000 });
afterEach(cleanup);

const names = (region: HTMLElement) =>
  within(region)
    .queryAllByRole('article')
    .map((a) => a.getAttribute('id'));
const region = (name: RegExp) => screen.getByRole('region', { name });

describe('ReferenceRoute', () => {
  it('shows the state diagram and every command, reply and enhanced code', async () => {
    render(<ReferenceRoute entry={null} />);
    await screen.findByRole('searchbox', { name: 'Search the reference' });
    expect(screen.getByRole('figure', { name: 'SMTP states' })).toBeTruthy();
    expect(names(region(/^Commands/))).toHaveLength(VERBS.length);
    expect(names(region(/^Replies/))).toContain('ref-R503_NEED_MAIL');
    expect(names(region(/^Enhanced status codes/))).toContain('ref-X.1.1');
    expect(screen.getByRole('heading', { name: /^Classes/ })).toBeTruthy();
  });

  it('filters all three lists as the learner types', async () => {
    const user = userEvent.setup();
    render(<ReferenceRoute entry={null} />);
    const search = await screen.findByRole('searchbox', { name: 'Search the reference' });

    await user.type(search, '5.1.1');
    expect(names(region(/^Replies/))).toEqual(['ref-R550_UNKNOWN_USER']);
    expect(names(region(/^Enhanced status codes/))).toEqual(['ref-X.1.1']);
    expect(within(region(/^Commands/)).getByText('No command matches.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toMatch(/^2 of \d+ entries match\.$/);

    await user.clear(search);
    await user.type(search, '503');
    const replies = names(region(/^Replies/));
    expect(replies).toContain('ref-R503_NEED_MAIL');
    expect(replies).not.toContain('ref-R550_UNKNOWN_USER');
    // The commands that can be answered 503 come too: RCPT before MAIL, for one.
    expect(names(region(/^Commands/))).toContain('ref-RCPT');

    await user.clear(search);
    await user.type(search, 'Relay access');
    expect([...names(region(/^Commands/)), ...names(region(/^Replies/))]).toEqual(['ref-R554_RELAY_DENIED']);
  });

  it('lists for each command the states where SEQUENCE allows it', async () => {
    render(<ReferenceRoute entry={null} />);
    await screen.findByRole('searchbox', { name: 'Search the reference' });
    for (const verb of VERBS) {
      const article = screen.getByRole('article', { name: verb });
      const valid = within(within(article).getByRole('list', { name: 'Valid in' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent);
      const refused = Object.keys(SEQUENCE[verb]);
      // DATA in `mail` is the handler's exception to the table: no recipient accepted yet.
      expect(valid, verb).toEqual(COMMAND_STATES.filter((s) => !refused.includes(s) && !(verb === 'DATA' && s === 'mail')));
    }
    const rcpt = within(screen.getByRole('article', { name: 'RCPT' })).getByRole('list', { name: 'Out of order in' });
    expect(
      within(rcpt)
        .getAllByRole('link')
        .map((a) => a.getAttribute('href')),
    ).toEqual(['#/reference/R503_NEED_MAIL', '#/reference/R503_NEED_MAIL', '#/reference/R503_RCPT_AFTER_BDAT']);
  });

  it('lights and focuses the entry the URL names, by key, verb or enhanced code', async () => {
    const { rerender } = render(<ReferenceRoute entry="R503_NEED_MAIL" />);
    const r503 = await screen.findByRole('article', { name: /R503_NEED_MAIL/ });
    expect(r503.id).toBe('ref-R503_NEED_MAIL');
    expect(r503.getAttribute('aria-current')).toBe('true');
    expect(document.activeElement).toBe(r503);
    expect(screen.getAllByRole('article', { current: true })).toHaveLength(1);

    rerender(<ReferenceRoute entry="mail" />);
    expect(document.activeElement).toBe(screen.getByRole('article', { name: 'MAIL' }));
    expect(r503.getAttribute('aria-current')).toBeNull();

    rerender(<ReferenceRoute entry="5.1.1" />);
    expect(document.activeElement).toBe(screen.getByRole('article', { name: 'X.1.1' }));
  });

  it('clears a search that hides the entry the URL names, and searches for a name that is no entry', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<ReferenceRoute entry={null} />);
    const search = await screen.findByRole('searchbox', { name: 'Search the reference' });
    await user.type(search, 'relay');
    rerender(<ReferenceRoute entry="QUIT" />);
    expect(search).toHaveProperty('value', '');
    expect(document.activeElement).toBe(screen.getByRole('article', { name: 'QUIT' }));

    rerender(<ReferenceRoute entry="451" />);
    expect(search).toHaveProperty('value', '451');
    expect(screen.getByRole('status').textContent).toMatch(/No entry is named “451”/);
    expect(names(region(/^Replies/))).toEqual(['ref-R451_GREYLISTED']);
  });
});
