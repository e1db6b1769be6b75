import { describe, expect, it } from 'vitest';
import { DEFAULTS, HELP, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('uses the defaults: loopback, 2525 and 2580, Exim-like, example.thm', () => {
    expect(parseConfig([], {})).toEqual({ ok: true, config: DEFAULTS, help: false });
    expect(DEFAULTS).toMatchObject({ host: '127.0.0.1', smtpPort: 2525, httpPort: 2580, personality: 'exim', hostname: 'example.thm' });
  });

  it('reads every flag', () => {
    const r = parseConfig(['--host', '::1', '--smtp-port', '0', '--http-port', '8080', '--personality', 'postfix', '--hostname', 'mx.lab.test'], {});
    expect(r).toEqual({
      ok: true,
      help: false,
      config: { ...DEFAULTS, host: '::1', smtpPort: 0, httpPort: 8080, personality: 'postfix', hostname: 'mx.lab.test' },
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = { HOST: 'localhost', SMTP_PORT: '2727', HTTP_PORT: '8080', PERSONALITY: 'postfix' };
    expect(parseConfig([], env)).toMatchObject({ ok: true, config: { host: 'localhost', smtpPort: 2727, httpPort: 8080, personality: 'postfix' } });
    expect(parseConfig(['--smtp-port', '2626', '--personality', 'exim'], env)).toMatchObject({
      ok: true,
      config: { host: 'localhost', smtpPort: 2626, httpPort: 8080, personality: 'exim' },
    });
  });

  it('serves POP3 on 2110 with STLS, and implicit TLS only when asked: --pop3-port, --pop3s-port, POP3_PORT, POP3S_PORT', () => {
    expect(DEFAULTS).toMatchObject({ pop3Port: 2110, pop3sPort: null });
    expect(parseConfig(['--pop3-port', '0', '--pop3s-port', '2995'], {})).toMatchObject({ ok: true, config: { pop3Port: 0, pop3sPort: 2995 } });
    expect(parseConfig(['--pop3-port', '2111'], { POP3_PORT: '2112', POP3S_PORT: '2995' })).toMatchObject({
      ok: true,
      config: { pop3Port: 2111, pop3sPort: 2995 },
    });
    expect(parseConfig([], { POP3S_PORT: 'pop3s' })).toEqual({ ok: false, error: 'POP3S_PORT must be a port number from 0 to 65535, not "pop3s"' });
    expect(HELP).toContain('--pop3-port PORT');
    expect(HELP).toContain('--pop3s-port PORT');
  });

  it('treats an empty environment variable as unset', () => {
    expect(parseConfig([], { SMTP_PORT: '', HOST: '' })).toEqual({ ok: true, config: DEFAULTS, help: false });
  });

  it('explains a bad value and names where it came from, instead of throwing', () => {
    expect(parseConfig(['--smtp-port', '99999'], {})).toEqual({ ok: false, error: '--smtp-port must be a port number from 0 to 65535, not "99999"' });
    expect(parseConfig([], { HTTP_PORT: 'eighty' })).toEqual({ ok: false, error: 'HTTP_PORT must be a port number from 0 to 65535, not "eighty"' });
    expect(parseConfig([], { PERSONALITY: 'sendmail' })).toEqual({ ok: false, error: 'PERSONALITY must be exim or postfix, not "sendmail"' });
    expect(parseConfig(['--hostname', 'evil\r\n250 hi'], {})).toMatchObject({ ok: false, error: expect.stringMatching(/^--hostname must be a domain name/) });
    expect(parseConfig(['--host', 'not a host'], {})).toMatchObject({ ok: false, error: expect.stringMatching(/^--host must be an IP address/) });
    expect(parseConfig(['--max-connections', '0'], {})).toEqual({ ok: false, error: '--max-connections must be a whole number above 0, not "0"' });
  });

  it('explains an unknown flag or a missing value, pointing to --help', () => {
    expect(parseConfig(['--bogus'], {})).toMatchObject({ ok: false, error: expect.stringMatching(/--bogus.*Try --help\.$/) });
    expect(parseConfig(['--smtp-port'], {})).toMatchObject({ ok: false, error: expect.stringMatching(/--smtp-port.*Try --help\.$/) });
  });

  it('knows --help and -h, which win over other values', () => {
    expect(parseConfig(['--help'], {})).toMatchObject({ ok: true, help: true });
    expect(parseConfig(['-h', '--smtp-port', 'x'], {})).toMatchObject({ ok: true, help: true });
  });
});

describe('parseConfig: relay targets and origins', () => {
  it('reads named and unnamed targets with their TLS mode', () => {
    const r = parseConfig(['--target', 'lab=mail.lab.test:25', '--target', '10.0.0.5:587,tls=none', '--target', 'v6=[::1]:465,tls=implicit,insecure'], {});
    expect(r).toMatchObject({
      ok: true,
      config: {
        targets: [
          { name: 'lab', host: 'mail.lab.test', port: 25, tls: 'starttls', insecure: false },
          { name: '10.0.0.5:587', host: '10.0.0.5', port: 587, tls: 'none', insecure: false },
          { name: 'v6', host: '::1', port: 465, tls: 'implicit', insecure: true },
        ],
      },
    });
  });

  it('reads RELAY_TARGETS and RELAY_ORIGINS as space-separated lists', () => {
    const r = parseConfig([], { RELAY_TARGETS: 'a=h.test:25  b=h.test:2525,tls=none', RELAY_ORIGINS: 'http://localhost:5173' });
    expect(r).toMatchObject({ ok: true, config: { targets: [{ name: 'a' }, { name: 'b', tls: 'none' }], origins: ['http://localhost:5173'] } });
  });

  it('refuses malformed targets, a bad TLS mode, the reserved name and a name used twice', () => {
    for (const spec of ['mail.lab.test', 'lab=:25', 'x=h.test:0', 'x=h.test:25,tls=maybe', 'x=h.test:25,insecure=yes', 'x=[nope]:25', 'x=h_t:25']) {
      expect(parseConfig(['--target', spec], {})).toMatchObject({ ok: false, error: expect.stringContaining(`--target "${spec}"`) });
    }
    expect(parseConfig(['--target', 'sandbox=h.test:25'], {})).toMatchObject({ ok: false, error: expect.stringContaining('taken') });
    expect(parseConfig(['--target', 'pop3=h.test:110'], {})).toMatchObject({ ok: false, error: expect.stringContaining('taken by the built-in POP3 sandbox') });
    expect(parseConfig(['--target', 'a=h.test:25', '--target', 'a=g.test:25'], {})).toMatchObject({ ok: false, error: expect.stringContaining('twice') });
  });

  it('accepts only exact origins', () => {
    expect(parseConfig(['--origin', 'http://localhost:5173/'], {})).toMatchObject({ ok: false });
    expect(parseConfig(['--origin', 'localhost:5173'], {})).toMatchObject({ ok: false });
    expect(parseConfig(['--origin', 'https://lab.example.edu'], {})).toMatchObject({ ok: true, config: { origins: ['https://lab.example.edu'] } });
  });

  it('reads a scenario by its id, and lists the ids when it is wrong', () => {
    expect(parseConfig(['--scenario', 'greylisting'], {})).toMatchObject({ ok: true, config: { scenario: 'greylisting' } });
    expect(parseConfig([], { SCENARIO: 'slow' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^SCENARIO must be one of catch-all, .*slow-server/),
    });
  });

  it('reads the sandbox’s connection limits: Postfix’s 50 per address, and an hour per session, by default', () => {
    expect(DEFAULTS).toMatchObject({ maxConnections: 200, maxPerClient: 50, maxLifetime: 3600 });
    expect(parseConfig(['--max-per-client', '5', '--session-lifetime', '60'], {})).toMatchObject({ ok: true, config: { maxPerClient: 5, maxLifetime: 60 } });
    expect(parseConfig(['--session-lifetime', '0'], {})).toEqual({
      ok: false,
      error: '--session-lifetime must be a number of seconds from 1 to 2147483, not "0"',
    });
    // Past what a Node timer holds, a timer would fire at once: refused, for every time limit.
    for (const flag of ['--idle-timeout', '--session-lifetime', '--relay-lifetime', '--relay-tls-timeout'])
      expect(parseConfig([flag, '999999999'], {}), flag).toMatchObject({ ok: false, error: expect.stringContaining('from 1 to 2147483') });
  });

  it('reads the relay limits and the TLS options', () => {
    const r = parseConfig(
      ['--relay-max-sessions', '5', '--relay-idle-timeout', '9', '--relay-max-frame', '4096', '--smtps-port', '0', '--require-starttls'],
      {},
    );
    expect(r).toMatchObject({
      ok: true,
      config: { smtpsPort: 0, requireStarttls: true, relay: { maxSessions: 5, idleTimeout: 9, maxPayload: 4096, maxPerClient: 20 } },
    });
    expect(parseConfig(['--tls-cert', 'c.pem'], {})).toEqual({ ok: false, error: '--tls-cert and --tls-key go together' });
    expect(parseConfig(['--relay-max-bytes', '10'], {})).toMatchObject({ ok: false, error: expect.stringContaining('at least 1024') });
    expect(
      parseConfig(['--relay-lifetime', '60', '--relay-max-per-client', '3', '--relay-max-bytes', '65536', '--relay-connect-timeout', '2'], {}),
    ).toMatchObject({ ok: true, config: { relay: { maxLifetime: 60, maxPerClient: 3, maxBytes: 65536, connectTimeout: 2 } } });
    expect(parseConfig(['--relay-tls-timeout', '3'], {})).toMatchObject({ ok: true, config: { relay: { tlsTimeout: 3 } } });
    // A frame is held whole in memory, so its limit has a ceiling (and ws's own 32-bit limit stays sane).
    expect(parseConfig(['--relay-max-frame', String(2 ** 31)], {})).toMatchObject({ ok: false, error: expect.stringContaining('at most 67108864') });
    expect(parseConfig(['--relay-max-frame', String(64 * 1024 * 1024)], {})).toMatchObject({ ok: true });
  });
});

describe('--maildir', () => {
  it('keeps the mailbox in memory unless a Maildir is named, by flag or by SMTP_MAILDIR', () => {
    expect(DEFAULTS.maildir).toBeNull();
    expect(parseConfig(['--maildir', '/tmp/mail'], {})).toMatchObject({ ok: true, config: { maildir: '/tmp/mail' } });
    expect(parseConfig([], { SMTP_MAILDIR: '/var/mail/pg' })).toMatchObject({ ok: true, config: { maildir: '/var/mail/pg' } });
    expect(parseConfig(['--maildir', 'here'], { SMTP_MAILDIR: '/var/mail/pg' })).toMatchObject({ ok: true, config: { maildir: 'here' } });
    expect(parseConfig(['--maildir', ''], {})).toEqual({ ok: false, error: '--maildir needs a directory' });
  });

  it('leaves MAILDIR alone: that is the user’s own mailbox, and this one deletes its oldest messages', () => {
    expect(parseConfig([], { MAILDIR: '/home/ann/Maildir' })).toEqual({ ok: true, config: DEFAULTS, help: false });
    expect(HELP).toContain('--maildir DIR');
    expect(HELP).toContain('env SMTP_MAILDIR;');
  });
});

describe('HELP', () => {
  it('documents every flag, its environment variable and its default', () => {
    for (const flag of [
      '--host',
      '--smtp-port',
      '--http-port',
      '--personality',
      '--hostname',
      '--max-connections',
      '--max-per-client',
      '--idle-timeout',
      '--session-lifetime',
      '--relay-tls-timeout',
      '--help',
    ]) {
      expect(HELP).toContain(flag);
    }
    for (const env of ['HOST', 'SMTP_PORT', 'HTTP_PORT', 'PERSONALITY']) expect(HELP).toContain(`env ${env};`);
    for (const value of ['127.0.0.1', '2525', '2580', 'exim', 'example.thm']) expect(HELP).toContain(`default ${value})`);
  });
});
