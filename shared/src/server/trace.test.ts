import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate } from './trace.js';

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
