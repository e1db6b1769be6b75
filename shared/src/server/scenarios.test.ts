import { describe, expect, it } from 'vitest';
import { afterEhlo, connect, inTransaction, overTls } from '../../test/harness.js';
import { encodeText } from '../protocol/bytes.js';
import { Greylist } from './greylist.js';
import { postfix } from './personalities/postfix.js';
import { SCENARIOS, scenarioById } from './scenarios.js';

const policy = (id: string) => scenarioById(id).policy;

describe('scenarios', () => {
  it('each has a distinct id, a label and a sentence', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) expect(s.label.length * s.describe.length).toBeGreaterThan(0);
  });

  it('strict MX: example.com is local, another domain is a relay attempt (Postfix 554 5.7.1, Exim 550), allowed after AUTH', () => {
    const h = afterEhlo({ personality: postfix, policy: policy('strict-mx') });
    h.send('MAIL FROM:<a@client.test>\r\n');
    expect(h.send('RCPT TO:<alice@example.com>\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(h.send('RCPT TO:<bob@elsewhere.test>\r\n')).toBe('554 5.7.1 <bob@elsewhere.test>: Relay access denied\r\n');
    const exim = afterEhlo({ policy: policy('strict-mx') });
    exim.send('MAIL FROM:<a@client.test>\r\n');
    expect(exim.send('RCPT TO:<bob@elsewhere.test>\r\n')).toBe('550 relay not permitted\r\n');
    const user = overTls({ personality: postfix, policy: policy('strict-mx') });
    user.send('AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==\r\nMAIL FROM:<learner@client.test>\r\n');
    expect(user.send('RCPT TO:<bob@elsewhere.test>\r\n')).toBe('250 2.1.5 Ok\r\n');
  });

  it('unknown users: 550 5.1.1 for anyone but the listed users and postmaster', () => {
    const h = afterEhlo({ personality: postfix, policy: policy('unknown-users') });
    h.send('MAIL FROM:<a@client.test>\r\n');
    expect(h.send('RCPT TO:<mallory@example.com>\r\n')).toBe(
      '550 5.1.1 <mallory@example.com>: Recipient address rejected: User unknown in local recipient table\r\n',
    );
    expect(h.send('RCPT TO:<alice@example.com>\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(h.send('RCPT TO:<postmaster@example.com>\r\n')).toBe('250 2.1.5 Ok\r\n');
  });

  it('submission: STARTTLS first (530 5.7.0 before), then AUTH before MAIL (530 5.7.0 until it)', () => {
    const h = afterEhlo({ tls: true, personality: postfix, policy: policy('submission') });
    expect(h.send('MAIL FROM:<learner@client.test>\r\n')).toBe('530 5.7.0 Must issue a STARTTLS command first\r\n');
    expect(h.send('AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==\r\n')).toBe('530 5.7.0 Must issue a STARTTLS command first\r\n');
    expect(h.send('STARTTLS\r\n')).toMatch(/^220 /);
    h.session.tlsStarted({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    expect(h.send('EHLO c.test\r\n')).toContain('250-AUTH PLAIN LOGIN\r\n');
    expect(h.send('MAIL FROM:<learner@client.test>\r\n')).toBe('530 5.7.0 Authentication required\r\n');
    expect(h.send('AUTH PLAIN AGxlYXJuZXIAc2FuZGJveA==\r\n')).toMatch(/^235 2\.7\.0 /);
    expect(h.send('MAIL FROM:<learner@client.test>\r\n')).toBe('250 2.1.0 Ok\r\n');
  });

  it('STARTTLS required: 530 5.7.0 to MAIL and AUTH, AUTH offered only once TLS is up', () => {
    const h = afterEhlo({ tls: true, personality: postfix, policy: policy('starttls-required') });
    expect(h.send('EHLO c.test\r\n')).not.toContain('AUTH');
    expect(h.send('MAIL FROM:<a@client.test>\r\n')).toBe('530 5.7.0 Must issue a STARTTLS command first\r\n');
    expect(h.send('AUTH LOGIN\r\n')).toBe('530 5.7.0 Must issue a STARTTLS command first\r\n');
    expect(h.send('STARTTLS\r\n')).toMatch(/^220 /);
    h.session.tlsStarted({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' });
    expect(h.send('EHLO c.test\r\n')).toContain('250-AUTH PLAIN LOGIN\r\n');
    expect(h.send('MAIL FROM:<a@client.test>\r\n')).toBe('250 2.1.0 Ok\r\n');
  });

  it('greylisting: 451 4.7.1 for a new triplet, the same triplet accepted after the delay, in a new session', () => {
    let now = Date.UTC(2026, 10, 25);
    const clock = () => now;
    const greylist = new Greylist();
    const first = afterEhlo({ personality: postfix, policy: policy('greylisting'), clock, greylist });
    first.send('MAIL FROM:<a@client.test>\r\n');
    expect(first.send('RCPT TO:<b@server.test>\r\n')).toBe('451 4.7.1 <b@server.test>: Recipient address rejected: Greylisted, please try again later\r\n');
    expect(first.send('DATA\r\n')).toMatch(/^554 5\.5\.1 /);
    now += 10_000; // too soon: still greylisted
    const early = afterEhlo({ personality: postfix, policy: policy('greylisting'), clock, greylist });
    early.send('MAIL FROM:<a@client.test>\r\n');
    expect(early.send('RCPT TO:<b@server.test>\r\n')).toMatch(/^451 4\.7\.1 /);
    now += 20_000;
    const retry = afterEhlo({ personality: postfix, policy: policy('greylisting'), clock, greylist });
    retry.send('MAIL FROM:<a@client.test>\r\n');
    expect(retry.send('RCPT TO:<b@server.test>\r\n')).toBe('250 2.1.5 Ok\r\n');
    expect(retry.send('RCPT TO:<other@server.test>\r\n')).toMatch(/^451 /); // a new triplet
  });

  it('mailbox full: 452 4.2.2 for a temporary quota, 552 5.2.2 for a permanent one', () => {
    const h = inTransaction({ policy: policy('mailbox-full') });
    expect(h.send('RCPT TO:<carol@example.com>\r\n')).toBe('452 <carol@example.com>: Recipient address rejected: Mailbox full\r\n');
    expect(h.send('RCPT TO:<dave@example.com>\r\n')).toBe('552 <dave@example.com>: Recipient address rejected: Mailbox full\r\n');
    const p = afterEhlo({ personality: postfix, policy: policy('mailbox-full') });
    p.send('MAIL FROM:<a@b.test>\r\n');
    expect(p.send('RCPT TO:<carol@example.com>\r\n')).toMatch(/^452 4\.2\.2 /);
    expect(p.send('RCPT TO:<dave@example.com>\r\n')).toMatch(/^552 5\.2\.2 /);
  });

  it('size limit: SIZE 10240 advertised, 552 5.3.4 for a larger declaration or message', () => {
    const h = connect({ personality: postfix, policy: policy('size-limit') });
    expect(h.send('EHLO c.test\r\n')).toContain('250-SIZE 10240\r\n');
    expect(h.send('MAIL FROM:<a@b.test> SIZE=20000\r\n')).toBe('552 5.3.4 Message size exceeds fixed limit\r\n');
    h.send('MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n');
    const big = `${'x'.repeat(900)}\r\n`.repeat(12);
    expect(h.send(`Subject: big\r\n\r\n${big}.\r\n`)).toBe('552 5.3.4 Error: message file too big\r\n');
    expect(h.mailbox.list()).toHaveLength(0);
  });

  it('too many recipients: the fourth gets 452 4.5.3', () => {
    const h = afterEhlo({ personality: postfix, policy: policy('too-many-recipients') });
    h.send('MAIL FROM:<a@b.test>\r\n');
    for (const n of [1, 2, 3]) expect(h.send(`RCPT TO:<r${n}@d.test>\r\n`)).toMatch(/^250 /);
    expect(h.send('RCPT TO:<r4@d.test>\r\n')).toBe('452 4.5.3 Error: too many recipients\r\n');
  });

  it('shutting down: 421 instead of a greeting, in Exim’s words, and a hang-up', () => {
    const h = connect({ policy: policy('shutting-down') });
    expect(h.greeting).toBe('421 example.thm: Service not available - closing connection\r\n');
    expect(h.send('HELO c.test\r\n')).toBe('');
  });

  it('slow greeting: nothing until woken; a client that talks first gets 554 and is dropped', () => {
    const h = connect({ policy: policy('slow-server') });
    expect(h.greeting).toBe('');
    expect(h.send('HELO c.test\r\nMAIL FROM:<a@b.test>\r\n')).toBe('554 SMTP synchronization error\r\n');
    expect(h.send('HELO again\r\n')).toBe('');
    const patient = connect({ policy: policy('slow-server') });
    const wake = patient.session.wake();
    expect(new TextDecoder().decode(wake.output)).toBe('220 example.thm ESMTP Exim 4.95 Ubuntu\r\n');
    expect(patient.send('HELO c.test\r\n')).toMatch(/^250 /);
  });

  it('asks the driver to wake it after the delay', () => {
    const h = connect({ policy: policy('slow-server') });
    expect(h.session.start().wakeAfterMs).toBe(3000);
  });

  it('strict line endings: a command ending in a bare LF gets 550 5.5.2, is not acted on, and the connection closes (Postfix 3.9 smtpd.c); lenient accepts it', () => {
    const strict = afterEhlo({ personality: postfix, policy: policy('strict-line-endings') });
    // The pipelined RCPT behind it is never read: the session has ended.
    expect(strict.send('MAIL FROM:<a@b.test>\nRCPT TO:<c@d.test>\r\n')).toBe('550 5.5.2 example.thm Error: bare <LF> received\r\n');
    expect(strict.events).toContainEqual({ type: 'close' });
    expect(strict.session.state).toBe('closed');
    expect(strict.send('NOOP\r\n')).toBe('');
    const lenient = connect({ personality: postfix, policy: policy('lenient-line-endings') });
    expect(lenient.send('HELO c.test\n')).toMatch(/^250 /);
    expect(lenient.events).not.toContainEqual({ type: 'close' });
  });

  it('strict line endings: the DATA line itself ending in a bare LF ends the session, and nothing is stored', () => {
    const h = afterEhlo({ personality: postfix, policy: policy('strict-line-endings') });
    h.send('MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\n');
    expect(h.send('DATA\nSubject: x\r\n\r\nhi\r\n.\r\n')).toBe('550 5.5.2 example.thm Error: bare <LF> received\r\n');
    expect(h.events).toContainEqual({ type: 'close' });
    expect(h.mailbox.list()).toHaveLength(0);
  });

  it('strict line endings: a login answer ending in a bare LF is read as one, as Postfix reads SASL answers without the check', () => {
    const h = overTls({ personality: postfix, policy: policy('strict-line-endings') });
    expect(h.send('AUTH LOGIN\r\n')).toMatch(/^334 /);
    expect(h.send('bGVhcm5lcg==\n')).toMatch(/^334 /);
    expect(h.send('c2FuZGJveA==\r\n')).toMatch(/^235 /);
    expect(h.events).not.toContainEqual({ type: 'close' });
  });

  it('strict line endings refuse a message with a bare LF inside, after its end, store nothing, and the session goes on', () => {
    const h = afterEhlo({ personality: postfix, policy: policy('strict-line-endings') });
    h.send('MAIL FROM:<a@b.test>\r\nRCPT TO:<c@d.test>\r\nDATA\r\n');
    // The bare-LF line and the lone dot after it stay inside the letter: only CRLF.CRLF ends it.
    expect(h.send('Subject: x\r\n\r\nhi\n.\nthere\r\n.\r\n')).toBe('550 5.5.2 example.thm Error: bare <LF> received\r\n');
    expect(h.mailbox.list()).toHaveLength(0);
    expect(h.events).not.toContainEqual({ type: 'close' });
    expect(h.send('NOOP\r\n')).toMatch(/^250 /);
  });

  it('strict line endings still take CRLF', () => {
    const r = connect({ policy: policy('strict-line-endings') }).session.receive(encodeText('HELO c.test\r\n'));
    expect(new TextDecoder().decode(r.output)).toMatch(/^250 /);
  });
});

describe('scenario edge cases', () => {
  it('treats a user called constructor or __proto__ as a user, not a full mailbox', () => {
    const h = inTransaction();
    expect(h.send('RCPT TO:<constructor@example.com>\r\n')).toMatch(/^250 /);
    expect(h.send('RCPT TO:<__proto__@example.com>\r\n')).toMatch(/^250 /);
  });

  it('reads nothing after close, even while a slow greeting is pending', () => {
    const h = connect({ policy: scenarioById('slow-server').policy });
    h.session.close();
    expect(h.send('EHLO c.test\r\n')).toBe('');
    expect(new TextDecoder().decode(h.session.wake().output)).toBe('');
  });
});
