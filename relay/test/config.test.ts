import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('uses the defaults: loopback, 2525 and 2580, Exim-like', () => {
    expect(parseConfig([], {})).toEqual({ ok: true, config: DEFAULTS, help: false });
    expect(DEFAULTS).toMatchObject({ host: '127.0.0.1', smtpPort: 2525, httpPort: 2580, personality: 'exim' });
  });
  it('reads the environment, and flags win over it', () => {
    const r = parseConfig(['--smtp-port', '2626'], { SMTP_PORT: '2727', HTTP_PORT: '8080', PERSONALITY: 'postfix' });
    expect(r).toMatchObject({ ok: true, config: { smtpPort: 2626, httpPort: 8080, personality: 'postfix' } });
  });
  it('explains bad values instead of throwing', () => {
    expect(parseConfig(['--smtp-port', '99999'], {})).toEqual({ ok: false, error: '--smtp-port must be a port number from 0 to 65535, not "99999"' });
    expect(parseConfig(['--personality', 'sendmail'], {})).toMatchObject({ ok: false, error: expect.stringContaining('exim or postfix') });
    expect(parseConfig(['--bogus'], {})).toMatchObject({ ok: false, error: expect.stringContaining('--help') });
  });
  it('knows --help', () => {
    expect(parseConfig(['--help'], {})).toMatchObject({ ok: true, help: true });
  });
});
