import { CHALLENGES, encodeText, LESSONS, type Lesson, lessonById, watchBytes, watchClosed, watchHello, watchOpened } from '@smtp-playground/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useConnectionStore } from '../../../stores/connection-store';
import { useLessonsStore } from '../../../stores/lessons-store';
import { useSettingsStore } from '../../../stores/settings-store';
import { useTargetsStore } from '../../../stores/targets-store';
import { FakeEventSource } from '../../../testing/fake-event-source';
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

  it('opens the base64 helper where the lesson’s server requires AUTH: lesson 13 and the journey lessons’ submission server', () => {
    const open = [...LESSONS, ...CHALLENGES].filter((l) => {
      render(<LessonPanel lesson={l} viewed={0} />);
      const shown = screen.getByText('Base64 helper (for AUTH)').closest('details')?.open;
      cleanup();
      return shown;
    });
    expect(open.map((l) => l.id)).toEqual(['logging-in', 'the-journey', 'a-forged-from', 'changed-on-the-way', 'no-mx']);
  });

  it('names the lesson’s server by its personality’s label', () => {
    render(<LessonPanel lesson={lesson('when-the-clerk-says-no')} viewed={0} />);
    expect(screen.getByText(/^Server: the in-tab Postfix-like sandbox, scenario “/)).toBeTruthy();
  });
});

describe('LessonPanel: a lesson done in a terminal (lesson 22)', () => {
  beforeEach(() => vi.stubGlobal('EventSource', FakeEventSource));
  afterEach(() => {
    act(() => useSettingsStore.getState().connectionChosen('tab'));
    useTargetsStore.setState({ status: 'unknown', targets: [], reason: null });
    vi.unstubAllGlobals();
  });

  it('says it needs npm start when no relay is behind the page, and offers nothing to type', () => {
    useTargetsStore.getState().relayUnreachable('This page can’t reach a relay.');
    act(() => useLessonsStore.getState().lessonStarted('the-tools'));
    render(<LessonPanel lesson={lesson('the-tools')} viewed={0} />);
    const note = screen.getByRole('note', { name: 'This lesson needs npm start' });
    expect(note.textContent).toContain('connect with Watch port 2525');
    expect(screen.queryByRole('button', { name: 'Show me' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Watch a mail client do it' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Watch port/ })).toBeNull();
  });

  it('offers to watch the relay’s sandbox port, and watching says where to type', async () => {
    useTargetsStore.getState().targetsListed([{ name: 'sandbox', address: '127.0.0.1:2626', tls: 'starttls', insecure: false, sandbox: true }]);
    const user = userEvent.setup();
    render(<LessonPanel lesson={lesson('the-tools')} viewed={0} />);
    expect(screen.getByRole('note', { name: 'This lesson is done in a terminal' }).textContent).toContain('port 2626');
    await user.click(screen.getByRole('button', { name: 'Watch port 2626' }));
    expect(useSettingsStore.getState().connection).toBe('watch');
    expect(screen.getByText(/^Watching port 2626: type in your terminal/)).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('ticks the telnet step from a watched session: EHLO in CRLF, then the connection gone without QUIT', async () => {
    useTargetsStore.getState().targetsListed([{ name: 'sandbox', address: '127.0.0.1:2525', tls: 'starttls', insecure: false, sandbox: true }]);
    act(() => useSettingsStore.getState().connectionChosen('watch'));
    act(() => useLessonsStore.getState().lessonStarted('the-tools'));
    await flush();
    render(<LessonPanel lesson={lesson('the-tools')} viewed={0} />);
    const feed = FakeEventSource.made.at(-1) as FakeEventSource;
    const bytes = (direction: 'client' | 'server', text: string) => feed.event(watchBytes('1', direction, 0, encodeText(text)));
    act(() => {
      feed.event(watchHello([]));
      feed.event(watchOpened({ id: '1', client: '127.0.0.1:5000', port: 2525, implicitTls: false, at: 0 }));
      bytes('server', '220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
      bytes('client', 'EHLO client.thm\r\n');
      bytes('server', '250-example.thm Hello client.thm\r\n250 HELP\r\n');
    });
    const goals = () =>
      within(screen.getByRole('list', { name: 'Goals' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent);
    expect(goals()).toEqual(['✓Say EHLO in a line that ends in CRLF (done)', '○Leave with Ctrl-] and quit: the connection closes without QUIT (not done yet)']);
    act(() => feed.event(watchClosed('1', 0)));
    expect(goals()[1]).toBe('✓Leave with Ctrl-] and quit: the connection closes without QUIT (done)');
    expect(useLessonsStore.getState().progress['the-tools']?.step).toBe(1);
  });

  it('keeps the usual server note, show me and autoplay for the in-tab lessons 21 and 23', async () => {
    for (const id of ['reading-a-server', 'the-next-protocols']) {
      act(() => useLessonsStore.getState().lessonStarted(id));
      await flush();
      render(<LessonPanel lesson={lesson(id)} viewed={0} />);
      expect(screen.getByText(/^Server: the in-tab Exim-like sandbox, scenario “/)).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Show me' })).toBeTruthy();
      expect(screen.getByRole('region', { name: 'Watch a mail client do it' })).toBeTruthy();
      expect(screen.queryByRole('note', { name: /terminal|npm start/ })).toBeNull();
      cleanup();
    }
  });
});
