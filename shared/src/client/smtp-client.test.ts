import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText } from '../protocol/bytes.js';
import { classicMessage } from './classic-message.js';
import { retryEnvelope } from './outcome.js';
import { MAX_REPLY_LINE, MAX_REPLY_LINES } from './reply-framer.js';
import { type ClientEvent, type ClientOptions, SmtpClient } from './smtp-client.js';

/**
 * A scripted server: each entry answers the client's next write (a string, sent whole;
 * or a function of what the client wrote). `null` hangs up. The client's writes and
 * events are kept, so a test reads the dialogue as a transcript.
 */
type Say = string | null | ((written: string) => string | null);

function talk(client: SmtpClient, greeting: string, script: readonly Say[]) {
  const writes: string[] = [];
  const events: ClientEvent[] = [];
  const take = (r: { output: Uint8Array; events: ClientEvent[] }) => {
    if (r.output.length > 0) writes.push(decodeText(r.output));
    events.push(...r.events);
  };
  take(client.receive(encodeText(greeting)));
  for (const say of script) {
    if (events.some((e) => e.type === 'close')) break;
    if (events.at(-1)?.type === 'startTls') take(client.tlsStarted());
    const answer = typeof say === 'function' ? say(writes.at(-1) ?? '') : say;
    if (answer === null) {
      take(client.connectionLost());
      break;
    }
    take(client.receive(encodeText(answer)));
  }
  return { writes, events, outcome: client.outcome };
}

const { envelope, letter } = classicMessage();
const AUTOPLAY: ClientOptions = {
  hello: 'client.thm',
  starttls: 'when-asked',
  auth: { user: 'learner', password: 'sandbox', when: 'asked' },
  pipelining: false,
};
const GREETING = '220 mx.example ESMTP\r\n';
const EHLO = '250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240\r\n250 8BITMIME\r\n';
const classic = (options: ClientOptions = { hello: 'client.thm' }) => new SmtpClient(envelope, letter, options);

describe('SmtpClient, the classic session', () => {
  it('says EHLO, MAIL, RCPT, DATA, the letter and QUIT, one at a time, and reports the delivery', () => {
    const { writes, events, outcome } = talk(classic(AUTOPLAY), GREETING, [
      EHLO,
      '250 OK\r\n',
      '250 Accepted\r\n',
      '354 Go on\r\n',
      '250 OK id=1a2b3c\r\n',
      '221 Bye\r\n',
    ]);
    expect(writes).toEqual([
      'EHLO client.thm\r\n',
      'MAIL FROM:<user@client.thm>\r\n',
      'RCPT TO:<strategos@server.thm>\r\n',
      'DATA\r\n',
      'From: user@client.thm\r\nTo: strategos@server.thm\r\nSubject: Telnet email\r\n\r\nHello. I am using telnet to send you an email!\r\n.\r\n',
      'QUIT\r\n',
    ]);
    expect(outcome).toMatchObject({
      result: 'delivered',
      queueId: '1a2b3c',
      dataReply: { code: 250 },
      recipients: [{ address: 'strategos@server.thm', status: 'delivered' }],
    });
    expect(events.map((e) => e.type)).toEqual(['recipient', 'done', 'close']);
  });

  it('pipelines MAIL, RCPT and DATA in one write where PIPELINING is offered', () => {
    const two = new SmtpClient({ mailFrom: 'a@x.test', recipients: ['b@y.test', 'c@y.test'] }, letter, { hello: 'client.thm' });
    const { writes, outcome } = talk(two, GREETING, [EHLO, '250 OK\r\n250 OK\r\n550 No such user\r\n354 Go on\r\n', '250 queued as ABC123\r\n', '221 Bye\r\n']);
    expect(writes[1]).toBe('MAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\nRCPT TO:<c@y.test>\r\nDATA\r\n');
    expect(outcome).toMatchObject({ result: 'partial', queueId: 'ABC123' });
    expect(outcome?.recipients.map((r) => r.status)).toEqual(['delivered', 'failed']);
  });

  it('reads multi-line replies however the bytes are cut, bare LF endings too', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), fc.boolean(), (sizes, bareLf) => {
        const replies = [GREETING, EHLO, '250 OK\r\n', '250-Accepted\r\n250 really\r\n', '354 Go on\r\n', '250 OK id=1a2b3c\r\n', '221 Bye\r\n'].map((r) =>
          bareLf ? r.replaceAll('\r\n', '\n') : r,
        );
        const whole = new SmtpClient(envelope, letter, AUTOPLAY);
        const cut = new SmtpClient(envelope, letter, AUTOPLAY);
        const wholeOut: string[] = [];
        const cutOut: string[] = [];
        for (const r of replies) {
          wholeOut.push(decodeText(whole.receive(encodeText(r)).output));
          const bytes = encodeText(r);
          let out = '';
          for (let at = 0, n = 0; at < bytes.length; at += sizes[n++ % sizes.length] as number) {
            out += decodeText(cut.receive(bytes.subarray(at, at + (sizes[n % sizes.length] as number))).output);
          }
          cutOut.push(out);
        }
        expect(cutOut).toEqual(wholeOut);
        expect(cut.outcome).toEqual(whole.outcome);
        expect(whole.outcome?.result).toBe('delivered');
      }),
    );
  });

  it('sends a null sender as <>', () => {
    const bounce = new SmtpClient({ mailFrom: '', recipients: ['b@y.test'] }, letter, AUTOPLAY);
    const { writes } = talk(bounce, GREETING, [EHLO]);
    expect(writes[1]).toBe('MAIL FROM:<>\r\n');
  });

  it('takes 251 (not local, will forward) as accepted', () => {
    const { outcome } = talk(classic(AUTOPLAY), GREETING, [
      EHLO,
      '250 OK\r\n',
      '251 User not local; will forward\r\n',
      '354 Go on\r\n',
      '250 OK\r\n',
      '221 Bye\r\n',
    ]);
    expect(outcome?.result).toBe('delivered');
  });
});

describe('SmtpClient, replies that end the attempt', () => {
  it('421 at the greeting: deferred, no QUIT, close at once', () => {
    const { writes, events, outcome } = talk(classic(), '421 mx.example Service not available\r\n', []);
    expect(writes).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['done', 'close']);
    expect(outcome).toMatchObject({ result: 'deferred', recipients: [{ status: 'deferred', reply: { code: 421 } }] });
    expect(outcome?.why).toMatch(/^421 at the greeting: “mx\.example Service not available”\. The server is closing/);
  });

  it('554 at the greeting: failed, and QUIT', () => {
    const { writes, outcome } = talk(classic(), '554 No SMTP service here\r\n', ['221 Bye\r\n']);
    expect(writes).toEqual(['QUIT\r\n']);
    expect(outcome?.result).toBe('failed');
  });

  it('421 in the middle (to RCPT): deferred for everyone, no QUIT, and the retry is the whole envelope', () => {
    const { writes, events, outcome } = talk(classic(AUTOPLAY), GREETING, [EHLO, '250 OK\r\n', '421 4.3.2 Shutting down\r\n']);
    expect(writes.at(-1)).toBe('RCPT TO:<strategos@server.thm>\r\n');
    expect(events.at(-1)).toEqual({ type: 'close' });
    expect(outcome).toMatchObject({ result: 'deferred', why: expect.stringMatching(/^421 4\.3\.2 at RCPT TO <strategos@server\.thm>/) });
    expect(retryEnvelope(envelope, outcome as NonNullable<typeof outcome>)).toEqual(envelope);
  });

  it('a 421 nobody asked for (nothing pending) ends the attempt too', () => {
    const client = classic(AUTOPLAY);
    client.receive(encodeText(`${GREETING}${EHLO}`)); // EHLO's reply came before EHLO was sent: one reply too many
    const r = client.receive(encodeText('421 Timeout\r\n'));
    expect(r.events.map((e) => e.type)).toContain('close');
    expect(client.outcome?.result).toBe('deferred');
  });

  it('4xx to MAIL: deferred; 5xx to MAIL: failed; QUIT either way', () => {
    for (const [reply, result] of [
      ['451 Try later\r\n', 'deferred'],
      ['553 Sender refused\r\n', 'failed'],
    ] as const) {
      const { writes, outcome } = talk(classic(AUTOPLAY), GREETING, [EHLO, reply, '221 Bye\r\n']);
      expect(writes.at(-1)).toBe('QUIT\r\n');
      expect(outcome?.result).toBe(result);
    }
  });

  it('a refused letter: deferred or failed with the reply to the dot as dataReply', () => {
    for (const [reply, result] of [
      ['452 4.3.1 Insufficient storage\r\n', 'deferred'],
      ['554 5.7.1 Spam\r\n', 'failed'],
    ] as const) {
      const { outcome } = talk(classic(AUTOPLAY), GREETING, [EHLO, '250 OK\r\n', '250 OK\r\n', '354 Go\r\n', reply, '221 Bye\r\n']);
      expect(outcome).toMatchObject({ result, dataReply: { code: Number(reply.slice(0, 3)) }, queueId: null });
      expect(outcome?.why).toMatch(/ at the end of the letter: /);
    }
  });

  it('every recipient refused, without PIPELINING: no DATA, QUIT', () => {
    const { writes, outcome } = talk(classic(AUTOPLAY), GREETING, [EHLO, '250 OK\r\n', '550 5.1.1 No such user\r\n', '221 Bye\r\n']);
    expect(writes).not.toContain('DATA\r\n');
    expect(writes.at(-1)).toBe('QUIT\r\n');
    expect(outcome).toMatchObject({ result: 'failed', recipients: [{ status: 'failed', reply: { code: 550, enhanced: '5.1.1' } }] });
  });

  it('with PIPELINING, a refused MAIL: the RCPT and DATA refusals that follow are waited for, then QUIT; the recipient fails with MAIL’s reply', () => {
    const { writes, events, outcome } = talk(classic(), GREETING, [
      EHLO,
      '550 5.7.1 Sender refused\r\n503 5.5.1 need MAIL\r\n',
      '503 5.5.1 need RCPT\r\n',
      '221 Bye\r\n',
    ]);
    expect(writes.slice(-2)).toEqual(['MAIL FROM:<user@client.thm>\r\nRCPT TO:<strategos@server.thm>\r\nDATA\r\n', 'QUIT\r\n']);
    expect(events.filter((e) => e.type === 'recipient')).toEqual([]); // the 503 said nothing of the recipient
    expect(outcome).toMatchObject({ result: 'failed', recipients: [{ reply: { code: 550 } }], why: expect.stringMatching(/^550 5\.7\.1 at MAIL FROM/) });
  });

  it('with PIPELINING, a server that takes DATA after refusing MAIL is hung up on, nothing sent to it', () => {
    const { writes, events, outcome } = talk(classic(), GREETING, [EHLO, '550 No\r\n503 No\r\n354 Go on\r\n']);
    expect(writes).toHaveLength(2);
    expect(events.at(-1)).toEqual({ type: 'close' });
    expect(outcome?.result).toBe('failed');
  });

  it('with PIPELINING, DATA taken though no recipient was: a lone dot ends the empty letter, then QUIT', () => {
    const { writes, outcome } = talk(classic(), GREETING, [EHLO, '250 OK\r\n550 No such user\r\n354 Go on\r\n', '554 No valid recipients\r\n', '221 Bye\r\n']);
    expect(writes.slice(-2)).toEqual(['.\r\n', 'QUIT\r\n']);
    expect(outcome).toMatchObject({ result: 'failed', dataReply: null });
  });

  it('a 250 where 354 belongs is not taken as a go-ahead: the client stops, deferred', () => {
    const { writes, events, outcome } = talk(classic(AUTOPLAY), GREETING, [EHLO, '250 OK\r\n', '250 OK\r\n', '250 OK\r\n']);
    expect(writes.at(-1)).toBe('QUIT\r\n');
    expect(writes.join('')).not.toContain('Subject:');
    expect(events.at(-1)).toEqual({ type: 'close' });
    expect(outcome?.why).toMatch(/^250 at DATA: “OK”\. A 250 makes no sense there/);
  });
});

describe('SmtpClient, a server that hangs up or sends junk', () => {
  it('the connection lost before the greeting: deferred', () => {
    const client = classic();
    const r = client.connectionLost();
    expect(r.events.map((e) => e.type)).toEqual(['done', 'close']);
    expect(client.outcome?.why).toMatch(/^The connection was lost while waiting for the reply to the greeting\./);
  });

  it('the connection lost after the letter, before its reply: deferred, and the sentence says it may arrive twice', () => {
    const { outcome } = talk(classic(AUTOPLAY), GREETING, [EHLO, '250 OK\r\n', '250 OK\r\n', '354 Go on\r\n', null]);
    expect(outcome).toMatchObject({ result: 'deferred', recipients: [{ status: 'deferred', reply: null }] });
    expect(outcome?.why).toMatch(/the reply to the end of the letter\. It may have arrived all the same/);
  });

  it('the connection lost after the 250 to the letter: still delivered', () => {
    const { outcome } = talk(classic(AUTOPLAY), GREETING, [EHLO, '250 OK\r\n', '250 OK\r\n', '354 Go on\r\n', '250 OK\r\n', null]);
    expect(outcome?.result).toBe('delivered');
  });

  it('a line that is no reply: deferred, QUIT, close at once, saying what came', () => {
    const { writes, events, outcome } = talk(classic(), 'HTTP/1.1 400 Bad Request\r\n', []);
    expect(writes).toEqual(['QUIT\r\n']);
    expect(events.map((e) => e.type)).toEqual(['done', 'close']);
    expect(outcome?.why).toBe(
      'The server sent what is not an SMTP reply at the greeting: “HTTP/1.1 400 Bad Request” is not a reply line. Nothing is lost: a mail client keeps the message in its queue and tries again later.',
    );
  });

  it('a reply whose lines change code, an endless line, endless lines: each is junk', () => {
    const cases = [
      ['220-hello\r\n250 there\r\n', 'a reply that began with 220 went on with 250'],
      [`220 ${'x'.repeat(MAX_REPLY_LINE)}`, `a reply line longer than ${MAX_REPLY_LINE} octets`],
      ['220-hi\r\n'.repeat(MAX_REPLY_LINES + 1), `a reply of more than ${MAX_REPLY_LINES} lines`],
    ];
    for (const [bytes, detail] of cases) {
      const client = classic();
      client.receive(encodeText(bytes as string));
      expect(client.outcome?.why).toContain(detail);
    }
  });

  it('never throws, whatever comes, and always ends once the server hangs up', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), fc.constantFrom(AUTOPLAY, { hello: 'c.test' }), (chunks, options) => {
        const client = new SmtpClient(envelope, letter, options);
        let written = 0;
        for (const c of chunks) written += client.receive(c).output.length;
        if (client.outcome === null) client.connectionLost();
        expect(client.outcome).not.toBeNull();
        expect(client.outcome?.result).not.toBe('delivered');
        expect(written).toBeLessThan(4096); // a few commands and perhaps the letter: nothing runs away
      }),
    );
  });

  it('never throws on junk after a good start either (replies, then noise)', () => {
    const start = [GREETING, EHLO, '250 OK\r\n'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: start.length }), fc.uint8Array({ maxLength: 200 }), (n, junk) => {
        const client = classic();
        for (const r of start.slice(0, n)) client.receive(encodeText(r));
        client.receive(junk);
        client.connectionLost();
        expect(client.outcome).not.toBeNull();
      }),
    );
  });
});

describe('SmtpClient, EHLO, STARTTLS and AUTH', () => {
  it('falls back to HELO when EHLO gets a 5xx, and then offers no extensions (no PIPELINING)', () => {
    const { writes, outcome } = talk(classic(), GREETING, [
      '502 Command not implemented\r\n',
      '250 mx.example\r\n',
      '250 OK\r\n',
      '250 OK\r\n',
      '354 Go\r\n',
      '250 OK\r\n',
      '221 Bye\r\n',
    ]);
    expect(writes.slice(0, 3)).toEqual(['EHLO client.thm\r\n', 'HELO client.thm\r\n', 'MAIL FROM:<user@client.thm>\r\n']);
    expect(outcome?.result).toBe('delivered');
  });

  it('HELO when asked to: no extensions used even if the server has them', () => {
    const { writes } = talk(classic({ hello: 'client.thm', greeting: 'HELO' }), GREETING, ['250 mx.example\r\n']);
    expect(writes).toEqual(['HELO client.thm\r\n', 'MAIL FROM:<user@client.thm>\r\n']);
  });

  it('STARTTLS when offered, EHLO again after the handshake, and nothing read in between (response injection)', () => {
    const client = classic();
    const ehlo = '250-mx.example\r\n250 STARTTLS\r\n';
    client.receive(encodeText(GREETING));
    expect(decodeText(client.receive(encodeText(ehlo)).output)).toBe('STARTTLS\r\n');
    // A man in the middle's reply to the EHLO that is yet to come, after the 220, in plain text:
    const r = client.receive(encodeText('220 Go ahead\r\n250-evil\r\n250 AUTH PLAIN\r\n'));
    expect(r.events).toEqual([{ type: 'startTls' }]);
    expect(r.output).toHaveLength(0);
    expect(decodeText(client.tlsStarted().output)).toBe('EHLO client.thm\r\n');
    expect(decodeText(client.receive(encodeText('250 mx.example\r\n')).output)).toMatch(/^MAIL FROM/);
  });

  it('STARTTLS refused: opportunistic TLS goes on in plain text; required TLS defers', () => {
    const ehlo = '250-mx.example\r\n250 STARTTLS\r\n';
    const plain = talk(classic(), GREETING, [ehlo, '454 TLS not available\r\n']);
    expect(plain.writes.at(-1)).toBe('MAIL FROM:<user@client.thm>\r\n');
    const required = talk(classic({ hello: 'client.thm', starttls: 'required' }), GREETING, [ehlo, '454 4.7.0 TLS not available\r\n', '221 Bye\r\n']);
    expect(required.writes.at(-1)).toBe('QUIT\r\n');
    expect(required.outcome).toMatchObject({ result: 'deferred', why: expect.stringContaining('This client will not go on without TLS') });
  });

  it('never says STARTTLS when told never, nor asks for it on a 530', () => {
    const { writes, outcome } = talk(classic({ hello: 'c.test', starttls: 'never' }), GREETING, [
      '250-mx\r\n250 STARTTLS\r\n',
      '530 Must issue a STARTTLS command first\r\n',
      '221 Bye\r\n',
    ]);
    expect(writes).toEqual(['EHLO c.test\r\n', 'MAIL FROM:<user@client.thm>\r\n', 'QUIT\r\n']);
    expect(outcome?.result).toBe('failed');
  });

  it('logs in with LOGIN where PLAIN is not offered: user name, then password, each in base64', () => {
    const client = classic({ hello: 'c.test', starttls: 'never', auth: { user: 'learner', password: 'sandbox' } });
    const { writes, events } = talk(client, GREETING, [
      '250-mx\r\n250 AUTH LOGIN CRAM-MD5\r\n',
      '334 VXNlcm5hbWU6\r\n',
      '334 UGFzc3dvcmQ6\r\n',
      '235 2.7.0 OK\r\n',
    ]);
    expect(writes.slice(1)).toEqual(['AUTH LOGIN\r\n', 'bGVhcm5lcg==\r\n', 'c2FuZGJveA==\r\n', 'MAIL FROM:<user@client.thm>\r\n']);
    expect(events).toContainEqual({ type: 'authenticated', user: 'learner' });
  });

  it('a refused login fails the attempt, and says so without the password', () => {
    const client = classic({ hello: 'c.test', starttls: 'never', auth: { user: 'learner', password: 'hunter2' } });
    const { writes, outcome } = talk(client, GREETING, ['250-mx\r\n250 AUTH PLAIN\r\n', '535 5.7.8 Authentication credentials invalid\r\n', '221 Bye\r\n']);
    expect(writes.at(-1)).toBe('QUIT\r\n');
    expect(outcome).toMatchObject({ result: 'failed', why: expect.stringMatching(/^535 5\.7\.8 at AUTH: /) });
    expect(outcome?.why).not.toContain('hunter2');
  });

  it('a 530 for a login it has no credentials for: failed', () => {
    const { outcome } = talk(classic({ hello: 'c.test' }), GREETING, ['250-mx\r\n250 AUTH PLAIN\r\n', '530 5.7.0 Authentication required\r\n', '221 Bye\r\n']);
    expect(outcome).toMatchObject({ result: 'failed', why: expect.stringMatching(/^530 5\.7\.0 at MAIL FROM/) });
  });
});

describe('SmtpClient, the envelope and the letter', () => {
  it('never sends an address that would break its command line: such a recipient fails unsent', () => {
    const client = new SmtpClient({ mailFrom: 'a@x.test', recipients: ['b@y.test>\r\nRCPT TO:<evil@z.test', 'c@y.test'] }, letter, AUTOPLAY);
    const { writes, outcome } = talk(client, GREETING, [EHLO, '250 OK\r\n', '250 OK\r\n', '354 Go\r\n', '250 OK\r\n', '221 Bye\r\n']);
    expect(writes.join('')).not.toContain('evil');
    expect(outcome?.recipients.map((r) => [r.status, r.reply])).toEqual([
      ['failed', null],
      ['delivered', { code: 250, lines: ['OK'] }],
    ]);
  });

  it('a bad sender: nothing is sent but QUIT', () => {
    const client = new SmtpClient({ mailFrom: 'a@x.test>\r\nDATA', recipients: ['b@y.test'] }, letter, AUTOPLAY);
    const { writes, outcome } = talk(client, GREETING, [EHLO, '221 Bye\r\n']);
    expect(writes).toEqual(['EHLO client.thm\r\n', 'QUIT\r\n']);
    expect(outcome?.result).toBe('failed');
  });

  it('declares BODY=8BITMIME for an 8-bit letter where offered', () => {
    const client = new SmtpClient(envelope, encodeText('Subject: café\r\n\r\nDéjà vu\r\n'), AUTOPLAY);
    const { writes } = talk(client, GREETING, [EHLO]);
    expect(writes[1]).toBe('MAIL FROM:<user@client.thm> BODY=8BITMIME\r\n');
  });

  it('does not send a letter larger than the SIZE EHLO announced', () => {
    const client = new SmtpClient(envelope, new Uint8Array(20_000).fill(0x61), AUTOPLAY);
    const { writes, outcome } = talk(client, GREETING, [EHLO, '221 Bye\r\n']);
    expect(writes).toEqual(['EHLO client.thm\r\n', 'QUIT\r\n']);
    expect(outcome?.why).toContain('The message is 20002 octets, more than the 10240 the server takes');
  });
});
