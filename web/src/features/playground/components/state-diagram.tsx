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
 * - StateFigure (state-figure.tsx, shared with POP3's diagram) draws them, lights the
 *   current state and gives screen readers the list of states.
 */
import type { ConversationState } from '@smtp-playground/shared';
import { memo } from 'react';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { CURRENT, MOVES, type Node, type StateMove } from '../state-moves';
import { Pop3StateDiagram } from './pop3-state-diagram';
import { type At, StateFigure, type StateLayout, type StateNode } from './state-figure';

type Box = Exclude<Node, 'start'>;

/** Each state, in the order a session passes through them: what it means, in a few words. */
const NODES: readonly StateNode<Node>[] = [
  { node: 'start', label: 'connect', means: 'not connected yet, or waiting for the server’s greeting' },
  { node: 'greeting', label: 'greeting', means: 'the server said 220; introduce yourself' },
  { node: 'ready', label: 'ready', means: 'greeted, no message open' },
  { node: 'mail', label: 'mail', means: 'return address given; waiting for recipients' },
  { node: 'rcpt', label: 'rcpt', means: 'at least one recipient accepted' },
  { node: 'data', label: 'data', means: 'the server said 354; every line is the letter until a lone dot' },
  { node: 'done', label: 'done', means: 'the connection is closed' },
];

type Move = StateMove;
type Layout = StateLayout<Node, Move>;

/** SMTP's type sizes: its box names are short, so a size up from POP3's. */
const TEXT = { move: 'text-[12px]', box: 'text-[14px]' };

/**
 * What SMTP's drawings show besides states and moves: "connect" by the start dot (ringed
 * while it is current), and what the lone dot means where there is room for it; `dot`:
 * repeat the dot there.
 */
function notes(start: Layout['start'], { connect, dotNote }: { connect: At; dotNote: At & { dot: boolean } }): Layout['extras'] {
  return (current) => (
    <>
      <text x={dotNote.x} y={dotNote.y} textAnchor={dotNote.anchor} className="fill-slate-600 text-[12px] dark:fill-slate-300">
        {dotNote.dot && <tspan className="font-mono font-bold">“.” </tspan>}a lone dot ends the letter (250: queued)
      </text>
      {current === 'start' && <circle cx={start.x} cy={start.y} r={start.r + 4} fill="none" strokeWidth="2" className="stroke-amber-500" />}
      <text x={connect.x} y={connect.y} textAnchor={connect.anchor} className="fill-slate-600 text-[11px] dark:fill-slate-300">
        connect
      </text>
    </>
  );
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
    boxH: BOX_H,
    box: Object.fromEntries(Object.entries(left).map(([n, x]) => [n, { x, y: top, w: BOX_W }])) as Layout['box'],
    start,
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
    text: TEXT,
    extras: notes(start, {
      connect: { x: start.x - 8, y: bottom + 14, anchor: 'start' },
      // On the dot's line, right after its label.
      dotNote: { x: (centre('data') + centre('ready')) / 2 - 100, y: far + 16, anchor: 'start', dot: false },
    }),
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
    boxH: BOX_H,
    box: Object.fromEntries(Object.entries(tops).map(([n, y]) => [n, { x: n === 'done' ? doneX : x, y, w }])) as Layout['box'],
    start,
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
    text: TEXT,
    extras: notes(start, {
      connect: { x: centre - 14, y: start.y + 4, anchor: 'end' },
      // No room beside the dot's line: under the column, with its own dot.
      dotNote: { x: 8, y: bottomOf('data') + 24, anchor: 'start', dot: true },
    }),
  };
})();

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
  const current = CURRENT[useTranscriptStore(selectConversation)];
  return (
    <StateFigure
      title="SMTP states"
      nodes={NODES}
      moves={MOVES}
      current={current}
      drawings={[
        { layout: WIDE, className: 'hidden w-full max-w-4xl @xl:block' },
        { layout: TALL, className: 'mx-auto w-full max-w-sm @xl:hidden' },
      ]}
      note="Blue arrows are the moves from here. NOOP, VRFY and HELP change nothing; HELO or EHLO also end an open transaction (RFC 5321 4.1.4)."
    />
  );
}
