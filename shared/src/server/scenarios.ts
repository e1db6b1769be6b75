/**
 * Named sandbox scenarios: a policy and a sentence saying what it shows. The page
 * offers them in its settings, lessons name the one they run on, and the TCP sandbox
 * takes one with --scenario.
 */
import { MSA_POLICY } from '../world/world.js';
import type { Policy } from './policy.js';

export interface Scenario {
  id: string;
  label: string;
  describe: string;
  policy: Partial<Policy>;
  /**
   * The sandbox is the sender's submission server (world/world.ts): what it accepts is
   * not kept but goes on its journey (world/journey.ts), in the page; the options say
   * how that journey goes.
   */
  journey?: { modifyInTransit: boolean };
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'catch-all', label: 'Catch-all', describe: 'Every recipient at every domain is accepted.', policy: {} },
  {
    id: 'strict-mx',
    label: 'Strict MX for example.com',
    describe: 'The server is the destination for example.com only; other domains are relay attempts and are refused unless you log in.',
    policy: { localDomains: ['example.com'] },
  },
  {
    id: 'unknown-users',
    label: 'Unknown users',
    describe: 'Only alice, bob and postmaster exist at example.com; anyone else gets 550 5.1.1.',
    policy: { localDomains: ['example.com'], users: ['alice', 'bob'] },
  },
  {
    id: 'submission',
    label: 'Submission port (STARTTLS, then AUTH)',
    describe: 'Like port 587: STARTTLS first, then log in with AUTH (learner / sandbox) before MAIL FROM.',
    policy: { requireTls: true, requireAuth: true },
  },
  {
    id: 'plaintext-auth',
    label: 'Unsafe lab: AUTH without TLS',
    describe: 'AUTH (learner / sandbox) offered in plain text, as no real server should: the password crosses the network readable. For telnet exercises only.',
    policy: { plaintextAuth: true },
  },
  {
    id: 'starttls-required',
    label: 'STARTTLS required',
    describe: 'Like a careful submission server: MAIL and AUTH get 530 until you say STARTTLS and EHLO again; AUTH is offered only after TLS.',
    policy: { requireTls: true },
  },
  {
    id: 'greylisting',
    label: 'Greylisting',
    describe:
      'Each new (client address, sender, recipient) triplet gets 451 4.7.1 at RCPT TO, and so does every retry of it in the 30 seconds after its first try; after that it is accepted.',
    policy: { greylistSeconds: 30 },
  },
  {
    id: 'mailbox-full',
    label: 'Mailbox full',
    describe: "carol's mailbox is over quota for now (452 4.2.2: try later); dave's is full for good (552 5.2.2). Everyone else is fine.",
    policy: { fullMailboxes: { carol: 'temporary', dave: 'permanent' } },
  },
  {
    id: 'later-bounce',
    label: 'Accepted, then bounced',
    describe:
      'A gateway that cannot check users: every recipient gets 250, but mail for nobody@ any domain is refused by the mailbox server behind it, and a bounce from <> comes back to the sender, into the mailbox.',
    policy: { laterBounces: ['nobody'] },
  },
  {
    id: 'size-limit',
    label: 'Size limit (10 kB)',
    describe: 'EHLO says SIZE 10240: a larger SIZE= at MAIL FROM, or a larger message, gets 552 5.3.4.',
    policy: { maxMessageSize: 10240 },
  },
  {
    id: 'too-many-recipients',
    label: 'Three recipients at most',
    describe: 'The fourth RCPT TO in one transaction gets 452 4.5.3: send the rest in another transaction.',
    policy: { maxRecipients: 3 },
  },
  {
    id: 'shutting-down',
    label: 'Shutting down',
    describe: 'The server answers the connection with 421 instead of 220 and hangs up: come back later.',
    policy: { shuttingDown: true },
  },
  {
    id: 'slow-server',
    label: 'Slow greeting',
    describe: 'The greeting comes after 3 seconds, and a client that talks first is refused with 554: why a whole session pasted into telnet fails.',
    policy: { greetingDelaySeconds: 3 },
  },
  {
    id: 'strict-line-endings',
    label: 'Strict line endings',
    describe:
      'A command ending in a bare LF instead of CRLF gets 550 and the server hangs up; a message with a bare LF inside is refused with 550 after its end, and the session goes on. As Postfix does with smtpd_forbid_bare_newline = reject.',
    policy: { bareLf: 'reject' },
  },
  {
    id: 'lenient-line-endings',
    label: 'Lenient line endings',
    describe:
      'Bare LF is accepted, in commands and in messages (the transcript notes it), but a message ends only at CRLF.CRLF, so nothing can be smuggled: Postfix 3.9’s default (smtpd_forbid_bare_newline = normalize).',
    policy: { bareLf: 'normal' },
  },
  {
    id: 'journey',
    label: 'Journey: client.thm’s submission server',
    describe:
      'You talk to mail.client.thm on its submission port (STARTTLS, then AUTH as learner / sandbox). What it accepts it signs with DKIM, finds the MX of each recipient domain and carries there, and the page shows every step; the MX checks SPF, DKIM and DMARC.',
    policy: MSA_POLICY,
    journey: { modifyInTransit: false },
  },
  {
    id: 'journey-footer',
    label: 'Journey: a footer added in transit',
    describe:
      'As the journey scenario, but an outbound filter appends a footer to each letter after the MSA signed it, so the body no longer matches the DKIM signature.',
    policy: MSA_POLICY,
    journey: { modifyInTransit: true },
  },
];

/** The scenario with this id, or the catch-all. */
export function scenarioById(id: string): Scenario {
  return SCENARIOS.find((s) => s.id === id) ?? (SCENARIOS[0] as Scenario);
}
