import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DnsRecord, Zone } from '../../dns/records.js';
import { resolve } from '../../dns/resolve.js';
import { ZONES } from '../../dns/zones.js';
import type { DnsLookup } from './lookup.js';
import { checkSpf } from './spf.js';

const txt = (name: string, text: string): DnsRecord => ({ name, ttl: 60, type: 'TXT', text });
const a = (name: string, address: string): DnsRecord => ({ name, ttl: 60, type: 'A', address });
/** The world's zones and one more, "t.thm", holding `records`. */
const dnsWith = (records: DnsRecord[], servfail: string[] = []): DnsLookup => {
  const zones: Zone[] = [...ZONES, { origin: 't.thm', records, servfail }];
  return (name, type) => resolve(name, type, zones);
};
const spf = (record: string | DnsRecord[], q: Partial<{ ip: string; mailFrom: string; helo: string }> = {}) =>
  checkSpf({ ip: '192.0.2.20', mailFrom: 'a@t.thm', helo: 'h.t.thm', ...q }, dnsWith(typeof record === 'string' ? [txt('t.thm', record)] : record));

describe('checkSpf', () => {
  it('passes client.thm from its server and fails it from elsewhere, naming the mechanism', () => {
    expect(checkSpf({ ip: '192.0.2.20', mailFrom: '<alice@client.thm>', helo: 'mail.client.thm' })).toMatchObject({
      result: 'pass',
      domain: 'client.thm',
      record: 'v=spf1 ip4:192.0.2.20 -all',
      mechanism: 'ip4:192.0.2.20',
    });
    const fail = checkSpf({ ip: '198.51.100.1', mailFrom: 'alice@client.thm', helo: 'x.thm' });
    expect(fail).toMatchObject({ result: 'fail', mechanism: '-all' });
    expect(fail.explanation).toContain('may not send');
    expect(fail.lookups.map((l) => `${l.type} ${l.name}`)).toEqual(['TXT client.thm']);
  });

  it('checks the HELO name for the null sender, as postmaster (RFC 7208 2.4)', () => {
    const v = spf([txt('h.t.thm', 'v=spf1 ip4:192.0.2.20 -all')], { mailFrom: '' });
    expect(v).toMatchObject({ result: 'pass', domain: 'h.t.thm' });
    expect(spf([txt('h.t.thm', 'v=spf1 -all')], { mailFrom: '<>' }).result).toBe('fail');
  });

  it('gives each qualifier its result, and neutral when nothing matches (RFC 7208 4.6.2, 4.7)', () => {
    expect(spf('v=spf1 +all').result).toBe('pass');
    expect(spf('v=spf1 ~all').result).toBe('softfail');
    expect(spf('v=spf1 ?all').result).toBe('neutral');
    expect(spf('v=spf1 -all').result).toBe('fail');
    expect(spf('v=spf1 ip4:203.0.113.1')).toMatchObject({ result: 'neutral', mechanism: null });
  });

  it('matches CIDR ranges of both families, and an IPv4-mapped client as IPv4', () => {
    expect(spf('v=spf1 ip4:192.0.2.0/27 -all').result).toBe('pass');
    expect(spf('v=spf1 ip4:192.0.2.0/27 -all', { ip: '192.0.2.32' }).result).toBe('fail');
    expect(spf('v=spf1 ip6:2001:db8::/32 -all', { ip: '2001:DB8:1::5' }).result).toBe('pass');
    expect(spf('v=spf1 ip6:2001:db8::/32 -all', { ip: '2001:db9::5' }).result).toBe('fail');
    expect(spf('v=spf1 ip4:192.0.2.20 -all', { ip: '::ffff:192.0.2.20' }).result).toBe('pass');
    expect(spf('v=spf1 ip4:0.0.0.0/0 -all', { ip: '2001:db8::1' }).result).toBe('fail');
  });

  it('follows a, mx (with dual CIDR), include, exists and redirect', () => {
    const base = [
      a('t.thm', '192.0.2.20'),
      { name: 't.thm', ttl: 60, type: 'MX', preference: 5, exchange: 'mx.t.thm' } as DnsRecord,
      a('mx.t.thm', '192.0.2.99'),
    ];
    expect(spf([...base, txt('t.thm', 'v=spf1 a -all')]).result).toBe('pass');
    expect(spf([...base, txt('t.thm', 'v=spf1 mx -all')]).result).toBe('fail');
    expect(spf([...base, txt('t.thm', 'v=spf1 mx/24 -all')]).result).toBe('pass');
    expect(spf([...base, txt('t.thm', 'v=spf1 include:client.thm -all')])).toMatchObject({ result: 'pass', mechanism: 'include:client.thm' });
    expect(spf([...base, txt('t.thm', 'v=spf1 exists:%{ir}.%{v}.e.t.thm -all'), a('20.2.0.192.in-addr.e.t.thm', '127.0.0.2')]).result).toBe('pass');
    expect(spf([txt('t.thm', 'v=spf1 redirect=client.thm')])).toMatchObject({ result: 'pass', mechanism: 'ip4:192.0.2.20' });
  });

  it('ignores redirect= when the record has all (RFC 7208 6.1), and unknown modifiers and exp=', () => {
    expect(spf('v=spf1 ?all redirect=client.thm').result).toBe('neutral');
    expect(spf('v=spf1 foo=bar exp=explain.%{d} ip4:192.0.2.20 -all').result).toBe('pass');
  });

  it('is permerror for syntax errors anywhere in the record, even after a match (RFC 7208 4.6)', () => {
    for (const record of [
      'v=spf1 +all ip4:192.0.2.999',
      'v=spf1 +all ipv4:192.0.2.1',
      'v=spf1 ip4:192.0.2.0/33 -all',
      'v=spf1 ip4:192.0.2.0/024 -all',
      'v=spf1 ip6:192.0.2.1 -all',
      'v=spf1 a:%{z}.t.thm -all',
      'v=spf1 include -all',
      'v=spf1 all:t.thm',
      'v=spf1 redirect=a.thm redirect=b.thm',
      'v=spf1 -all exp=a.thm exp=b.thm',
    ]) {
      expect(spf(record).result, record).toBe('permerror');
    }
  });

  it('is permerror for two records, none for none, and temperror for SERVFAIL (RFC 7208 4.4, 4.5)', () => {
    expect(spf([txt('t.thm', 'v=spf1 -all'), txt('t.thm', 'v=spf1 +all')]).result).toBe('permerror');
    expect(spf([txt('t.thm', 'v=spf10 +all'), txt('t.thm', 'hello')]).result).toBe('none');
    expect(checkSpf({ ip: '192.0.2.20', mailFrom: 'a@t.thm', helo: 'x' }, dnsWith([], ['t.thm'])).result).toBe('temperror');
    expect(spf([txt('t.thm', 'v=spf1 a:down.t.thm -all')]).result).toBe('fail');
    expect(checkSpf({ ip: '192.0.2.20', mailFrom: 'a@t.thm', helo: 'x' }, dnsWith([txt('t.thm', 'v=spf1 a:down.t.thm -all')], ['down.t.thm'])).result).toBe(
      'temperror',
    );
  });

  it('makes include pass up temperror and permerror, and an include with no record permerror (RFC 7208 5.2)', () => {
    expect(spf([txt('t.thm', 'v=spf1 include:none.t.thm -all'), a('none.t.thm', '192.0.2.1')]).result).toBe('permerror');
    expect(spf([txt('t.thm', 'v=spf1 include:bad.t.thm -all'), txt('bad.t.thm', 'v=spf1 ip4:1')]).result).toBe('permerror');
    expect(spf([txt('t.thm', 'v=spf1 include:other.t.thm ?all'), txt('other.t.thm', 'v=spf1 -all')]).result).toBe('neutral');
    expect(
      checkSpf({ ip: '192.0.2.20', mailFrom: 'a@t.thm', helo: 'x' }, dnsWith([txt('t.thm', 'v=spf1 include:down.t.thm -all')], ['down.t.thm'])).result,
    ).toBe('temperror');
    expect(spf([txt('t.thm', 'v=spf1 redirect=none.t.thm')]).result).toBe('permerror');
  });

  it('stops at 10 DNS mechanisms and at 2 void lookups (RFC 7208 4.6.4)', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `a:h${i}.t.thm`).join(' ');
    const hosts = Array.from({ length: 11 }, (_, i) => a(`h${i}.t.thm`, '203.0.113.1'));
    expect(spf([txt('t.thm', `v=spf1 ${ten} ip4:192.0.2.20 -all`), ...hosts]).result).toBe('pass');
    const loop = spf([txt('t.thm', 'v=spf1 include:t.thm -all')]);
    expect(loop.result).toBe('permerror');
    expect(loop.explanation).toContain('more than 10 DNS lookups');
    expect(spf('v=spf1 a:v1.t.thm a:v2.t.thm ip4:192.0.2.20 -all').result).toBe('pass');
    expect(spf('v=spf1 a:v1.t.thm a:v2.t.thm a:v3.t.thm ip4:192.0.2.20 -all').result).toBe('permerror');
  });

  it('refuses an mx with more than 10 hosts (RFC 7208 4.6.4)', () => {
    const mx = Array.from({ length: 11 }, (_, i) => ({ name: 't.thm', ttl: 60, type: 'MX', preference: i, exchange: `m${i}.t.thm` }) as DnsRecord);
    expect(spf([txt('t.thm', 'v=spf1 mx -all'), ...mx]).result).toBe('permerror');
  });

  it('says none for a sender domain that is no domain, or an address that is no address', () => {
    expect(checkSpf({ ip: '192.0.2.20', mailFrom: 'a@nodots', helo: 'x' }).result).toBe('none');
    expect(checkSpf({ ip: 'not-an-ip', mailFrom: 'a@client.thm', helo: 'x' }).result).toBe('none');
  });

  it('never throws, whatever the record or the query', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (tail, ip, from) => {
        const v = checkSpf({ ip, mailFrom: from, helo: 'h.t.thm' }, dnsWith([txt('t.thm', `v=spf1 ${tail}`)]));
        const w = checkSpf({ ip: '192.0.2.20', mailFrom: 'a@t.thm', helo: 'h' }, dnsWith([txt('t.thm', `v=spf1 ${tail}`)]));
        expect(typeof v.explanation).toBe('string');
        expect(typeof w.result).toBe('string');
      }),
    );
  });
});
