import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, isoTime } from './trace.js';

/** RFC 5322 3.3 in UTC, from the platform's own HTTP date (the same fields, "GMT" written "+0000"). */
const reference = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');

describe('formatDate', () => {
  it('writes an RFC 5322 date in UTC', () => {
    expect(formatDate(0)).toBe('Thu, 01 Jan 1970 00:00:00 +0000');
  });

  it('is right for any time, in any order, within a second and across seconds', () => {
    const ms = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            ms,
            ms.map((t) => t - (t % 1000) + 999),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (times) => {
          for (const t of times) expect(formatDate(t)).toBe(reference(t));
        },
      ),
    );
  });
});

describe('isoTime', () => {
  it('is toISOString for any time, in any order, within a second and across seconds, and outside the cached range', () => {
    const ms = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    const odd = fc.oneof(fc.constant(-1), fc.constant(Date.UTC(10_000, 0, 1)), fc.constant(1.5), fc.integer({ min: -8.64e15, max: 8.64e15 }));
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            ms,
            ms.map((t) => t - (t % 1000)),
            ms.map((t) => t - (t % 1000) + 999),
            odd,
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (times) => {
          for (const t of times) expect(isoTime(t)).toBe(new Date(t).toISOString());
        },
      ),
    );
  });
});
