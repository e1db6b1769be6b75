import { CHALLENGES, LESSONS, type Lesson, lessonById } from '@smtp-playground/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useConnectionStore } from '../../../stores/connection-store';
import { useLessonsStore } from '../../../stores/lessons-store';
import { useSettingsStore } from '../../../stores/settings-store';
import { useTargetsStore } from '../../../stores/targets-store';
import { LessonPanel } from './lesson-panel';

const flush = () => act(() => new Promise((r) => setTimeout(r, 0)));
const lesson = (id: string) => lessonById(id) as Lesson;

beforeEach(async () => {
  window.location.hash = '';
  useLessonsStore.setState({ active: null, progress: {}, completed: [], hints: {}, lastDone: null, announcement: '' });
  useSettingsStore.setState({ connection: 'tab', personality: 'exim', scenario: 'catch-all' });
  useConnectionStore.getState().connectRequested();
  await flush();
});
afterEach(() => {
  cleanup();
  act(() => useSettingsStore.getState().connectionChosen('tab'));
});

describe('LessonPanel', () => {
  it('shows the step, reveals hints one at a time, and ticks the goal when the session meets it', async () => {
    act(() => useLessonsStore.getState().lessonStarted('opening-the-door'));
    await flush();
    const user = userEvent.setup();
    render(<LessonPanel lesson={lesson('opening-the-door')} viewed={1} />);
    expect(screen.getByRole('heading', { name: 'Opening the door' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Step 2 of 2: Check it is listening' })).toBeTruthy();
    // The first step was met by the greeting: its explanation leads the next one.
    expect(screen.getByText('✓ Step 1 done: Knock')).toBeTruthy();
    const goals = screen.getByRole('list', { name: 'Goals' });
    expect(within(goals).getByRole('listitem').textContent).toBe('○Send NOOP and get 250 (not done yet)');

    await user.click(screen.getByRole('button', { name: 'Show a hint (1 of 2)' }));
    expect(within(screen.getByRole('list', { name: 'Hints' })).getAllByRole('listitem')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Show the next hint (2 of 2)' }));
    expect(within(screen.getByRole('list', { name: 'Hints' })).getAllByRole('listitem')[1]?.textContent).toBe('Hint 2: Type: NOOP');
    expect(screen.queryByRole('button', { name: /hint/ })).toBeNull();

    act(() => useConnectionStore.getState().lineTyped('NOOP'));
    await flush();
    expect(within(goals).getByRole('listitem').textContent).toBe('✓Send NOOP and get 250 (done)');
    expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toBe('Done: Send NOOP and get 250. Step 2 of 2 done. Lesson complete!');
    expect(screen.getByText('Why it worked')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Next lesson: Saying hello' })).toBeTruthy();
  });

  it('links the steps, marking the one shown and the ones done', async () => {
    act(() => useLessonsStore.getState().lessonStarted('the-whole-session'));
    await flush();
    render(<LessonPanel lesson={lesson('the-whole-session')} viewed={0} />);
    const steps = within(screen.getByRole('navigation', { name: 'Lesson steps' })).getAllByRole('link');
    expect(steps.map((a) => a.getAttribute('href'))).toEqual([1, 2, 3, 4].map((n) => `#/lessons/the-whole-session/${n}`));
    expect(steps[0]?.getAttribute('aria-current')).toBe('step');
    expect(screen.queryByRole('link', { name: /Previous step/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Next step →' }).getAttribute('href')).toBe('#/lessons/the-whole-session/2');
  });

  it('“show me” types the next line of the solution', async () => {
    act(() => useLessonsStore.getState().lessonStarted('the-whole-session'));
    await flush();
    const user = userEvent.setup();
    render(<LessonPanel lesson={lesson('the-whole-session')} viewed={0} />);
    const history = useConnectionStore.getState().history;
    await user.click(screen.getByRole('button', { name: 'Show me' }));
    await flush();
    expect(useConnectionStore.getState().history).toBe(history); // not the learner's own typing
    expect(screen.getByRole('status', { name: 'Lesson progress' }).textContent).toMatch(/^Done: Greet the server with HELO or EHLO\. Step 1 of 4 done\./);
  });

  it('keeps a relay target, says the lesson’s server applies to the in-tab sandbox only, and offers to switch', async () => {
    useTargetsStore.getState().targetsListed([{ name: 'lab', address: 'mail.lab.test:25', tls: 'none', insecure: false, sandbox: false }]);
    act(() => useSettingsStore.setState({ connection: 'relay:lab' }));
    const user = userEvent.setup();
    render(<LessonPanel lesson={lesson('logging-in')} viewed={0} />);
    expect(screen.getByText(/^You chose lab \(through the relay\), so it stays\. .*in the in-tab sandbox only/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Use the in-tab sandbox' }));
    expect(useSettingsStore.getState().connection).toBe('tab');
    expect(screen.getByText('Server: the in-tab Exim-like sandbox, scenario “Submission port (STARTTLS, then AUTH)”.')).toBeTruthy();
  });

  it('opens the base64 helper in the AUTH lesson only', () => {
    render(<LessonPanel lesson={lesson('logging-in')} viewed={1} />);
    const helper = () => screen.getByText('Base64 helper (for AUTH)').closest('details');
    expect(helper()?.open).toBe(true);
    expect(screen.getByLabelText(/Text to encode/)).toBeTruthy();
    cleanup();
    render(<LessonPanel lesson={lesson('the-envelope')} viewed={0} />);
    expect(helper()?.open).toBe(false);
  });

  it('opens the base64 helper where the lesson’s server requires AUTH, which is lesson 13 alone', () => {
    const open = [...LESSONS, ...CHALLENGES].filter((l) => {
      render(<LessonPanel lesson={l} viewed={0} />);
      const shown = screen.getByText('Base64 helper (for AUTH)').closest('details')?.open;
      cleanup();
      return shown;
    });
    expect(open.map((l) => l.id)).toEqual(['logging-in']);
  });

  it('names the lesson’s server by its personality’s label', () => {
    render(<LessonPanel lesson={lesson('when-the-clerk-says-no')} viewed={0} />);
    expect(screen.getByText(/^Server: the in-tab Postfix-like sandbox, scenario “/)).toBeTruthy();
  });
});
