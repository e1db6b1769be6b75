/**
 * The state diagram's moves, read off shared's TRANSITIONS table: the rows it marks as
 * the usual path, one arrow per source state, labelled with the command (or the reply
 * or line) that makes them. Only how each move is drawn (its shape) is decided here.
 */
import { type ConversationState, TRANSITIONS, type Trigger } from '@smtp-playground/shared';

export type Node = 'start' | 'greeting' | 'ready' | 'mail' | 'rcpt' | 'data' | 'done';

/** Where the observer's state sits on the diagram: before the 220 there is no SMTP state yet. */
export const CURRENT: Record<ConversationState, Node> = {
  connecting: 'start',
  greeting: 'greeting',
  ready: 'ready',
  mail: 'mail',
  rcpt: 'rcpt',
  data: 'data',
  // Between BDAT chunks the letter is on its way, as after DATA's 354.
  bdat: 'data',
  closed: 'done',
};

export interface StateMove {
  label: string;
  /** The trigger in the table, for checking a move against it. */
  on: Trigger;
  from: readonly Node[];
  to: Node;
  shape: Shape;
}

export type Shape = 'forward' | 'loop' | 'back-near' | 'back-far' | 'quit';

/** The order of the drawing, left to right (or top to bottom). */
const ORDER: readonly Node[] = ['start', 'greeting', 'ready', 'mail', 'rcpt', 'data', 'done'];

const nodeOf = (state: ConversationState): Node => CURRENT[state];

/** A move's label: the command, or for the moves no command makes, the reply or line that does. */
const LABELS: Partial<Record<Trigger, string>> = { connect: '220', HELO: 'HELO/EHLO', EHLO: 'HELO/EHLO', 'data-end': '.' };

/** How a move from `from` to `to` is drawn: on, looping, back along a lane below (the far one for the long way back), or up to QUIT's bus. */
function shapeOf(from: Node, to: Node): Shape {
  if (to === 'done') return 'quit';
  if (from === to) return 'loop';
  const span = ORDER.indexOf(to) - ORDER.indexOf(from);
  if (span > 0) return 'forward';
  return span <= -3 ? 'back-far' : 'back-near';
}

/** The path rows of the table, one move per label, target and shape; a move from several states is one arrow per state. */
export const MOVES: readonly StateMove[] = TRANSITIONS.filter((t) => t.path).reduce<(StateMove & { from: Node[] })[]>((moves, t) => {
  const to = nodeOf(t.to);
  const label = LABELS[t.on] ?? t.on;
  for (const from of t.from.map(nodeOf)) {
    const shape = shapeOf(from, to);
    const same = moves.find((m) => m.label === label && m.to === to && m.shape === shape);
    if (!same) moves.push({ label, on: t.on, from: [from], to, shape });
    else if (!same.from.includes(from)) same.from.push(from);
  }
  return moves;
}, []);
