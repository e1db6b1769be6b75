/** Real SMTP clients against the playground's sandbox, checked through the mailbox API. */
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../src/http-server.js';
import { api, bareSandbox, has, run, typist, usePlayground } from './support.js';

const playground = usePlayground({ smtpsPort: 0 });

const transport = (port: number, extra: object = {}) => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, ...extra });

async function latest(): Promise<MessageSummary> {
  const { body } = await api<MessageSummary[]>(playground(), '/api/messages');
  return body[0] as MessageSummary;
}

async function raw(id: string): Promise<string> {
  return (await api<string>(playground(), `/api/messages/${id}/raw`)).body;
}

describe('nodemailer', () => {
  it('delivers a message with its envelope, subject and trace headers', async () => {
    const info = await transport(playground().smtpPort).sendMail({
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
    const source = await raw(m.id);
    expect(source).toMatch(/^Return-Path: <ann@client\.test>\r\nReceived: from \[127\.0\.0\.1\] \(helo=\S+\)\r\n\tby example\.thm with esmtp \(Exim 4\.95\)/);
    expect(source).toContain('\r\n\r\nHi Bob');
  });

  it('pipelines: MAIL, every RCPT and DATA reach the server in one chunk', async () => {
    const { port, received, mailbox } = await bareSandbox();
    await transport(port).sendMail({ from: 'a@client.test', to: ['r1@server.test', 'r2@server.test'], subject: 'piped', text: 'x' });
    expect(received).toContain('MAIL FROM:<a@client.test>\r\nRCPT TO:<r1@server.test>\r\nRCPT TO:<r2@server.test>\r\nDATA\r\n');
    expect(mailbox.list().map((m) => m.rcptTo)).toEqual([['r1@server.test', 'r2@server.test']]);
  });

  it('sends several messages over one pooled connection', async () => {
    const { port, server, mailbox } = await bareSandbox();
    let connections = 0;
    server.on('connection', () => connections++);
    const pool = transport(port, { pool: true, maxConnections: 1 });
    const results = await Promise.all(
      [1, 2, 3].map((i) => pool.sendMail({ from: 'a@client.test', to: `r${i}@server.test`, subject: `pooled ${i}`, text: 'x' })),
    );
    pool.close();
    expect(results.map((r) => r.response)).toEqual(results.map(() => expect.stringMatching(/^250 OK id=/)));
    expect(connections).toBe(1);
    expect(mailbox.list().map((m) => m.rcptTo[0])).toEqual(['r3@server.test', 'r2@server.test', 'r1@server.test']);
  });

  for (const authMethod of ['PLAIN', 'LOGIN']) {
    // AUTH is offered only over TLS, as real servers do: nodemailer upgrades with STARTTLS first.
    const overTls = () => ({ ignoreTLS: false, requireTLS: true, tls: { ca: playground().certificate.cert, servername: 'example.thm' } });
    it(`logs in with AUTH ${authMethod} as the demo account after STARTTLS, and the trace says esmtpsa`, async () => {
      await transport(playground().smtpPort, { ...overTls(), auth: { user: 'learner', pass: 'sandbox' }, authMethod }).sendMail({
        from: 'a@client.test',
        to: 'b@server.test',
        subject: `auth ${authMethod}`,
        text: 'x',
      });
      const m = await latest();
      expect(m.subject).toBe(`auth ${authMethod}`);
      expect(await raw(m.id)).toMatch(/with esmtpsa \(TLS1\.[23]\) tls TLS_\w+\r\n\t\(Exim 4\.95\)/);
    });

    it(`is refused with 535 for a wrong password over AUTH ${authMethod}`, async () => {
      const before = (await api<MessageSummary[]>(playground(), '/api/messages')).body.length;
      const sending = transport(playground().smtpPort, { ...overTls(), auth: { user: 'learner', pass: 'wrong' }, authMethod }).sendMail({
        from: 'a@b.test',
        to: 'c@d.test',
        text: 'x',
      });
      await expect(sending).rejects.toMatchObject({ responseCode: 535 });
      expect((await api<MessageSummary[]>(playground(), '/api/messages')).body.length).toBe(before);
    });
  }
});

describe("TLS: the sandbox's own certificate", () => {
  const trust = () => ({ ca: playground().certificate.cert, servername: 'example.thm' });

  it('upgrades with STARTTLS for nodemailer, which verifies the certificate, and the trace says esmtps', async () => {
    await transport(playground().smtpPort, { ignoreTLS: false, requireTLS: true, tls: trust() }).sendMail({
      from: 'tls@client.test',
      to: 'b@server.test',
      subject: 'over STARTTLS',
      text: 'x',
    });
    const m = await latest();
    expect(m.subject).toBe('over STARTTLS');
    expect(await raw(m.id)).toMatch(/with esmtps \(TLS1\.[23]\) tls TLS_\w+\r\n\t\(Exim 4\.95\)/);
  });

  it('speaks implicit TLS on the smtps port, and AUTH there says esmtpsa', async () => {
    await transport(playground().smtpsPort as number, { secure: true, tls: trust(), auth: { user: 'learner', pass: 'sandbox' } }).sendMail({
      from: 'smtps@client.test',
      to: 'b@server.test',
      subject: 'implicit TLS',
      text: 'x',
    });
    expect(await raw((await latest()).id)).toMatch(/with esmtpsa \(TLS1\.[23]\)/);
  });

  it('is refused by a client that verifies against the system roots: it is self-signed', async () => {
    const sending = transport(playground().smtpPort, { ignoreTLS: false, requireTLS: true, tls: { servername: 'example.thm' } }).sendMail({
      from: 'a@b.test',
      to: 'c@d.test',
      text: 'x',
    });
    await expect(sending).rejects.toThrow(/self-signed certificate/);
  });

  it.skipIf(!has('swaks'))('swaks --tls delivers (skipped without swaks)', async () => {
    const { stdout } = await run('swaks', ['--server', `127.0.0.1:${playground().smtpPort}`, '--tls', '--to', 'a@b.test', '--from', 'tls@swaks.test']);
    expect(stdout).toMatch(/=== TLS started with cipher TLSv1\.[23]/);
    expect(await raw((await latest()).id)).toContain('with esmtps');
  });

  it.skipIf(!has('openssl'))('openssl s_client -starttls smtp gets a TLS session and an EHLO after it (skipped without openssl)', async () => {
    const talking = run('openssl', ['s_client', '-starttls', 'smtp', '-crlf', '-quiet', '-connect', `127.0.0.1:${playground().smtpPort}`]);
    talking.child.stdin?.end('EHLO after.tls\nQUIT\n');
    const { stdout, stderr } = await talking;
    expect(stderr).toMatch(/CN ?= ?example\.thm/);
    expect(stdout).toContain('250-example.thm Hello after.tls');
    expect(stdout).not.toContain('250-STARTTLS');
  });
});

describe('plain text where the TLS handshake should be', () => {
  it('gets a fatal TLS alert and a close from the Exim-like sandbox, as from GnuTLS in real Exim', async () => {
    const t = await typist(playground().smtpPort);
    await t.line('EHLO client.thm');
    expect(await t.line('STARTTLS')).toBe('220 TLS go ahead\r\n');
    const after: Buffer[] = [];
    t.socket.on('data', (d: Buffer) => after.push(d));
    t.socket.write('EHLO client.thm\r\n');
    await t.ended;
    // Alert record, TLS 1.2 framing, two octets: fatal, unexpected_message.
    expect([...Buffer.concat(after)]).toEqual([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a]);
  });
});

describe('other real clients', () => {
  it.skipIf(!has('python3'))('Python smtplib delivers (skipped without python3)', async () => {
    const script = [
      'import smtplib, sys',
      "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))",
      "s.sendmail('py@client.test', ['you@server.test'], 'Subject: from smtplib\\r\\n\\r\\nhello\\r\\n')",
      's.quit()',
    ].join('\n');
    await run('python3', ['-c', script, String(playground().smtpPort)]);
    expect(await latest()).toMatchObject({ mailFrom: 'py@client.test', rcptTo: ['you@server.test'], subject: 'from smtplib' });
  });

  it.skipIf(!has('swaks'))('swaks delivers (skipped without swaks)', async () => {
    const { stdout } = await run('swaks', ['--server', `127.0.0.1:${playground().smtpPort}`, '--to', 'a@b.test', '--from', 'c@d.test']);
    const m = await latest();
    expect(stdout).toContain(`<-  250 OK id=${m.id}`);
    expect(m).toMatchObject({ mailFrom: 'c@d.test', rcptTo: ['a@b.test'], subject: expect.stringMatching(/^test /) });
  });

  it.skipIf(!has('curl'))('curl smtp:// delivers (skipped without curl)', async () => {
    const sending = run('curl', [
      '-sS',
      `smtp://127.0.0.1:${playground().smtpPort}`,
      '--mail-from',
      'curl@client.test',
      '--mail-rcpt',
      'you@server.test',
      '--upload-file',
      '-',
    ]);
    sending.child.stdin?.end('Subject: from curl\r\n\r\nhello\r\n');
    await sending;
    expect(await latest()).toMatchObject({ mailFrom: 'curl@client.test', rcptTo: ['you@server.test'], subject: 'from curl' });
  });
});
