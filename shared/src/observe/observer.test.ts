import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { fixedEnv } from '../../test/harness.js';
import { Mailbox } from '../server/mailbox.js';
import { exim } from '../server/personalities/exim.js';
import { postfix } from '../server/personalities/postfix.js';
import { Session } from '../server/session.js';
import { type Direction, Observer, type PostOfficeStep, queueIdOf, type TranscriptLine } from './observer.js';

const enc = new TextEncoder();

/** The foundation issue's telnet session, one client line at a time. */
const CLASSIC = [
  'HELO client.thm',
  'MAIL FROM: <user@client.thm>',
  'RCPT TO: <strategos@server.thm>',
  'DATA',
  'From: user@client.thm\r\nTo: strategos@server.thm\r\nSubject: Telnet email\r\n\r\nHello. I am using telnet to send you an email!\r\n.',
  'QUIT',
];

type Recording = [Direction, Uint8Array][];

/** Runs client lines against the in-memory sandbox, recording both directions. */
function recordSandbox(lines: string[], ending = '\r\n'): Recording {
  const session = new Session({ mailbox: new Mailbox(), ...fixedEnv() });
  const rec: Recording = [['server', session.start().output]];
  for (const l of lines) {
    const bytes = enc.encode(l.replaceAll('\r\n', ending) + ending);
    rec.push(['client', bytes]);
    rec.push(['server', session.receive(bytes).output]);
  }
  return rec;
}

/** Runs the same lines against nodemailer's smtp-server over a real socket. */
async function recordSmtpServer(lines: string[]): Promise<Recording> {
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (s, _x, cb) => s.resume().on('end', () => cb()) });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as net.AddressInfo).port;
  const rec: Recording = [];
  const socket = net.connect(port, '127.0.0.1');
  let buffered = '';
  let wake: (() => void) | null = null;
  socket.on('data', (d) => {
    rec.push(['server', new Uint8Array(d)]);
    buffered += d.toString('latin1');
    wake?.();
  });
  const reply = () =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(buffered)) {
          buffered = '';
          wake = null;
          resolve();
        }
      };
      wake = check;
      check();
    });
  await reply();
  for (const l of lines) {
    const bytes = enc.encode(`${l}\r\n`);
    rec.push(['client', bytes]);
    socket.write(bytes);
    await reply();
  }
  socket.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  return rec;
}

function steps(rec: Recording): PostOfficeStep[] {
  const o = new Observer();
  const seen: PostOfficeStep[] = [];
  for (const [dir, bytes] of rec) {
    o.feed(dir, bytes);
    if (seen[seen.length - 1] !== o.state.step) seen.push(o.state.step);
  }
  return seen;
}

describe('Observer', () => {
  it('follows the classic session through every post-office step', () => {
    expect(steps(recordSandbox(CLASSIC))).toEqual(['arrive', 'greet', 'return-address', 'recipients', 'letter', 'sealed', 'leave']);
  });

  it('unfolds a header that continues on a line starting with white space, and marks it folded', () => {
    const o = new Observer();
    const letter = 'Subject: A long\r\n  subject\r\n\tindeed\r\nTo: b@server.thm\r\n\r\n  not a header\r\n.';
    for (const [d, b] of recordSandbox([...CLASSIC.slice(0, 4), letter])) o.feed(d, b);
    expect(o.state.deliveries[0]?.letter.headers).toEqual([
      { name: 'Subject', value: 'A long subject indeed', folded: true },
      { name: 'To', value: 'b@server.thm' },
    ]);
  });

  it('gets the same steps from nodemailer smtp-server as from the sandbox', async () => {
    expect(steps(await recordSmtpServer(CLASSIC))).toEqual(steps(recordSandbox(CLASSIC)));
  });

  it('builds the transaction, the letter and the receipt', () => {
    const o = new Observer();
    const lines = recordSandbox(CLASSIC.slice(0, 5)).flatMap(([d, b]) => o.feed(d, b));
    const s = o.state;
    expect(s.helo).toEqual({ verb: 'HELO', name: 'client.thm' });
    expect(s.deliveries).toHaveLength(1);
    const [d] = s.deliveries;
    expect(d?.mailFrom).toBe('user@client.thm');
    expect(d?.recipients).toEqual(['strategos@server.thm']);
    expect(d?.letter.headers).toEqual([
      { name: 'From', value: 'user@client.thm' },
      { name: 'To', value: 'strategos@server.thm' },
      { name: 'Subject', value: 'Telnet email' },
    ]);
    expect(d?.letter.body).toBe('Hello. I am using telnet to send you an email!\n');
    expect(d?.queueId).toMatch(/^\w{6}-\w{6}-\w{2}$/);
    expect(lines.map((l) => `${l.direction[0]} ${l.kind}`)).toEqual([
      's reply',
      'c command',
      's reply',
      'c command',
      's reply',
      'c command',
      's reply',
      'c command',
      's reply',
      'c header',
      'c header',
      'c header',
      'c blank',
      'c body',
      'c end-of-data',
      's reply',
    ]);
  });

  it('explains lines and notes the space after the colon', () => {
    const o = new Observer();
    const lines = recordSandbox(CLASSIC.slice(0, 2)).flatMap(([d, b]) => o.feed(d, b));
    const mail = lines.find((l) => l.command?.verb === 'MAIL');
    expect(mail?.explain).toMatch(/return address/);
    expect(mail?.notes.join(' ')).toMatch(/space after the colon/i);
    expect(lines[0]?.replyKey).toBe('R220_GREETING');
  });

  it('shows a refusal with the clerk’s reason', () => {
    const o = new Observer();
    for (const [d, b] of recordSandbox(['HELO client.thm', 'RCPT TO:<a@b.test>'])) o.feed(d, b);
    expect(o.state.refusal).toMatchObject({ context: 'RCPT', code: 503, reason: expect.stringMatching(/MAIL FROM first/) });
    expect(o.state.step).toBe('greet');
  });

  it('marks bare LF endings and a partial line with no ending yet', () => {
    const o = new Observer();
    const lines = recordSandbox(['HELO client.thm'], '\n').flatMap(([d, b]) => o.feed(d, b));
    expect(lines[1]?.ending).toBe('lf');
    o.feed('client', enc.encode('NOO'));
    expect(o.state.partial.client).toBe('NOO');
  });

  describe('a server that ends a letter at any lone dot (Postfix 3.7)', () => {
    const smuggling =
      'Subject: first\r\n\r\nfirst letter\n.\nMAIL FROM:<evil@x.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nsecond\r\n.\r\n';
    /** Every line `o` returns from now on, as the page's store keeps them. */
    function captured(o: Observer): TranscriptLine[] {
      const lines: TranscriptLine[] = [];
      const feed = o.feed.bind(o);
      o.feed = (d, b) => {
        const out = feed(d, b);
        lines.push(...out);
        return out;
      };
      return lines;
    }

    /** A Postfix-like session fed `letter` after DATA, in one write; every chunk of both directions goes to `o`. */
    function play(o: Observer, letter: string, pieces: 'together' | 'by-hand'): void {
      const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), personality: postfix });
      o.feed('server', session.start().output);
      const say = (text: string) => {
        o.feed('client', enc.encode(text));
        o.feed('server', session.receive(enc.encode(text)).output);
      };
      for (const l of ['EHLO a.test', 'MAIL FROM:<a@b.test>', 'RCPT TO:<c@d.test>', 'DATA']) say(`${l}\r\n`);
      if (pieces === 'together') say(letter);
      else for (const l of letter.match(/[^\n]*\n/g) ?? []) say(l);
    }

    it('reads the smuggled commands as commands when told the server’s rule, as the page does for its sandbox', () => {
      const o = new Observer(undefined, { letterEnd: postfix.letterEnd });
      play(o, smuggling, 'together');
      expect(o.state.deliveries.map((d) => d.mailFrom)).toEqual(['a@b.test', 'evil@x.test']);
      expect(o.state.conversation).toBe('ready');
    });

    it('sees it from the replies when typed by hand: the server answered at the lone dot, so the letter ended there', () => {
      const o = new Observer();
      const lines = captured(o);
      play(o, smuggling, 'by-hand');
      expect(o.state.deliveries.map((d) => d.mailFrom)).toEqual(['a@b.test', 'evil@x.test']);
      const answered = lines.find((l) => l.direction === 'server' && l.notes.some((n) => /ended the letter at the lone dot/.test(n)));
      expect(answered?.text).toMatch(/^250 2\.0\.0 Ok: queued as/);
    });

    it('explains the replies to commands it read as letter text when they all came at once', () => {
      const o = new Observer();
      const lines = captured(o);
      play(o, smuggling, 'together');
      const extra = lines.filter((l) => l.direction === 'server' && l.notes.some((n) => /sent as text inside the letter/.test(n)));
      expect(extra.map((l) => l.text.slice(0, 3))).toEqual(['250', '250', '354', '250']);
    });

    it('keeps reading a safe server’s letter whole: Exim-like ends only at CRLF.CRLF', () => {
      const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), personality: exim });
      const o = new Observer(undefined, { letterEnd: exim.letterEnd });
      o.feed('server', session.start().output);
      for (const text of ['EHLO a.test\r\n', 'MAIL FROM:<a@b.test>\r\n', 'RCPT TO:<c@d.test>\r\n', 'DATA\r\n', smuggling]) {
        o.feed('client', enc.encode(text));
        o.feed('server', session.receive(enc.encode(text)).output);
      }
      expect(o.state.deliveries).toHaveLength(1);
      expect(o.state.deliveries[0]?.letter.fakeEnds).toBe(1);
    });
  });

  it('does not end the letter at a smuggled <LF>.<CR><LF>', () => {
    const o = new Observer();
    for (const [d, b] of recordSandbox(['EHLO a.test', 'MAIL FROM:<a@b.test>', 'RCPT TO:<c@d.test>', 'DATA'])) o.feed(d, b);
    const lines = o.feed('client', enc.encode('Subject: x\r\n\r\nfirst\n.\r\nMAIL FROM:<evil@x.test>\r\n'));
    expect(lines.some((l) => l.kind === 'end-of-data')).toBe(false);
    expect(o.state.conversation).toBe('data');
  });

  it('reads a letter pipelined right behind DATA as the letter once 354 arrives', () => {
    const o = new Observer();
    const session = new Session({ mailbox: new Mailbox(), ...fixedEnv() });
    o.feed('server', session.start().output);
    const bytes = enc.encode('EHLO a.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n');
    o.feed('client', bytes);
    o.feed('server', session.receive(bytes).output);
    expect(o.state.deliveries).toHaveLength(1);
    expect(o.state.step).toBe('leave');
  });

  it('does not take plaintext sent after STARTTLS as commands', () => {
    const o = new Observer();
    const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), tls: true });
    o.feed('server', session.start().output);
    o.feed('client', enc.encode('EHLO a.test\r\n'));
    o.feed('server', session.receive(enc.encode('EHLO a.test\r\n')).output);
    const injected = enc.encode('STARTTLS\r\nMAIL FROM:<evil@x.test>\r\n');
    o.feed('client', injected);
    const lines = o.feed('server', session.receive(injected).output);
    session.tlsStarted();
    o.feed('client', enc.encode('EHLO a.test\r\n'));
    o.feed('server', session.receive(enc.encode('EHLO a.test\r\n')).output);
    expect(lines.find((l) => l.text.includes('evil'))?.explain).toMatch(/throws it away/);
    expect(o.state.mailFrom).toBeNull();
    expect(o.state.helo?.verb).toBe('EHLO');
    expect(o.state.tls).toBe(true);
  });

  it('leaves the letter step when the end of the letter is refused', () => {
    const o = new Observer();
    const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), policy: { maxMessageSize: 10 } });
    o.feed('server', session.start().output);
    for (const l of ['EHLO a.test', 'MAIL FROM:<a@b.test>', 'RCPT TO:<c@d.test>', 'DATA', 'Subject: far too long for the limit\r\n\r\nhi\r\n.']) {
      const b = enc.encode(`${l}\r\n`);
      o.feed('client', b);
      o.feed('server', session.receive(b).output);
    }
    expect(o.state.refusal?.code).toBe(552);
    expect(o.state.step).toBe('greet');
  });

  it('reads queue ids in the forms Exim, Postfix and others use', () => {
    expect(queueIdOf('OK id=1sMrpq-0001Ah-UT')).toBe('1sMrpq-0001Ah-UT');
    expect(queueIdOf('2.0.0 Ok: queued as 4F2A83C1E5')).toBe('4F2A83C1E5');
    expect(queueIdOf('OK: message queued')).toBeNull();
  });
});

describe('Observer, with letters in BDAT chunks', () => {
  const bdat = (chunk: string, last = false) => `BDAT ${enc.encode(chunk).length}${last ? ' LAST' : ''}\r\n${chunk}`;

  /** Client writes against the sandbox of a personality, with what the observer made of them. */
  function observe(personality: typeof exim, writes: string[]) {
    const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), personality });
    const o = new Observer();
    const lines = o.feed('server', session.start().output);
    const steps: PostOfficeStep[] = [];
    for (const w of writes) {
      lines.push(...o.feed('client', enc.encode(w)));
      lines.push(...o.feed('server', session.receive(enc.encode(w)).output));
      if (steps[steps.length - 1] !== o.state.step) steps.push(o.state.step);
    }
    const shown = lines.map((l) => `${l.direction === 'client' ? 'C' : 'S'} ${l.kind}${l.ending === 'crlf' ? '' : ` (${l.ending})`}: ${l.text}`);
    return { o, lines, shown, steps };
  }

  it('splits each chunk off by its count, shows where one ends in mid-line, and joins the lines in the letter', () => {
    const { o, shown, steps } = observe(exim, [
      'EHLO client.thm\r\nMAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\n',
      bdat('Subject: BD'),
      bdat('AT\r\n\r\nFirst chunk, '),
      bdat('second chunk.', true),
    ]);
    expect(shown.slice(-12)).toEqual([
      'C command: BDAT 11',
      'C header (none): Subject: BD',
      'S reply: 250 11 byte chunk received',
      'C command: BDAT 19',
      'C header: AT',
      'C blank: ',
      'C body (none): First chunk, ',
      'S reply: 250 19 byte chunk received',
      'C command: BDAT 13 LAST',
      'C body (none): second chunk.',
      'S reply: 250- 13 byte chunk, total 45',
      expect.stringMatching(/^S reply: 250 OK id=/),
    ]);
    expect(o.state.deliveries).toEqual([
      {
        queueId: expect.stringMatching(/^\w{6}-\w{6}-\w{2}$/),
        mailFrom: 'user@client.thm',
        recipients: ['strategos@server.thm'],
        letter: { headers: [{ name: 'Subject', value: 'BDAT' }], body: 'First chunk, second chunk.\n', stuffedLines: 0, fakeEnds: 0, truncated: false },
      },
    ]);
    expect(steps).toEqual(['recipients', 'letter', 'sealed']);
  });

  it('takes a lone dot and command lines inside a chunk as letter text, and reads what follows it as commands', () => {
    const { o, shown } = observe(postfix, [
      'EHLO client.thm\r\n',
      `MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\n${bdat('Subject: x\r\n\r\n.\r\nQUIT\r\n', true)}NOOP\r\n`,
    ]);
    expect(shown.filter((l) => l.startsWith('C'))).toEqual([
      'C command: EHLO client.thm',
      'C command: MAIL FROM:<user@client.thm>',
      'C command: RCPT TO:<strategos@server.thm>',
      'C command: BDAT 23 LAST',
      'C header: Subject: x',
      'C blank: ',
      'C body: .',
      'C body: QUIT',
      'C command: NOOP',
    ]);
    expect(o.state.deliveries[0]?.letter.body).toBe('.\nQUIT\n');
    expect(o.state.conversation).toBe('ready');
  });

  it('reads the octets after a BDAT that EHLO never offered as its chunk, where the server took them', () => {
    const { o, shown } = observe(postfix, [
      'HELO client.thm\r\n',
      `MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\n${bdat('Subject: x\r\n\r\nHi.\r\n', true)}`,
    ]);
    expect(shown.slice(-6)).toEqual([
      'S reply: 250 2.1.0 Ok',
      'S reply: 250 2.1.5 Ok',
      'C header: Subject: x',
      'C blank: ',
      'C body: Hi.',
      expect.stringMatching(/^S reply: 250 2\.0\.0 Ok: 19 bytes queued as /),
    ]);
    expect(o.state.deliveries).toHaveLength(1);
  });

  it('reads them as commands where the server refused BDAT at once', () => {
    const { o, shown } = observe(exim, [
      'HELO client.thm\r\n',
      'MAIL FROM:<user@client.thm>\r\n',
      'RCPT TO:<strategos@server.thm>\r\n',
      bdat('NOOP\r\n', true),
    ]);
    expect(shown.slice(-4)).toEqual([
      'C command: BDAT 6 LAST',
      'S reply: 503 BDAT command used when CHUNKING not advertised',
      'C command: NOOP',
      'S reply: 250 OK',
    ]);
    expect(o.state.letter).toBeNull();
    expect(o.state.conversation).toBe('rcpt');
  });

  it('drops the letter when its chunk is refused, and keeps the transaction where the server does', () => {
    const { o, steps } = observe(exim, ['EHLO client.thm\r\nMAIL FROM:<user@client.thm>\r\n', bdat('Subject: x\r\n\r\nNo one.\r\n', true)]);
    expect(o.state.refusal).toMatchObject({ context: 'bdat-last', code: 503 });
    expect(o.state.letter).toBeNull();
    expect(o.state.mailFrom).toBe('user@client.thm');
    expect(steps).toEqual(['return-address']);
  });
});

describe('Observer, with PRDR', () => {
  it('reads the 353 to the letter’s end as one reply per accepted recipient to come, then the letter’s own', () => {
    const session = new Session({ mailbox: new Mailbox(), ...fixedEnv(), personality: exim });
    const o = new Observer();
    const lines = o.feed('server', session.start().output);
    for (const w of [
      'EHLO client.thm\r\nMAIL FROM:<user@client.thm> PRDR\r\nRCPT TO:<strategos@server.thm>\r\nRCPT TO:<nobody@server.thm\r\nRCPT TO:<hermes@server.thm>\r\nDATA\r\n',
      'Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n',
    ]) {
      lines.push(...o.feed('client', enc.encode(w)));
      lines.push(...o.feed('server', session.receive(enc.encode(w)).output));
    }
    const replies = lines.filter((l) => l.direction === 'server').slice(-5);
    expect(replies.map((l) => [l.text.replace(/id=\S+/, 'id=ID'), l.replyKey])).toEqual([
      ['353 PRDR content analysis beginning', 'R353_PRDR'],
      ['250 PRDR R=<strategos@server.thm> acceptance', 'R250_PRDR_RECIPIENT'],
      ['250 PRDR R=<hermes@server.thm> acceptance', 'R250_PRDR_RECIPIENT'],
      ['250 id=ID message accepted', 'R250_PRDR_QUEUED'],
      ['221 example.thm closing connection', 'R221_BYE'],
    ]);
    expect(o.state.deliveries).toEqual([
      expect.objectContaining({ queueId: expect.stringMatching(/^\w{6}-\w{6}-\w{2}$/), recipients: ['strategos@server.thm', 'hermes@server.thm'] }),
    ]);
    expect(o.state.exchanges.slice(-5).map((e) => e.context)).toEqual(['data-end', 'prdr', 'prdr', 'data-end', 'QUIT']);
  });
});
