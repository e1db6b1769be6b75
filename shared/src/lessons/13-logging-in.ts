import { answered, goal, saidHello } from './goals.js';
import type { Lesson } from './types.js';

export const loggingIn: Lesson = {
  id: 'logging-in',
  kind: 'lesson',
  title: 'Logging in: AUTH PLAIN and LOGIN',
  goal: 'Log in with AUTH, building the base64 yourself, and see why relaying needs it.',
  setup: { personality: 'exim', scenario: 'submission' },
  steps: [
    {
      id: 'refused',
      title: 'Not without a login',
      instruction:
        'This server is a **submission** server, like port 587: it takes mail from its own users only. Say `EHLO client.thm` and try `MAIL FROM:<learner@client.thm>`.',
      goals: [saidHello, goal('530', 'Get 530: authentication required', (s) => answered(s, 'MAIL', 530))],
      hints: ['EHLO, then MAIL FROM.', 'Type: EHLO client.thm, then MAIL FROM:<learner@client.thm>'],
      explanation:
        "A server that passed on anyone's mail to anywhere would be an **open relay**, and spammers find those within hours. So a server relays only for users who log in; the EHLO reply offered `AUTH PLAIN LOGIN`.",
    },
    {
      id: 'login',
      title: 'Log in',
      instruction:
        'The account is `learner`, password `sandbox`. **AUTH PLAIN** sends both in one line: base64 of `\\0learner\\0sandbox` (a NUL byte, the user, a NUL, the password). Build it with the base64 helper, then send `AUTH PLAIN` and the result.\n\nOr try **AUTH LOGIN**: the server asks `334 VXNlcm5hbWU6`; paste it into the helper (the whole reply line will do) to read the question. Answer with the user name in base64, then the password.',
      goals: [goal('235', 'Log in and get 235', (s) => s.authenticated)],
      hints: [
        'Base64 is an encoding, not encryption: anyone who sees it can decode it. Careful with `echo learner | base64`: echo adds a newline, which becomes part of the name; use `printf`.',
        'Type: AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
      ],
      explanation:
        '`235`: logged in. Because base64 hides nothing, logins belong inside TLS (lesson 14): most real submission servers offer AUTH only inside TLS (after STARTTLS, or on port 465).',
    },
    {
      id: 'relay',
      title: 'Now it relays for you',
      instruction: 'Try `MAIL FROM:<learner@client.thm>` again, and send to someone at another domain: `RCPT TO:<friend@elsewhere.test>`.',
      goals: [goal('relayed', 'Get MAIL FROM and an outside recipient accepted', (s) => answered(s, 'MAIL', 250) && answered(s, 'RCPT', 250))],
      hints: ['The same MAIL FROM as before, then RCPT TO.', 'Type: MAIL FROM:<learner@client.thm>, then RCPT TO:<friend@elsewhere.test>'],
      explanation: 'The trace header of such a message says `with esmtpa`: the A is for authenticated (RFC 3848).',
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<learner@client.thm>',
    'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
    'MAIL FROM:<learner@client.thm>',
    'RCPT TO:<friend@elsewhere.test>',
  ],
};
