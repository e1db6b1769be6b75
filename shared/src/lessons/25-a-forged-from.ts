/**
 * Lesson 25: why a forged From: does not get through. The envelope is the learner's own
 * (SPF passes for client.thm) and the MSA signs as client.thm (DKIM passes), but the
 * letter's From: says bank.thm, whose DMARC record says p=reject: neither pass is for
 * a domain aligned with bank.thm, so the MX refuses the letter after its dot with
 * 550 5.7.1, and the MSA bounces it back.
 */

import { LOG_IN, logInStep, quitStep } from './24-the-journey.js';
import { bouncedTo, delivered, goal, headerAddresses, journeySteps } from './goals.js';
import type { Lesson } from './types.js';

export const aForgedFrom: Lesson = {
  id: 'a-forged-from',
  kind: 'lesson',
  title: 'A forged From: meets DMARC',
  goal: 'See SPF and DKIM pass and DMARC still refuse a letter that claims to come from someone else.',
  setup: { personality: 'postfix', scenario: 'journey' },
  steps: [
    logInStep,
    {
      id: 'forge',
      title: 'Write as someone else',
      instruction:
        'Envelope as before: `MAIL FROM:<user@client.thm>`, `RCPT TO:<strategos@server.thm>`. But in the letter, write `From: ceo@bank.thm`: the name a phisher would use. The MSA checks who logged in, not what the letter says, so it takes it.',
      goals: [
        delivered,
        goal('forged', 'Hand over a letter whose From: is at bank.thm', (s) =>
          s.deliveries.some((d) => headerAddresses(d, 'from').some((a) => a.endsWith('@bank.thm'))),
        ),
      ],
      hints: [
        'Only the From: header changes; the envelope stays yours.',
        'Send: MAIL FROM:<user@client.thm>, RCPT TO:<strategos@server.thm>, DATA, From: ceo@bank.thm, To: strategos@server.thm, Subject: Urgent transfer, an empty line, a sentence, and a lone dot.',
      ],
      explanation: 'Queued. Many submission servers would refuse this (a sender login map); this one, like many, does not look.',
    },
    quitStep,
    {
      id: 'refused',
      title: 'Watch DMARC refuse it',
      instruction:
        'Follow the journey panel. At server.thm’s MX, SPF passes for the envelope’s client.thm and DKIM passes for client.thm’s signature. Read what DMARC says about bank.thm, and what the MX answers after the dot.',
      goals: [
        goal('dmarc-fail', 'See spf=pass but dmarc=fail for bank.thm', (_s, inputs) =>
          journeySteps(inputs, 'hop').some((h) => h.auth.spf.result === 'pass' && h.auth.dmarc.result === 'fail' && h.auth.dmarc.fromDomain === 'bank.thm'),
        ),
        goal('550', 'See the MX refuse the letter with 550 5.7.1', (_s, inputs) =>
          journeySteps(inputs, 'hop').some((h) => h.outcome.dataReply?.code === 550 && h.outcome.dataReply.enhanced === '5.7.1'),
        ),
        goal('bounce', 'Find the bounce to user@client.thm in the Mailbox', (_s, inputs) => bouncedTo(inputs, 'user@client.thm')),
      ],
      hints: ['Look at the hop’s last reply, and its Authentication results.', 'The Mailbox has a message from <>: the MSA’s bounce.'],
      explanation:
        'DMARC (RFC 7489) asks one more question than SPF and DKIM: does a passing domain match the `From:` a person reads? client.thm is not bank.thm, so the answer is no, and bank.thm’s policy `p=reject` told the MX to refuse. The MSA had already said 250, so it owes you a bounce (RFC 5321 6.1).',
    },
  ],
  solution: [
    ...LOG_IN,
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<strategos@server.thm>',
    'DATA',
    'From: ceo@bank.thm',
    'To: strategos@server.thm',
    'Subject: Urgent transfer',
    '',
    'Please pay the attached invoice today.',
    '.',
    'QUIT',
  ],
};
