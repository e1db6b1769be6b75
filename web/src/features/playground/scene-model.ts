/**
 * The post office as a picture: where each part of the drawing stands, read from the
 * observer's state and nothing else, so the scene follows a real server as it follows
 * the sandbox. Pure, so every step is tested without React (scene-model.test.ts).
 *
 * How this works:
 * - Each part has a place per step ('hand', 'over', 'inside' …); the drawing turns a
 *   place into a position and CSS moves the part there. Nothing here counts time: a
 *   part moves because the state changed, never because a timer ran out.
 * - Parts that belong to one letter carry a `key`: the index of the delivery they
 *   belong to. The key stays the same from the letter's start to its receipt, so the
 *   letter slides into its envelope; a new transaction gets new parts, which appear in
 *   place instead of sliding back out of the old envelope.
 * - At 'sealed' the observer has already closed the transaction, so the envelope shows
 *   the delivery: its return address and the recipients the server accepted, which is
 *   all a real envelope carries on.
 * - A POP3 session is a visit to collect mail (pop3SceneOf): no envelope, letter or
 *   receipt, but your PO box, which your key (USER and PASS) opens; the letters in it
 *   (STAT, LIST); the one you read (RETR, TOP: a copy in your hand, the letter stays
 *   in the box); those marked to throw away (DELE), which go into the wastebasket only
 *   when you leave with QUIT (the UPDATE state). Leaving any other way throws nothing away.
 */
import type { ObserverState, Pop3Step, PostOfficeStep } from '@smtp-playground/shared';

export type VisitorAt = 'outside' | 'counter' | 'door';
/** away: not in the picture; hand: carried by the visitor; over: being handed over, above the envelope; inside: in it. */
export type LetterAt = 'away' | 'hand' | 'over' | 'inside' | 'door';
/** clerk: not handed over yet (hidden behind the counter); hand and door: the visitor holds it. */
export type ReceiptAt = 'clerk' | 'hand' | 'door';

export interface SceneRecipient {
  address: string;
  status: 'accepted' | 'refused' | 'waiting';
  /** The server's reply to this RCPT, once it came. */
  reply: string | null;
}

export interface SceneEnvelope {
  key: number;
  /** '' is the null sender `<>`; null: not written yet. */
  returnAddress: string | null;
  recipients: SceneRecipient[];
  sealed: boolean;
}

/** Your PO box, in a POP3 session: what the lines showed of the maildrop. */
export interface PoBox {
  /** The name given with USER (or AUTH); null before. */
  owner: string | null;
  /** The key fitted: logged in. */
  unlocked: boolean;
  /** Letters in the box, as STAT or LIST counted them; null until counted. */
  count: number | null;
  /** Numbers marked with DELE (and not yet taken back by RSET). */
  marked: number[];
  /** The letter last read with RETR or TOP: its number and subject. */
  reading: { number: number; subject: string | null; lines: number } | null;
  /** Letters thrown away at QUIT (the UPDATE state); 0 until then, and when you left otherwise. */
  thrownAway: number;
}

export interface Scene {
  step: PostOfficeStep | Pop3Step;
  door: 'open' | 'closed';
  visitor: VisitorAt;
  /** What the visitor said last that has been answered: a verb, "." for the letter's end; null before anything. */
  said: string | null;
  /** The clerk's last answer: an SMTP reply code, or POP3's +OK or -ERR. */
  answer: { code: number | '+OK' | '-ERR'; refused: boolean } | null;
  /**
   * Set while the clerk is refusing; a new value for each refused command, so the
   * drawing can key the head on it and the shake plays again. (The history keeps the
   * last 200 exchanges, so past 200 the same refusal twice in a row shakes once.)
   */
  shake: number | null;
  /** The server's name, as its greeting gave it. */
  server: string | null;
  tls: boolean;
  envelope: SceneEnvelope | null;
  letter: { key: number; at: LetterAt; subject: string | null; lines: number };
  receipt: { key: number; at: ReceiptAt; queueId: string | null };
  /** Letters already in the mailbag this session. */
  bagged: number;
  /** A POP3 session: the PO box instead of the envelope, the letter and the receipt. */
  poBox: PoBox | null;
}

/** Steps at the counter with an envelope in front of the visitor. */
const ENVELOPE_STEPS: ReadonlySet<PostOfficeStep> = new Set(['greet', 'return-address', 'recipients', 'letter', 'sealed']);

/** How an exchange's context is said in the visitor's speech bubble. */
const SAID: Record<string, string | null> = { connect: null, 'data-end': '.', 'bdat-last': 'BDAT', prdr: '.', 'auth-response': 'AUTH', unknown: '?' };

export function sceneOf(o: ObserverState): Scene {
  if (o.protocol === 'pop3') return pop3SceneOf(o);
  const sealed = o.step === 'sealed';
  const last = o.deliveries[o.deliveries.length - 1];
  // The delivery the receipt belongs to: the one just made (sealed, or leaving after it), else the next.
  const handed = (sealed || o.step === 'leave') && last !== undefined;
  const open = o.deliveries.length - (sealed ? 1 : 0);
  const exchange = o.exchanges[o.exchanges.length - 1];
  const letter = sealed ? (last?.letter ?? null) : o.letter;
  return {
    step: o.step,
    door: o.step === 'outside' ? 'closed' : 'open',
    visitor: o.step === 'outside' ? 'outside' : o.step === 'leave' ? 'door' : 'counter',
    said: exchange ? (exchange.context in SAID ? (SAID[exchange.context] ?? null) : exchange.context) : null,
    answer: o.lastReply ? { code: o.lastReply.code, refused: o.lastReply.code >= 400 } : null,
    shake: o.refusal ? o.exchanges.length : null,
    server: serverName(o.greeting),
    tls: o.tls,
    envelope: ENVELOPE_STEPS.has(o.step)
      ? {
          key: open,
          returnAddress: sealed ? (last?.mailFrom ?? null) : o.mailFrom,
          recipients: sealed
            ? (last?.recipients ?? []).map((address) => ({ address, status: 'accepted', reply: null }))
            : o.recipients.map((r) => ({ address: r.address, status: r.accepted === null ? 'waiting' : r.accepted ? 'accepted' : 'refused', reply: r.reply })),
          sealed,
        }
      : null,
    letter: {
      key: open,
      at: letterAt(o.step, o.deliveries.length > 0),
      subject: letter?.headers.find((h) => h.name.toLowerCase() === 'subject')?.value ?? null,
      // Each body line ends in a line feed.
      lines: letter ? letter.headers.length + (letter.body.match(/\n/g)?.length ?? 0) : 0,
    },
    receipt: {
      key: handed ? o.deliveries.length - 1 : o.deliveries.length,
      at: !handed ? 'clerk' : sealed ? 'hand' : 'door',
      queueId: handed ? (last?.queueId ?? null) : null,
    },
    bagged: open,
    poBox: null,
  };
}

/** The visit to collect mail: the POP3 view as the post office shows it. */
export function pop3SceneOf(o: ObserverState): Scene {
  const v = o.pop3;
  const outside = o.step === 'outside' || !v;
  const step: Scene['step'] = outside ? 'outside' : v.step;
  const leaving = step === 'leave';
  const read = v?.retrieved[v.retrieved.length - 1];
  const status = v?.lastStatus ?? null;
  const thrownAway = v?.quit && v.authenticated ? v.deleted.length : 0;
  return {
    step,
    door: outside ? 'closed' : 'open',
    visitor: outside ? 'outside' : leaving ? 'door' : 'counter',
    said: status && status.context !== 'connect' ? (status.context in SAID ? (SAID[status.context] ?? null) : status.context) : null,
    answer: status && status.status !== '+' ? { code: status.status, refused: status.status === '-ERR' } : null,
    shake: null,
    server: null,
    tls: o.tls,
    envelope: null,
    // The letter read is a copy in your hand; at the door, you take it with you.
    letter: {
      key: read ? v.retrieved.length : 0,
      at: read ? (leaving ? 'door' : 'hand') : 'away',
      subject: read?.headers.find((h) => h.name.toLowerCase() === 'subject')?.value ?? null,
      lines: read ? read.headers.length + read.bodyLines : 0,
    },
    receipt: { key: 0, at: 'clerk', queueId: null },
    bagged: 0,
    poBox: outside
      ? null
      : {
          owner: v.user,
          unlocked: v.authenticated && !leaving,
          count: v.count === null ? null : v.count - thrownAway,
          // Once thrown away they are no longer marked in the box; a connection lost keeps them, unmarked (RFC 1939 6).
          marked: leaving ? [] : v.deleted,
          reading: read
            ? { number: read.number, subject: read.headers.find((h) => h.name.toLowerCase() === 'subject')?.value ?? null, lines: read.bodyLines }
            : null,
          thrownAway,
        },
  };
}

function letterAt(step: PostOfficeStep, delivered: boolean): LetterAt {
  if (step === 'outside') return 'away';
  if (step === 'letter') return 'over';
  if (step === 'sealed') return 'inside';
  if (step === 'leave') return delivered ? 'away' : 'door';
  return 'hand';
}

/** The first word of a 220 greeting is the server's name (RFC 5321 4.3.1), when it looks like one. */
function serverName(greeting: string | null): string | null {
  const first = greeting?.split(/\s+/)[0] ?? '';
  return /^[\w.-]+$/.test(first) && first.includes('.') ? first : null;
}

/** Text cut to `max` characters with an ellipsis: the drawing has no room to wrap; the panels beside it show it all. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The picture in words, for screen readers: what a sighted learner sees in it. */
export function describeScene(s: Scene): string {
  const parts: string[] = [];
  if (s.poBox) return describePoBoxVisit(s, s.poBox);
  if (s.visitor === 'outside') parts.push('The post office. The door is closed and you are outside.');
  else if (s.visitor === 'door') parts.push('You are leaving through the door.');
  else parts.push(`You are at the counter${s.server ? ` of ${s.server}` : ''}.`);
  if (s.tls) parts.push('You talk in private: the connection is encrypted.');
  if (s.answer) {
    const answer = s.answer.refused ? `the clerk shakes their head: ${s.answer.code}` : `the clerk answered ${s.answer.code}`;
    parts.push(s.said ? `You said ${s.said === '.' ? 'the final dot' : s.said}; ${answer}.` : `The clerk greeted you: ${s.answer.code}.`);
  }
  const e = s.envelope;
  if (e) {
    const from = e.returnAddress === null ? 'no return address yet' : `the return address ${e.returnAddress || '<> (null sender)'}`;
    const to = e.recipients.map(
      (r) => `${r.address}${r.status === 'refused' ? ' (refused, crossed out)' : r.status === 'waiting' ? ' (waiting for the answer)' : ''}`,
    );
    const recipients = to.length === 0 ? 'no recipients yet' : `${plural(to.length, 'recipient', 'recipients')}: ${to.join(', ')}`;
    parts.push(`On the counter, ${e.sealed ? 'a sealed, stamped envelope' : 'an envelope'} with ${from} and ${recipients}.`);
  } else if (s.visitor === 'counter') parts.push('Nothing on the counter yet.');
  const letter = {
    away: null,
    hand: 'Your letter is in your hand.',
    over: `Your letter goes into the envelope${s.letter.lines ? `: ${plural(s.letter.lines, 'line', 'lines')} so far` : ''}.`,
    inside: 'The letter is inside.',
    door: 'You still have your letter.',
  }[s.letter.at];
  if (letter) parts.push(letter);
  const id = s.receipt.queueId ?? 'no queue id given';
  if (s.receipt.at === 'hand') parts.push(`The clerk hands you a receipt: ${id}.`);
  if (s.receipt.at === 'door') parts.push(`You keep the receipt: ${id}.`);
  if (s.bagged > 0) parts.push(`${plural(s.bagged, 'letter', 'letters')} in the mailbag.`);
  return parts.join(' ');
}

/** The collecting visit in words. */
function describePoBoxVisit(s: Scene, b: PoBox): string {
  const parts: string[] = [];
  if (s.visitor === 'door') parts.push('You are leaving through the door.');
  else parts.push(`You are at the PO boxes${b.owner ? `, at the box of ${b.owner}` : ''}.`);
  if (s.tls) parts.push('You talk in private: the connection is encrypted.');
  if (s.answer) {
    const answer = s.answer.refused ? `the clerk shakes their head: ${s.answer.code}` : `the clerk answered ${s.answer.code}`;
    parts.push(s.said ? `You said ${s.said}; ${answer}.` : `The clerk greeted you: ${s.answer.code}.`);
  }
  if (b.unlocked) parts.push('Your key fits: the box is open.');
  else if (s.visitor === 'counter') parts.push('Your box is locked: show your key (USER, then PASS).');
  if (b.count !== null) parts.push(`${plural(b.count, 'letter', 'letters')} in the box.`);
  if (b.marked.length > 0) parts.push(`Marked to throw away: ${b.marked.join(', ')}. Nothing is thrown away until you leave with QUIT.`);
  if (b.reading) parts.push(`You read letter ${b.reading.number}${b.reading.subject ? `, “${b.reading.subject}”` : ''}: a copy, the letter stays in the box.`);
  if (s.visitor === 'door')
    parts.push(b.thrownAway > 0 ? `${plural(b.thrownAway, 'letter goes', 'letters go')} into the wastebasket.` : 'Nothing is thrown away.');
  return parts.join(' ');
}
