import type { Delivery } from '../observe/observer.js';
import { bouncedTo, goal } from './goals.js';
import type { Lesson } from './types.js';

/** The scenario's undeliverable local part ('later-bounce', server/scenarios.ts): any domain. */
const toNobody = (d: Delivery) => d.recipients.some((r) => r.toLowerCase().startsWith('nobody@'));

/** The domain of an address, lower case. */
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export const bounces: Lesson = {
  id: 'bounces',
  kind: 'lesson',
  title: 'A 250 is not delivery: bounces',
  goal: 'See a server accept a letter and bounce it later, why bounces come from <>, and what backscatter is.',
  setup: { personality: 'exim', scenario: 'later-bounce' },
  steps: [
    {
      id: 'bounced',
      title: 'Accepted, then returned',
      instruction:
        'This server is a **gateway**: it stands in front of the real mailbox server and cannot see its list of users, so it says yes to every recipient. Send a letter from `user@client.thm` to `nobody@server.thm`, and watch every reply say yes: 250 to RCPT, 354, and 250 with a queue id to the final dot.\n\nThen look in the **Mailbox** view.',
      goals: [
        goal('accepted', 'Get a 250 for a letter to nobody@server.thm', (s) => s.deliveries.some((d) => toNobody(d) && d.mailFrom !== '')),
        goal('bounce', 'Find the bounce from <> to your MAIL FROM in the mailbox', (s, inputs) =>
          s.deliveries.some((d) => toNobody(d) && d.mailFrom !== '' && bouncedTo(inputs, d.mailFrom)),
        ),
      ],
      hints: [
        'The usual envelope and letter: EHLO, MAIL FROM, RCPT TO, DATA, a short letter and a lone dot.',
        'Type: EHLO client.thm, MAIL FROM:<user@client.thm>, RCPT TO:<nobody@server.thm>, DATA; then Subject: Are you there?, an empty line, Hello?, and a line with a single dot.',
      ],
      explanation:
        'A **250** after the dot means "I take responsibility for this message", not "it has arrived" (RFC 5321 6.1). When the gateway passed it on, the mailbox server said `550 5.1.1` user unknown. The gateway cannot tell you in this session (you may be long gone), so it does what RFC 5321 6.1 requires: it sends a **bounce**, a delivery status notification, to your MAIL FROM.\n\nOpen the Mailbox: the bounce is a `multipart/report` (RFC 3464 2) with three parts: a note for a person, a `message/delivery-status` part for programs (`Reporting-MTA`, then per recipient `Final-Recipient`, `Action: failed`, `Status: 5.1.1` and the `Diagnostic-Code` the next server gave), and your letter\'s headers. Its envelope sender is empty: `MAIL FROM:<>`.',
    },
    {
      id: 'null-sender',
      title: 'The null sender',
      instruction:
        'Bounces are sent from the **null sender**, `<>`: an envelope with no return address. Send a letter like a bounce does: `MAIL FROM:<>` to `nobody@server.thm`. It fails too. Will a bounce come back?',
      goals: [goal('null', 'Deliver a letter from <> to nobody@server.thm', (s) => s.deliveries.some((d) => toNobody(d) && d.mailFrom === ''))],
      hints: [
        'MAIL FROM takes an empty path, written as two angle brackets.',
        'Type: MAIL FROM:<>, RCPT TO:<nobody@server.thm>, DATA; then Subject: A bounce of my own, an empty line, a line of text, and a single dot.',
      ],
      explanation:
        'No bounce came back: there is nowhere to send one. That is the point of `<>`. RFC 5321 6.1: if the return path is null, the server "MUST NOT send a notification", and 4.5.5 asks programs never to answer a message from `<>`. Without that rule, a bounce that could not be delivered would bounce, and that bounce would bounce: two servers could mail each other for ever. So servers accept `<>` as a sender: refusing it would refuse the bounces meant for their own users.',
    },
    {
      id: 'backscatter',
      title: 'Backscatter',
      instruction:
        "Nothing checks MAIL FROM (lesson 10). Spam often carries a made-up sender, and **someone else's real address** is a popular choice. Play the spammer: send to `nobody@server.thm` with `MAIL FROM:<victim@elsewhere.thm>`, then look in the Mailbox to see who gets the bounce.",
      goals: [
        goal('scatter', 'Send to nobody@server.thm as someone outside client.thm, and see the bounce go to them', (s, inputs) =>
          s.deliveries.some((d) => toNobody(d) && d.mailFrom !== '' && domainOf(d.mailFrom) !== 'client.thm' && bouncedTo(inputs, d.mailFrom)),
        ),
      ],
      hints: [
        'Only the MAIL FROM changes: an address that is not yours, at another domain.',
        'Type: MAIL FROM:<victim@elsewhere.thm>, RCPT TO:<nobody@server.thm>, DATA; then From: victim@elsewhere.thm, an empty line, a line of text, and a single dot.',
      ],
      explanation:
        'The victim never wrote to anyone, yet their mailbox fills with bounces of spam they did not send: **backscatter**. It comes from servers that accept first and find out later, like this gateway. The cure is to refuse during the session: a server that knows its users answers an unknown one with a 550 at RCPT TO (as the "Unknown users" scenario does), so the error goes to the client that is connected, not to whoever it claimed to be. That is why good gateways get the user list, or check each recipient with the server behind them before they say 250.',
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<nobody@server.thm>',
    'DATA',
    'Subject: Are you there?',
    '',
    'Hello?',
    '.',
    'MAIL FROM:<>',
    'RCPT TO:<nobody@server.thm>',
    'DATA',
    'Subject: A bounce of my own',
    '',
    'From the null sender.',
    '.',
    'MAIL FROM:<victim@elsewhere.thm>',
    'RCPT TO:<nobody@server.thm>',
    'DATA',
    'From: victim@elsewhere.thm',
    '',
    'Cheap watches!',
    '.',
  ],
};
