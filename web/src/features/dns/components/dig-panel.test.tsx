import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useDnsStore } from '../../../stores/dns-store';
import { DigPanel } from './dig-panel';

beforeEach(() => useDnsStore.setState({ lookups: [], history: [] }));
afterEach(cleanup);

describe('DigPanel', () => {
  it('looks up what is typed, as dig would print it, and empties the box', async () => {
    const user = userEvent.setup();
    render(<DigPanel />);
    const region = screen.getByRole('region', { name: 'DNS lookup' });
    const box = within(region).getByRole('textbox', { name: 'DNS query' });
    expect(within(region).getByRole('button', { name: 'Look up' })).toHaveProperty('disabled', true);
    await user.type(box, 'dig MX server.thm{Enter}');
    const log = within(region).getByRole('log', { name: 'dig output' });
    expect(log.textContent).toContain('$ dig MX server.thm');
    expect(log.textContent).toContain('10 example.thm.');
    expect(box).toHaveProperty('value', '');
    expect(useDnsStore.getState().lookups.map((l) => `${l.type} ${l.name}`)).toEqual(['MX server.thm']);
  });

  it('prints "dig" before a query typed without it, and a refusal in words', async () => {
    const user = userEvent.setup();
    render(<DigPanel />);
    await user.type(screen.getByRole('textbox', { name: 'DNS query' }), 'NS server.thm');
    await user.click(screen.getByRole('button', { name: 'Look up' }));
    const log = screen.getByRole('log', { name: 'dig output' });
    expect(log.textContent).toContain('$ dig NS server.thm');
    expect(log.textContent).toContain('A, AAAA, MX, TXT and CNAME records; not NS');
  });

  it('shows lookups made elsewhere (show me), and clears its history', async () => {
    render(<DigPanel />);
    act(() => useDnsStore.getState().queryEntered('MX nullmx.thm'));
    expect(screen.getByRole('log', { name: 'dig output' }).textContent).toContain('MX\t0 .');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.queryByRole('log', { name: 'dig output' })).toBeNull();
  });
});
