import { isNullMx } from '../dns/records.js';
import { answered, goal, lookedUp, mxHostsLookedUp, saidHello } from './goals.js';
import type { Lesson } from './types.js';

export const mxRecords: Lesson = {
  id: 'mx-records',
  kind: 'lesson',
  title: 'Finding the server: MX records',
  goal: 'Ask DNS which server takes mail for a domain, find its address, and knock on its door.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  tools: ['dig'],
  steps: [
    {
      id: 'mx',
      title: 'Who takes mail for server.thm?',
      instruction:
        "An address says **who** (`bob`) and **where** (`server.thm`), but not which computer to connect to. A mail server asks DNS for the domain's **MX** (mail exchanger) record. Ask it yourself: type `dig MX server.thm` into the **DNS lookup** box.",
      goals: [goal('mx', 'Look up the MX record of server.thm', (_s, inputs) => lookedUp(inputs, 'MX', 'server.thm').length > 0)],
      hints: ['Ask DNS for the MX record of the domain after the @.', 'Type in the DNS lookup box: dig MX server.thm'],
      explanation:
        "Read the answer line: mail for `server.thm.` goes to the host `example.thm.`, with preference `10`. A domain may list several MX hosts: the lowest preference is tried first, equal ones share the load, higher ones are backups (RFC 5321 5.1). The host need not be in the same domain: companies often point their MX at their provider's servers.",
    },
    {
      id: 'address',
      title: 'The address behind the name',
      instruction:
        'A name is not something you can connect to: the sender needs its IP address. Look up the address of the host the MX named, with `dig A` (IPv4) or `dig AAAA` (IPv6).',
      goals: [
        goal('address', 'Look up the address (A or AAAA) of the host the MX record named', (_s, inputs) => {
          const hosts = mxHostsLookedUp(inputs);
          return [...lookedUp(inputs, 'A'), ...lookedUp(inputs, 'AAAA')].some((l) => hosts.includes(l.name));
        }),
      ],
      hints: ['The host is the last word of the MX answer; ask for its A record.', 'Type in the DNS lookup box: dig A example.thm'],
      explanation:
        'That is the address a sending server opens a TCP connection to, on port 25. A domain with no MX record at all still gets mail: the sender then uses the domain\'s own A or AAAA record (RFC 5321 5.1 calls it the "implicit MX"). Try `dig MX www.server.thm`: an alias (CNAME) is followed to the name it stands for.',
    },
    {
      id: 'null-mx',
      title: 'A domain that takes no mail',
      instruction: 'Some domains have a web site and no mail at all. Look up `dig MX nullmx.thm`.',
      goals: [goal('null-mx', 'Find a null MX (preference 0, host ".")', (_s, inputs) => lookedUp(inputs, 'MX').some((l) => l.answer.some(isNullMx)))],
      hints: ['Same question, another domain.', 'Type in the DNS lookup box: dig MX nullmx.thm'],
      explanation:
        '`0 .` is a **null MX** (RFC 7505 3): one MX record, preference 0, naming the root `.`, which no server can be. It says "this domain accepts no mail". A sender that sees it gives up at once with a clear bounce, instead of falling back to the domain\'s A record and retrying a web server for days.',
    },
    {
      id: 'connect',
      title: 'Knock on the MX’s door',
      instruction:
        'In a terminal you would now type `telnet example.thm 25`. Here the in-tab sandbox **is** example.thm: check that its 220 greeting names the host the MX record gave you. Then say hello and name a recipient at server.thm, as a server delivering there would.',
      goals: [
        goal('greeting', 'See a 220 greeting that names the host the MX record gave', (s, inputs) => {
          const host = (s.greeting ?? '').split(/\s/)[0]?.toLowerCase() ?? '';
          return answered(s, 'connect', 220) && mxHostsLookedUp(inputs).includes(host);
        }),
        saidHello,
        goal('rcpt', 'Get a recipient at server.thm accepted', (s) =>
          answered(s, 'RCPT', 250, (e) => e.command?.verb === 'RCPT' && e.command.mailbox.domain.toLowerCase() === 'server.thm'),
        ),
      ],
      hints: [
        'The greeting is already in the transcript. Then EHLO, MAIL FROM and RCPT TO, as in lesson 7.',
        'Type: EHLO client.thm, MAIL FROM:<user@client.thm>, RCPT TO:<bob@server.thm>',
      ],
      explanation:
        "That is how servers find each other: MX, then address, then port 25. Your own computer usually cannot do this last step: most home ISPs and cloud providers **block outgoing port 25**, because infected machines once sent spam straight to every MX they could find. A mail program instead hands its mail to its provider's **submission** server: port 587 with STARTTLS and then AUTH (RFC 6409), or port 465 with TLS from the first byte (RFC 8314). That server logs you in, and then does the MX lookup and the port 25 delivery for you (lessons 13 and 14).",
    },
  ],
  solution: [
    { dig: 'dig MX server.thm' },
    { dig: 'dig A example.thm' },
    { dig: 'dig MX nullmx.thm' },
    'EHLO client.thm',
    'MAIL FROM:<user@client.thm>',
    'RCPT TO:<bob@server.thm>',
  ],
};
