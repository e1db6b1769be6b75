import { CHALLENGES, LESSONS } from '@smtp-playground/shared';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useLessonsStore } from '../../../stores/lessons-store';
import { LessonList } from './lesson-list';

afterEach(cleanup);

describe('LessonList', () => {
  it('lists the lessons in order and the challenges, each a link, with progress', () => {
    act(() =>
      useLessonsStore.setState({
        active: 'saying-hello',
        completed: ['opening-the-door'],
        progress: { 'saying-hello': { lessonId: 'saying-hello', step: 1, met: ['helo/helo'] } },
        hints: {},
      }),
    );
    render(<LessonList />);
    const lessons = within(screen.getByRole('list', { name: 'Lessons' })).getAllByRole('listitem');
    expect(lessons).toHaveLength(LESSONS.length);
    expect(within(lessons[0] as HTMLElement).getByRole('link').textContent).toBe('1. Opening the door');
    expect(
      within(lessons[0] as HTMLElement)
        .getByRole('link')
        .getAttribute('href'),
    ).toBe('#/lessons/opening-the-door');
    expect(lessons[0]?.textContent).toContain('Done');
    expect(lessons[1]?.textContent).toContain('In progress');
    expect(lessons[2]?.textContent).not.toMatch(/Done|In progress/);
    expect(within(screen.getByRole('list', { name: 'Challenges' })).getAllByRole('link')).toHaveLength(CHALLENGES.length);
    expect(screen.getByText(`1 of ${LESSONS.length} done`)).toBeTruthy();
    expect(screen.getByRole('link', { name: /^Continue: Saying hello$/ }).getAttribute('href')).toBe('#/lessons/saying-hello');
  });

  it('resets all progress after asking', async () => {
    act(() => useLessonsStore.setState({ active: null, completed: ['opening-the-door'], progress: {}, hints: {} }));
    const user = userEvent.setup();
    render(<LessonList />);
    await user.click(screen.getByRole('button', { name: 'Reset all progress…' }));
    await user.click(screen.getByRole('button', { name: 'Keep my progress' }));
    expect(useLessonsStore.getState().completed).toEqual(['opening-the-door']);
    await user.click(screen.getByRole('button', { name: 'Reset all progress…' }));
    await user.click(screen.getByRole('button', { name: 'Yes, reset all' }));
    expect(useLessonsStore.getState().completed).toEqual([]);
    expect(within(screen.getByRole('list', { name: 'Lessons' })).getAllByRole('listitem')[0]?.textContent).not.toContain('Done');
  });

  it('says so when a link names no lesson', () => {
    render(<LessonList unknown="nope" />);
    expect(screen.getByRole('alert').textContent).toBe('There is no lesson called “nope”. Here are the ones there are.');
  });
});
