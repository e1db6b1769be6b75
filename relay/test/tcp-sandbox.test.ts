import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULTS } from '../src/config.js';
import type { MessageSummary } from '../src/http-server.js';
import { startPlayground } from '../src/playground.js';
import { api, bareSandbox, has, run, typist, usePlayground } from './support.js';

describe('the classic telnet session over TCP', () => {
  const playground = usePlayground();

  for (const [name, ending] of [
    ['CRLF', '\r\n'],
    ['bare LF (nc)', '\n'],
  ] as const) {
    it(`gets Exim's exact replies, typed line by line with ${name}`, async () => {
      const t = await typist(playground().smtpPort);
      expect(t.greeting).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
      expect(await t.line('HELO client.thm', ending)).toBe('250 example.thm Hello client.thm\r\n');
      expect(await t.line('MAIL FROM: <user@client.thm>', ending)).toBe('250 OK\r\n');
      expect(await t.line('RCPT TO: <strategos@server.thm>', ending)).toBe('250 Accepted\r\n');
      expect(await t.line('DATA', ending)).toBe('354 Enter message, ending with "." on a line by itself\r\n');
      for (const l of [
        'From: user@client.thm',
        'To: strategos@server.thm',
        `Subject: Telnet email ${name}`,
        '',
        'Hello. I am using telnet to send you an email!',
      ]) {
        await t.line(l, ending, false);
      }
      const queued = await t.line('.', ending);
      expect(queued).toMatch(/^250 OK id=[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}\r\n$/);
      expect(await t.line('QUIT', ending)).toBe('221 example.thm closing connection\r\n');
      await t.ended; // the server hangs up after 221

      const [m] = (await api<MessageSummary[]>(playground(), '/api/messages')).body;
      expect(queued).toBe(`250 OK id=${m?.id}\r\n`);
      expect(m).toMatchObject({ mailFrom: 'user@client.thm', rcptTo: ['strategos@server.thm'], subject: `Telnet email ${name}` });
      const source = (await api<string>(playground(), `/api/messages/${m?.id}/raw`)).body;
      expect(source).toMatch(
        /^Return-Path: <user@client\.thm>\r\nReceived: from \[127\.0\.0\.1\] \(helo=client\.thm\)\r\n\tby example\.thm with smtp \(Exim 4\.95\)/,
      );
      expect(source).toContain('\r\n\r\nHello. I am using telnet to send you an email!\r\n');
    });
  }
});

describe('startTcpSandbox', () => {
  it('answers 421 to a connection over the limit, and serves the ones within it', async () => {
    const { port } = await bareSandbox({ maxConnections: 2 });
    const held = [await typist(port), await typist(port)];
    const third = await typist(port);
    expect(third.greeting).toBe('421 example.thm: Too many concurrent SMTP connections; please try again later\r\n');
    await third.ended;
    for (const t of held) expect(await t.line('NOOP')).toBe('250 OK\r\n');
  });

  it('says 421 and hangs up on a client that stays silent', async () => {
    const { port } = await bareSandbox({ idleTimeoutMs: 50 });
    const t = await typist(port);
    expect(await t.reply()).toBe('421 example.thm: SMTP command timeout - closing connection\r\n');
    await t.ended;
  });

  it('says those 421s in the personality’s words: Postfix’s timeout, with its enhanced code once EHLO offered them', async () => {
    const { port } = await bareSandbox({ idleTimeoutMs: 50 }, 'postfix');
    const t = await typist(port);
    await t.line('EHLO client.thm');
    expect(await t.reply()).toBe('421 4.4.2 example.thm Error: timeout exceeded\r\n');
    await t.ended;
  });

  it('survives a client that resets the connection, and serves the next one', async () => {
    const { port, server } = await bareSandbox();
    // Resolves with the server side's hadError: the reset must have reached the server as an error.
    const serverSideClosed = new Promise<boolean>((resolve) => server.once('connection', (s: net.Socket) => s.on('close', resolve)));
    const t = await typist(port);
    t.socket.resetAndDestroy();
    expect(await serverSideClosed).toBe(true);
    const next = await typist(port);
    expect(await next.line('EHLO client.thm')).toContain('250 HELP');
  });

  it('reads pipelined commands from one chunk and answers each, in order', async () => {
    const { port, received, mailbox } = await bareSandbox();
    const t = await typist(port);
    await t.line('EHLO client.thm');
    t.socket.write('MAIL FROM:<a@client.test>\r\nRCPT TO:<b@server.test>\r\nRCPT TO:<c@server.test>\r\nDATA\r\n');
    expect([await t.reply(), await t.reply(), await t.reply(), await t.reply()]).toEqual([
      '250 OK\r\n',
      '250 Accepted\r\n',
      '250 Accepted\r\n',
      '354 Enter message, ending with "." on a line by itself\r\n',
    ]);
    expect(received).toContain('MAIL FROM:<a@client.test>\r\nRCPT TO:<b@server.test>\r\nRCPT TO:<c@server.test>\r\nDATA\r\n');
    expect(await t.line('Subject: piped\r\n\r\nhi\r\n.')).toMatch(/^250 OK id=/);
    expect(mailbox.list()[0]?.rcptTo).toEqual(['b@server.test', 'c@server.test']);
  });
});

describe('startTcpSandbox: many sessions at once', () => {
  it('answers each of 20 sessions sending at once with its own replies, in order, and ends each after its 221', async () => {
    const { port, mailbox } = await bareSandbox();
    const letter = (n: number) => `MAIL FROM:<s${n}@client.test>\r\nRCPT TO:<r${n}@server.test>\r\nDATA\r\n`;
    const sessions = await Promise.all(Array.from({ length: 20 }, () => typist(port)));
    await Promise.all(sessions.map((t) => t.line('EHLO client.thm')));
    // Exim wants each DATA to end its group: the envelope is pipelined, the letter follows the 354.
    for (let round = 0; round < 3; round++) {
      for (const [n, t] of sessions.entries()) t.socket.write(letter(n));
      const envelopes = await Promise.all(sessions.map(async (t) => [await t.reply(), await t.reply(), await t.reply()]));
      for (const replies of envelopes)
        expect(replies).toEqual(['250 OK\r\n', '250 Accepted\r\n', '354 Enter message, ending with "." on a line by itself\r\n']);
      const queued = await Promise.all(sessions.map((t, n) => t.line(`Subject: ${n}.${round}\r\n\r\nhi\r\n.`)));
      for (const q of queued) expect(q).toMatch(/^250 OK id=/);
    }
    const byes = await Promise.all(sessions.map((t) => t.line('QUIT')));
    for (const bye of byes) expect(bye).toBe('221 example.thm closing connection\r\n');
    await Promise.all(sessions.map((t) => t.ended));
    expect(mailbox.list()).toHaveLength(60);
    for (const [n] of sessions.entries()) expect(mailbox.list().filter((m) => m.mailFrom === `s${n}@client.test`)).toHaveLength(3);
  });
});

describe('startTcpSandbox: no client can lock the others out', () => {
  /** Opens `n` connections from 127.0.0.1, one after another, each to its first reply; they stay open until the test ends. */
  async function hold(port: number, n: number): Promise<string[]> {
    const firsts: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = await typist(port);
      onTestFinished(() => {
        t.close();
      });
      firsts.push(t.greeting);
    }
    return firsts;
  }

  it('takes 50 connections from one address, refuses the 51st with its own 421, and still greets a second address', async () => {
    const { port } = await bareSandbox(); // the defaults: 200 in all, 50 per address
    const firsts = await hold(port, 200);
    expect(firsts.slice(0, 50).every((g) => g === '220 example.thm ESMTP Exim 4.95 Ubuntu\r\n')).toBe(true);
    // Exim's words for smtp_accept_max_per_host (daemon.c).
    expect(firsts[50]).toBe('421 Too many concurrent SMTP connections from this IP address; please try again later.\r\n');
    expect(new Set(firsts.slice(50))).toEqual(new Set([firsts[50]]));
    const other = await typist(port, '127.0.0.2');
    expect(other.greeting).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
    expect(await other.line('EHLO client.thm')).toContain('250 HELP');
  });

  it('refuses one address past its limit in Postfix’s words, with the address (smtpd.c)', async () => {
    const { port } = await bareSandbox({ maxPerClient: 2 }, 'postfix');
    expect(await hold(port, 3)).toEqual([
      '220 example.thm ESMTP Postfix (Debian/GNU)\r\n',
      '220 example.thm ESMTP Postfix (Debian/GNU)\r\n',
      '421 4.7.0 example.thm Error: too many connections from 127.0.0.1\r\n',
    ]);
  });

  it.skipIf(!has('swaks'))('lets swaks from another address deliver while one address holds all it may (skipped without swaks)', async () => {
    const { port, mailbox } = await bareSandbox();
    await hold(port, 60);
    const { stdout } = await run('swaks', ['--server', `127.0.0.1:${port}`, '--local-interface', '127.0.0.2', '--to', 'a@b.test', '--from', 'c@d.test']);
    expect(stdout).toMatch(/<- {2}250 OK id=/);
    expect(mailbox.list()).toHaveLength(1);
  });

  it('cuts off a client that sends a byte at a time, each in time for the idle timer, at the session deadline', async () => {
    const { port } = await bareSandbox({ idleTimeoutMs: 1_000, maxLifetimeMs: 2_000 });
    const t = await typist(port);
    let ended = false;
    t.ended.then(() => {
      ended = true;
    });
    // At most 40 bytes, one every 300 ms (12 s): the idle timer never runs out, the deadline does.
    for (let i = 0; i < 40 && !ended; i++) {
      t.socket.write('x');
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(ended).toBe(true);
    expect(await t.reply()).toBe('421 example.thm: SMTP command timeout - closing connection\r\n');
  });
});

describe('Playground.close', () => {
  it('says 421 to an open session and closes it, so the process can stop', async () => {
    const p = await startPlayground({ ...DEFAULTS, smtpPort: 0, pop3Port: 0, httpPort: 0 }, '/nonexistent');
    const t = await typist(p.smtpPort);
    await t.line('HELO client.thm');
    const said = t.reply();
    await p.close(); // resolves only once every connection is gone
    expect(await said).toBe('421 example.thm: Service not available - closing connection\r\n');
    await t.ended;
  });
});

describe('scenarios over TCP', () => {
  describe('slow greeting', () => {
    const playground = usePlayground({ scenario: 'slow-server' });

    it('refuses a heredoc-style burst sent before the greeting with 554, and greets a patient client', async () => {
      const burst = await new Promise<string>((resolve) => {
        const socket = net.connect(playground().smtpPort, '127.0.0.1', () => socket.write('HELO client.thm\r\nMAIL FROM:<a@b.test>\r\nQUIT\r\n'));
        let got = '';
        socket.on('data', (d) => {
          got += d.toString('latin1');
        });
        socket.on('close', () => resolve(got));
      });
      expect(burst).toBe('554 SMTP synchronization error\r\n');
      const patient = await typist(playground().smtpPort); // waits for the greeting, however long
      expect(patient.greeting).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
      expect(await patient.line('QUIT')).toMatch(/^221 /);
    });
  });

  describe('greylisting', () => {
    const playground = usePlayground({ scenario: 'greylisting' });

    it('remembers the triplet across connections: 451 on the first try', async () => {
      for (const attempt of [1, 2]) {
        const t = await typist(playground().smtpPort);
        await t.line('HELO client.thm');
        await t.line('MAIL FROM:<a@b.test>');
        expect(await t.line('RCPT TO:<c@d.test>'), `attempt ${attempt}`).toBe('451 Greylisted, please try again later\r\n');
        t.close();
      }
    });
  });
});
