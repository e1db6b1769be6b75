import { answered, goal, greeted } from './goals.js';
import type { Lesson } from './types.js';

export const openingTheDoor: Lesson = {
  id: 'opening-the-door',
  kind: 'lesson',
  title: 'Opening the door',
  goal: 'Connect to a mail server and read its greeting.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'connect',
      title: 'Knock',
      instruction:
        "A mail server is a program waiting on a **TCP port**: a numbered door on a machine. Servers pass mail to each other on port `25`; mail programs hand mail in on `587` (with a login) or `465` (with TLS from the start). This playground's sandbox also listens on `2525`, a common stand-in when 25 is blocked.\n\nConnect, and watch the first line the server sends. In a terminal this is `telnet localhost 2525`; here, press **Connect**.",
      goals: [greeted],
      hints: [
        'The connection opens when you press Connect (or when a lesson starts).',
        'Look for a line starting with 220 in the transcript: that is the greeting.',
      ],
      explanation:
        '`220` means "ready". The words after it are the server\'s name and often its software: the first thing a mail program reads, and the first thing an attacker reads too.',
    },
    {
      id: 'noop',
      title: 'Check it is listening',
      instruction: 'Servers answer every command with a three-digit code. Send `NOOP` ("no operation"): it does nothing, and the server says so.',
      goals: [goal('noop', 'Send NOOP and get 250', (s) => answered(s, 'NOOP', 250))],
      hints: ['Type the command into the composer and press Enter.', 'Type: NOOP'],
      explanation:
        'The first digit says how it went: `2` done, `3` go on, `4` not now (try later), `5` no. `250` is the everyday "OK". Mail programs send NOOP to keep a quiet connection alive.',
    },
  ],
  solution: ['NOOP'],
};
