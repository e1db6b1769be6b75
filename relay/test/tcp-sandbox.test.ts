import net from 'node:net';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../src/config.js';
import { startPlayground } from '../src/playground.js';
import { api, has, run, typist, usePlayground } from './support.js';

const playground = usePlayground({ maxConnections: 20 });

type Listed = { id: string; mailFrom: string; rcptTo: string[]; size: number; receivedAt: string; subject: string };

async function latest() {
  const { body } = await api<Listed[]>(playground(), '/api/messages');
  return body[0] as Listed;
}

async function raw(id: string) {
  return (await api<string>(playground(), `/api/messages/${id}/raw`)).body;
}

describe('the classic telnet session over TCP', () => {
  for (const [name, ending] of [
    ['CRLF', '\r\n'],
    ['bare LF (nc)', '\n'],
  ]) {
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

      const m = await latest();
      expect(queued).toContain(m.id);
      expect(m).toMatchObject({ mailFrom: 'user@client.thm', rcptTo: ['strategos@server.thm'], subject: `Telnet email ${name}` });
      const source = await raw(m.id);
      expect(source).toMatch(
        /^Return-Path: <user@client\.thm>\r\nReceived: from \[127\.0\.0\.1\] \(helo=client\.thm\)\r\n\tby example\.thm with smtp \(Exim 4\.95\)/,
      );
      expect(source).toContain('\r\n\r\nHello. I am using telnet to send you an email!\r\n');
    });
  }
});

describe('nodemailer as the client', () => {
  const transport = (extra: object = {}) =>
    nodemailer.createTransport({ host: '127.0.0.1', port: playground().smtpPort, secure: false, ignoreTLS: true, ...extra });

  it('delivers a message with its envelope and trace headers', async () => {
    const info = await transport().sendMail({
      from: 'Ann <ann@client.test>',
      to: 'bob@server.test',
      bcc: 'carol@server.test',
      subject: 'From nodemailer',
      text: 'Hi Bob',
    });
    expect(info.accepted).toEqual(['bob@server.test', 'carol@server.test']);
    const m = await latest();
    expect(m).toMatchObject({ mailFrom: 'ann@client.test', rcptTo: ['bob@server.test', 'carol@server.test'], subject: 'From nodemailer' });
    expect(info.response).toBe(`250 OK id=${m.id}`);
    expect(await raw(m.id)).toMatch(/Received: from \[127\.0\.0\.1\] \(helo=\S+\)\r\n\tby example\.thm with esmtp \(Exim 4\.95\)/);
  });

  it('sends several messages over one pipelining connection', async () => {
    const pool = transport({ pool: true, maxConnections: 1 });
    const results = await Promise.all(
      [1, 2, 3].map((i) => pool.sendMail({ from: 'a@client.test', to: `r${i}@server.test`, subject: `pooled ${i}`, text: 'x' })),
    );
    pool.close();
    expect(results.map((r) => r.response)).toEqual(results.map(() => expect.stringMatching(/^250 OK id=/)));
    const { body } = await api<Listed[]>(playground(), '/api/messages');
    expect(
      body
        .slice(0, 3)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['pooled 1', 'pooled 2', 'pooled 3']);
  });

  for (const authMethod of ['PLAIN', 'LOGIN']) {
    it(`logs in with AUTH ${authMethod} and the trace says ESMTPA`, async () => {
      await transport({ auth: { user: 'learner', pass: 'sandbox' }, authMethod }).sendMail({
        from: 'a@client.test',
        to: 'b@server.test',
        subject: `auth ${authMethod}`,
        text: 'x',
      });
      const m = await latest();
      expect(m.subject).toBe(`auth ${authMethod}`);
      expect(await raw(m.id)).toContain('with esmtpa (Exim 4.95)');
    });
  }

  it('is refused with 535 for a wrong password', async () => {
    await expect(transport({ auth: { user: 'learner', pass: 'wrong' } }).sendMail({ from: 'a@b.test', to: 'c@d.test', text: 'x' })).rejects.toMatchObject({
      responseCode: 535,
    });
  });
});

describe('other real clients', () => {
  it.skipIf(!has('/usr/bin/python3'))('Python smtplib delivers', async () => {
    const script = `import smtplib,sys\ns=smtplib.SMTP('127.0.0.1', int(sys.argv[1]))\ns.sendmail('py@client.test', ['you@server.test'], 'Subject: from smtplib\\r\\n\\r\\nhello')\ns.quit()`;
    await run('python3', ['-c', script, String(playground().smtpPort)]);
    expect(await latest()).toMatchObject({ mailFrom: 'py@client.test', subject: 'from smtplib' });
  });

  it.skipIf(!has('/usr/bin/swaks'))('swaks delivers', async () => {
    const { stdout } = await run('swaks', [
      '--server',
      `127.0.0.1:${playground().smtpPort}`,
      '--from',
      'swaks@client.test',
      '--to',
      'you@server.test',
      '--header',
      'Subject: from swaks',
    ]);
    expect(stdout).toMatch(/<- {2}250 OK id=/);
    expect(await latest()).toMatchObject({ mailFrom: 'swaks@client.test', subject: 'from swaks' });
  });

  it.skipIf(!has('/usr/bin/curl'))('curl smtp:// delivers', async () => {
    const child = run('curl', [
      '-sS',
      `smtp://127.0.0.1:${playground().smtpPort}`,
      '--mail-from',
      'curl@client.test',
      '--mail-rcpt',
      'you@server.test',
      '--upload-file',
      '-',
    ]);
    child.child.stdin?.end('Subject: from curl\r\n\r\nhello\r\n');
    await child;
    expect(await latest()).toMatchObject({ mailFrom: 'curl@client.test', subject: 'from curl' });
  });
});

describe('the mailbox API', () => {
  it('answers 404 for an unknown id and 405 for a POST', async () => {
    expect(await api(playground(), '/api/messages/nope/raw')).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(await api(playground(), '/api/messages/%E0%A4%A/raw')).toMatchObject({ status: 404, body: { error: 'not-found' } });
    const post = await fetch(`http://127.0.0.1:${playground().httpPort}/api/messages`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, DELETE');
  });

  it('serves the raw message as message/rfc822', async () => {
    const m = await latest();
    const res = await fetch(`http://127.0.0.1:${playground().httpPort}/api/messages/${m.id}/raw`);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(Number(res.headers.get('content-length'))).toBe(m.size);
  });

  it('empties the mailbox on DELETE', async () => {
    expect((await api(playground(), '/api/messages', { method: 'DELETE' })).status).toBe(204);
    expect((await api(playground(), '/api/messages')).body).toEqual([]);
  });
});

describe('limits', () => {
  it('answers 421 when too many connections are open', async () => {
    const held = await Promise.all(Array.from({ length: 20 }, () => typist(playground().smtpPort)));
    const extra = net.connect(playground().smtpPort, '127.0.0.1');
    const text = await new Promise<string>((resolve) => {
      let got = '';
      extra.on('data', (d) => {
        got += d;
      });
      extra.on('close', () => resolve(got));
    });
    expect(text).toBe('421 4.3.2 example.thm Too many connections, try again later\r\n');
    for (const t of held) t.close();
  });
});

describe('shutdown', () => {
  it('says 421 to an open session and closes it, so the process can stop', async () => {
    const p = await startPlayground({ ...DEFAULTS, smtpPort: 0, httpPort: 0 }, '/nonexistent');
    const t = await typist(p.smtpPort);
    await t.line('HELO client.thm', '\r\n');
    const said: string[] = [];
    t.onData((d) => said.push(d));
    await p.close(); // resolves only once every connection is gone
    await t.ended;
    expect(said.join('')).toBe('421 4.3.2 example.thm Service shutting down, closing transmission channel\r\n');
  });
});
