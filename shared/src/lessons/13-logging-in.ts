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
      title: 'Not without TLS and a login',
      instruction:
        'This server is a **submission** server, like port 587: it takes mail from its own users only, and only over an encrypted connection. Say `EHLO client.thm` and try `MAIL FROM:<learner@client.thm>`.',
      goals: [saidHello, goal('530', 'Get 530: STARTTLS first', (s) => answered(s, 'MAIL', 530))],
      hints: ['EHLO, then MAIL FROM.', 'Type: EHLO client.thm, then MAIL FROM:<learner@client.thm>'],
      explanation:
        'A server that passed on anyone’s mail to anywhere would be an **open relay**, and spammers find those within hours. So a server relays only for users who log in, and a password must not cross the network readable: the EHLO reply offered `STARTTLS` but no `AUTH` yet.',
    },
    {
      id: 'tls',
      title: 'Encrypt first',
      instruction:
        'Say `STARTTLS`, and after its `220` greet again with `EHLO client.thm` (lesson 14 looks at what happens in between). Look at the new EHLO reply.',
      goals: [goal('auth-offered', 'See AUTH offered once TLS is on', (s) => s.tls && s.extensions.some((e) => /^AUTH\b/i.test(e)))],
      hints: ['The command is named after the extension EHLO listed; then greet again.', 'Type: STARTTLS, then EHLO client.thm'],
      explanation:
        'Now the reply lists `AUTH PLAIN LOGIN`: real servers offer logins only inside TLS (Postfix’s smtpd_tls_auth_only, Exim’s auth_advertise_hosts). In the in-tab sandbox the encryption is simulated, and the page says so.',
    },
    {
      id: 'login',
      title: 'Log in',
      instruction:
        'The account is `learner`, password `sandbox`. **AUTH PLAIN** sends both in one line: base64 of `\\0learner\\0sandbox` (a NUL byte, the user, a NUL, the password). Build it with the base64 helper, then send `AUTH PLAIN` and the result.\n\nOr try **AUTH LOGIN**: the server asks `334 VXNlcm5hbWU6`; paste it into the helper (the whole reply line will do) to read the question. Answer with the user name in base64, then the password.',
      goals: [goal('235', 'Log in and get 235', (s) => s.authenticated)],
      hints: [
        'Base64 is an encoding, not encryption: anyone who sees it can decode it, which is why it travels inside TLS. Careful with `echo learner | base64`: echo adds a newline, which becomes part of the name; use `printf`.',
        'Type: AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
      ],
      explanation: '`235`: logged in. The same login on port 465 would need no STARTTLS: there TLS starts with the connection (RFC 8314).',
    },
    {
      id: 'relay',
      title: 'Now it relays for you',
      instruction: 'Try `MAIL FROM:<learner@client.thm>` again, and send to someone at another domain: `RCPT TO:<friend@elsewhere.test>`.',
      goals: [goal('relayed', 'Get MAIL FROM and an outside recipient accepted', (s) => answered(s, 'MAIL', 250) && answered(s, 'RCPT', 250))],
      hints: ['The same MAIL FROM as before, then RCPT TO.', 'Type: MAIL FROM:<learner@client.thm>, then RCPT TO:<friend@elsewhere.test>'],
      explanation: 'The trace header of such a message says `with esmtpsa`: S for TLS, A for authenticated (RFC 3848).',
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<learner@client.thm>',
    'STARTTLS',
    'EHLO client.thm',
    'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==',
    'MAIL FROM:<learner@client.thm>',
    'RCPT TO:<friend@elsewhere.test>',
  ],
};
