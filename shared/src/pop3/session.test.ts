import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailboxWithClassic, pop3Connect, pop3LoggedIn, sendOverSmtp } from '../../test/pop3-harness.js';
import { encodeBase64 } from '../protocol/base64.js';
import { decodeText, encodeText } from '../protocol/bytes.js';
import { Mailbox } from '../server/mailbox.js';
import { Maildrops } from './maildrops.js';
import { OUTPUT_BOUND, Pop3Session } from './session.js';

const plain = (authzid: string, user: string, password: string) => encodeBase64(encodeText(`${authzid}\0${user}\0${password}`));

describe('Pop3Session: greeting and login (RFC 1939 4, 7)', () => {
  it('greets as Dovecot does, with no APOP timestamp', () => {
    expect(pop3Connect().greeting).toBe('+OK Dovecot ready.\r\n');
  });

  it('logs in with USER and PASS: any local part, the password "sandbox"', () => {
    const h = pop3Connect();
    expect(h.send('USER strategos\r\n')).toBe('+OK\r\n');
    expect(h.send('PASS sandbox\r\n')).toBe('+OK Logged in.\r\n');
    expect(h.session.state).toBe('transaction');
    expect(pop3LoggedIn({}, 'learner').send('STAT\r\n')).toBe('+OK 0 0\r\n');
  });

  it('refuses a wrong password and a PASS without USER, and stays in AUTHORIZATION', () => {
    const h = pop3Connect();
    expect(h.send('USER strategos\r\nPASS secret\r\n')).toBe('+OK\r\n-ERR [AUTH] Authentication failed.\r\n');
    expect(h.send('PASS sandbox\r\n')).toBe('-ERR No username given.\r\n');
    expect(h.send('USER\r\nPASS sandbox\r\n')).toBe('+OK\r\n-ERR [AUTH] Authentication failed.\r\n');
    expect(h.session.state).toBe('authorization');
  });

  it('answers APOP as Dovecot does when it is not configured', () => {
    expect(pop3Connect().send('APOP strategos c4c9334bac560ecc979e58001b3e22fb\r\n')).toBe('-ERR APOP not enabled.\r\n');
  });

  it('takes AUTH PLAIN with an initial response and after "+ " (RFC 5034 4)', () => {
    expect(pop3Connect().send(`AUTH PLAIN ${plain('', 'strategos', 'sandbox')}\r\n`)).toBe('+OK Logged in.\r\n');
    const h = pop3Connect();
    expect(h.send('AUTH PLAIN\r\n')).toBe('+ \r\n');
    expect(h.send(`${plain('strategos', 'strategos', 'sandbox')}\r\n`)).toBe('+OK Logged in.\r\n');
    expect(h.send('STAT\r\n')).toMatch(/^\+OK 1 \d+\r\n$/);
  });

  it('refuses AUTH PLAIN with bad base64, another authzid, "*", or an unknown mechanism; lists its mechanisms for a bare AUTH', () => {
    const h = pop3Connect();
    expect(h.send('AUTH PLAIN not-base64\r\n')).toBe('-ERR [AUTH] Invalid base64 data in initial response\r\n');
    expect(h.send('AUTH PLAIN\r\nnot-base64!\r\n')).toBe('+ \r\n-ERR [AUTH] Invalid base64 in response\r\n');
    expect(h.send(`AUTH PLAIN ${plain('postmaster', 'strategos', 'sandbox')}\r\n`)).toBe('-ERR [AUTH] Authentication failed.\r\n');
    expect(h.send('AUTH PLAIN\r\n*\r\n')).toBe('+ \r\n-ERR Authentication aborted by client.\r\n');
    expect(h.send('AUTH CRAM-MD5\r\n')).toBe('-ERR [AUTH] Unsupported authentication mechanism.\r\n');
    expect(h.send('AUTH\r\n')).toBe('+OK\r\nPLAIN\r\n.\r\n');
    expect(h.session.state).toBe('authorization');
  });

  it("says goodbye before login in the login process's words", () => {
    const h = pop3Connect();
    expect(h.send('QUIT\r\n')).toBe('+OK Logging out\r\n');
    expect(h.events).toEqual([{ type: 'close' }]);
  });
});

describe('Pop3Session: CAPA and STLS (RFC 2449 5, RFC 2595 4)', () => {
  it("lists Dovecot's capabilities before login, STLS only where TLS can begin", () => {
    expect(pop3Connect({ tls: true }).send('CAPA\r\n')).toBe(
      '+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nUSER\r\nSASL PLAIN\r\n.\r\n',
    );
    expect(pop3Connect().send('CAPA\r\n')).not.toContain('STLS');
    expect(pop3Connect({ tls: true, implicitTls: true }).send('CAPA\r\n')).not.toContain('STLS');
  });

  it("lists the session's capabilities after login", () => {
    expect(pop3LoggedIn().send('CAPA\r\n')).toBe('+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\n.\r\n');
  });

  it('starts TLS: drops what came after STLS in plaintext, forgets USER, and offers STLS no more', () => {
    const h = pop3Connect({ tls: true });
    h.send('USER strategos\r\n');
    expect(h.send('STLS\r\nPASS sandbox\r\n')).toBe('+OK Begin TLS negotiation now.\r\n');
    expect(h.events).toEqual([{ type: 'startTls' }]);
    expect(h.session.tlsStarted().output).toHaveLength(0);
    expect(h.send('PASS sandbox\r\n')).toBe('-ERR No username given.\r\n');
    expect(h.send('CAPA\r\n')).not.toContain('STLS');
    expect(h.send('STLS\r\n')).toBe('-ERR TLS is already active.\r\n');
    expect(h.send('USER strategos\r\nPASS sandbox\r\n')).toBe('+OK\r\n+OK Logged in.\r\n');
  });

  it('refuses STLS where the driver has no TLS, and knows it not after login', () => {
    expect(pop3Connect().send('STLS\r\n')).toBe("-ERR TLS support isn't enabled.\r\n");
    expect(pop3LoggedIn({ tls: true }).send('STLS\r\n')).toBe('-ERR Unknown command: STLS\r\n');
  });
});

describe('Pop3Session: reading the maildrop (RFC 1939 5, 7)', () => {
  it('counts, lists and retrieves the message sent over SMTP, byte for byte', () => {
    const h = pop3LoggedIn();
    const [stored] = h.mailbox.list();
    const raw = (stored as { raw: Uint8Array }).raw;
    expect(h.send('STAT\r\n')).toBe(`+OK 1 ${raw.length}\r\n`);
    expect(h.send('LIST\r\n')).toBe(`+OK 1 messages:\r\n1 ${raw.length}\r\n.\r\n`);
    expect(h.send('LIST 1\r\n')).toBe(`+OK 1 ${raw.length}\r\n`);
    const retr = h.send('RETR 1\r\n');
    expect(retr).toBe(`+OK ${raw.length} octets\r\n${decodeText(raw)}.\r\n`);
    expect(retr).toContain('Subject: Telnet email\r\n');
    expect(retr).toMatch(/\r\nReceived: from \[10\.10\.1\.2\] \(helo=client\.thm\)\r\n/);
  });

  it('stuffs a line that begins with a dot, ends bare LFs with CRLF, and counts the size with CRLF', () => {
    const mailbox = new Mailbox();
    sendOverSmtp(mailbox, 'a@client.thm', ['bob@server.thm'], 'Subject: dots\r\n\r\n.hidden\r\n..two\r\n');
    mailbox.add({
      id: 'lf-1',
      mailFrom: '',
      rcptTo: ['bob@x.test'],
      raw: encodeText('Subject: lf\n\nline\n.dot'),
      size: 21,
      receivedAt: '',
      helo: '',
      clientAddress: '',
      protocol: 'local',
    });
    const h = pop3LoggedIn({ mailbox }, 'bob');
    expect(h.send('RETR 1\r\n')).toMatch(/\r\n\r\n\.\.hidden\r\n\.\.\.two\r\n\.\r\n$/);
    expect(h.send('LIST 2\r\n')).toBe('+OK 2 25\r\n');
    expect(h.send('RETR 2\r\n')).toBe('+OK 25 octets\r\nSubject: lf\r\n\r\nline\r\n..dot\r\n.\r\n');
  });

  it('shows the header and as many body lines as asked with TOP', () => {
    const mailbox = new Mailbox();
    sendOverSmtp(mailbox, 'a@client.thm', ['bob@server.thm'], 'Subject: top\r\n\r\none\r\ntwo\r\nthree\r\n');
    const h = pop3LoggedIn({ mailbox }, 'bob');
    const retr = h.send('RETR 1\r\n');
    const header = retr.slice(retr.indexOf('\r\n') + 2, retr.indexOf('\r\n\r\n') + 4);
    expect(h.send('TOP 1 0\r\n')).toBe(`+OK\r\n${header}.\r\n`);
    expect(h.send('TOP 1 2\r\n')).toBe(`+OK\r\n${header}one\r\ntwo\r\n.\r\n`);
    expect(h.send('TOP 1 99\r\n')).toBe(`+OK\r\n${header}one\r\ntwo\r\nthree\r\n.\r\n`);
  });

  it('reads message numbers as Dovecot does', () => {
    const h = pop3LoggedIn();
    expect(h.send('RETR\r\n')).toBe('-ERR Invalid message number: \r\n');
    expect(h.send('RETR one\r\n')).toBe('-ERR Invalid message number: one\r\n');
    expect(h.send('RETR 2\r\n')).toBe("-ERR There's no message 2.\r\n");
    expect(h.send('RETR 0\r\n')).toBe("-ERR There's no message 0.\r\n");
    expect(h.send('RETR 1x\r\n')).toBe('-ERR Noise after message number: x\r\n');
    expect(h.send('RETR 99999999999\r\n')).toBe('-ERR Message number too large: \r\n');
    expect(h.send('TOP 1\r\n')).toBe('-ERR Noise after message number: \r\n');
    expect(h.send('TOP 1 x\r\n')).toBe('-ERR Invalid size: x\r\n');
    expect(h.send('TOP 1 5 6\r\n')).toBe('-ERR Noise after size:  6\r\n');
    expect(h.send('retr   1\r\n')).toMatch(/^\+OK \d+ octets\r\n/);
  });

  it('gives each message a unique-id that is the same in every session', () => {
    const h = pop3LoggedIn();
    const [stored] = h.mailbox.list();
    const id = (stored as { id: string }).id;
    expect(h.send('UIDL\r\n')).toBe(`+OK\r\n1 ${id}\r\n.\r\n`);
    expect(h.send('UIDL 1\r\n')).toBe(`+OK 1 ${id}\r\n`);
    expect(pop3LoggedIn({ mailbox: h.mailbox }).send('UIDL 1\r\n')).toBe(`+OK 1 ${id}\r\n`);
  });

  it('answers NOOP, and an unknown command with its name uppercased', () => {
    const h = pop3LoggedIn();
    expect(h.send('NOOP\r\n')).toBe('+OK\r\n');
    expect(h.send('last\r\n')).toBe('-ERR Unknown command: LAST\r\n');
    expect(h.send('USER strategos\r\n')).toBe('-ERR Unknown command: USER\r\n');
    expect(h.send('\r\n')).toBe('-ERR Unknown command.\r\n');
  });
});

describe('Pop3Session: deleting (RFC 1939 5, 6)', () => {
  it('only marks with DELE; RSET takes the marks back; QUIT with nothing marked deletes nothing', () => {
    const h = pop3LoggedIn();
    expect(h.send('DELE 1\r\n')).toBe('+OK Marked to be deleted.\r\n');
    expect(h.send('STAT\r\n')).toBe('+OK 0 0\r\n');
    expect(h.send('RETR 1\r\n')).toBe('-ERR Message is deleted.\r\n');
    expect(h.send('LIST\r\n')).toBe('+OK 0 messages:\r\n.\r\n');
    expect(h.send('RSET\r\n')).toBe('+OK\r\n');
    expect(h.send('STAT\r\n')).toMatch(/^\+OK 1 /);
    expect(h.send('QUIT\r\n')).toBe('+OK Logging out.\r\n');
    expect(pop3LoggedIn({ mailbox: h.mailbox }).send('STAT\r\n')).toMatch(/^\+OK 1 /);
  });

  it('removes the marked messages at QUIT, from this maildrop only: the mailbox and other recipients keep them', () => {
    const mailbox = mailboxWithClassic();
    sendOverSmtp(mailbox, 'a@client.thm', ['strategos@server.thm', 'bob@server.thm'], 'Subject: both\r\n\r\nhi\r\n', 2);
    const maildrops = new Maildrops(mailbox);
    const h = pop3LoggedIn({ mailbox, maildrops });
    expect(h.send('DELE 2\r\n')).toBe('+OK Marked to be deleted.\r\n');
    expect(h.send('QUIT\r\n')).toBe('+OK Logging out, messages deleted.\r\n');
    expect(h.session.state).toBe('closed');
    expect(h.events).toEqual([{ type: 'close' }]);
    expect(pop3LoggedIn({ mailbox, maildrops }).send('STAT\r\n')).toMatch(/^\+OK 1 /);
    expect(pop3LoggedIn({ mailbox, maildrops }, 'bob').send('STAT\r\n')).toMatch(/^\+OK 1 /);
    expect(mailbox.list()).toHaveLength(2);
  });

  it('deletes nothing when the connection is lost in TRANSACTION', () => {
    const mailbox = mailboxWithClassic();
    const maildrops = new Maildrops(mailbox);
    const h = pop3LoggedIn({ mailbox, maildrops });
    h.send('DELE 1\r\n');
    h.session.close();
    expect(h.session.state).toBe('closed');
    expect(pop3LoggedIn({ mailbox, maildrops }).send('STAT\r\n')).toMatch(/^\+OK 1 /);
  });
});

describe('Pop3Session: limits', () => {
  it('hangs up on the third unknown command in a row before login', () => {
    const h = pop3Connect();
    expect(h.send('HELO\r\nEHLO\r\n')).toBe('-ERR Unknown command.\r\n-ERR Unknown command.\r\n');
    expect(h.send('CAPA\r\nHELO\r\nEHLO\r\n')).not.toContain('Too many');
    expect(h.send('RETR 1\r\nNOOP\r\n')).toBe('-ERR Unknown command.\r\n-ERR Too many invalid bad commands.\r\n');
    expect(h.events).toEqual([{ type: 'close' }]);
  });

  it('hangs up after more than 20 failed commands in a row after login, deleting nothing', () => {
    const mailbox = mailboxWithClassic();
    const maildrops = new Maildrops(mailbox);
    const h = pop3LoggedIn({ mailbox, maildrops });
    h.send('DELE 1\r\n');
    const said = h.send('RETR 9\r\n'.repeat(21));
    expect(said.endsWith("-ERR There's no message 9.\r\n-ERR Too many bad commands.\r\n")).toBe(true);
    expect(said.split('\r\n')).toHaveLength(23);
    expect(h.events).toEqual([{ type: 'close' }]);
    expect(pop3LoggedIn({ mailbox, maildrops }).send('STAT\r\n')).toMatch(/^\+OK 1 /);
  });

  it('hangs up on a line too long, before and after login', () => {
    const before = pop3Connect();
    expect(before.send(`USER ${'x'.repeat(1020)}\r\n`)).toBe('-ERR Input buffer full, aborting\r\n');
    expect(before.session.state).toBe('closed');
    expect(pop3Connect().send(`USER ${'x'.repeat(1019)}\r\n`)).toBe('+OK\r\n');
    expect(pop3LoggedIn().send(`NOOP ${'x'.repeat(3000)}`)).toBe('-ERR Input line too long.\r\n');
  });

  it('reads nothing after QUIT', () => {
    const h = pop3LoggedIn();
    expect(h.send('QUIT\r\nSTAT\r\n')).toBe('+OK Logging out.\r\n');
    expect(h.send('STAT\r\n')).toBe('');
  });
});

describe('Pop3Session: any chunking, any bytes', () => {
  const script = `CAPA\r\nUSER strategos\r\nPASS sandbox\r\nSTAT\r\nLIST\r\nUIDL\r\nTOP 1 1\r\nRETR 1\r\nDELE 1\r\nRSET\r\nnonsense\r\nQUIT\r\n`;
  const run = (chunks: Uint8Array[]) => {
    const session = new Pop3Session({ maildrops: new Maildrops(mailbox), clock: () => 0, random: () => 0 });
    const out = [decodeText(session.start().output)];
    for (const c of chunks) out.push(decodeText(session.receive(c).output));
    return out.join('');
  };
  const mailbox = mailboxWithClassic();
  const bytes = encodeText(script);
  const whole = run([bytes]);

  it('answers the same whether the commands come together, one byte at a time, or split anywhere', () => {
    expect(whole).toContain('+OK Logged in.\r\n');
    expect(run([...bytes].map((b) => Uint8Array.of(b)))).toBe(whole);
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 12 }), (cuts) => {
        const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
        return run(at.slice(1).map((end, i) => bytes.subarray(at[i], end))) === whole;
      }),
    );
  });

  it('never throws, whatever bytes come, before or after login', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.boolean(), (chunks, login) => {
        const session = new Pop3Session({ maildrops: new Maildrops(mailbox), clock: () => 0, random: () => 0, tls: true });
        session.start();
        if (login) session.receive(encodeText('USER strategos\r\nPASS sandbox\r\n'));
        for (const c of chunks) session.receive(c);
        session.tlsStarted();
        session.close();
      }),
    );
  });
});

describe('Pop3Session: pipelined commands behind a large reply', () => {
  it('reads no further once a reply passes OUTPUT_BOUND, and reads on at resume(), with the same replies in the same order', () => {
    const mailbox = new Mailbox();
    const line = `${'x'.repeat(998)}\r\n`;
    sendOverSmtp(mailbox, 'user@client.thm', ['strategos@server.thm'], `Subject: big\r\n\r\n${line.repeat(1500)}`);
    const h = pop3LoggedIn({ mailbox });
    const session = h.session;
    const first = session.receive(encodeText('RETR 1\r\n'.repeat(20)));
    expect(session.waiting).toBe(true);
    // One RETR's worth goes out: the bound is passed by the first message, and reading stops there.
    expect(first.output.length).toBeLessThan(2 * OUTPUT_BOUND);
    let text = decodeText(first.output);
    let turns = 0;
    while (session.waiting && turns++ < 100) {
      const more = session.resume();
      expect(more.output.length).toBeLessThan(2 * OUTPUT_BOUND);
      text += decodeText(more.output);
    }
    expect(session.waiting).toBe(false);
    expect(text.match(/^\+OK \d+ octets\r\n/gm)).toHaveLength(20);
    // The same bytes, one command at a time.
    const alone = pop3LoggedIn({ mailbox });
    expect(decodeText(alone.session.receive(encodeText('RETR 1\r\n')).output).repeat(20)).toBe(text);
  });
});
