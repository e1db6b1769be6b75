import { answered, goal } from './goals.js';
import type { Lesson } from './types.js';

export const startTls: Lesson = {
  id: 'starttls',
  kind: 'lesson',
  title: 'STARTTLS',
  goal: 'Upgrade the connection to TLS, and greet again.',
  setup: { personality: 'postfix', scenario: 'starttls-required' },
  steps: [
    {
      id: 'refused',
      title: 'Plain text is refused',
      instruction: 'This server wants encryption before mail. Say `EHLO client.thm` and try `MAIL FROM:<a@client.thm>`.',
      goals: [goal('530', 'Get 530: must issue a STARTTLS command first', (s) => answered(s, 'MAIL', 530))],
      hints: ['Greet the server, then start a message as usual.', 'Type: EHLO client.thm, then MAIL FROM:<a@client.thm>'],
      explanation: 'The EHLO reply offered `STARTTLS`, and no `AUTH`: logging in over plain text would show the password to anyone on the path.',
    },
    {
      id: 'upgrade',
      title: 'Upgrade',
      instruction:
        'Say `STARTTLS`. After the `220`, the client starts a TLS handshake on the same connection. The page does that part for you (through the relay for real; in the in-tab sandbox it is simulated, and says so).',
      goals: [goal('tls', 'Get 220 to STARTTLS and start TLS', (s) => s.tls)],
      hints: ["The command is the extension's name, as EHLO listed it.", 'Type: STARTTLS'],
      explanation:
        'Everything from here on is encrypted. Anything sent in plain text after `STARTTLS` and before the handshake is thrown away unread: a server that read it could be fooled into running injected commands (CVE-2011-0411).',
    },
    {
      id: 'again',
      title: 'Greet again',
      instruction: 'TLS starts a fresh session (RFC 3207): the server forgot your EHLO. Say `EHLO client.thm` again and look at the extensions now.',
      goals: [
        goal('ehlo', 'Say EHLO again inside TLS', (s) => s.tls && s.helo !== null),
        goal('mail', 'Get MAIL FROM accepted', (s) => s.tls && s.mailFrom !== null),
      ],
      hints: ['EHLO, then MAIL FROM.', 'Type: EHLO client.thm, then MAIL FROM:<a@client.thm>'],
      explanation:
        '`STARTTLS` is gone from the list (it is done) and mail is welcome. Compare implicit TLS on port 465: TLS from the first byte, no STARTTLS at all.',
    },
  ],
  solution: ['EHLO client.thm', 'MAIL FROM:<a@client.thm>', 'STARTTLS', 'EHLO client.thm', 'MAIL FROM:<a@client.thm>'],
};
