/**
 * "Compare with a real server": which dialogues of the parity corpus may be played
 * against someone's real server, and how two transcripts of one dialogue (the real
 * server's and the sandbox's) line up, line by line, with each difference said in
 * plain words. Pure: the page and the command line play the dialogues and feed the
 * transcripts in here.
 *
 * Rules / how this works:
 * - Safe (isSafeDialogue): nothing the client sends could complete a message, so
 *   whatever the server accepts, nothing is delivered. Decided from the client's bytes
 *   alone, as if the server said yes to everything: every line is split at CR, at LF
 *   and at CRLF (a lenient server might end a line at any of them); once a line could
 *   hold DATA, no later line may be a lone dot; no line may hold BDAT … LAST. A
 *   transaction therefore ends with RSET, QUIT or the client hanging up.
 * - Before comparing, both transcripts are normalised as goldens are (dates, queue
 *   ids, TLS details, the client's address); where the client's address is not known
 *   (through the relay, the real server sees the relay's), any address literal a
 *   server line shows is taken for it. The step timeout of a "-- no reply" line is
 *   not compared: the two players wait for different lengths of time.
 * - Alignment: the alignment with the best score (Needleman–Wunsch), where an identical
 *   line scores 4, two server lines with the same code and the same first word 3 (with
 *   the same code only, 2), two server lines with different codes or two different
 *   events ("-- …") 1, and anything left unpaired 0. Client lines pair only when
 *   identical: they are the same corpus on both sides and differ only in whether one
 *   side had hung up by then.
 * - The keyword lines of an EHLO reply are aligned as one block against the other
 *   side's, and inside it lined up by keyword name, whatever their order (see
 *   pairUnits): the right side's keywords may show in the left's order.
 * - Marks: `same`; `differs-in-text` (same reply code, other words); `differs-in-code`
 *   (another reply code, or another event: who closed, whether TLS started);
 *   `only-left` and `only-right` (the line has no partner). Left is the real server,
 *   right the sandbox.
 */
import { explainReply } from '../observe/explain.js';
import { DIALOGUES, type Dialogue, type DialogueCategory } from './dialogues.js';
import { PROBES } from './fingerprint.js';
import { goldenTranscript, stepText } from './transcript.js';

// --- which dialogues are safe -------------------------------------------------------------

/**
 * Whether playing `d` against any server, however lenient, delivers nothing: no line
 * after one that could be DATA is a lone dot, and no line is a BDAT with LAST.
 * @example isSafeDialogue(DIALOGUES.find((d) => d.id === 'ehlo')!) // true
 * @example isSafeDialogue(DIALOGUES.find((d) => d.id === 'ehlo-transaction')!) // false
 */
export function isSafeDialogue(d: Dialogue): boolean {
  const sent = d.steps.map(stepText).join('');
  let mayBeInData = false;
  for (const raw of sent.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    // A BDAT chunk is counted in bytes, not lines, so a command may begin anywhere in
    // a line as split here: look for BDAT … LAST and DATA anywhere, in any case.
    if (/bdat.*last/i.test(line)) return false;
    if (mayBeInData && line === '.') return false;
    if (/data/i.test(line)) mayBeInData = true;
  }
  return true;
}

/** The corpus's safe dialogues, in corpus order, then the fingerprint's probes (also safe). */
export const COMPARE_DIALOGUES: readonly Dialogue[] = [...DIALOGUES.filter(isSafeDialogue), ...PROBES];

/** Whether `d` needs a TLS handshake, which only a target that allows STARTTLS can do. */
export function needsTls(d: Dialogue): boolean {
  return d.steps.some((s) => s.type === 'startTls');
}

// --- normalising for comparison ------------------------------------------------------------

/**
 * A played transcript ready to compare: normalised as a golden is. `clientAddress`
 * null: not known (through the relay), so any address literal in a server line is
 * taken for the client's. `ids`: the queue ids the player saw (none, for a safe dialogue).
 */
export function comparableTranscript(raw: readonly string[], clientAddress: string | null, ids: readonly string[] = []): string[] {
  const vars = { clientAddress: clientAddress ?? '\0', ids: [...ids] };
  return goldenTranscript(raw, vars).map((l) => {
    let out = l.replace(/^(-- no reply within) [\d.]+ s/, '$1 the step timeout');
    if (clientAddress === null && out.startsWith('S: ')) out = out.replace(/\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]+)\]/g, '[{client}]');
    return out;
  });
}

// --- aligning two transcripts --------------------------------------------------------------

export type LineMark = 'same' | 'differs-in-text' | 'differs-in-code' | 'only-left' | 'only-right';

/** One row of the side-by-side: a line of each transcript (or none), how they compare, and why. */
export interface ComparedLine {
  mark: LineMark;
  left: string | null;
  right: string | null;
  /** The difference in plain words; null when the lines are the same. */
  why: string | null;
}

/** Who the two sides are, in the explanations. */
export interface SideNames {
  left: string;
  right: string;
}

const DEFAULT_NAMES: SideNames = { left: 'the real server', right: 'the sandbox' };

/**
 * Lines up two normalised transcripts of one dialogue, left the real server's and
 * right the sandbox's, and says what differs.
 * @example compareTranscripts(['S: 250 OK'], ['S: 501 Syntax error']) // [{ mark: 'differs-in-code', … why: 'Different reply code: the real server accepts (250) what the sandbox refuses (501). …' }]
 */
export function compareTranscripts(left: readonly string[], right: readonly string[], names: SideNames = DEFAULT_NAMES): ComparedLine[] {
  const L = sideOf(left);
  const R = sideOf(right);
  const n = L.units.length;
  const m = R.units.length;
  const width = m + 1;
  const score = (i: number, j: number) => unitScore(L, L.units[i] as Unit, R, R.units[j] as Unit);
  // best[i * width + j]: the best score aligning the left units from i with the right units from j.
  const best = new Int32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const pair = score(i, j);
      const diagonal = pair > 0 ? pair + (best[(i + 1) * width + j + 1] as number) : -1;
      best[i * width + j] = Math.max(diagonal, best[(i + 1) * width + j] as number, best[i * width + j + 1] as number);
    }
  }
  const out: ComparedLine[] = [];
  const alone = (side: Side, u: Unit, mark: 'only-left' | 'only-right') => {
    for (let k = u.from; k < u.to; k++) {
      const line = side.lines[k] as string;
      const [here, there] = mark === 'only-left' ? [names.left, names.right] : [names.right, names.left];
      const why = explainAlone(line, side.contexts[k] as Context, here, there);
      out.push(mark === 'only-left' ? { mark, left: line, right: null, why } : { mark, left: null, right: line, why });
    }
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const here = best[i * width + j] as number;
    if (i < n && j < m) {
      const pair = score(i, j);
      if (pair > 0 && here === pair + (best[(i + 1) * width + j + 1] as number)) {
        out.push(...pairUnits(L, L.units[i] as Unit, R, R.units[j] as Unit, names));
        i++;
        j++;
        continue;
      }
    }
    if (i < n && (j >= m || here === best[(i + 1) * width + j])) alone(L, L.units[i++] as Unit, 'only-left');
    else alone(R, R.units[j++] as Unit, 'only-right');
  }
  return out;
}

/** A stretch of one transcript that is aligned whole: one line, or the keyword lines of one EHLO reply. */
interface Unit {
  keywords: boolean;
  /** Its lines: from, up to but not including to. */
  from: number;
  to: number;
}

interface Side {
  lines: readonly string[];
  contexts: Context[];
  units: Unit[];
}

function sideOf(lines: readonly string[]): Side {
  const contexts = replyContexts(lines);
  const units: Unit[] = [];
  for (let k = 0; k < lines.length; ) {
    const keywords = isEhloKeyword(lines[k] as string, contexts[k] as Context);
    let to = k + 1;
    while (keywords && to < lines.length && isEhloKeyword(lines[to] as string, contexts[to] as Context)) to++;
    units.push({ keywords, from: k, to });
    k = to;
  }
  return { lines, contexts, units };
}

/** How well two units pair: two keyword blocks always do (3); a keyword block and a line never; two lines by pairScore. */
function unitScore(L: Side, u: Unit, R: Side, v: Unit): number {
  if (u.keywords || v.keywords) return u.keywords && v.keywords ? 3 : 0;
  return pairScore(L.lines[u.from] as string, R.lines[v.from] as string);
}

/**
 * The rows for two paired units. Two keyword blocks are lined up by keyword name, in
 * the left's order, then the right's keywords the left lacks: the order of EHLO
 * keywords means nothing (RFC 5321 4.1.1.1 gives none), and neither does which of
 * them ends the reply ("250-" or "250 ").
 */
function pairUnits(L: Side, u: Unit, R: Side, v: Unit, names: SideNames): ComparedLine[] {
  if (!u.keywords) {
    const l = L.lines[u.from] as string;
    const r = R.lines[v.from] as string;
    const pair = pairScore(l, r);
    const mark: LineMark = pair === 4 ? 'same' : pair >= 2 ? 'differs-in-text' : 'differs-in-code';
    return [
      { mark, left: l, right: r, why: mark === 'same' ? null : explainPair(mark, l, r, L.contexts[u.from] as Context, R.contexts[v.from] as Context, names) },
    ];
  }
  const lefts = L.lines.slice(u.from, u.to);
  const rights = R.lines.slice(v.from, v.to);
  const used = new Set<number>();
  const out: ComparedLine[] = [];
  for (const l of lefts) {
    const k = rights.findIndex((r, at) => !used.has(at) && firstWord(r) === firstWord(l));
    if (k === -1) {
      out.push({ mark: 'only-left', left: l, right: null, why: `Only ${names.left} offers ${textOf(l)}.` });
      continue;
    }
    used.add(k);
    const r = rights[k] as string;
    out.push(
      textOf(l) === textOf(r)
        ? { mark: 'same', left: l, right: r, why: null }
        : { mark: 'differs-in-text', left: l, right: r, why: `Both offer ${firstWord(l)}, with other parameters: "${textOf(l)}" against "${textOf(r)}".` },
    );
  }
  rights.forEach((r, at) => {
    if (!used.has(at)) out.push({ mark: 'only-right', left: null, right: r, why: `Only ${names.right} offers ${textOf(r)}.` });
  });
  return out;
}

/**
 * How well two lines pair: 4 identical, 3 same reply code and first word, 2 same
 * reply code, 1 another code or another event, 0 not at all.
 */
function pairScore(l: string, r: string): number {
  if (l === r) return 4;
  if (l.startsWith('S: ') && r.startsWith('S: ')) {
    if (codeOf(l) !== codeOf(r)) return 1;
    return firstWord(l) === firstWord(r) ? 3 : 2;
  }
  if (l.startsWith('-- ') && r.startsWith('-- ')) return 1;
  return 0;
}

/** The first word of a reply line's text, upper-cased: an EHLO keyword's name. */
const firstWord = (line: string) => (/^\S*/.exec(textOf(line))?.[0] ?? '').toUpperCase();

/** A server line's reply code, or null for a line that is not a reply line. */
function codeOf(line: string): number | null {
  const m = /^S: (\d{3})(?:[ -]|$)/.exec(line);
  return m ? Number(m[1]) : null;
}

/** A reply line's enhanced status code (RFC 3463), if it starts with one. */
function enhancedOf(line: string): string | undefined {
  return /^S: \d{3}[ -]([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/.exec(line)?.[1];
}

/** A reply line's text, after the code (and the enhanced code, if any). */
function textOf(line: string): string {
  return line.replace(/^S: \d{3}[ -]?/, '').replace(/^[245]\.\d{1,3}\.\d{1,3}\s?/, '');
}

/** Where a server line stands: the command its reply answers, and whether it is the reply's first line. */
interface Context {
  answers: string;
  first: boolean;
}

/**
 * For each line, the command its reply answers (for explainReply), read the way a
 * client pipelines: each command sent waits in a queue, each reply's last line takes
 * the oldest. The first reply is the greeting ("connect").
 */
function replyContexts(lines: readonly string[]): Context[] {
  const waiting: string[] = [];
  let greeted = false;
  let last = 'connect';
  let first = true;
  return lines.map((l) => {
    if (l.startsWith('C: ')) {
      const verb = /^C: ([A-Za-z]+)/.exec(l)?.[1]?.toUpperCase();
      if (verb) waiting.push(verb);
      return { answers: '', first: false };
    }
    if (!l.startsWith('S: ')) return { answers: '', first: false };
    const context = { answers: greeted ? (waiting[0] ?? last) : 'connect', first };
    first = /^S: \d{3}-/.test(l) === false;
    if (first) {
      if (greeted) last = waiting.shift() ?? last;
      greeted = true;
    }
    return context;
  });
}

/** A keyword line of an EHLO reply: every line of a 250 to EHLO but the first, which names the server. */
const isEhloKeyword = (line: string, c: Context) => c.answers === 'EHLO' && !c.first && /^S: 250[- ]/.test(line);

/** What a reply means, in a sentence, from shared's catalogue. */
function meaning(line: string, context: Context): string {
  const code = codeOf(line);
  if (code === null) return 'not a reply line at all';
  return explainReply(context.answers || 'connect', code, enhancedOf(line), undefined, textOf(line)).text;
}

const accepts = (code: number) => code < 400;

function explainPair(mark: LineMark, l: string, r: string, lContext: Context, rContext: Context, names: SideNames): string {
  const L = capital(names.left);
  if (l.startsWith('-- ')) return explainEvents(l.slice(3), r.slice(3), names);
  const lc = codeOf(l);
  const rc = codeOf(r);
  if (lc === null || rc === null) return `The lines differ: ${lc === null ? names.left : names.right} sent something that is not a reply line.`;
  if (mark === 'differs-in-text') {
    const le = enhancedOf(l);
    const re = enhancedOf(r);
    if (le && !re) return `Same code ${lc}; only ${names.left} adds an enhanced status code (${le}), and the words differ.`;
    if (re && !le) return `Same code ${lc}; only ${names.right} adds an enhanced status code (${re}), and the words differ.`;
    if (le && re && le !== re) return `Same code ${lc}, but another enhanced status code: ${le} against ${re}.`;
    return `Same code ${lc}, worded differently.`;
  }
  if (accepts(lc) && !accepts(rc))
    return `Different reply code: ${names.left} accepts (${lc}) what ${names.right} refuses (${rc}). ${rc}: ${meaning(r, rContext)}`;
  if (!accepts(lc) && accepts(rc))
    return `Different reply code: ${names.left} refuses (${lc}) what ${names.right} accepts (${rc}). ${lc}: ${meaning(l, lContext)}`;
  if (accepts(lc)) return `Both go on, with different codes: ${lc} against ${rc}. ${lc}: ${meaning(l, lContext)}`;
  const lTemp = lc < 500;
  const rTemp = rc < 500;
  if (lTemp && !rTemp) return `Both refuse, but ${names.left} says try again later (${lc}) where ${names.right} refuses for good (${rc}).`;
  if (!lTemp && rTemp) return `Both refuse, but ${names.left} refuses for good (${lc}) where ${names.right} says try again later (${rc}).`;
  return `Both refuse, with different codes. ${L}: ${lc}, ${lowerFirst(meaning(l, lContext))} ${capital(names.right)}: ${rc}, ${lowerFirst(meaning(r, rContext))}`;
}

function explainEvents(l: string, r: string, names: SideNames): string {
  const closedBy = (e: string) => /^(server|client) closed the connection$/.exec(e)?.[1];
  if (closedBy(l) === 'server' && closedBy(r) === 'client')
    return `${capital(names.left)} hung up by itself here; ${names.right} kept the connection open until the client closed it.`;
  if (closedBy(l) === 'client' && closedBy(r) === 'server')
    return `${capital(names.right)} hung up by itself here; ${names.left} kept the connection open until the client closed it.`;
  return `What happened differs: with ${names.left}, "${l}"; with ${names.right}, "${r}".`;
}

function explainAlone(line: string, context: Context, here: string, there: string): string {
  if (line.startsWith('C: ')) return `Sent only to ${here}: the session with ${there} had already ended.`;
  if (line.startsWith('-- ')) return `Only with ${here}: ${line.slice(3)}.`;
  const code = codeOf(line);
  if (code === null) return `Only ${here} sent this line, and it is not a reply line.`;
  return `Only ${here} says this: ${code}, ${lowerFirst(meaning(line, context))}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

// --- a dialogue and a whole run ------------------------------------------------------------

/** One dialogue, played against both sides and lined up. */
export interface DialogueComparison {
  id: string;
  category: DialogueCategory;
  about: string;
  lines: ComparedLine[];
  /** Every line the same. */
  sameText: boolean;
  /** The same reply codes and events in the same places; only words differ. */
  sameCodes: boolean;
}

/** Compares one dialogue's two normalised transcripts (see comparableTranscript). */
export function compareDialogue(d: Dialogue, left: readonly string[], right: readonly string[], names: SideNames = DEFAULT_NAMES): DialogueComparison {
  const lines = compareTranscripts(left, right, names);
  return {
    id: d.id,
    category: d.category,
    about: d.about,
    lines,
    sameText: lines.every((l) => l.mark === 'same'),
    sameCodes: lines.every((l) => l.mark === 'same' || l.mark === 'differs-in-text'),
  };
}

/** How a run went, in counts. */
export interface ComparisonSummary {
  dialogues: number;
  sameText: number;
  sameCodes: number;
}

export function summariseComparisons(comparisons: readonly DialogueComparison[]): ComparisonSummary {
  return {
    dialogues: comparisons.length,
    sameText: comparisons.filter((c) => c.sameText).length,
    sameCodes: comparisons.filter((c) => c.sameCodes).length,
  };
}
