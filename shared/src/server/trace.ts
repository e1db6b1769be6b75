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
