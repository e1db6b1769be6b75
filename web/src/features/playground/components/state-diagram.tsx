/**
 * The SMTP state diagram, lit where the observed conversation is. It reads only the
 * observer's `conversation`, so it follows a real server as well as the sandbox.
 *
 * How this works:
 * - NODES and MOVES are the diagram as data: the states of RFC 5321 4.1.4 as the
 *   observer names them, and the moves between them read off shared's TRANSITIONS
 *   table (the rows it marks as the usual path), labelled with the command or reply
 *   that makes them. Only how each move is drawn (its shape) is decided here.
 * - Two drawings of the same data: WIDE (a row) and TALL (a column, beside a lesson,
 *   where a row would shrink its words to nothing). A container query shows the one
 *   that fits the scene's width.
 * - Both drawings are decoration (aria-hidden). Screen readers get one list of the
 *   states instead; each item says what the state means and where its moves lead, and
 *   the current one carries aria-current="step".
 * - Moves out of the current state are drawn in blue: what the learner can do next.
 */
import type { ConversationState } from '@smtp-playground/shared';
import { memo, useId } from 'react';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { CURRENT, MOVES, type Node, type StateMove } from '../state-moves';
import { Pop3StateDiagram } from './pop3-state-diagram';

type Box = Exclude<Node, 'start'>;

/** Each state, in the order a session passes through them: what it means, in a few words. */
const NODES: readonly { node: Node; label: string; means: string }[] = [
  { node: 'start', label: 'connect', means: 'not connected yet, or waiting for the server’s greeting' },
  { node: 'greeting', label: 'greeting', means: 'the server said 220; introduce yourself' },
  { node: 'ready', label: 'ready', means: 'greeted, no message open' },
  { node: 'mail', label: 'mail', means: 'return address given; waiting for recipients' },
  { node: 'rcpt', label: 'rcpt', means: 'at least one recipient accepted' },
  { node: 'data', label: 'data', means: 'the server said 354; every line is the letter until a lone dot' },
  { node: 'done', label: 'done', means: 'the connection is closed' },
];

type Move = StateMove;
type Anchor = 'start' | 'middle' | 'end';
type At = { x: number; y: number; anchor: Anchor };

/** One drawing of the diagram, in SVG user units. */
interface Layout {
  name: 'wide' | 'tall';
  w: number;
  h: number;
  boxW: number;
  boxH: number;
  /** Each box's top-left corner. */
  box: Record<Box, { x: number; y: number }>;
  start: { x: number; y: number; r: number; label: At };
  /** The path of a move from one of its sources: a move from several states is drawn once per state, so only the current one lights. */
  path(move: Move, from: Node): string;
  /** Where a move's label goes: beside the part of the path all its sources share. */
  label(move: Move): At;
  /** What the lone dot means, where there is room for it; `dot`: repeat the dot there. */
  dotNote: At & { dot: boolean };
}

const BOX_W = 64;
const BOX_H = 34;

/** A row: wider gaps where the label is longer (HELO/EHLO), a narrow one where no move crosses (data, done). */
const WIDE: Layout = (() => {
  const top = 44;
  const mid = top + BOX_H / 2;
  const bottom = top + BOX_H;
  const bus = 20;
  const near = bottom + 22;
  const far = bottom + 46;
  const left: Record<Box, number> = { greeting: 56, ready: 200, mail: 324, rcpt: 448, data: 572, done: 660 };
  const centre = (n: Node) => left[n as Box] + BOX_W / 2;
  const start = { x: 16, y: mid, r: 7 };
  const rightOf = (n: Node) => (n === 'start' ? start.x + start.r : left[n as Box] + BOX_W);
  // QUIT leaves a box left of centre, so the rcpt loop has the right half.
  const stub = (n: Node) => left[n as Box] + 16;
  return {
    name: 'wide',
    w: 736,
    h: 150,
    boxW: BOX_W,
    boxH: BOX_H,
    box: Object.fromEntries(Object.entries(left).map(([n, x]) => [n, { x, y: top }])) as Layout['box'],
    start: { ...start, label: { x: start.x - 8, y: bottom + 14, anchor: 'start' } },
    path(move, from) {
      const to = move.to;
      switch (move.shape) {
        case 'forward':
          return `M${rightOf(from)} ${mid} H${left[to as Box] - 2}`;
        case 'loop': {
          const x = left[to as Box] + 40;
          return `M${x} ${top} C${x} ${top - 22} ${x + 22} ${top - 22} ${x + 22} ${top - 2}`;
        }
        case 'back-near':
          return `M${centre(from)} ${bottom} V${near} H${centre(to) + 10} V${bottom + 2}`;
        case 'back-far':
          return `M${centre(from)} ${bottom} V${far} H${centre(to) - 10} V${bottom + 2}`;
        case 'quit':
          return `M${stub(from)} ${top} V${bus} H${centre(to)} V${top - 2}`;
      }
    },
    label(move) {
      const first = move.from[0] as Node;
      const last = move.from[move.from.length - 1] as Node;
      switch (move.shape) {
        case 'forward':
          return { x: (rightOf(first) + left[move.to as Box]) / 2, y: mid - 6, anchor: 'middle' };
        case 'loop':
          return { x: left[move.to as Box] + 66, y: top - 12, anchor: 'start' };
        case 'back-near':
          return { x: (centre(first) + centre(last)) / 2, y: near - 5, anchor: 'middle' };
        case 'back-far':
          return { x: (centre(first) + centre(move.to)) / 2 - 130, y: far + 16, anchor: 'start' };
        case 'quit':
          return { x: centre(move.to) - 6, y: bus - 6, anchor: 'middle' };
      }
    },
    // On the dot's line, right after its label.
    dotNote: { x: (centre('data') + centre('ready')) / 2 - 100, y: far + 16, anchor: 'start', dot: false },
  };
})();

/** A column: forward moves go down; RSET and the dot come back up on the left, QUIT gathers on the right. */
const TALL: Layout = (() => {
  const x = 110;
  const w = 84;
  const centre = x + w / 2;
  const tops: Record<Box, number> = { greeting: 44, ready: 112, mail: 180, rcpt: 248, data: 316, done: 316 };
  const doneX = 220;
  const bus = doneX + w / 2;
  const midOf = (n: Node) => tops[n as Box] + BOX_H / 2;
  const bottomOf = (n: Node) => tops[n as Box] + BOX_H;
  const start = { x: centre, y: 16, r: 7 };
  return {
    name: 'tall',
    w: 320,
    h: 384,
    boxW: w,
    boxH: BOX_H,
    box: Object.fromEntries(Object.entries(tops).map(([n, y]) => [n, { x: n === 'done' ? doneX : x, y }])) as Layout['box'],
    start: { ...start, label: { x: centre - 14, y: start.y + 4, anchor: 'end' } },
    path(move, from) {
      const to = move.to;
      switch (move.shape) {
        case 'forward':
          return `M${centre} ${from === 'start' ? start.y + start.r : bottomOf(from)} V${tops[to as Box] - 2}`;
        case 'loop':
          return `M${x + w} ${tops.rcpt + 20} C${x + w + 30} ${tops.rcpt + 20} ${x + w + 14} ${bottomOf('rcpt') + 22} ${x + w - 12} ${bottomOf('rcpt') + 2}`;
        case 'back-near':
          return `M${x} ${midOf(from)} H${x - 30} V${tops.ready + 24} H${x - 2}`;
        case 'back-far':
          return `M${x} ${midOf(from)} H${x - 70} V${tops.ready + 8} H${x - 2}`;
        case 'quit':
          return `M${x + w} ${tops[from as Box] + 8} H${bus} V${tops.done - 2}`;
      }
    },
    label(move) {
      switch (move.shape) {
        case 'forward': {
          const from = move.from[0] as Node;
          const y1 = from === 'start' ? start.y + start.r : bottomOf(from);
          return { x: centre + 8, y: (y1 + tops[move.to as Box]) / 2 + 4, anchor: 'start' };
        }
        case 'loop':
          return { x: x + w + 20, y: bottomOf('rcpt') + 16, anchor: 'start' };
        case 'back-near':
          return { x: x - 34, y: (midOf('mail') + midOf('rcpt')) / 2 + 4, anchor: 'end' };
        case 'back-far':
          return { x: x - 74, y: (midOf('ready') + midOf('mail')) / 2 + 4, anchor: 'end' };
        case 'quit':
          return { x: bus + 6, y: (midOf('ready') + midOf('mail')) / 2, anchor: 'start' };
      }
    },
    // No room beside the line: under the column, with its own dot.
    dotNote: { x: 8, y: bottomOf('data') + 24, anchor: 'start', dot: true },
  };
})();

/** The words a screen reader hears for a state: what it means and where its moves lead. */
function stateName(node: (typeof NODES)[number]): string {
  const moves = MOVES.filter((m) => m.from.includes(node.node)).map((m) => `${m.label} to ${m.to === node.node ? 'stay' : m.to}`);
  return `${node.label}: ${node.means}.${moves.length ? ` Moves: ${moves.join(', ')}.` : ''}`;
}

/** Every arrow, one per move and source; those leaving the current state last, so they are drawn over the lines they share. */
function arrows(layout: Layout, current: Node): { key: string; d: string; next: boolean }[] {
  const all = MOVES.flatMap((m) => m.from.map((f) => ({ key: `${m.label}-${f}`, d: layout.path(m, f), next: f === current })));
  return [...all.filter((a) => !a.next), ...all.filter((a) => a.next)];
}

const selectConversation = (s: { observed: { conversation: ConversationState } }) => s.observed.conversation;
const selectProtocol = (s: { observed: { protocol: 'smtp' | 'pop3' } }) => s.observed.protocol;

/**
 * Memoised: the post-office scene re-renders on every observed line, but the diagram
 * changes only with the conversation state, which it subscribes to itself. A POP3
 * session gets POP3's diagram instead (pop3-state-diagram.tsx).
 */
export const StateDiagram = memo(function StateDiagram() {
  return useTranscriptStore(selectProtocol) === 'pop3' ? <Pop3StateDiagram /> : <SmtpStateDiagram />;
});

function SmtpStateDiagram() {
  const conversation = useTranscriptStore(selectConversation);
  const current = CURRENT[conversation];
  const title = useId();
  const now = NODES.find((n) => n.node === current) as (typeof NODES)[number];
  return (
    <figure aria-labelledby={title} className="@container rounded-xl border border-slate-200 p-3 dark:border-slate-700">
      <figcaption className="mb-2 flex flex-wrap items-baseline gap-x-2 text-sm">
        <span id={title} className="font-semibold">
          SMTP states
        </span>
        <span className="text-slate-700 dark:text-slate-300">
          Now: <strong>{current === 'start' ? 'before the greeting' : now.label}</strong> — {now.means}.
        </span>
      </figcaption>
      <ol aria-label="States" className="sr-only">
        {NODES.map((n) => (
          <li key={n.node} aria-current={n.node === current ? 'step' : undefined}>
            {stateName(n)}
          </li>
        ))}
      </ol>
      <Drawing layout={WIDE} current={current} id={title} className="hidden w-full max-w-4xl @xl:block" />
      <Drawing layout={TALL} current={current} id={title} className="mx-auto w-full max-w-sm @xl:hidden" />
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Blue arrows are the moves from here. NOOP, VRFY and HELP change nothing; HELO or EHLO also end an open transaction (RFC 5321 4.1.4).
      </p>
    </figure>
  );
}

function Drawing({ layout: l, current, id, className }: { layout: Layout; current: Node; id: string; className: string }) {
  // Marker ids are global to the document; useId's punctuation is not safe inside url(#…).
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
      {arrows(l, current).map((a) => (
        <path
          key={a.key}
          d={a.d}
          fill="none"
          strokeWidth={a.next ? 2 : 1.3}
          markerEnd={`url(#${arrow}${a.next ? '-next' : ''})`}
          className={a.next ? 'stroke-blue-600 dark:stroke-blue-400' : 'stroke-slate-400 dark:stroke-slate-500'}
        />
      ))}
      {MOVES.map((m) => {
        const at = l.label(m);
        const next = m.from.includes(current);
        return (
          <text
            key={`${m.label}-${m.from.join()}`}
            x={at.x}
            y={at.y}
            textAnchor={at.anchor}
            className={`font-mono ${m.label === '.' ? 'text-[15px]' : 'text-[12px]'} ${next ? 'fill-blue-700 font-bold dark:fill-blue-300' : 'fill-slate-600 dark:fill-slate-300'}`}
          >
            {m.label === '.' ? '“.”' : m.label}
          </text>
        );
      })}
      <text x={l.dotNote.x} y={l.dotNote.y} textAnchor={l.dotNote.anchor} className="fill-slate-600 text-[12px] dark:fill-slate-300">
        {l.dotNote.dot && <tspan className="font-mono font-bold">“.” </tspan>}a lone dot ends the letter (250: queued)
      </text>
      <circle cx={l.start.x} cy={l.start.y} r={l.start.r} className={current === 'start' ? 'fill-amber-500' : 'fill-slate-500 dark:fill-slate-400'} />
      {current === 'start' && <circle cx={l.start.x} cy={l.start.y} r={l.start.r + 4} fill="none" strokeWidth="2" className="stroke-amber-500" />}
      <text x={l.start.label.x} y={l.start.label.y} textAnchor={l.start.label.anchor} className="fill-slate-600 text-[11px] dark:fill-slate-300">
        connect
      </text>
      {NODES.filter((n): n is { node: Box; label: string; means: string } => n.node !== 'start').map((n) => {
        const on = n.node === current;
        const { x, y } = l.box[n.node];
        return (
          <g key={n.node}>
            <rect
              x={x}
              y={y}
              width={l.boxW}
              height={l.boxH}
              rx="8"
              strokeWidth={on ? 2.5 : 1.3}
              className={on ? 'fill-amber-100 stroke-amber-500 dark:fill-amber-900' : 'fill-white stroke-slate-400 dark:fill-slate-800 dark:stroke-slate-500'}
            />
            <text
              x={x + l.boxW / 2}
              y={y + l.boxH / 2 + 5}
              textAnchor="middle"
              className={`text-[14px] ${on ? 'fill-amber-950 font-bold dark:fill-amber-50' : 'fill-slate-800 dark:fill-slate-100'}`}
            >
              {n.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
