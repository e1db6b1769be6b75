import { describe, expect, it } from 'vitest';
import type { Zone } from '../../dns/records.js';
import { resolve } from '../../dns/resolve.js';
import { ZONES } from '../../dns/zones.js';
import type { DkimVerdict } from './dkim.js';
import { aligned, checkDmarc, organizationalDomain } from './dmarc.js';
import type { DnsLookup } from './lookup.js';
import type { SpfVerdict } from './spf.js';

const spf = (result: SpfVerdict['result'], domain: string): SpfVerdict => ({ result, domain, record: null, mechanism: null, explanation: '', lookups: [] });
const dkim = (result: DkimVerdict['result'], domain: string): DkimVerdict => ({
  result,
  domain,
  selector: 's',
  algorithm: 'rsa-sha256',
  reason: '',
  explanation: '',
});
const dnsWith = (records: Record<string, string[]>, servfail: string[] = []): DnsLookup => {
  const zone: Zone = {
    origin: 't.thm',
    records: Object.entries(records).flatMap(([name, texts]) => texts.map((text) => ({ name, ttl: 1, type: 'TXT' as const, text }))),
    servfail,
  };
  return (name, type) => resolve(name, type, [...ZONES, zone]);
};

describe('organizationalDomain and aligned', () => {
  it('takes the public suffix and one label (RFC 7489 3.2)', () => {
    expect(organizationalDomain('mail.client.thm')).toBe('client.thm');
    expect(organizationalDomain('client.thm')).toBe('client.thm');
    expect(organizationalDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(organizationalDomain('deep.mail.example.com')).toBe('example.com');
    expect(organizationalDomain('thm')).toBe('thm');
  });

  it('aligns relaxed by organizational domain and strict by the exact name (RFC 7489 3.1)', () => {
    expect(aligned('mail.client.thm', 'client.thm', false)).toBe(true);
    expect(aligned('mail.client.thm', 'client.thm', true)).toBe(false);
    expect(aligned('Client.THM', 'client.thm', true)).toBe(true);
    expect(aligned('client.thm', 'bank.thm', false)).toBe(false);
  });
});

describe('checkDmarc', () => {
  it('passes client.thm when DKIM of client.thm passes, and fails the spoof of bank.thm with p=reject', () => {
    expect(checkDmarc({ fromDomain: 'client.thm', spf: spf('fail', 'client.thm'), dkim: [dkim('pass', 'client.thm')] })).toMatchObject({
      result: 'pass',
      policy: 'quarantine',
      disposition: 'none',
      spfAligned: false,
      dkimAligned: true,
      record: 'v=DMARC1; p=quarantine',
    });
    const spoof = checkDmarc({ fromDomain: 'bank.thm', spf: spf('pass', 'client.thm'), dkim: [dkim('pass', 'client.thm')] });
    expect(spoof).toMatchObject({ result: 'fail', policy: 'reject', disposition: 'reject', spfAligned: false, dkimAligned: false });
    expect(spoof.explanation).toContain('550 5.7.1');
  });

  it('counts only passing DKIM signatures, and SPF only when it passed', () => {
    expect(checkDmarc({ fromDomain: 'client.thm', spf: spf('softfail', 'client.thm'), dkim: [dkim('neutral', 'client.thm')] }).result).toBe('fail');
    expect(checkDmarc({ fromDomain: 'client.thm', spf: spf('pass', 'client.thm'), dkim: [] })).toMatchObject({ result: 'pass', spfAligned: true });
  });

  it('falls back to the organizational domain and applies sp= there (RFC 7489 6.6.3)', () => {
    const dns = dnsWith({ '_dmarc.t.thm': ['v=DMARC1; p=none; sp=reject'] });
    const sub = checkDmarc({ fromDomain: 'news.t.thm', spf: spf('none', 'x.thm'), dkim: [] }, dns);
    expect(sub).toMatchObject({ result: 'fail', policy: 'reject', disposition: 'reject' });
    expect(checkDmarc({ fromDomain: 't.thm', spf: spf('none', 'x.thm'), dkim: [] }, dns)).toMatchObject({ policy: 'none', disposition: 'none' });
    expect(checkDmarc({ fromDomain: 'team.client.thm', spf: spf('none', 'x.thm'), dkim: [dkim('pass', 'client.thm')] }, dns).result).toBe('pass');
  });

  it('honours strict alignment', () => {
    const dns = dnsWith({ '_dmarc.t.thm': ['v=DMARC1; p=reject; adkim=s; aspf=s'] });
    expect(checkDmarc({ fromDomain: 't.thm', spf: spf('pass', 'mail.t.thm'), dkim: [dkim('pass', 'mail.t.thm')] }, dns).result).toBe('fail');
    expect(checkDmarc({ fromDomain: 't.thm', spf: spf('pass', 't.thm'), dkim: [] }, dns).result).toBe('pass');
  });

  it('ignores pct=: a failure gets the whole policy', () => {
    const dns = dnsWith({ '_dmarc.t.thm': ['v=DMARC1; p=quarantine; pct=0'] });
    expect(checkDmarc({ fromDomain: 't.thm', spf: spf('fail', 't.thm'), dkim: [] }, dns).disposition).toBe('quarantine');
  });

  it('is none without a record or with two, temperror on SERVFAIL, permerror for a broken record', () => {
    const none = { spf: spf('pass', 't.thm'), dkim: [] };
    expect(checkDmarc({ fromDomain: 't.thm', ...none }, dnsWith({ '_dmarc.t.thm': ['hello'] })).result).toBe('none');
    expect(checkDmarc({ fromDomain: 't.thm', ...none }, dnsWith({ '_dmarc.t.thm': ['v=DMARC1; p=none', 'v=DMARC1; p=reject'] })).result).toBe('none');
    expect(checkDmarc({ fromDomain: 't.thm', ...none }, dnsWith({}, ['_dmarc.t.thm'])).result).toBe('temperror');
    expect(checkDmarc({ fromDomain: 'a.t.thm', ...none }, dnsWith({}, ['_dmarc.t.thm'])).result).toBe('temperror');
    for (const record of ['v=DMARC1', 'v=DMARC1; p=bogus', 'v=DMARC1; p=none; sp=maybe', 'v=DMARC1; p=none; adkim=x', 'v=DMARC1; p=none; p=reject']) {
      expect(checkDmarc({ fromDomain: 't.thm', ...none }, dnsWith({ '_dmarc.t.thm': [record] })), record).toMatchObject({ result: 'permerror', record });
    }
    expect(checkDmarc({ fromDomain: 'not a domain', ...none }).result).toBe('permerror');
  });
});
