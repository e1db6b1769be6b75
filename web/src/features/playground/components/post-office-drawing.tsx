/**
 * The post office, drawn: the door, the counter, the clerk behind it, you in front of
 * it, and on the counter the envelope your commands write. It draws a `Scene`
 * (scene-model.ts) and keeps no state of its own.
 *
 * How this works:
 * - Hand-written SVG in one 640×300 coordinate space. Colours are Tailwind classes
 *   with `dark:` variants; paper (envelope, letter, receipt) stays light in the dark
 *   theme, as paper does, so its ink is the same in both.
 * - Parts move with CSS: each place a part can be (scene-model.ts) is a transform
 *   here, and a transition carries it there when the place changes. Every transition
 *   and animation sits behind `motion-safe:`, so with "reduce motion" the parts just
 *   appear in their places.
 * - The letter slides between the envelope's open flap and its front; a clip path
 *   hides what passes below the envelope's bottom, so it vanishes into the pocket.
 * - The picture is one image for assistive technology (role="img"), named by its
 *   <title>: the scene in words (describeScene). Its text is decoration there; the
 *   panels beside it say the same in full.
 * - A POP3 session (scene.poBox) draws your PO box on the counter instead of the
 *   envelope: its little door opens when your key fits, the letters stand in it
 *   (marked ones crossed in red), the one you read is a copy in your hand, and the
 *   wastebasket beside the clerk takes the marked ones when you leave with QUIT.
 */
import { type CSSProperties, useId } from 'react';
import { describeScene, fit, type LetterAt, type PoBox, type ReceiptAt, type Scene, type VisitorAt } from '../scene-model';

/** Slow enough to follow, short enough not to wait for. */
const MOVE = 'motion-safe:transition-[transform,opacity] motion-safe:duration-700 motion-safe:ease-in-out';

/** The envelope on the counter; it stands on the counter's top (y 182). */
const ENV = { x: 250, y: 70, w: 240, h: 112 };
/** The letter at full size, standing above the envelope. */
const LETTER = { x: 292, y: 8, w: 156, h: 148 };
/** How far the visitor walks from the counter to the door. */
const TO_DOOR = -84;
/** Where the letter sits in the visitor's hand, and at what size. */
const HAND = { x: 186, y: 150, scale: 0.3 };

const VISITOR: Record<VisitorAt, { x: number; shown: boolean }> = {
  outside: { x: -170, shown: false },
  counter: { x: 0, shown: true },
  door: { x: TO_DOOR, shown: true },
};

/** The letter's top-left corner and size at each place. */
const LETTER_AT: Record<LetterAt, { x: number; y: number; scale: number; shown: boolean }> = {
  away: { x: HAND.x + TO_DOOR, y: HAND.y, scale: HAND.scale, shown: false },
  hand: { ...HAND, shown: true },
  over: { x: LETTER.x, y: LETTER.y, scale: 1, shown: true },
  // Below the envelope's top edge: hidden by its front and, lower, by the clip.
  inside: { x: LETTER.x, y: ENV.y + 18, scale: 1, shown: true },
  door: { x: HAND.x + TO_DOOR, y: HAND.y, scale: HAND.scale, shown: true },
};

/** The receipt slip's offset from where the visitor holds it at the counter. */
const RECEIPT_AT: Record<ReceiptAt, { x: number; y: number; shown: boolean }> = {
  clerk: { x: 380, y: -40, shown: false },
  hand: { x: 0, y: 0, shown: true },
  door: { x: TO_DOOR, y: 0, shown: true },
};

const translate = (x: number, y: number, scale = 1): CSSProperties => ({ transform: `translate(${x}px, ${y}px)${scale === 1 ? '' : ` scale(${scale})`}` });
const shown = (on: boolean) => (on ? 'opacity-100' : 'opacity-0');

/** Ink on paper: the same in both themes, since paper stays light. */
const INK = 'fill-slate-800';
const FAINT_INK = 'fill-slate-600';

export function PostOfficeDrawing({ scene: s }: { scene: Scene }) {
  // Ids are global to the document; useId's punctuation is not safe inside url(#…).
  const id = useId().replace(/[^\w-]/g, '');
  const title = `scene-title-${id}`;
  const pocket = `scene-pocket-${id}`;
  return (
    <svg viewBox="0 0 640 300" role="img" aria-labelledby={title} className="h-auto w-full select-none rounded-xl" data-step={s.step}>
      <title id={title}>{describeScene(s)}</title>
      <defs>
        {/* Everything but the space below the envelope, where the letter goes when it is inside. */}
        <clipPath id={pocket}>
          <rect x="0" y="0" width="640" height={ENV.y + ENV.h} />
          <rect x="0" y={ENV.y + ENV.h} width={ENV.x} height="120" />
          <rect x={ENV.x + ENV.w} y={ENV.y + ENV.h} width="160" height="120" />
        </clipPath>
      </defs>

      <rect x="0" y="0" width="640" height="232" className="fill-sky-50 dark:fill-slate-800" />
      <rect x="0" y="232" width="640" height="68" className="fill-amber-100 dark:fill-slate-700" />
      <rect x="0" y="228" width="640" height="4" className="fill-amber-300 dark:fill-slate-600" />
      <Door open={s.door === 'open'} />
      <Clerk refused={s.answer?.refused ?? false} shake={s.shake} />
      <Counter server={s.server} tls={s.tls} />
      {s.poBox ? <Wastebasket count={s.poBox.thrownAway} /> : <Mailbag count={s.bagged} />}
      {s.poBox && <PoBoxFront box={s.poBox} />}

      {s.envelope && <Flap key={`flap-${s.envelope.key}`} sealed={s.envelope.sealed} />}
      <g clipPath={`url(#${pocket})`}>
        <Letter key={`letter-${s.letter.key}`} at={s.letter.at} subject={s.letter.subject} lines={s.letter.lines} />
      </g>
      {s.envelope && <EnvelopeFront key={`envelope-${s.envelope.key}`} envelope={s.envelope} />}

      <Visitor at={s.visitor} said={s.said} />
      {!s.poBox && <Receipt key={`receipt-${s.receipt.key}`} at={s.receipt.at} queueId={s.receipt.queueId} />}
      {s.answer && <ClerkBubble code={s.answer.code} refused={s.answer.refused} />}
    </svg>
  );
}

function Door({ open }: { open: boolean }) {
  return (
    <g>
      <rect x="24" y="86" width="84" height="146" rx="3" className="fill-amber-900 dark:fill-amber-950" />
      {/* The street, seen through the doorway. */}
      <rect x="30" y="92" width="72" height="140" className="fill-sky-200 dark:fill-indigo-950" />
      <g className={`origin-[30px_0px] ${MOVE}`} style={{ transform: `scaleX(${open ? 0.16 : 1})` }}>
        <rect x="30" y="92" width="72" height="140" className="fill-amber-600 dark:fill-amber-700" />
        <rect x="38" y="100" width="56" height="50" rx="2" className="fill-amber-500 dark:fill-amber-600" />
        <circle cx="92" cy="166" r="4" className="fill-yellow-300" />
      </g>
      {!open && (
        <g>
          <rect x="40" y="114" width="52" height="20" rx="3" className="fill-white stroke-slate-500" />
          <text x="66" y="128" textAnchor="middle" className={`text-[11px] font-bold tracking-wide ${INK}`}>
            CLOSED
          </text>
        </g>
      )}
    </g>
  );
}

function Clerk({ refused, shake }: { refused: boolean; shake: number | null }) {
  return (
    <g>
      {/* Pigeonholes behind the clerk: where letters wait to go on. */}
      <g className="fill-amber-200 stroke-amber-400 dark:fill-slate-700 dark:stroke-slate-500" strokeWidth="1.5">
        {[0, 1, 2].map((row) => [0, 1, 2].map((col) => <rect key={`${row}-${col}`} x={592 + col * 16} y={72 + row * 16} width="14" height="14" rx="1" />))}
      </g>
      <path d="M506 184 L510 142 Q548 118 586 142 L590 184 Z" className="fill-blue-600 dark:fill-blue-500" />
      <path d="M538 124 L548 140 L558 124 Z" className="fill-white" />
      {/* A new key for each refusal restarts the shake; without one the head keeps still. */}
      <g key={shake ?? 'still'} className={`origin-[548px_122px] ${shake === null ? '' : 'motion-safe:animate-[shake_800ms_ease-in-out]'}`}>
        <circle cx="548" cy="100" r="22" className="fill-orange-200 stroke-slate-700" strokeWidth="2" />
        <path d="M524 92 Q548 62 572 92 Z" className="fill-blue-800 dark:fill-blue-700" />
        <rect x="518" y="88" width="60" height="6" rx="3" className="fill-blue-900" />
        <circle cx="540" cy="103" r="2.5" className="fill-slate-800" />
        <circle cx="556" cy="103" r="2.5" className="fill-slate-800" />
        {refused ? (
          <path d="M539 116 Q548 109 557 116" className="fill-none stroke-slate-800" strokeWidth="2.5" strokeLinecap="round" />
        ) : (
          <path d="M539 111 Q548 119 557 111" className="fill-none stroke-slate-800" strokeWidth="2.5" strokeLinecap="round" />
        )}
      </g>
    </g>
  );
}

function Counter({ server, tls }: { server: string | null; tls: boolean }) {
  return (
    <g>
      <rect x="196" y="182" width="444" height="12" rx="2" className="fill-amber-800 dark:fill-amber-900" />
      <rect x="204" y="194" width="436" height="106" className="fill-amber-700 dark:fill-amber-800" />
      <text x="440" y="240" textAnchor="middle" className="fill-amber-50 text-[24px] font-bold tracking-[0.2em]">
        POST OFFICE
      </text>
      {server && (
        <text x="440" y="266" textAnchor="middle" className="fill-amber-100 font-mono text-[14px]">
          {fit(server, 36)}
        </text>
      )}
      {tls && (
        // A padlock: the conversation is encrypted (STARTTLS).
        <g className="fill-amber-50 stroke-amber-50">
          <path d="M602 218 v-8 a8 8 0 0 1 16 0 v8" fill="none" strokeWidth="3" />
          <rect x="598" y="217" width="24" height="18" rx="3" />
        </g>
      )}
    </g>
  );
}

function Mailbag({ count }: { count: number }) {
  return (
    <g>
      <path d="M598 182 Q592 150 606 142 L630 142 Q644 150 638 182 Z" className="fill-amber-600 stroke-amber-900 dark:fill-amber-700" strokeWidth="2" />
      <path d="M604 142 Q618 132 632 142" className="fill-none stroke-amber-900" strokeWidth="3" />
      {count > 0 && (
        <text x="618" y="170" textAnchor="middle" className="fill-amber-50 text-[15px] font-bold">
          {count}
        </text>
      )}
    </g>
  );
}

/** The open flap behind the letter; it folds away when the envelope is sealed. */
function Flap({ sealed }: { sealed: boolean }) {
  return (
    <path
      d={`M${ENV.x} ${ENV.y} L${ENV.x + ENV.w / 2} ${ENV.y - 44} L${ENV.x + ENV.w} ${ENV.y} Z`}
      className={`origin-[370px_70px] fill-amber-200 stroke-amber-500 motion-safe:animate-[appear_300ms_ease-out] ${MOVE}`}
      style={{ transform: `scaleY(${sealed ? 0 : 1})` }}
      strokeWidth="1.5"
    />
  );
}

function Letter({ at, subject, lines }: { at: LetterAt; subject: string | null; lines: number }) {
  const p = LETTER_AT[at];
  // Drawn at full size at LETTER and moved as a whole: scaling about the top-left corner, so that corner lands at p.
  const style = translate(p.x - LETTER.x * p.scale, p.y - LETTER.y * p.scale, p.scale);
  // Scribbles for the lines that came, or for a letter still in the hand (or typed in the editor, sent at once with its dot).
  const bars = lines > 0 ? Math.min(lines - (subject ? 1 : 0), 8) : 6;
  return (
    <g className={`origin-top-left ${MOVE} ${shown(p.shown)}`} style={style} data-letter={at}>
      <rect x={LETTER.x} y={LETTER.y} width={LETTER.w} height={LETTER.h} rx="2" className="fill-white stroke-slate-400" strokeWidth="1.5" />
      {subject && at !== 'hand' && (
        <text x={LETTER.x + 10} y={LETTER.y + 22} className={`font-mono text-[12px] ${INK}`}>
          {fit(subject, 20)}
        </text>
      )}
      {Array.from({ length: Math.max(0, bars) }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines of scribble, identical but for their place
        <rect key={i} x={LETTER.x + 10} y={LETTER.y + 32 + i * 12} width={136 - ((i * 37) % 56)} height="4" rx="2" className="fill-slate-300" />
      ))}
    </g>
  );
}

const MARK = { accepted: '✓', refused: '✗', waiting: '…' } as const;
const MARK_INK = { accepted: 'fill-emerald-700', refused: 'fill-red-700', waiting: FAINT_INK } as const;
/** Recipient lines that fit on the envelope; beyond them, one line says how many more. */
const ROWS = 3;

function EnvelopeFront({ envelope: e }: { envelope: NonNullable<Scene['envelope']> }) {
  const rows = e.recipients.length > ROWS ? [...e.recipients.slice(0, ROWS - 1), null] : e.recipients;
  return (
    <g className="motion-safe:animate-[appear_400ms_ease-out]">
      <rect x={ENV.x} y={ENV.y} width={ENV.w} height={ENV.h} rx="3" className="fill-amber-100 stroke-amber-500" strokeWidth="1.5" />
      {/* Airmail edging. */}
      <rect
        x={ENV.x + 4}
        y={ENV.y + 4}
        width={ENV.w - 8}
        height={ENV.h - 8}
        rx="2"
        className="fill-none stroke-red-400"
        strokeWidth="3"
        strokeDasharray="10 6"
      />
      {/* The stamp, perforated. */}
      <rect x="446" y="80" width="32" height="38" className="fill-white stroke-slate-400" strokeDasharray="3 2" />
      <rect x="450" y="84" width="24" height="30" className="fill-sky-300" />
      <circle cx="462" cy="96" r="6" className="fill-yellow-200" />

      <text x={ENV.x + 14} y={ENV.y + 22} className={`text-[10px] uppercase tracking-wide ${FAINT_INK}`}>
        return address
      </text>
      <text x={ENV.x + 14} y={ENV.y + 38} className={`font-mono text-[13px] ${INK}`}>
        {e.returnAddress === null ? '' : e.returnAddress === '' ? '<>' : fit(e.returnAddress, 23)}
      </text>
      {e.returnAddress === null && <rect x={ENV.x + 14} y={ENV.y + 34} width="120" height="2" className="fill-amber-300" />}

      <text x={ENV.x + 14} y={ENV.y + 62} className={`text-[10px] uppercase tracking-wide ${FAINT_INK}`}>
        to
      </text>
      {rows.map((r, i) => {
        const y = ENV.y + 62 + i * 17;
        if (r === null)
          return (
            <text key="more" x={ENV.x + 42} y={y} className={`text-[12px] italic ${FAINT_INK}`}>
              and {e.recipients.length - (ROWS - 1)} more
            </text>
          );
        const text = fit(r.address, 22);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the same address may be given twice; its position is its identity
          <g key={`${r.address}-${i}`} className="motion-safe:animate-[appear_400ms_ease-out]" data-recipient={r.status}>
            <text x={ENV.x + 30} y={y} className={`text-[13px] font-bold ${MARK_INK[r.status]}`}>
              {MARK[r.status]}
            </text>
            <text
              x={ENV.x + 42}
              y={y}
              className={`font-mono text-[14px] ${r.status === 'accepted' ? INK : MARK_INK[r.status]} ${r.status === 'waiting' ? 'italic' : ''}`}
            >
              {text}
            </text>
            {/* Crossed out: a monospace character is 0.6 em wide. */}
            {r.status === 'refused' && (
              <line x1={ENV.x + 40} y1={y - 5} x2={ENV.x + 44 + text.length * 8.4} y2={y - 5} className="stroke-red-700" strokeWidth="2" />
            )}
          </g>
        );
      })}
      {e.sealed && (
        // Sealed: a wax seal where the flap folded down.
        <g className="origin-[370px_70px] motion-safe:animate-[stamp_450ms_ease-out]">
          <circle cx="370" cy="70" r="10" className="fill-red-700" />
          <circle cx="370" cy="70" r="5" className="fill-none stroke-red-300" strokeWidth="1.5" />
        </g>
      )}
      {e.sealed && (
        // The postmark: the clerk has stamped it.
        <g className="origin-[446px_98px] motion-safe:animate-[stamp_450ms_ease-out]" data-postmark="">
          <circle cx="446" cy="98" r="21" className="fill-none stroke-red-600" strokeWidth="2.5" />
          <text x="446" y="103" textAnchor="middle" className="fill-red-600 text-[13px] font-bold">
            250
          </text>
          <path
            d="M386 90 q6 -5 12 0 t12 0 t12 0 M386 98 q6 -5 12 0 t12 0 t12 0 M386 106 q6 -5 12 0 t12 0 t12 0"
            className="fill-none stroke-red-600"
            strokeWidth="2"
          />
        </g>
      )}
    </g>
  );
}

function Visitor({ at, said }: { at: VisitorAt; said: string | null }) {
  const p = VISITOR[at];
  return (
    <g className={`${MOVE} ${shown(p.shown)}`} style={translate(p.x, 0)} data-visitor={at}>
      <rect x="136" y="224" width="11" height="46" rx="3" className="fill-slate-700 dark:fill-slate-900" />
      <rect x="153" y="224" width="11" height="46" rx="3" className="fill-slate-700 dark:fill-slate-900" />
      <path d="M122 230 L128 142 Q150 124 172 142 L178 230 Z" className="fill-emerald-600 dark:fill-emerald-500" />
      <path d="M168 148 L194 170" className="fill-none stroke-emerald-600 dark:stroke-emerald-500" strokeWidth="11" strokeLinecap="round" />
      <circle cx="196" cy="172" r="6" className="fill-amber-200" />
      <circle cx="150" cy="108" r="19" className="fill-amber-200 stroke-slate-700" strokeWidth="2" />
      <path d="M131 104 Q134 84 152 86 Q168 88 169 100 Q158 94 146 98 Z" className="fill-amber-900" />
      <circle cx="159" cy="108" r="2.5" className="fill-slate-800" />
      <path d="M153 117 Q159 121 165 116" className="fill-none stroke-slate-800" strokeWidth="2" strokeLinecap="round" />
      {said !== null && (
        <g>
          <path
            d="M104 34 h92 a10 10 0 0 1 10 10 v18 a10 10 0 0 1 -10 10 h-34 l-10 12 l-2 -12 h-46 a10 10 0 0 1 -10 -10 v-18 a10 10 0 0 1 10 -10 z"
            className="fill-white stroke-slate-400"
            strokeWidth="1.5"
          />
          <text x="150" y="60" textAnchor="middle" className="fill-red-700 font-mono text-[18px] font-bold">
            {said === '.' ? '“.”' : fit(said, 8)}
          </text>
        </g>
      )}
    </g>
  );
}

function Receipt({ at, queueId }: { at: ReceiptAt; queueId: string | null }) {
  const p = RECEIPT_AT[at];
  return (
    <g className={`${MOVE} ${shown(p.shown)}`} style={translate(p.x, p.y)} data-receipt={at}>
      <rect x="150" y="196" width="150" height="46" rx="2" className="fill-white stroke-slate-500" strokeWidth="1.5" />
      <text x="160" y="212" className={`text-[10px] font-bold tracking-[0.15em] ${FAINT_INK}`}>
        RECEIPT
      </text>
      <text x="160" y="232" className={`font-mono text-[13px] ${INK}`}>
        {queueId ? fit(queueId, 17) : 'no queue id'}
      </text>
    </g>
  );
}

/** What the clerk answered last, as its code (or POP3's +OK or -ERR): green yes, amber not now, red no. */
function ClerkBubble({ code, refused }: { code: number | '+OK' | '-ERR'; refused: boolean }) {
  const level = code === '-ERR' ? 500 : code === '+OK' ? 200 : code;
  const tone = level >= 500 ? 'stroke-red-600' : level >= 400 ? 'stroke-amber-600' : 'stroke-slate-400';
  const ink = level >= 500 ? 'fill-red-700' : level >= 400 ? 'fill-amber-800' : 'fill-blue-700';
  return (
    <g key={code} className="origin-[548px_40px] motion-safe:animate-[pop_250ms_ease-out]">
      <path
        d="M514 8 h68 a10 10 0 0 1 10 10 v20 a10 10 0 0 1 -10 10 h-26 l-6 14 l-6 -14 h-30 a10 10 0 0 1 -10 -10 v-20 a10 10 0 0 1 10 -10 z"
        className={`fill-white ${tone}`}
        strokeWidth={refused ? 2.5 : 1.5}
      />
      <text x="548" y="36" textAnchor="middle" className={`font-mono ${typeof code === 'number' ? 'text-[20px]' : 'text-[17px]'} font-bold ${ink}`}>
        {code}
      </text>
    </g>
  );
}

/** The PO box on the counter (where an SMTP visit has its envelope). */
const BOX = { x: 262, y: 78, w: 216, h: 104 };
/** Letter slots drawn in the box; beyond them, "+N". */
const SLOTS = 6;

function PoBoxFront({ box: b }: { box: PoBox }) {
  const count = b.count ?? 0;
  const shownSlots = Math.min(count, SLOTS);
  return (
    <g data-pobox={b.unlocked ? 'open' : 'locked'}>
      {/* The wall of boxes: yours in the middle, numbered with the name you gave. */}
      <rect x={BOX.x - 12} y={BOX.y - 30} width={BOX.w + 24} height={BOX.h + 30} rx="3" className="fill-slate-300 stroke-slate-500 dark:fill-slate-600" />
      <text x={BOX.x} y={BOX.y - 12} className="fill-slate-800 font-mono text-[13px] font-bold dark:fill-slate-100">
        PO box {b.owner ? fit(b.owner, 20) : '?'}
      </text>
      {/* Inside the box. */}
      <rect x={BOX.x} y={BOX.y} width={BOX.w} height={BOX.h} className="fill-slate-700" />
      {Array.from({ length: shownSlots }, (_, i) => {
        const n = i + 1;
        const marked = b.marked.includes(n);
        const x = BOX.x + 10 + i * 34;
        return (
          <g key={n} data-slot={marked ? 'marked' : 'kept'}>
            <rect
              x={x}
              y={BOX.y + 30}
              width="28"
              height="60"
              rx="1"
              className={b.reading?.number === n ? 'fill-sky-100 stroke-blue-500' : 'fill-amber-50 stroke-amber-400'}
              strokeWidth="1.5"
            />
            <text x={x + 14} y={BOX.y + 48} textAnchor="middle" className={`font-mono text-[12px] ${INK}`}>
              {n}
            </text>
            {marked && (
              <path d={`M${x + 2} ${BOX.y + 56} l24 30 M${x + 26} ${BOX.y + 56} l-24 30`} className="stroke-red-600" strokeWidth="3" strokeLinecap="round" />
            )}
          </g>
        );
      })}
      {count > SLOTS && (
        <text x={BOX.x + BOX.w - 8} y={BOX.y + 20} textAnchor="end" className="fill-amber-50 text-[12px]">
          +{count - SLOTS} more
        </text>
      )}
      {b.count === null && b.unlocked && (
        <text x={BOX.x + BOX.w / 2} y={BOX.y + 58} textAnchor="middle" className="fill-slate-100 text-[12px]">
          not counted yet (STAT, LIST)
        </text>
      )}
      {/* The little door: closed and locked until your key fits, then swung open to the left. */}
      <g className={`origin-[262px_0px] ${MOVE}`} style={{ transform: `scaleX(${b.unlocked ? 0.08 : 1})` }}>
        <rect x={BOX.x} y={BOX.y} width={BOX.w} height={BOX.h} className="fill-amber-400 stroke-amber-700 dark:fill-amber-500" strokeWidth="2" />
        <rect x={BOX.x + 20} y={BOX.y + 14} width={BOX.w - 40} height="24" rx="2" className="fill-amber-200 stroke-amber-700" />
      </g>
      {!b.unlocked && (
        // The keyhole.
        <g>
          <circle cx={BOX.x + BOX.w - 24} cy={BOX.y + 62} r="6" className="fill-slate-800" />
          <path d={`M${BOX.x + BOX.w - 27} ${BOX.y + 64} h6 l2 14 h-10 z`} className="fill-slate-800" />
        </g>
      )}
    </g>
  );
}

/** Where the marked letters go, at QUIT only. */
function Wastebasket({ count }: { count: number }) {
  return (
    <g data-wastebasket={count}>
      <path d="M600 146 L636 146 L631 182 L605 182 Z" className="fill-slate-400 stroke-slate-700 dark:fill-slate-500" strokeWidth="2" />
      <path d="M606 152 L609 178 M618 152 L618 178 M630 152 L627 178" className="stroke-slate-600" strokeWidth="1.5" />
      {count > 0 && (
        <g className="motion-safe:animate-[pop_250ms_ease-out]">
          <path d="M606 146 l8 -12 l8 10 l8 -12 l4 14 z" className="fill-amber-50 stroke-amber-500" />
          <text x="618" y="172" textAnchor="middle" className="fill-slate-900 text-[15px] font-bold">
            {count}
          </text>
        </g>
      )}
    </g>
  );
}
