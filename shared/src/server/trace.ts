/**
 * Pieces of the trace a server writes: RFC 5322 dates and base-62 digits for Exim ids.
 * Time always comes in as epoch milliseconds from the injected clock.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * RFC 5322 3.3 date-time in UTC.
 * @example formatDate(0) // "Thu, 01 Jan 1970 00:00:00 +0000"
 */
export function formatDate(ms: number): string {
  // Every message in the same second has the same date: it is made once a second.
  const second = Math.floor(ms / 1000);
  if (second !== lastDate.second) {
    const d = new Date(second * 1000);
    lastDate.second = second;
    lastDate.text = `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  }
  return lastDate.text;
}

const lastDate = { second: Number.NaN, text: '' };

/** The latest ISO time's second, "2026-12-06T15:00:00.", for isoTime. */
const lastIso = { second: Number.NaN, prefix: '' };
/** 9999-12-31T23:59:59.999Z: past it, ISO 8601 needs a six-digit year and another form. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

/**
 * `new Date(ms).toISOString()`, made once a second like formatDate: every stored
 * message has one, and formatting a Date was the costliest line of storing a small
 * message (measured with a CPU profile).
 * @example isoTime(1500) // "1970-01-01T00:00:01.500Z"
 */
export function isoTime(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > LAST_FOUR_DIGIT_YEAR_MS) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== lastIso.second) {
    lastIso.second = second;
    lastIso.prefix = new Date(second * 1000).toISOString().slice(0, 20);
  }
  return `${lastIso.prefix}${pad(ms - second * 1000, 3)}Z`;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base 62, left-padded with zeros to `width` digits (Exim's message-id alphabet). */
export function base62(n: number, width: number): string {
  let out = '';
  let v = Math.floor(n);
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}
