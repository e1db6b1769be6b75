/**
 * The little Markdown lessons are written in: paragraphs split by a blank line, and
 * inside them `code` and **bold**. Nothing else, on purpose: lesson text is data, and
 * a renderer this small is easier to trust than a library with HTML pass-through.
 */

export type Inline = { kind: 'text' | 'code' | 'bold'; text: string };

/** Paragraphs, each a run of inline pieces. */
export function parseMarkdown(source: string): Inline[][] {
  return source
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map(parseInline);
}

/** `code` wins over **bold** (a backtick span is taken as it is, stars and all); unmatched markers stay text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|\*\*(.+?)\*\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    out.push(m[1] !== undefined ? { kind: 'code', text: m[1] } : { kind: 'bold', text: m[2] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
