/**
 * Lesson 27: when a domain has no MX. nomx.thm has only an address: the MSA delivers
 * to that host, the implicit MX (RFC 5321 5.1). nullmx.thm publishes a null MX (RFC
 * 7505): it takes no mail, so the MSA bounces at once, without connecting anywhere.
 */

import type { ObserverState } from '../observe/observer.js';
import { LOG_IN, logInStep, quitStep } from './24-the-journey.js';
import { bouncedTo, delivered, goal, journeySteps, recipientAccepted } from './goals.js';
import type { Lesson } from './types.js';

/** A letter the MSA answered 250 had a recipient at `domain`. */
const lettersTo = (s: ObserverState, domain: string) => s.deliveries.some((d) => d.recipients.some((r) => r.toLowerCase().endsWith(`@${domain}`)));

export const noMx: Lesson = {
  id: 'no-mx',
  kind: 'lesson',
  title: 'No MX, and a null MX',
  goal: 'See where mail goes when a domain has no MX record, and what a null MX says.',
  setup: { personality: 'postfix', scenario: 'journey' },
  steps: [
    logInStep,
    {
      id: 'implicit',
      title: 'A domain with no MX',
      instruction: 'Send a short letter to `info@nomx.thm`. That domain has an address but no MX record.',
      goals: [recipientAccepted, goal('sent-nomx', 'Get 250 for a letter to nomx.thm', (s) => lettersTo(s, 'nomx.thm'))],
      hints: [
        'A whole transaction: MAIL FROM, RCPT TO, DATA, a letter, a dot.',
        'Send: MAIL FROM:<user@client.thm>, RCPT TO:<info@nomx.thm>, DATA, From: user@client.thm, Subject: Hello, an empty line, a sentence, and a lone dot.',
      ],
      explanation: 'Queued. The journey panel shows the MX question, its empty answer, and what the MSA asks next.',
    },
    {
      id: 'null',
      title: 'A domain that takes no mail',
      instruction: 'Now one more transaction, to `info@nullmx.thm`.',
      goals: [delivered, goal('sent-nullmx', 'Get 250 for a letter to nullmx.thm', (s) => lettersTo(s, 'nullmx.thm'))],
      hints: [
        'The same again, with another recipient.',
        'Send: MAIL FROM:<user@client.thm>, RCPT TO:<info@nullmx.thm>, DATA, From: user@client.thm, Subject: Hello, an empty line, a sentence, and a lone dot.',
      ],
      explanation: 'Queued, for now: the MSA has not asked the DNS yet.',
    },
    quitStep,
    {
      id: 'routes',
      title: 'Compare the two journeys',
      instruction: 'Follow both journeys: where did the letter to nomx.thm go, and why did the one to nullmx.thm never leave?',
      goals: [
        goal('implicit-mx', 'See the letter to nomx.thm delivered to the domain’s own address', (_s, inputs) =>
          journeySteps(inputs, 'hop').some((h) => h.server.host === 'nomx.thm' && h.outcome.result === 'delivered'),
        ),
        goal(
          'null-mx',
          'See the null MX bounce at once, with no SMTP session',
          (_s, inputs) =>
            journeySteps(inputs, 'bounced').some((b) => b.recipients.some((r) => r.endsWith('@nullmx.thm'))) && bouncedTo(inputs, 'user@client.thm'),
        ),
      ],
      hints: ['Each journey starts with a DNS question for the recipient’s domain.', 'A null MX is `MX 0 .`: preference 0, and the root as its host.'],
      explanation:
        'No MX but an address: that host is the mail exchanger (RFC 5321 5.1), which is why a web-only domain should say otherwise. A null MX does: “this domain takes no mail” (RFC 7505), so the sender bounces at once instead of trying for days.',
    },
  ],
  solution: [
    ...LOG_IN,
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<info@nomx.thm>',
    'DATA',
    'From: user@client.thm',
    'Subject: Hello',
    '',
    'Is anyone there?',
    '.',
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<info@nullmx.thm>',
    'DATA',
    'From: user@client.thm',
    'Subject: Hello',
    '',
    'Is anyone there?',
    '.',
    'QUIT',
  ],
};
