/**
 * A protocol's state diagram, lit where the session is: the part SMTP's and POP3's
 * diagrams share. Each hands in its states and moves as data and one or more drawings
 * of them (a `StateLayout`: where the boxes stand and how each move is drawn); this
 * file decides only how a diagram looks and what a screen reader hears.
 *
 * How this works:
 * - The drawings are decoration (aria-hidden). Screen readers get one list of the
 *   states instead; each item says what the state means and where its moves lead, and
 *   the current one carries aria-current="step".
 * - Moves out of the current state are drawn in blue: what the learner can do next.
 *   A move from several states is drawn once per state, so only the current one lights.
 * - With several drawings (SMTP's row and column), the figure is a container and each
 *   drawing's classes pick the width it shows at.
 */
import { type ReactNode, useId } from 'react';

/** A state: its box's name and what it means, in a few words. 'start' is the dot before the first box. */
export interface StateNode<N extends string> {
  node: N;
  label: string;
  means: string;
}

/** A move between states, labelled with what makes it. */
export interface DiagramMove<N extends string> {
  label: string;
  from: readonly N[];
  to: N;
}

type Anchor = 'start' | 'middle' | 'end';
export type At = { x: number; y: number; anchor: Anchor };

/** One drawing of a diagram, in SVG user units. */
export interface StateLayout<N extends string, M extends DiagramMove<N>> {
  /** Names its arrowheads: marker ids are global to the document. */
  name: string;
  w: number;
  h: number;
  boxH: number;
  /** Each box's top-left corner and width. */
  box: Record<Exclude<N, 'start'>, { x: number; y: number; w: number }>;
  start: { x: number; y: number; r: number };
  /** The path of a move from one of its sources. */
  path(move: M, from: N): string;
  /** Where a move's label goes: once a move, beside the part of the path all its sources share. */
  label(move: M): At;
  /** Type sizes (whole Tailwind classes, so its scanner finds them): move labels and box names. */
  text: { move: string; box: string };
  /** Anything else this drawing shows (notes, a label for the start dot), drawn over the start dot and under the boxes. */
  extras?(current: N): ReactNode;
}

interface StateFigureProps<N extends string, M extends DiagramMove<N>> {
  /** The figure's accessible name: "SMTP states". */
  title: string;
  nodes: readonly StateNode<N>[];
  moves: readonly M[];
  current: N;
  /** How the list names a move's target ("RCPT to mail"). */
  targetName?: (node: N) => string;
  /** The drawings, each with the classes that size it (and hide it where another fits better). */
  drawings: readonly { layout: StateLayout<N, M>; className: string }[];
  /** A line under the drawing: what the arrows don't show. */
  note: ReactNode;
}

/** The words a screen reader hears for a state: what it means and where its moves lead. */
function stateName<N extends string>(node: StateNode<N>, moves: readonly DiagramMove<N>[], targetName: (n: N) => string): string {
  const out = moves.filter((m) => m.from.includes(node.node)).map((m) => `${m.label} to ${m.to === node.node ? 'stay' : targetName(m.to)}`);
  return `${node.label}: ${node.means}.${out.length ? ` Moves: ${out.join(', ')}.` : ''}`;
}

export function StateFigure<N extends string, M extends DiagramMove<N>>({
  title,
  nodes,
  moves,
  current,
  targetName = (n) => n,
  drawings,
  note,
}: StateFigureProps<N, M>) {
  const titleId = useId();
  const now = nodes.find((n) => n.node === current) as StateNode<N>;
  return (
    <figure aria-labelledby={titleId} className={`${drawings.length > 1 ? '@container ' : ''}rounded-xl border border-slate-200 p-3 dark:border-slate-700`}>
      <figcaption className="mb-2 flex flex-wrap items-baseline gap-x-2 text-sm">
        <span id={titleId} className="font-semibold">
          {title}
        </span>
        <span className="text-slate-700 dark:text-slate-300">
          Now: <strong>{current === 'start' ? 'before the greeting' : now.label}</strong> — {now.means}.
        </span>
      </figcaption>
      <ol aria-label="States" className="sr-only">
        {nodes.map((n) => (
          <li key={n.node} aria-current={n.node === current ? 'step' : undefined}>
            {stateName(n, moves, targetName)}
          </li>
        ))}
      </ol>
      {drawings.map((d) => (
        <Drawing key={d.layout.name} layout={d.layout} nodes={nodes} moves={moves} current={current} id={titleId} className={d.className} />
      ))}
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{note}</p>
    </figure>
  );
}

/** Every arrow, one per move and source; those leaving the current state last, so they are drawn over the lines they share. */
function arrows<N extends string, M extends DiagramMove<N>>(layout: StateLayout<N, M>, moves: readonly M[], current: N) {
  const all = moves.flatMap((m) => m.from.map((f) => ({ key: `${m.label}-${f}-${m.to}`, d: layout.path(m, f), next: f === current })));
  return [...all.filter((a) => !a.next), ...all.filter((a) => a.next)];
}

type DrawingProps<N extends string, M extends DiagramMove<N>> = Pick<StateFigureProps<N, M>, 'nodes' | 'moves' | 'current'> & {
  layout: StateLayout<N, M>;
  /** The figure's title id, which makes the arrowheads' ids unique. */
  id: string;
  className: string;
};

function Drawing<N extends string, M extends DiagramMove<N>>({ layout: l, nodes, moves, current, id, className }: DrawingProps<N, M>) {
  // useId's punctuation is not safe inside url(#…).
  const arrow = `state-arrow-${l.name}${id.replace(/[^\w-]/g, '')}`;
  return (
    <svg viewBox={`0 0 ${l.w} ${l.h}`} className={className} aria-hidden="true">
      <defs>
        <marker id={arrow} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0 0 L8 4 L0 8 z" className="fill-slate-500 dark:fill-slate-400" />
        </marker>
        <marker id={`${arrow}-next`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0 0 L8 4 L0 8 z" className="fill-blue-600 dark:fill-blue-400" />
        </marker>
      </defs>
      {arrows(l, moves, current).map((a) => (
        <path
          key={a.key}
          d={a.d}
          fill="none"
          strokeWidth={a.next ? 2 : 1.3}
          markerEnd={`url(#${arrow}${a.next ? '-next' : ''})`}
          className={a.next ? 'stroke-blue-600 dark:stroke-blue-400' : 'stroke-slate-400 dark:stroke-slate-500'}
        />
      ))}
      {moves.map((m) => {
        const at = l.label(m);
        const next = m.from.includes(current);
        // SMTP's lone dot is too small to see bare: quoted, and a size up.
        const dot = m.label === '.';
        return (
          <text
            key={`${m.label}-${m.from.join()}-${m.to}`}
            x={at.x}
            y={at.y}
            textAnchor={at.anchor}
            className={`font-mono ${dot ? 'text-[15px]' : l.text.move} ${next ? 'fill-blue-700 font-bold dark:fill-blue-300' : 'fill-slate-600 dark:fill-slate-300'}`}
          >
            {dot ? '“.”' : m.label}
          </text>
        );
      })}
      <circle cx={l.start.x} cy={l.start.y} r={l.start.r} className={current === 'start' ? 'fill-amber-500' : 'fill-slate-500 dark:fill-slate-400'} />
      {l.extras?.(current)}
      {nodes.map((n) => {
        if (n.node === 'start') return null;
        const on = n.node === current;
        const { x, y, w } = l.box[n.node as Exclude<N, 'start'>];
        return (
          <g key={n.node}>
            <rect
              x={x}
              y={y}
              width={w}
              height={l.boxH}
              rx="8"
              strokeWidth={on ? 2.5 : 1.3}
              className={on ? 'fill-amber-100 stroke-amber-500 dark:fill-amber-900' : 'fill-white stroke-slate-400 dark:fill-slate-800 dark:stroke-slate-500'}
            />
            <text
              x={x + w / 2}
              y={y + l.boxH / 2 + 5}
              textAnchor="middle"
              className={`${l.text.box} ${on ? 'fill-amber-950 font-bold dark:fill-amber-50' : 'fill-slate-800 dark:fill-slate-100'}`}
            >
              {n.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
