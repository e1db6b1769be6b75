import type { Delivery } from '../observe/observer.js';
import { goal, headerAddresses, letterParts } from './goals.js';
import type { Lesson } from './types.js';

/** The first header of this name in a letter, or undefined. */
const header = (d: Delivery, name: string) => d.letter.headers.find((h) => h.name.toLowerCase() === name);

/**
 * RFC 5322 3.3's date-time, loosely: an optional day name, then day, month name, year,
 * hh:mm[:ss] and a numeric zone. Enough to tell a date from "today" or "2026-11-25".
 */
const DATE_TIME =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+[+-]\d{4}\b/i;

/** RFC 5322 3.6.4's msg-id, loosely: <left@right>, no spaces. */
const MSG_ID = /^<[^<>@\s]+@[^<>@\s]+>$/;

export const whatTheLetterMustContain: Lesson = {
  id: 'letter-format',
  kind: 'lesson',
  title: 'What the letter must contain (RFC 5322)',
  goal: 'Write a letter with the headers every message needs, fold a long header, and send text, HTML and an attachment in one MIME message.',
  setup: { personality: 'exim', scenario: 'catch-all' },
  steps: [
    {
      id: 'required',
      title: 'Date and From',
      instruction:
        'SMTP delivered every letter so far, yet most broke a rule: RFC 5322 3.6 says the only header fields a message **must** have are `Date:` (when it was written, RFC 5322 3.6.1) and `From:` (who wrote it, 3.6.2). Send a letter with both, for example `Date: Wed, 25 Nov 2026 10:00:00 +0000` and `From: Alice <alice@client.thm>`.',
      goals: [
        goal('date', 'Deliver a letter with a Date: in RFC 5322 form', (s) => s.deliveries.some((d) => DATE_TIME.test(header(d, 'date')?.value ?? ''))),
        goal('from', 'Deliver a letter whose From: names an address', (s) => s.deliveries.some((d) => headerAddresses(d, 'from').length > 0)),
      ],
      hints: [
        'Both are headers: write them after DATA, before the empty line. The date has a day, a month name, a year, a time and a zone.',
        'Type: EHLO client.thm, MAIL FROM:<alice@client.thm>, RCPT TO:<bob@server.thm>, DATA; then Date: Wed, 25 Nov 2026 10:00:00 +0000, From: Alice <alice@client.thm>, Subject: Two required headers, an empty line, Hi Bob., and a single dot.',
      ],
      explanation:
        'SMTP does not read the letter, so the server took the earlier ones too; but a mail program may show a letter without `Date:` at the wrong place, and spam filters count every missing header against it. A submission server (port 587) may add a missing `Date:` or `Message-ID:` for its users (RFC 6409 8); the sandbox, like a server passing mail on, does not. `Subject:`, `To:` and the rest are optional.',
    },
    {
      id: 'identity',
      title: 'An identity, and a long header folded',
      instruction:
        'Every letter **should** have a `Message-ID:` (RFC 5322 3.6.4): a unique name in angle brackets, like `<20261125100500.1@client.thm>`; replies point to it with `In-Reply-To:`. Lines should be at most 78 characters long (RFC 5322 2.1.1), so a long header is **folded**: a line that begins with a space or a tab continues the header above it (2.2.3). Send a letter with a Message-ID and a Subject folded onto a second line.',
      goals: [
        goal('message-id', 'Deliver a letter with a Message-ID: <something@domain>', (s) =>
          s.deliveries.some((d) => MSG_ID.test(header(d, 'message-id')?.value ?? '')),
        ),
        goal('folded', 'Deliver a letter with a header folded over two lines', (s) => s.deliveries.some((d) => d.letter.headers.some((h) => h.folded))),
      ],
      hints: [
        'The second line of the Subject starts with a space, and comes right after the first.',
        'Type: MAIL FROM:<alice@client.thm>, RCPT TO:<bob@server.thm>, DATA; then Date: and From: as before, Message-ID: <20261125100500.1@client.thm>, Subject: A subject so long that it is folded, then " onto a second line" (starting with a space), an empty line, Hi again., and a single dot.',
      ],
      explanation:
        'A reader joins the folded lines back into one ("unfolding"): the transcript marks the second line as continuing the header. The domain in the Message-ID is the writer\'s, which makes the name unique without a central register.',
    },
    {
      id: 'mime',
      title: 'Text, HTML and an attachment',
      instruction:
        'RFC 5322 letters are plain text. **MIME** adds structure with headers of its own: `MIME-Version: 1.0` (RFC 2045 4), and a `Content-Type` of `multipart/mixed` whose parts are separated by lines of `--` and a **boundary** you choose (RFC 2046 5.1.1); the last is `--boundary--`. Inside it, a `multipart/alternative` gives the same text twice, plain and HTML: the reader shows the last one it can (RFC 2046 5.1.4). A file goes in a part of its own with `Content-Transfer-Encoding: base64` (RFC 2045 6.8), which turns any bytes into short lines of letters, digits, + and /.\n\nShow me types one for you; then open the Mailbox to see its tree.',
      goals: [
        goal('alternative', 'Deliver a MIME letter with a multipart/alternative of two or more parts', (s) =>
          s.deliveries.some(
            (d) =>
              header(d, 'mime-version')?.value.startsWith('1.0') === true &&
              letterParts(d).some((p) => p.contentType === 'multipart/alternative' && p.parts.length >= 2),
          ),
        ),
        goal('attachment', 'In a letter, attach a part encoded in base64', (s) =>
          s.deliveries.some((d) => letterParts(d).some((p) => p.encoding === 'base64' && (p.disposition === 'attachment' || p.filename !== null))),
        ),
      ],
      hints: [
        'Nest them: multipart/mixed holds a multipart/alternative (text/plain, then text/html) and the attachment. Each part is headers, an empty line, then its content.',
        'Type: MAIL FROM:<alice@client.thm>, RCPT TO:<bob@server.thm>, DATA; then the letter in this lesson\'s solution (Show me types it a line at a time): MIME-Version: 1.0, Content-Type: multipart/mixed; boundary="mixed-1", then --mixed-1, the alternative part with its own boundary, --mixed-1 again, the attachment part with Content-Transfer-Encoding: base64, --mixed-1-- and a single dot.',
      ],
      explanation:
        "Open the Mailbox: beside the raw source it shows the tree the boundaries make, with each part's type, encoding and size. Mail programs build exactly this when you attach a file; base64 makes it about a third larger than the file itself, which is why attachments count against size limits (lesson 12) more than you might expect.",
    },
  ],
  solution: [
    'EHLO client.thm',
    'MAIL FROM:<alice@client.thm>',
    'RCPT TO:<bob@server.thm>',
    'DATA',
    'Date: Wed, 25 Nov 2026 10:00:00 +0000',
    'From: Alice <alice@client.thm>',
    'Subject: Two required headers',
    '',
    'Hi Bob.',
    '.',
    'MAIL FROM:<alice@client.thm>',
    'RCPT TO:<bob@server.thm>',
    'DATA',
    'Date: Wed, 25 Nov 2026 10:05:00 +0000',
    'From: Alice <alice@client.thm>',
    'Message-ID: <20261125100500.1@client.thm>',
    'Subject: A subject so long that it is folded',
    ' onto a second line',
    '',
    'Hi again.',
    '.',
    'MAIL FROM:<alice@client.thm>',
    'RCPT TO:<bob@server.thm>',
    'DATA',
    'Date: Wed, 25 Nov 2026 10:10:00 +0000',
    'From: Alice <alice@client.thm>',
    'To: Bob <bob@server.thm>',
    'Message-ID: <20261125101000.2@client.thm>',
    'Subject: Minutes',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed-1"',
    '',
    'This is a message in MIME format.',
    '--mixed-1',
    'Content-Type: multipart/alternative; boundary="alt-1"',
    '',
    '--alt-1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The minutes are attached.',
    '--alt-1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>The <b>minutes</b> are attached.</p>',
    '--alt-1--',
    '',
    '--mixed-1',
    'Content-Type: text/plain; charset=utf-8; name="minutes.txt"',
    'Content-Disposition: attachment; filename="minutes.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    'TWludXRlczogd2UgYWdyZWVkLgo=',
    '--mixed-1--',
    '.',
  ],
};
