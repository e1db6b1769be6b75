/**
 * POP3's state diagram (pop3-state-moves.ts), lit where the observed session is. One
 * row, drawn by StateFigure (state-figure.tsx) as SMTP's is: here only where the boxes
 * stand and how each move runs.
 */
import { useTranscriptStore } from '../../../stores/transcript-store';
import { POP3_MOVES, POP3_NODES, type Pop3Node, pop3Node } from '../pop3-state-moves';
import { type DiagramMove, StateFigure, type StateLayout } from './state-figure';

type Box = Exclude<Pop3Node, 'start'>;
type Move = DiagramMove<Pop3Node>;

/** The moves as the figure takes them: each POP3 move has one source. */
const MOVES: readonly Move[] = POP3_MOVES.map((m) => ({ ...m, from: [m.from] }));

const TOP = 50;
const BOX_H = 34;
const MID = TOP + BOX_H / 2;
const START = { x: 14, y: MID, r: 7 };
/** Each box's left edge and width: a row, AUTHORIZATION to closed. */
const BOX: Record<Box, { x: number; y: number; w: number }> = {
  authorization: { x: 60, y: TOP, w: 130 },
  transaction: { x: 262, y: TOP, w: 116 },
  update: { x: 452, y: TOP, w: 80 },
  done: { x: 572, y: TOP, w: 60 },
};
const right = (n: Pop3Node) => (n === 'start' ? START.x + START.r : BOX[n].x + BOX[n].w);
const centre = (n: Box) => BOX[n].x + BOX[n].w / 2;

/** How each move is drawn, and where its label goes: a loop over its box, QUIT before login along a lane below, the rest on along the row. */
function geometry(m: Move): { d: string; x: number; y: number } {
  const from = m.from[0] as Pop3Node;
  if (from === m.to) {
    const x = centre(m.to as Box) - 14;
    return { d: `M${x} ${TOP} C${x} ${TOP - 26} ${x + 28} ${TOP - 26} ${x + 28} ${TOP - 2}`, x: x + 14, y: TOP - 30 };
  }
  if (from === 'authorization' && m.to === 'done') {
    const y = TOP + BOX_H + 26;
    return {
      d: `M${centre('authorization')} ${TOP + BOX_H} V${y} H${centre('done')} V${TOP + BOX_H + 2}`,
      x: (centre('authorization') + centre('done')) / 2,
      y: y + 14,
    };
  }
  const x1 = right(from);
  const x2 = BOX[m.to as Box].x - 2;
  return { d: `M${x1} ${MID} H${x2}`, x: (x1 + x2) / 2, y: MID - 7 };
}

const ROW: StateLayout<Pop3Node, Move> = {
  name: 'pop3',
  w: 640,
  h: 132,
  boxH: BOX_H,
  box: BOX,
  start: START,
  path: (m) => geometry(m).d,
  label: (m) => ({ ...geometry(m), anchor: 'middle' }),
  // RFC 1939's state names are long: a size down from SMTP's.
  text: { move: 'text-[11px]', box: 'text-[13px]' },
};

const selectView = (s: { observed: { pop3: Parameters<typeof pop3Node>[0]; greeting: string | null } }) =>
  pop3Node(s.observed.pop3, s.observed.greeting !== null);

export function Pop3StateDiagram() {
  return (
    <StateFigure
      title="POP3 states"
      nodes={POP3_NODES}
      moves={MOVES}
      current={useTranscriptStore(selectView)}
      // The list names states as RFC 1939 writes them: "QUIT to UPDATE".
      targetName={(n) => n.toUpperCase()}
      drawings={[{ layout: ROW, className: 'w-full max-w-4xl' }]}
      note="Blue arrows are the moves from here. DELE only marks: the marked messages go in UPDATE, after QUIT; a connection lost without QUIT removes nothing (RFC 1939 6)."
    />
  );
}
