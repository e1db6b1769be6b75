import { goal, quit, saidHello } from './goals.js';
import type { Lesson } from './types.js';

export const goodbye: Lesson = {
  id: 'goodbye',
  kind: 'lesson',
  title: 'Goodbye',
  goal: 'End the session properly with QUIT.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'hello',
      title: 'Arrive',
      instruction: 'Say `EHLO client.thm`, so there is something to leave.',
      goals: [saidHello],
      hints: ['Any greeting will do.', 'Type: EHLO client.thm'],
      explanation: 'You are in.',
    },
    {
      id: 'quit',
      title: 'Leave politely',
      instruction:
        'Say `QUIT`. The server answers `221` and closes the connection: `221` is the normal goodbye. A `421` closes it too, but means trouble (shutting down, too many errors).',
      goals: [quit, goal('closed', 'See the connection close', (s) => s.conversation === 'closed')],
      hints: ['One word.', 'Type: QUIT'],
      explanation:
        'Just dropping the connection works too, but a message without its final dot is then thrown away, and the server logs a "lost connection". QUIT is the clean goodbye; a mail program sends it after its last message.',
    },
  ],
  solution: ['EHLO client.thm', 'QUIT'],
};
