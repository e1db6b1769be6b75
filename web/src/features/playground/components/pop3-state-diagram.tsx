/**
 * POP3's state diagram (pop3-state-moves.ts), lit where the observed session is. As
 * the SMTP one: the drawing is decoration (aria-hidden), screen readers get a list of
 * the states with aria-current="step" on the current one, and the moves out of the
 * current state are blue.
 */
import { useId } from 'react';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { POP3_MOVES, POP3_NODES, type Pop3Move, type Pop3Node, pop3Node } from '../pop3-state-moves';

type Box = Exclude<Pop3Node, 'start'>;

const W = 640;
const H = 132;
const TOP = 50;
const BOX_H = 34;
const MID = TOP + BOX_H / 2;
const START = { x: 14, y: MID, r: 7 };
/** Each box's left edge and width: a row, AUTHORIZATION to closed. */
const BOX: Record<Box, { x: number; w: number }> = {
  authorization: { x: 60, w: 130 },
  transaction: { x: 262, w: 116 },
  update: { x: 452, w: 80 },
  done: { x: 572, w: 60 },
};
const right = (n: Pop3Node) => (n === 'start' ? START.x + START.r : BOX[n].x + BOX[n].w);
const centre = (n: Box) => BOX[n].x + BOX[n].w / 2;

/** How each move is drawn, and where its label goes. */
function geometry(m: Pop3Move): { d: string; x: number; y: number } {
  if (m.from === m.to) {
    const x = centre(m.to as Box) - 14;
    return { d: `M${x} ${TOP} C${x} ${TOP - 26} ${x + 28} ${TOP - 26} ${x + 28} ${TOP - 2}`, x: x + 14, y: TOP - 30 };
  }
  if (m.from === 'authorization' && m.to === 'done') {
    const y = TOP + BOX_H + 26;
    return {
      d: `M${centre('authorization')} ${TOP + BOX_H} V${y} H${centre('done')} V${TOP + BOX_H + 2}`,
      x: (centre('authorization') + centre('done')) / 2,
      y: y + 14,
    };
  }
  const x1 = right(m.from);
  const x2 = BOX[m.to as Box].x - 2;
  return { d: `M${x1} ${MID} H${x2}`, x: (x1 + x2) / 2, y: MID - 7 };
}

const selectView = (s: { observed: { pop3: Parameters<typeof pop3Node>[0]; greeting: string | null } }) =>
  pop3Node(s.observed.pop3, s.observed.greeting !== null);

function stateName(n: (typeof POP3_NODES)[number]): string {
  const moves = POP3_MOVES.filter((m) => m.from === n.node).map((m) => `${m.label} to ${m.to === n.node ? 'stay' : m.to.toUpperCase()}`);
  return `${n.label}: ${n.means}.${moves.length ? ` Moves: ${moves.join(', ')}.` : ''}`;
}

export function Pop3StateDiagram() {
  const current = useTranscriptStore(selectView);
  const title = useId();
  const arrow = `pop3-arrow${title.replace(/[^\w-]/g, '')}`;
  const now = POP3_NODES.find((n) => n.node === current) as (typeof POP3_NODES)[number];
  return (
    <figure aria-labelledby={title} className="rounded-xl border border-slate-200 p-3 dark:border-slate-700">
      <figcaption className="mb-2 flex flex-wrap items-baseline gap-x-2 text-sm">
        <span id={title} className="font-semibold">
          POP3 states
        </span>
        <span className="text-slate-700 dark:text-slate-300">
          Now: <strong>{current === 'start' ? 'before the greeting' : now.label}</strong> — {now.means}.
        </span>
      </figcaption>
      <ol aria-label="States" className="sr-only">
        {POP3_NODES.map((n) => (
          <li key={n.node} aria-current={n.node === current ? 'step' : undefined}>
            {stateName(n)}
          </li>
        ))}
      </ol>
      <svg viewBox={`0 0 ${W} ${H}`} className="w-full max-w-4xl" aria-hidden="true">
        <defs>
          <marker id={arrow} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 L8 4 L0 8 z" className="fill-slate-500 dark:fill-slate-400" />
          </marker>
          <marker id={`${arrow}-next`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 L8 4 L0 8 z" className="fill-blue-600 dark:fill-blue-400" />
          </marker>
        </defs>
        {POP3_MOVES.map((m) => {
          const g = geometry(m);
          const next = m.from === current;
          return (
            <g key={`${m.from}-${m.to}`}>
              <path
                d={g.d}
                fill="none"
                strokeWidth={next ? 2 : 1.3}
                markerEnd={`url(#${arrow}${next ? '-next' : ''})`}
                className={next ? 'stroke-blue-600 dark:stroke-blue-400' : 'stroke-slate-400 dark:stroke-slate-500'}
              />
              <text
                x={g.x}
                y={g.y}
                textAnchor="middle"
                className={`font-mono text-[11px] ${next ? 'fill-blue-700 font-bold dark:fill-blue-300' : 'fill-slate-600 dark:fill-slate-300'}`}
              >
                {m.label}
              </text>
            </g>
          );
        })}
        <circle cx={START.x} cy={START.y} r={START.r} className={current === 'start' ? 'fill-amber-500' : 'fill-slate-500 dark:fill-slate-400'} />
        {(Object.keys(BOX) as Box[]).map((n) => {
          const on = n === current;
          const label = POP3_NODES.find((x) => x.node === n)?.label ?? n;
          return (
            <g key={n}>
              <rect
                x={BOX[n].x}
                y={TOP}
                width={BOX[n].w}
                height={BOX_H}
                rx="8"
                strokeWidth={on ? 2.5 : 1.3}
                className={on ? 'fill-amber-100 stroke-amber-500 dark:fill-amber-900' : 'fill-white stroke-slate-400 dark:fill-slate-800 dark:stroke-slate-500'}
              />
              <text
                x={centre(n)}
                y={TOP + BOX_H / 2 + 5}
                textAnchor="middle"
                className={`text-[13px] ${on ? 'fill-amber-950 font-bold dark:fill-amber-50' : 'fill-slate-800 dark:fill-slate-100'}`}
              >
                {label}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Blue arrows are the moves from here. DELE only marks: the marked messages go in UPDATE, after QUIT; a connection lost without QUIT removes nothing (RFC
        1939 6).
      </p>
    </figure>
  );
}
