import type { ObserverState } from '../observe/observer.js';
import { goal, pop3Answered, pop3LoggedInAs } from './goals.js';
import type { Lesson } from './types.js';

/**
 * Every letter LIST showed is marked. The box may hold more than lesson 7's letter (lesson
 * 5 wrote to strategos too), so the lesson empties it rather than counting on one letter.
 */
const allMarked = (s: ObserverState) => {
  const marked = s.pop3?.deleted ?? [];
  return pop3Answered(s, 'LIST') && marked.length > 0 && Object.keys(s.pop3?.sizes ?? {}).every((n) => marked.includes(Number(n)));
};

export const deleteAtQuit: Lesson = {
  id: 'pop3-delete-at-quit',
  kind: 'lesson',
  title: 'Deleting happens at QUIT',
  goal: 'Mark letters for deletion, take the marks back, then delete them for real.',
  setup: { personality: 'exim', scenario: 'catch-all', protocol: 'pop3' },
  steps: [
    {
      id: 'mark',
      title: 'Mark it',
      instruction:
        'Log in (`USER strategos`, `PASS sandbox`), `LIST` the letters, and mark each one with `DELE` and its number: this lesson empties the box (`DELE 1` if there is one letter).',
      goals: [
        goal('login', 'Log in as strategos', (s) => pop3LoggedInAs(s, 'strategos')),
        goal('dele', 'Mark every letter LIST showed for deletion', allMarked),
      ],
      hints: [
        'Log in, list, then the command whose name is short for delete, once per letter.',
        'Type: USER strategos, PASS sandbox, LIST, then DELE 1 (and DELE 2 … for more letters)',
      ],
      explanation:
        'The letter is only marked for throwing away: `STAT` and `LIST` leave it out, and `RETR 1` is refused, but it is still in the box. Nothing is deleted until you leave (RFC 1939 5).',
    },
    {
      id: 'unmark',
      title: 'Change your mind',
      instruction: '`RSET` takes back every mark made in this session.',
      goals: [goal('rset', 'Take the mark back with RSET', (s) => pop3Answered(s, 'RSET') && s.pop3?.deleted.length === 0)],
      hints: ["The command that resets the session's marks.", 'Type: RSET'],
      explanation: 'Every letter is back. Losing the connection would have done the same: a session that ends without QUIT deletes nothing (RFC 1939 6).',
    },
    {
      id: 'quit',
      title: 'Delete and leave',
      instruction: 'Mark them again with `DELE`, then `QUIT`. Read the goodbye.',
      goals: [goal('quit', 'Leave with QUIT while every letter is marked', (s) => s.pop3?.quit === true && allMarked(s))],
      hints: ['Mark them, then say goodbye.', 'Type: DELE 1 (and the others), then QUIT'],
      explanation:
        '`QUIT` after logging in is the UPDATE state (RFC 1939 6): the server removes the marked messages, then closes. Dovecot says so: "Logging out, messages deleted."',
    },
    {
      id: 'check',
      title: 'Come back',
      instruction: 'Connect again (the page offers a new connection), log in, and `STAT`.',
      goals: [goal('gone', 'See an empty maildrop with STAT', (s) => pop3LoggedInAs(s, 'strategos') && pop3Answered(s, 'STAT') && s.pop3?.count === 0)],
      hints: ['A new connection, the same login, then count.', 'Type: USER strategos, PASS sandbox, then STAT'],
      explanation:
        "Gone from your box. In this sandbox it is hidden from strategos only: the page's mailbox still shows it, and anyone else it was sent to still has their copy.",
    },
  ],
  solution: ['USER strategos', 'PASS sandbox', 'LIST', 'DELE 1', 'RSET', 'DELE 1', 'QUIT', { reconnect: true }, 'USER strategos', 'PASS sandbox', 'STAT'],
};
