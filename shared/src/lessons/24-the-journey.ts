/**
 * Lesson 24: one message, every hop. The learner submits lesson 7's letter to their own
 * domain's submission server; the page then shows that server's work (DKIM signing, the
 * MX lookup, its own SMTP session to the MX) and the letter arriving with three
 * Received: lines and Authentication-Results: spf=pass dkim=pass dmarc=pass. The
 * steps every journey lesson shares are here too.
 */
import { delivered, goal, journeySteps, loggedInOverTls, quit, receivedCount, recipientAccepted, senderAccepted } from './goals.js';
import type { Lesson, Step } from './types.js';

/** Logging in to mail.client.thm's submission port: every journey lesson's first step. */
export const logInStep: Step = {
  id: 'log-in',
  title: 'Log in to your submission server',
  instruction:
    'You are now a mail program talking to **mail.client.thm**, your own domain’s submission server (port 587). It takes mail only from its users, over TLS: say `EHLO client.thm`, then `STARTTLS`, then `EHLO client.thm` again, then log in as learner / sandbox with `AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==`.',
  goals: loggedInOverTls,
  hints: ['Lessons 13 and 14 did this: TLS first, then the login.', 'Type: EHLO client.thm, STARTTLS, EHLO client.thm, AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA=='],
  explanation: 'A submission server (RFC 6409) relays for its own users only, so it wants to know who you are; TLS keeps the password off the wire.',
};

/** The client lines that log in, as logInStep asks. */
export const LOG_IN = ['EHLO client.thm', 'STARTTLS', 'EHLO client.thm', 'AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA=='];

/** Leaving: the journey goes on without you. */
export const quitStep: Step = {
  id: 'quit',
  title: 'Goodbye',
  instruction: 'Say `QUIT`. The MSA has your letter; the rest of its journey needs nobody at the keyboard.',
  goals: [quit],
  hints: ['The word for goodbye.', 'Type: QUIT'],
  explanation: 'Your part is done once the 250 came: from there the message is the server’s responsibility (RFC 5321 6.1).',
};

export const theJourney: Lesson = {
  id: 'the-journey',
  kind: 'lesson',
  title: 'The journey of a message',
  goal: 'Follow one message from your keyboard to the recipient’s mailbox, hop by hop.',
  setup: { personality: 'postfix', scenario: 'journey' },
  steps: [
    logInStep,
    {
      id: 'submit',
      title: 'Hand over the letter',
      instruction:
        'Send lesson 7’s letter as usual: from `user@client.thm` to `strategos@server.thm`, with `From:`, `To:` and `Subject:` headers. Watch the 250: it is the MSA’s receipt, not the recipient’s.',
      goals: [senderAccepted, recipientAccepted, delivered],
      hints: [
        'MAIL FROM, RCPT TO, DATA, the letter, a lone dot.',
        'Send: MAIL FROM:<user@client.thm>, RCPT TO:<strategos@server.thm>, DATA, From: user@client.thm, To: strategos@server.thm, Subject: Telnet email, an empty line, a sentence, and a line with a single dot.',
      ],
      explanation: 'Queued at mail.client.thm. The journey panel now shows what that server does next.',
    },
    quitStep,
    {
      id: 'follow',
      title: 'Follow the journey',
      instruction:
        'Read the journey panel, step by step: the MSA signs the letter with client.thm’s DKIM key, asks the DNS for the MX of server.thm, then opens its own SMTP session to it. Open the delivered message in the Mailbox: count its `Received:` lines, and read `Authentication-Results:`.',
      goals: [
        goal('hop', 'See the MSA’s own SMTP session deliver to server.thm’s MX', (_s, inputs) =>
          journeySteps(inputs, 'hop').some((h) => h.outcome.result === 'delivered'),
        ),
        goal('trace', 'Find three Received: lines on the delivered message', (_s, inputs) =>
          journeySteps(inputs, 'delivered').some((d) => receivedCount(d.message) >= 3),
        ),
        goal('pass', 'See spf=pass, dkim=pass and dmarc=pass at the MX', (_s, inputs) =>
          journeySteps(inputs, 'hop').some(
            (h) => h.auth.spf.result === 'pass' && h.auth.dkim.some((d) => d.result === 'pass') && h.auth.dmarc.result === 'pass',
          ),
        ),
      ],
      hints: ['Nothing to type: the page plays the MSA’s part.', 'Mailbox, the newest message, Raw: Received: lines are read bottom-up, oldest hop last.'],
      explanation:
        'Each server that handles a message adds a `Received:` line on top (RFC 5321 4.4): your submission, the MSA’s hop to the MX, and the MX’s delivery to the mailbox server. The MX checked that 192.0.2.20 may send for client.thm (SPF), that the signature matches the letter (DKIM), and that at least one of those passes is for the `From:` domain (DMARC), and wrote what it found in `Authentication-Results:` (RFC 8601).',
    },
  ],
  solution: [
    ...LOG_IN,
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<strategos@server.thm>',
    'DATA',
    'From: user@client.thm',
    'To: strategos@server.thm',
    'Subject: Telnet email',
    '',
    'Hello. I am using telnet to send you an email!',
    '.',
    'QUIT',
  ],
};
