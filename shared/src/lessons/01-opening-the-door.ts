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
        "A mail server is a program waiting on a **TCP port**: a numbered door on a machine. Servers pass mail to each other on port `25`. Mail programs hand mail in on a submission port, with a login: `587`, where they upgrade to TLS with STARTTLS, or `465`, TLS from the first byte (RFC 8314). `2525` is no standard, only a common stand-in when 25 is blocked; the playground's relay (`npm start`) runs its sandbox there.\n\nConnect, and watch the first line the server sends. In a terminal, with the relay running, this is `telnet localhost 2525`; here, press **Connect**.",
      goals: [greeted],
      hints: [
        'A lesson connects when it starts; a closed connection shows a Connect button under the transcript.',
        'Press **Connect** if it shows (or **Reset session** at the top), then look for the line starting with 220 in the transcript: that is the greeting.',
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
