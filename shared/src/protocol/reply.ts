/**
 * SMTP replies (RFC 5321 4.2): a three-digit code, then `-` on every line but the last
 * and a space on the last. With ENHANCEDSTATUSCODES (RFC 2034) each line's text starts
 * with the same `class.subject.detail` code. One function formats every reply; the
 * parser is its inverse.
 */

/** A reply as data. `enhanced` is e.g. "2.1.0", present only when it is sent. */
export interface Reply {
  code: number;
  enhanced?: string;
  lines: string[];
}

/** One line of a reply, as read off the wire. */
export interface ReplyLine {
  code: number;
  /** False on every line but the last of a multi-line reply. */
  last: boolean;
  enhanced?: string;
  /** The text after the code (and after the enhanced code, when there is one). */
  text: string;
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?: |$)/;

/**
 * The wire form of a reply, CRLF after every line.
 * @example formatReply({ code: 250, enhanced: '2.1.0', lines: ['Ok'] }) // "250 2.1.0 Ok\r\n"
 */
export function formatReply(reply: Reply): string {
  const lines = reply.lines.length > 0 ? reply.lines : [''];
  const prefix = reply.enhanced ? `${reply.enhanced} ` : '';
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const sep = i === lines.length - 1 ? ' ' : '-';
    out += `${reply.code}${sep}${prefix}${lines[i]}\r\n`;
  }
  return out;
}

/**
 * Parses one reply line (without its line ending). Returns null when the line is not a
 * reply: RFC 5321 4.2 wants three digits from 2xx to 5xx, then a space, a hyphen, or
 * nothing (a bare "250" is legal).
 */
export function parseReplyLine(line: string): ReplyLine | null {
  const m = /^([2-5][0-5][0-9])([ -]|$)(.*)$/s.exec(line);
  if (!m) return null;
  const code = Number(m[1]);
  const last = m[2] !== '-';
  let text = m[3] ?? '';
  const e = ENHANCED.exec(text);
  // RFC 3463: the enhanced code's class must match the reply's first digit.
  if (e && e[1] === String(code)[0]) {
    const enhanced = `${e[1]}.${e[2]}.${e[3]}`;
    text = text.slice(e[0].length);
    return { code, last, enhanced, text };
  }
  return { code, last, text };
}

/**
 * Parses a whole reply from its lines. Returns null if any line is not a reply line,
 * the codes differ, or a non-final line is last.
 */
export function parseReply(lines: readonly string[]): Reply | null {
  const parsed = lines.map(parseReplyLine);
  if (parsed.length === 0) return null;
  const first = parsed[0];
  if (!first) return null;
  const out: Reply = { code: first.code, lines: [] };
  // The enhanced code counts only if every line carries the same one.
  const enhanced = first.enhanced;
  const allEnhanced = enhanced !== undefined && parsed.every((p) => p?.enhanced === enhanced);
  for (let i = 0; i < parsed.length; i++) {
    const p = parsed[i];
    if (!p || p.code !== first.code || p.last !== (i === parsed.length - 1)) return null;
    out.lines.push(allEnhanced || !p.enhanced ? p.text : `${p.enhanced} ${p.text}`);
  }
  if (allEnhanced) out.enhanced = enhanced;
  return out;
}
