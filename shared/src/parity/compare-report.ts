/**
 * A comparison in words: the fingerprint card's rows (the page's card and the command
 * line's text show the same rows) and the plain-text report `npm run compare` prints:
 * the card, each dialogue's two transcripts side by side with its differences marked
 * and explained, and a summary.
 */
import type { ComparisonSummary, DialogueComparison, LineMark } from './compare.js';
import type { Fingerprint, ProbeVerdict } from './fingerprint.js';

/** One row of the fingerprint card. */
export interface FingerprintRow {
  label: string;
  value: string;
  /** The server's own lines the value rests on, where there are some. */
  evidence: string[];
}

const VERDICT_WORDS: Record<ProbeVerdict['verdict'], string> = { accepted: 'accepted', refused: 'refused', unknown: 'unknown' };

/**
 * The card's rows, in order.
 * @example fingerprintRows(readFingerprint({}))[0] // { label: 'Banner', value: 'no greeting', evidence: [] }
 */
export function fingerprintRows(f: Fingerprint): FingerprintRow[] {
  const row = (label: string, value: string, evidence: string[] = []): FingerprintRow => ({ label, value, evidence });
  const limits = Object.entries(f.limits).map(([k, v]) => `${k}=${v}`);
  return [
    row('Banner', f.banner ?? 'no greeting'),
    row('EHLO', f.ehloHello ?? 'not answered 250'),
    row('Extensions', f.keywords.length > 0 ? f.keywords.map((k) => (k.params ? `${k.name} ${k.params}` : k.name)).join(', ') : 'none offered'),
    row('Size limit', sizeWords(f.sizeLimit)),
    row('Other limits', limits.length > 0 ? limits.join(', ') : 'none announced (no LIMITS keyword)'),
    row('AUTH in plain text', f.auth ? f.auth.join(' ') || 'offered, with no mechanism' : 'not offered'),
    row(
      'AUTH after STARTTLS',
      f.authAfterTls ? f.authAfterTls.join(' ') || 'offered, with no mechanism' : f.starttls === 'started' ? 'not offered' : 'not seen (no TLS session)',
    ),
    row('STARTTLS', STARTTLS_WORDS[f.starttls]),
    row('Bare LF command', VERDICT_WORDS[f.bareLf.verdict], brief(f.bareLf.evidence)),
    row('Pipelining after HELO', VERDICT_WORDS[f.pipeliningAfterHelo.verdict], brief(f.pipeliningAfterHelo.evidence)),
  ];
}

/** A long multi-line reply (a whole EHLO offer) as its first and last lines. */
function brief(evidence: string[]): string[] {
  return evidence.length <= 4 ? evidence : [evidence[0] as string, `… ${evidence.length - 2} more lines …`, evidence[evidence.length - 1] as string];
}

const STARTTLS_WORDS: Record<Fingerprint['starttls'], string> = {
  'not-offered': 'not offered',
  started: 'offered; the handshake worked',
  failed: 'offered; the handshake failed',
  'not-tried': 'offered; not tried',
};

function sizeWords(size: number | null): string {
  if (size === null) return 'not announced (no SIZE keyword)';
  if (size === 0) return 'SIZE offered with no fixed limit';
  return `${size} bytes (${(size / 1024 / 1024).toFixed(1)} MiB)`;
}

/** A mark as one character, for text. */
export const MARK_SIGNS: Record<LineMark, string> = {
  same: ' ',
  'differs-in-text': '~',
  'differs-in-code': '!',
  'only-left': '<',
  'only-right': '>',
};

/** What the marks mean, in the order the report's legend gives them. */
export const MARK_WORDS: Record<LineMark, string> = {
  same: 'the same',
  'differs-in-text': 'same reply code, other words',
  'differs-in-code': 'another reply code or another event',
  'only-left': 'only the real server',
  'only-right': 'only the sandbox',
};

/** A dialogue's verdict in a few words. */
export function verdictWords(c: Pick<DialogueComparison, 'sameText' | 'sameCodes'>): string {
  return c.sameText ? 'identical' : c.sameCodes ? 'same codes, other words' : 'different codes or lines';
}

export interface ReportOptions {
  /** Column headings: the real server, the sandbox. */
  leftTitle: string;
  rightTitle: string;
  /** Characters per line of the side-by-side. */
  width: number;
  /** Print identical dialogues in full too (otherwise one line each). */
  all?: boolean;
}

/** The card as text, one row per line, labels aligned. */
export function formatFingerprint(f: Fingerprint, title: string): string[] {
  const rows = fingerprintRows(f);
  const pad = Math.max(...rows.map((r) => r.label.length));
  const out = [`Fingerprint of ${title}`];
  for (const r of rows) {
    const [first = '', ...more] = r.value.split('\n');
    out.push(`  ${r.label.padEnd(pad)}  ${first}`);
    for (const m of more) out.push(`  ${''.padEnd(pad)}  ${m}`);
    if (r.evidence.length > 0 && r.label !== 'Banner') out.push(`  ${''.padEnd(pad)}  (${r.evidence.map((e) => e.replace(/^S: /, '')).join(' / ')})`);
  }
  return out;
}

/** One dialogue: a heading, then (unless identical and not `all`) its rows side by side, each difference explained under it. */
export function formatComparison(c: DialogueComparison, o: ReportOptions): string[] {
  const out = [`── ${c.id} (${c.category}): ${verdictWords(c)}`, `   ${c.about}`];
  if (c.sameText && !o.all) return out;
  const column = Math.max(20, Math.floor((o.width - 5) / 2));
  out.push(`  ${fit(o.leftTitle, column)} │ ${fit(o.rightTitle, column)}`);
  for (const l of c.lines) {
    out.push(`${MARK_SIGNS[l.mark]} ${fit(l.left ?? '', column)} │ ${fit(l.right ?? '', column)}`.trimEnd());
    if (l.why) out.push(`    ↳ ${l.why}`);
  }
  return out;
}

/** The closing lines: how many dialogues matched, in text and in codes. */
export function formatSummary(s: ComparisonSummary, skipped: readonly string[] = []): string[] {
  const out = [
    `Summary: ${s.dialogues} dialogues compared; ${s.sameText} identical, ${s.sameCodes} with the same reply codes (${s.sameCodes - s.sameText} of them worded differently), ${s.dialogues - s.sameCodes} with different codes or lines.`,
  ];
  if (skipped.length > 0) out.push(`Not played: ${skipped.join('; ')}.`);
  return out;
}

/** The legend for the marks. */
export function formatLegend(): string {
  return `Marks: ${(['differs-in-code', 'differs-in-text', 'only-left', 'only-right'] as const).map((m) => `${MARK_SIGNS[m]} ${MARK_WORDS[m]}`).join('; ')}.`;
}

/** Pads or cuts text to exactly `n` characters (code points), an ellipsis where cut. */
function fit(text: string, n: number): string {
  const chars = [...text];
  if (chars.length <= n) return text + ' '.repeat(n - chars.length);
  return `${chars.slice(0, n - 1).join('')}…`;
}
