/**
 * The simulated DNS as mailauth asks it: node:dns's resolve() shape, with its error
 * codes (ENOTFOUND, ENODATA, ESERVFAIL). For tests that hold our checks to mailauth's.
 */
import { RECORD_TYPES, type RecordType, type Zone } from '../src/dns/records.js';
import { resolve } from '../src/dns/resolve.js';

export function mailauthResolver(zones: readonly Zone[]) {
  return async (name: string, rrtype: string): Promise<never> => {
    const fail = (code: string): never => {
      throw Object.assign(new Error(`${code} ${name} ${rrtype}`), { code, hostname: name });
    };
    if (!(RECORD_TYPES as readonly string[]).includes(rrtype)) return fail('ENOTFOUND');
    const answer = resolve(name, rrtype as RecordType, zones);
    if (answer.status === 'SERVFAIL') return fail('ESERVFAIL');
    const records = answer.answer.filter((r) => r.type === rrtype);
    if (records.length === 0) return fail(answer.status === 'NXDOMAIN' ? 'ENOTFOUND' : 'ENODATA');
    return records.map((r) => {
      switch (r.type) {
        case 'TXT':
          // As on the wire: strings of at most 255 characters.
          return r.text.match(/[\s\S]{1,255}/g) ?? [''];
        case 'MX':
          return { exchange: r.exchange, priority: r.preference };
        case 'CNAME':
          return r.target;
        default:
          return r.address;
      }
    }) as never;
  };
}
