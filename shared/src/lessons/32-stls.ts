import { goal, pop3Answered, pop3LoggedInAs } from './goals.js';
import type { Lesson } from './types.js';

export const stls: Lesson = {
  id: 'pop3-stls',
  kind: 'lesson',
  title: 'STLS: encrypt before the password',
  goal: 'Ask what the server can do, switch to TLS, and only then log in.',
  setup: { personality: 'exim', scenario: 'catch-all', protocol: 'pop3' },
  steps: [
    {
      id: 'capa',
      title: 'Ask what it can do',
      instruction: 'Say `CAPA` (RFC 2449 5). Look for `STLS`, `USER` and `SASL PLAIN` in the list.',
      goals: [goal('capa', 'See STLS offered by CAPA', (s) => (s.pop3?.capabilities ?? []).includes('STLS'))],
      hints: ['The command that lists capabilities.', 'Type: CAPA'],
      explanation:
        '`STLS` is offered because TLS can still begin on this connection. `SASL PLAIN` means `AUTH PLAIN` works too (RFC 2449 6.3, RFC 5034); `USER` means USER and PASS do.',
    },
    {
      id: 'stls',
      title: 'Switch to TLS',
      instruction:
        'Say `STLS`. After `+OK` the client starts a TLS handshake on the same connection (RFC 2595 4). The page does that part (through the relay for real; in the tab it is simulated, and says so).',
      goals: [goal('tls', 'Get +OK to STLS and start TLS', (s) => pop3Answered(s, 'STLS') && s.pop3?.tls === true)],
      hints: ['Four letters, the POP3 cousin of STARTTLS.', 'Type: STLS'],
      explanation:
        'From here on everything is encrypted (in the in-tab sandbox the handshake is only simulated, and the page says so). Anything sent in plain text after `STLS` and before the handshake is thrown away unread.',
    },
    {
      id: 'login',
      title: 'Now the password',
      instruction: 'Log in inside TLS: `USER strategos`, then `PASS sandbox`.',
      goals: [goal('login', 'Log in as strategos over TLS', (s) => s.pop3?.tls === true && pop3LoggedInAs(s, 'strategos'))],
      hints: ['The same two commands as always, now encrypted.', 'Type: USER strategos, then PASS sandbox'],
      explanation:
        'The password crossed the network encrypted. `CAPA` now would not list `STLS`: it is done. Port 995 (here 2995, with `npm start -- --pop3s-port 2995`) does the same with TLS from the first byte and no STLS at all.',
    },
  ],
  solution: ['CAPA', 'STLS', 'USER strategos', 'PASS sandbox'],
};
