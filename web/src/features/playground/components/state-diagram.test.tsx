import { type ConversationState, initialObserverState, initialPop3View } from '@smtp-playground/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { StateDiagram } from './state-diagram';

afterEach(() => {
  cleanup();
  useTranscriptStore.setState({ observed: initialObserverState() });
});

const lit: [ConversationState, string][] = [
  ['connecting', 'connect'],
  ['greeting', 'greeting'],
  ['ready', 'ready'],
  ['mail', 'mail'],
  ['rcpt', 'rcpt'],
  ['data', 'data'],
  ['closed', 'done'],
];

describe('StateDiagram', () => {
  it.each(lit)('marks %s as the current state (%s)', (conversation, node) => {
    render(<StateDiagram />);
    act(() => useTranscriptStore.setState({ observed: { ...initialObserverState(), conversation } }));
    const figure = screen.getByRole('figure', { name: 'SMTP states' });
    const current = within(figure).getAllByRole('listitem', { current: 'step' });
    expect(current).toHaveLength(1);
    expect(current[0]?.textContent).toMatch(new RegExp(`^${node}:`));
  });

  it('names every state with the moves that leave it', () => {
    render(<StateDiagram />);
    const list = within(screen.getByRole('figure', { name: 'SMTP states' })).getByRole('list', { name: 'States' });
    const states = within(list)
      .getAllByRole('listitem')
      .map((s) => s.textContent ?? '');
    expect(states.map((s) => s.split(':')[0])).toEqual(['connect', 'greeting', 'ready', 'mail', 'rcpt', 'data', 'done']);
    expect(states[2]).toMatch(/Moves: MAIL to mail, QUIT to done\.$/);
    expect(states[4]).toMatch(/RCPT to stay, DATA to data, RSET to ready, QUIT to done/);
    expect(states[5]).toMatch(/Moves: \. to ready\.$/);
    expect(states[6]).not.toMatch(/Moves/);
  });

  it('keeps both drawings out of the accessibility tree', () => {
    render(<StateDiagram />);
    const figure = screen.getByRole('figure', { name: 'SMTP states' });
    const drawings = figure.querySelectorAll('svg');
    expect(drawings).toHaveLength(2);
    for (const svg of drawings) expect(svg.getAttribute('aria-hidden')).toBe('true');
  });

  it('draws POP3’s diagram for a POP3 session, its moves named as RFC 1939 names the states', () => {
    const pop3 = { ...initialPop3View(), state: 'transaction' as const, authenticated: true };
    act(() => useTranscriptStore.setState({ observed: { ...initialObserverState(), protocol: 'pop3', greeting: '+OK ready', pop3 } }));
    render(<StateDiagram />);
    const figure = screen.getByRole('figure', { name: 'POP3 states' });
    const states = within(within(figure).getByRole('list', { name: 'States' }))
      .getAllByRole('listitem')
      .map((s) => s.textContent ?? '');
    expect(states.map((s) => s.split(':')[0])).toEqual(['connect', 'AUTHORIZATION', 'TRANSACTION', 'UPDATE', 'closed']);
    expect(states[1]).toMatch(/Moves: USER \+ PASS to TRANSACTION, QUIT to DONE\.$/);
    expect(within(figure).getByRole('listitem', { current: 'step' }).textContent).toMatch(/^TRANSACTION:/);
    expect(figure.querySelectorAll('svg')).toHaveLength(1);
  });
});
