import { type ConversationState, initialObserverState } from '@smtp-playground/shared';
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
});
