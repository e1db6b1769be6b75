/**
 * Lesson 21: what a server gives away to anyone who connects, read as a security tester
 * reads it: the banner, user enumeration (VRFY, then RCPT TO) and the open-relay test.
 *
 * It runs on the Exim-like sandbox with the unknown-users scenario (alice and bob exist
 * at example.com; every other domain is somebody else's), so every reply the text quotes
 * is the one the learner gets: `252 Administrative prohibition` to every VRFY,
 * `550 Unrouteable address` to an unknown user, `550 relay not permitted` to a relay
 * attempt. The goals compare replies with each other, not with those texts, so they
 * hold against any server the observer watches.
 */
import type { Exchange, ObserverState } from '../observe/observer.js';
import { goal, greeted, quit, saidEhlo } from './goals.js';
import type { Lesson } from './types.js';

/** A RCPT TO's domain, lower-cased; null for one that did not parse. */
function rcptDomain(e: Exchange): string | null {
  return e.command?.verb === 'RCPT' ? e.command.mailbox.domain.toLowerCase() : null;
}

const rcpts = (s: ObserverState) => s.exchanges.filter((e) => rcptDomain(e) !== null);
/** The domains of the recipients the server accepted: the ones it takes mail for. */
const acceptedDomains = (s: ObserverState) => new Set(rcpts(s).flatMap((e) => (e.code === 250 ? [rcptDomain(e)] : [])));

export const readingAServer: Lesson = {
  id: 'reading-a-server',
  kind: 'lesson',
  title: 'Reading a server like a security tester',
  goal: 'Read what a server gives away to anyone: its software, who has a mailbox, and whether it passes on mail for strangers.',
  setup: { personality: 'exim', scenario: 'unknown-users' },
  steps: [
    {
      id: 'banner',
      title: 'The banner',
      instruction:
        '**First, the rule:** test only this sandbox, servers you run yourself, or servers whose owner has said, in writing, that you may. Probing other people’s mail servers can be against the law, and it gets your address blocked. Here it is safe: the server lives in this tab.\n\nA tester reads the greeting first. `220 example.thm ESMTP Exim 4.95 Ubuntu` names the software (Exim), its version (4.95) and who packaged it (Ubuntu). A version leads to known flaws: Exim before 4.97.1 takes `<LF>.<CR><LF>` as the end of a letter, so a message can be smuggled past a server that reads the end differently (CVE-2023-51766, the SMTP smuggling of the line-endings lesson).\n\nNow say `EHLO client.thm`: the list of extensions, and their order, is a second fingerprint.',
      goals: [greeted, saidEhlo],
      hints: ['The greeting came by itself; the list of extensions is the answer to EHLO.', 'Type: EHLO client.thm'],
      explanation:
        'A banner is a lead, not proof. Distributions fix security holes without changing the version number, so an `Exim 4.95 Ubuntu` may well be patched: the vendor’s advisory for that package says. Administrators can also change the banner (Exim’s `smtp_banner`, Postfix’s `smtpd_banner`). This one is a costume: it is the classic exercise’s banner, but the sandbox behaves like Debian’s patched Exim 4.96. The extensions and the wording of errors are harder to disguise; the Compare page turns them into a fingerprint card.',
    },
    {
      id: 'vrfy',
      title: 'Ask VRFY',
      instruction:
        '`VRFY` asks the server whether a mailbox exists (RFC 5321 3.5.3). On this server alice has one at example.com and carol has not. Ask about both, `VRFY alice@example.com` and `VRFY carol@example.com`, and compare the answers.',
      goals: [
        goal('vrfy', 'Ask VRFY about two different addresses', (s) => {
          const asked = s.exchanges.flatMap((e) => (e.command?.verb === 'VRFY' ? [e.command.argument.trim().toLowerCase()] : []));
          return new Set(asked).size >= 2;
        }),
      ],
      hints: [
        'VRFY takes an address: ask once about someone who exists, once about someone who does not.',
        'Type: VRFY alice@example.com, then VRFY carol@example.com',
      ],
      explanation:
        'Both got the same `252 Administrative prohibition`. Exim answers every VRFY that way unless its configuration allows more, so here VRFY tells you nothing, which is what 252 is for: "cannot verify, but I will try to deliver". Postfix is different: by default it puts VRFY through the same checks as RCPT TO, so an unknown user gets `550 5.1.1 … User unknown`. Try it: choose the Postfix-like personality with the Unknown users scenario in the settings. Administrators who want it closed set `disable_vrfy_command = yes`.',
    },
    {
      id: 'rcpt',
      title: 'Ask RCPT TO instead',
      instruction:
        'Where VRFY is closed, `RCPT TO` still has to answer: a server that refuses unknown users says so before any letter. Start a transaction with `MAIL FROM:<tester@client.thm>`, then name both again: `RCPT TO:<alice@example.com>` and `RCPT TO:<carol@example.com>`. No letter will be sent.',
      goals: [
        goal('enumerated', 'At one domain, get one recipient accepted and another refused', (s) => {
          const accepted = acceptedDomains(s);
          return rcpts(s).some((e) => e.code >= 500 && accepted.has(rcptDomain(e)));
        }),
      ],
      hints: [
        'MAIL FROM first, then one RCPT TO for each address, both at example.com.',
        'Type: MAIL FROM:<tester@client.thm>, then RCPT TO:<alice@example.com>, then RCPT TO:<carol@example.com>',
      ],
      explanation:
        '`250 Accepted` for alice, `550 Unrouteable address` for carol: the difference answers "does carol exist?". With a list of likely names, a tester, or a spammer, learns who has a mailbox without sending a single letter. Servers defend themselves by hanging up on clients that collect refusals (Postfix does after 20 errors, `smtpd_hard_error_limit`), or by accepting every recipient and bouncing later, which sends bounces to forged senders (backscatter). In a test report, a server that tells users apart is a small finding, but a useful one to an attacker.',
    },
    {
      id: 'relay',
      title: 'Is it an open relay?',
      instruction:
        'An **open relay** passes on mail from anyone to anyone. Spammers hunt for them, and blocklists list them within hours. The test by hand: from an outside sender (you are `tester@client.thm`), ask for a recipient at another outside domain, `RCPT TO:<friend@elsewhere.test>`. Then leave with `QUIT`: the test needs no letter.',
      goals: [
        goal('refused', 'Ask for a recipient at a domain the server does not serve, and get refused', (s) => {
          const accepted = acceptedDomains(s);
          return accepted.size > 0 && rcpts(s).some((e) => e.code >= 500 && !accepted.has(rcptDomain(e)));
        }),
        quit,
      ],
      hints: ['A recipient at neither your domain nor example.com; then goodbye.', 'Type: RCPT TO:<friend@elsewhere.test>, then QUIT'],
      explanation:
        '`550 relay not permitted`: this server takes mail only for its own domain, example.com, unless you log in first (the logging-in lesson). An open relay would have said 250. A careful tester then proves it with one letter to an address they own, because some servers say 250 now and refuse later (a 250 is not delivery). Real tests also try a sender at the server’s own domain and odd spellings such as `friend%elsewhere.test@example.com`; old relays fell for each of them.',
    },
  ],
  solution: [
    'EHLO client.thm',
    'VRFY alice@example.com',
    'VRFY carol@example.com',
    'MAIL FROM:<tester@client.thm>',
    'RCPT TO:<alice@example.com>',
    'RCPT TO:<carol@example.com>',
    'RCPT TO:<friend@elsewhere.test>',
    'QUIT',
  ],
};
