/**
 * One lesson beside the playground: the step being viewed (from the URL), its goals
 * ticking live, hints one at a time, "show me", the explanation once the step is met,
 * and links between steps. Everything it shows comes from the lessons store; the
 * session itself is in the playground next to it.
 */
import { goalKey, isComplete, LESSONS, type Lesson, type LessonProgress, PERSONALITIES, scenarioById } from '@smtp-playground/shared';
import { cva } from 'class-variance-authority';
import { Button } from '../../../components/ui/button';
import { relayLabel, useConnectionStore } from '../../../stores/connection-store';
import { hintKey, stepMet } from '../../../stores/lessons-progress';
import { useLessonsStore } from '../../../stores/lessons-store';
import { lessonHash, routeHash } from '../../../stores/route-store';
import { type ConnectionChoice, useSettingsStore } from '../../../stores/settings-store';
import { effectiveChoice, type RelayStatus, sandboxPort, type TargetSummary, useTargetsStore } from '../../../stores/targets-store';
import { type AutoplayStatus, type Driver, useSolutionPlayerStore, waitSentence } from '../solution-player';
import { AutoplayControls } from './autoplay-controls';
import { Base64Helper } from './base64-helper';
import { Markdown } from './markdown';

type LessonsSlice = ReturnType<typeof useLessonsStore.getState>;
const selectActive = (s: LessonsSlice) => s.active;
const selectProgress = (s: LessonsSlice) => s.progress;
const selectCompleted = (s: LessonsSlice) => s.completed;
const selectHints = (s: LessonsSlice) => s.hints;
const selectLastDone = (s: LessonsSlice) => s.lastDone;
const selectAnnouncement = (s: LessonsSlice) => s.announcement;
const selectChoice = (s: { connection: ConnectionChoice }) => s.connection;
const selectRelayStatus = (s: { status: RelayStatus }) => s.status;
const selectTargets = (s: { targets: TargetSummary[] }) => s.targets;
const selectReadOnly = (s: { readOnly: boolean }) => s.readOnly;
const selectAutoplay = (s: { status: AutoplayStatus }) => s.status;
const selectShowMeWait = (s: { waitLeft: number | null; waitFor: Driver | null }) => (s.waitFor === 'show-me' ? s.waitLeft : null);

/** A goal's line: ticked or not. Colour is never the only cue (the mark and the hidden words say it). */
const goalItem = cva('flex items-start gap-2 rounded-md px-2 py-1', {
  variants: {
    met: {
      true: 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
      false: 'text-slate-800 dark:text-slate-200',
    },
  },
});

const box = cva('rounded-lg border p-3 text-sm', {
  variants: {
    tone: {
      done: 'border-emerald-500 bg-emerald-50 text-emerald-950 dark:bg-emerald-950 dark:text-emerald-50',
      note: 'border-slate-300 bg-slate-50 text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100',
      warn: 'border-amber-500 bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-50',
    },
  },
});

const ALL_LESSONS = routeHash({ view: 'lessons', lessonId: null, step: null });

const link = 'font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300';

export function LessonPanel({ lesson, viewed }: { lesson: Lesson; viewed: number }) {
  const active = useLessonsStore(selectActive);
  const p = useLessonsStore(selectProgress)[lesson.id];
  const lastDone = useLessonsStore(selectLastDone);
  const announcement = useLessonsStore(selectAnnouncement);
  const step = lesson.steps[viewed] ?? lesson.steps[0];
  if (!step) return null;
  const number = LESSONS.indexOf(lesson) + 1;
  const current = p?.step ?? 0;
  const met = stepMet(lesson, p, viewed);
  const justDone = lastDone?.lessonId === lesson.id && lastDone.step === viewed - 1 ? lesson.steps[viewed - 1] : undefined;
  const many = lesson.steps.length > 1;

  return (
    // On wide screens the panel scrolls by itself, so the scene and the transcript beside it stay in view.
    <section
      aria-labelledby="lesson-title"
      className="flex flex-col gap-4 rounded-xl border border-slate-200 p-4 xl:sticky xl:top-4 xl:max-h-[calc(100dvh-2rem)] xl:overflow-y-auto dark:border-slate-700"
    >
      <div className="flex flex-col gap-1">
        <a href={ALL_LESSONS} className={`${link} text-sm`}>
          ← All lessons
        </a>
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          {lesson.kind === 'challenge' ? 'Challenge' : `Lesson ${number} of ${LESSONS.length}`}
        </p>
        <h2 id="lesson-title" className="text-xl font-semibold">
          {lesson.title}
        </h2>
        <p className="text-slate-700 dark:text-slate-300">{lesson.goal}</p>
      </div>

      {inTerminal(lesson) ? <TerminalNote /> : <ServerNote lesson={lesson} />}
      {active !== lesson.id && (
        <div>
          <Button variant="primary" onClick={() => useLessonsStore.getState().lessonStarted(lesson.id)}>
            Start this lesson
          </Button>
        </div>
      )}
      {many && <StepList lesson={lesson} p={p} viewed={viewed} />}

      <section aria-labelledby="step-title" className="flex flex-col gap-3">
        {justDone && (
          <div className={box({ tone: 'done' })}>
            <p className="font-semibold">
              ✓ Step {viewed} done: {justDone.title}
            </p>
            <Markdown text={justDone.explanation} />
          </div>
        )}
        <h3 id="step-title" className="text-lg font-semibold">
          {many ? `Step ${viewed + 1} of ${lesson.steps.length}: ${step.title}` : 'The challenge'}
        </h3>
        {/* A challenge's one step says what its goal line already said. */}
        {step.instruction !== lesson.goal && <Markdown text={step.instruction} className="leading-relaxed" />}
        <ul aria-label="Goals" className="flex flex-col gap-1">
          {step.goals.map((g) => {
            const done = !!p?.met.includes(goalKey(step.id, g.id));
            return (
              <li key={g.id} className={goalItem({ met: done })}>
                <span aria-hidden="true" className="w-4 shrink-0 font-bold">
                  {done ? '✓' : '○'}
                </span>
                <span>
                  {g.label}
                  <span className="sr-only">{done ? ' (done)' : ' (not done yet)'}</span>
                </span>
              </li>
            );
          })}
        </ul>
        <p role="status" aria-label="Lesson progress" className="min-h-5 text-sm font-medium text-emerald-800 dark:text-emerald-300">
          {announcement}
        </p>
        {met && (
          <div className={box({ tone: 'note' })}>
            <p className="font-semibold">Why it worked</p>
            <Markdown text={step.explanation} />
          </div>
        )}
        {!met && <Hints lesson={lesson} stepIndex={viewed} />}
        {viewed === current && !isComplete(lesson, p ?? { lessonId: lesson.id, step: 0, met: [] }) && active === lesson.id && !inTerminal(lesson) && <ShowMe />}
        {needsAuth(lesson) && <Base64Details open />}
      </section>

      <Finish lesson={lesson} p={p} />
      <StepLinks lesson={lesson} viewed={viewed} />

      {/* A terminal lesson's lines are the tools' own: the page has nothing of its own to type. */}
      {!inTerminal(lesson) && (
        <AutoplayControls
          lessonId={lesson.id}
          withSetup
          about={`Plays this ${lesson.kind}’s reference solution in a fresh session, a line at a time, so you can watch the post office follow along. Watching ticks no goals: the next session you open counts again.`}
        />
      )}

      {!needsAuth(lesson) && <Base64Details key={lesson.id} open={false} />}

      <div>
        <Button size="sm" onClick={() => useLessonsStore.getState().progressReset(lesson.id)}>
          Start this {lesson.kind} over
        </Button>
      </div>
    </section>
  );
}

/**
 * A lesson whose server wants a login (its scenario requires AUTH, as lesson 13's does):
 * there the helper is part of the step, open; elsewhere it waits, closed, at the end.
 */
const needsAuth = (lesson: Lesson) => scenarioById(lesson.setup.scenario).policy.requireAuth === true;

function Base64Details({ open }: { open: boolean }) {
  return (
    <details open={open} className="rounded-lg border border-slate-300 p-3 dark:border-slate-600">
      <summary className="cursor-pointer font-semibold">Base64 helper (for AUTH)</summary>
      <div className="mt-3">
        <Base64Helper />
      </div>
    </details>
  );
}

/** A lesson done in a terminal (its setup asks for the watch connection, as lesson 22's does). */
const inTerminal = (lesson: Lesson) => lesson.setup.connection === 'watch';

/**
 * What a terminal lesson needs: `npm start` (the relay, its sandbox on TCP and the watch
 * feed), and the page watching that sandbox's port. With no relay behind the page it
 * says so; with one, it offers to watch, as a button (the learner's choice of server is
 * theirs to change, as everywhere else).
 */
function TerminalNote() {
  const status = useTargetsStore(selectRelayStatus);
  const choice = effectiveChoice(useSettingsStore(selectChoice), status);
  const port = sandboxPort(useTargetsStore(selectTargets));
  if (status === 'unavailable') {
    return (
      <div role="note" aria-label="This lesson needs npm start" className={box({ tone: 'warn' })}>
        <p>
          <strong>This lesson needs npm start.</strong> It is done in a terminal against the relay’s sandbox on port 2525, and this page has no relay behind it.
          Run <code>npm start</code>, open the page it serves (http://127.0.0.1:2580/), and connect with <strong>Watch port 2525</strong>.
        </p>
      </div>
    );
  }
  if (choice === 'watch') {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Watching port {port}: type in your terminal, and the goals tick as the relay’s sandbox answers (as <code>npm start</code> runs it: Exim-like, catch-all,
        unless it was started with <code>--personality</code> or <code>--scenario</code>).
      </p>
    );
  }
  return (
    <div role="note" aria-label="This lesson is done in a terminal" className={box({ tone: 'note' })}>
      <p>
        This lesson is done in a terminal, against the relay’s sandbox on port {port} (it needs <code>npm start</code>). Watch that port, and the page follows
        what your terminal says.
      </p>
      <Button size="sm" className="mt-2" onClick={() => useSettingsStore.getState().connectionChosen('watch')}>
        Watch port {port}
      </Button>
    </div>
  );
}

/** Which server the lesson expects, and what happens when the learner chose another. */
function ServerNote({ lesson }: { lesson: Lesson }) {
  const choice = effectiveChoice(useSettingsStore(selectChoice), useTargetsStore(selectRelayStatus));
  if (lesson.setup.protocol === 'pop3') return <Pop3ServerNote choice={choice} />;
  const server = `${PERSONALITIES[lesson.setup.personality].label} sandbox, scenario “${scenarioById(lesson.setup.scenario).label}”`;
  if (choice === 'tab') return <p className="text-sm text-slate-700 dark:text-slate-300">Server: the in-tab {server}.</p>;
  const chosen = choice === 'watch' ? 'watching the relay’s sandbox port' : relayLabel(choice.slice('relay:'.length));
  return (
    <div className={box({ tone: 'note' })}>
      <p>
        You chose {chosen}, so it stays. This lesson’s server (the {server}) is set up in the in-tab sandbox only; here the goals tick whenever your server’s
        replies meet them.
      </p>
      <Button size="sm" className="mt-2" onClick={() => useSettingsStore.getState().connectionChosen('tab')}>
        Use the in-tab sandbox
      </Button>
    </div>
  );
}

/** A POP3 lesson: which POP3 server, and where its mail comes from. */
function Pop3ServerNote({ choice }: { choice: ConnectionChoice }) {
  if (choice === 'tab-pop3')
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Server: the in-tab POP3 sandbox (Dovecot-like), reading this tab’s mailbox: what the in-tab SMTP sandbox accepted. Every box opens with the password{' '}
        <code>sandbox</code>.
      </p>
    );
  return (
    <div className={box({ tone: 'note' })}>
      <p>
        You chose {choice === 'watch-pop3' ? 'watching the relay’s POP3 port' : relayLabel(choice.slice('relay:'.length))}, so it stays. It reads the relay’s
        mailbox: send lesson 7’s letter to the relay’s sandbox first. The goals tick whenever your server’s replies meet them.
      </p>
      <Button size="sm" className="mt-2" onClick={() => useSettingsStore.getState().connectionChosen('tab-pop3')}>
        Use the in-tab POP3 sandbox
      </Button>
    </div>
  );
}

function StepList({ lesson, p, viewed }: { lesson: Lesson; p: LessonProgress | undefined; viewed: number }) {
  return (
    <nav aria-label="Lesson steps">
      <ol className="flex flex-col gap-0.5 text-sm">
        {lesson.steps.map((s, i) => {
          const done = stepMet(lesson, p, i);
          return (
            <li key={s.id}>
              <a
                href={lessonHash(lesson.id, i)}
                aria-current={i === viewed ? 'step' : undefined}
                className={`flex gap-2 rounded px-2 py-0.5 ${i === viewed ? 'bg-slate-100 font-semibold dark:bg-slate-800' : 'hover:underline'}`}
              >
                <span aria-hidden="true" className="w-4">
                  {done ? '✓' : `${i + 1}`}
                </span>
                <span>
                  {s.title}
                  <span className="sr-only">{done ? ' (done)' : ''}</span>
                </span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** Hints on demand, one at a time: a nudge first, the exact command last. */
function Hints({ lesson, stepIndex }: { lesson: Lesson; stepIndex: number }) {
  const step = lesson.steps[stepIndex];
  const shown = useLessonsStore(selectHints)[hintKey(lesson.id, step?.id ?? '')] ?? 0;
  if (!step || step.hints.length === 0) return null;
  const n = step.hints.length;
  return (
    <div className="flex flex-col gap-2">
      {shown > 0 && (
        <ol aria-label="Hints" aria-live="polite" className="flex flex-col gap-1 text-sm">
          {step.hints.slice(0, shown).map((h, i) => (
            <li key={h} className="rounded-md bg-amber-50 px-2 py-1 text-amber-950 dark:bg-amber-950 dark:text-amber-50">
              <span className="font-semibold">Hint {i + 1}: </span>
              <Markdown text={h} className="inline [&>p]:inline" />
            </li>
          ))}
        </ol>
      )}
      {shown < n && (
        <div>
          <Button size="sm" onClick={() => useLessonsStore.getState().hintRevealed(lesson.id, step.id)}>
            {shown === 0 ? 'Show a hint' : 'Show the next hint'} ({shown + 1} of {n})
          </Button>
        </div>
      )}
    </div>
  );
}

/** Types the next line of the reference solution for this step. */
function ShowMe() {
  const wait = useSolutionPlayerStore(selectShowMeWait);
  const readOnly = useConnectionStore(selectReadOnly);
  const autoplay = useSolutionPlayerStore(selectAutoplay);
  const busy = autoplay === 'playing' || autoplay === 'stepping';
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <Button onClick={() => useSolutionPlayerStore.getState().showMePressed()} disabled={readOnly || busy || wait !== null} aria-describedby="show-me-about">
        Show me
      </Button>
      <span id="show-me-about" className="text-slate-700 dark:text-slate-300">
        {wait !== null ? (
          <span role="timer">
            {waitSentence(wait).replace(/\.$/, '')}: {wait} s left.
          </span>
        ) : busy ? (
          'Autoplay is typing.'
        ) : (
          'Types the next line of the solution for you.'
        )}
      </span>
    </div>
  );
}

/** The end of a lesson: well done, and where next; or which steps a skip left undone. */
function Finish({ lesson, p }: { lesson: Lesson; p: LessonProgress | undefined }) {
  const done = useLessonsStore(selectCompleted).includes(lesson.id);
  if (!p || !isComplete(lesson, p)) return null;
  if (!done) {
    const open = lesson.steps.flatMap((s, i) => (stepMet(lesson, p, i) ? [] : [{ s, i }]));
    return (
      <div className={box({ tone: 'note' })}>
        <p>You reached the end, but skipped some steps. Still to do:</p>
        <ul className="list-disc pl-5">
          {open.map(({ s, i }) => (
            <li key={s.id}>
              <a className={link} href={lessonHash(lesson.id, i)}>
                Step {i + 1}: {s.title}
              </a>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const next = lesson.kind === 'lesson' ? LESSONS[LESSONS.indexOf(lesson) + 1] : undefined;
  return (
    <div className={box({ tone: 'done' })}>
      <p className="font-semibold">{lesson.kind === 'challenge' ? 'Challenge complete!' : 'Lesson complete!'}</p>
      {next ? (
        <a className={link} href={lessonHash(next.id)}>
          Next lesson: {next.title}
        </a>
      ) : (
        <a className={link} href={ALL_LESSONS}>
          {lesson.kind === 'challenge' ? 'Back to the lessons and challenges' : 'On to the challenges'}
        </a>
      )}
    </div>
  );
}

function StepLinks({ lesson, viewed }: { lesson: Lesson; viewed: number }) {
  if (lesson.steps.length < 2) return null;
  const prev = viewed > 0 ? viewed - 1 : null;
  const next = viewed < lesson.steps.length - 1 ? viewed + 1 : null;
  return (
    <nav aria-label="Step navigation" className="flex justify-between gap-2 text-sm">
      {prev !== null ? (
        <a className={link} href={lessonHash(lesson.id, prev)}>
          ← Previous step
        </a>
      ) : (
        <span />
      )}
      {next !== null && (
        <a className={link} href={lessonHash(lesson.id, next)}>
          Next step →
        </a>
      )}
    </nav>
  );
}
