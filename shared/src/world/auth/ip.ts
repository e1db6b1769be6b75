/**
 * IP addresses as SPF compares them: as bytes, so that a CIDR range is a prefix of
 * bits (RFC 7208 5.6). IPv4 is dotted decimal (RFC 791), IPv6 the text form of RFC
 * 4291 2.2 (with "::" and an IPv4 tail). An IPv4-mapped IPv6 address (::ffff:a.b.c.d)
 * is read as the IPv4 address it carries, as RFC 7208 5 asks of the client's address.
 */

export interface Ip {
  family: 4 | 6;
  bytes: Uint8Array;
}

/** The address written in `text`, or null when it is not one. */
export function parseIp(text: string): Ip | null {
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = parseIpv6(text);
  if (!v6) return null;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? { family: 4, bytes: v6.slice(12) } : { family: 6, bytes: v6 };
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return new Uint8Array(parts.map(Number));
}

function parseIpv6(text: string): Uint8Array | null {
  if (text.length > 45 || !/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const words = half.split(':');
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (i === words.length - 1 && w.includes('.')) {
        const v4 = parseIpv4(w);
        if (!v4) return null;
        out.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-f]{1,4}$/i.test(w)) out.push(Number.parseInt(w, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/** Whether the first `bits` bits of `a` and `b` (of one family) are equal. */
export function samePrefix(a: Ip, b: Ip, bits: number): boolean {
  if (a.family !== b.family) return false;
  for (let i = 0; i < a.bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((a.bytes[i] as number) & mask) !== ((b.bytes[i] as number) & mask)) return false;
  }
  return true;
}

/**
 * The address as the %{i} macro spells it (RFC 7208 7.3): dotted decimal for IPv4,
 * and for IPv6 its 32 nibbles in hex, dot-separated.
 */
export function macroIp(ip: Ip): string {
  if (ip.family === 4) return [...ip.bytes].join('.');
  return [...ip.bytes].flatMap((b) => [(b >> 4).toString(16), (b & 15).toString(16)]).join('.');
}
