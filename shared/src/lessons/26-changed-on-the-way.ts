/**
 * Lesson 26: a letter changed after it was signed. An outbound filter appends a footer
 * once the MSA has signed, so the body hash in the DKIM signature no longer matches:
 * dkim=neutral (body hash did not verify), as mailauth and Gmail write it. SPF still passes for client.thm, aligned with the From:, so DMARC passes
 * and the letter is delivered: DMARC needs one aligned pass, not both.
 */

import { LOG_IN, logInStep, quitStep } from './24-the-journey.js';
import { delivered, goal, journeySteps } from './goals.js';
import type { Lesson } from './types.js';

export const changedOnTheWay: Lesson = {
  id: 'changed-on-the-way',
  kind: 'lesson',
  title: 'Changed on the way: DKIM’s body hash',
  goal: 'See a signature break when a letter is changed after signing, and why DMARC may still pass.',
  setup: { personality: 'postfix', scenario: 'journey-footer' },
  steps: [
    logInStep,
    {
      id: 'submit',
      title: 'Send an honest letter',
      instruction:
        'From `user@client.thm` to `strategos@server.thm`, with `From: user@client.thm`: nothing forged this time. client.thm has an outbound filter, though, which adds a footer to every letter.',
      goals: [delivered],
      hints: [
        'The whole letter, as in lesson 7.',
        'Send: MAIL FROM:<user@client.thm>, RCPT TO:<strategos@server.thm>, DATA, From: user@client.thm, To: strategos@server.thm, Subject: Minutes, an empty line, a sentence, and a lone dot.',
      ],
      explanation: 'Queued, then signed, then the filter added its footer: in that order.',
    },
    quitStep,
    {
      id: 'broken',
      title: 'Read the verdicts',
      instruction: 'Follow the journey: what does the MX say about the DKIM signature, and why is the letter delivered all the same?',
      goals: [
        goal('dkim-broken', 'See DKIM not pass: the body hash did not verify', (_s, inputs) =>
          journeySteps(inputs, 'hop').some((h) => h.auth.dkim.some((d) => d.result !== 'pass' && /body hash/i.test(d.reason))),
        ),
        goal('dmarc-pass', 'See dmarc=pass all the same, through SPF', (_s, inputs) =>
          journeySteps(inputs, 'hop').some((h) => h.auth.dmarc.result === 'pass' && h.auth.dmarc.spfAligned && !h.auth.dmarc.dkimAligned),
        ),
        goal('arrived', 'See the letter delivered', (_s, inputs) => journeySteps(inputs, 'delivered').length > 0),
      ],
      hints: ['The signature carries a hash of the body (its bh= tag).', 'DMARC passes when SPF or DKIM passes for an aligned domain.'],
      explanation:
        'DKIM signs a hash of the body (RFC 6376 3.7): a three-line footer and the hash no longer matches, so the signature counts for nothing (`dkim=neutral (body hash did not verify)`, as Gmail writes it; RFC 6376 calls it a failure). SPF still passed for client.thm, the `From:` domain, so DMARC passed. Forward that letter once more, though, and SPF fails too: sign last, after every filter.',
    },
  ],
  solution: [
    ...LOG_IN,
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<strategos@server.thm>',
    'DATA',
    'From: user@client.thm',
    'To: strategos@server.thm',
    'Subject: Minutes',
    '',
    'The minutes of today’s meeting are below.',
    '.',
    'QUIT',
  ],
};
