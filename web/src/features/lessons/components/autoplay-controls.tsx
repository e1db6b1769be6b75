/**
 * "Watch a mail client do it": Play/Pause, Step and Stop for autoplay. The player and
 * its timers are in solution-player.ts; this only shows where it is and passes presses on.
 * In a lesson it plays the lesson's script; on the playground, a mail client (MAIL_CLIENT).
 */
import { lessonById } from '@smtp-playground/shared';
import { useId } from 'react';
import { Button } from '../../../components/ui/button';
import { useConnectionStore } from '../../../stores/connection-store';
import { type AutoplayStatus, type Driver, MAIL_CLIENT, useSolutionPlayerStore } from '../solution-player';

const selectStatus = (s: { status: AutoplayStatus }) => s.status;
const selectIndex = (s: { index: number }) => s.index;
const selectTotal = (s: { total: number }) => s.total;
const selectTries = (s: { tries: number }) => s.tries;
const selectWaitLeft = (s: { waitLeft: number | null; waitFor: Driver | null }) => (s.waitFor === 'autoplay' ? s.waitLeft : null);
const selectAwaiting = (s: { awaitingReply: boolean }) => s.awaitingReply;
const selectNote = (s: { note: string }) => s.note;
const selectPlaying = (s: { lessonId: string | null }) => s.lessonId;
const selectReadOnly = (s: { readOnly: boolean }) => s.readOnly;

export function AutoplayControls({ lessonId, withSetup, about }: { lessonId: string; withSetup: boolean; about: string }) {
  const status = useSolutionPlayerStore(selectStatus);
  const index = useSolutionPlayerStore(selectIndex);
  const total = useSolutionPlayerStore(selectTotal);
  const tries = useSolutionPlayerStore(selectTries);
  const waitLeft = useSolutionPlayerStore(selectWaitLeft);
  const awaiting = useSolutionPlayerStore(selectAwaiting);
  const note = useSolutionPlayerStore(selectNote);
  const playing = useSolutionPlayerStore(selectPlaying);
  const readOnly = useConnectionStore(selectReadOnly);
  const { playPressed, pausePressed, stepPressed, stopPressed } = useSolutionPlayerStore.getState();
  const id = useId();
  const running = status === 'playing' || status === 'stepping';
  const other = status !== 'idle' && playing !== lessonId ? (playing === MAIL_CLIENT ? 'The mail client' : lessonById(playing ?? '')?.title) : undefined;
  const tally = playing === MAIL_CLIENT ? `Try ${tries}, ${index} line${index === 1 ? '' : 's'} sent. ` : `Played ${index} of ${total}. `;
  return (
    <section aria-labelledby={`${id}-h`} className="flex flex-col gap-2 rounded-lg border border-slate-300 p-3 text-sm dark:border-slate-600">
      <h3 id={`${id}-h`} className="font-semibold">
        Watch a mail client do it
      </h3>
      <p className="text-slate-700 dark:text-slate-300">{readOnly ? 'Not while watching: the session belongs to the client in your terminal.' : about}</p>
      <fieldset className="flex flex-wrap gap-2">
        <legend className="sr-only">Autoplay</legend>
        {status === 'playing' ? (
          <Button variant="primary" onClick={pausePressed}>
            Pause
          </Button>
        ) : (
          <Button variant="primary" onClick={() => playPressed(lessonId, withSetup)} disabled={readOnly || status === 'stepping'}>
            {status === 'paused' ? 'Resume' : status === 'done' ? 'Play again' : 'Play'}
          </Button>
        )}
        <Button onClick={() => stepPressed(lessonId, withSetup)} disabled={readOnly || running || awaiting} aria-describedby={`${id}-step`}>
          Step
        </Button>
        <span id={`${id}-step`} hidden>
          Plays one line, then pauses
        </span>
        <Button onClick={stopPressed} disabled={status === 'idle' || status === 'done'}>
          Stop
        </Button>
      </fieldset>
      <p role="status" className="text-slate-700 dark:text-slate-300">
        {status === 'idle' ? (
          note
        ) : (
          <>
            {other && `${other}: `}
            {status === 'done' ? '' : tally}
            {note}
            {waitLeft !== null && ` ${waitLeft} s left.`}
          </>
        )}
      </p>
    </section>
  );
}

/**
 * The playground's autoplay: a mail client sends lesson 7's message to the server the
 * page is set to, with its scenario, and copes with whatever it says.
 */
const selectProtocol = (s: { protocol: 'smtp' | 'pop3' }) => s.protocol;

export function ClassicAutoplay() {
  // A mail client sends with SMTP: on a POP3 connection it has nothing to say.
  const protocol = useConnectionStore(selectProtocol);
  if (protocol === 'pop3') return null;
  return (
    <AutoplayControls
      lessonId={MAIL_CLIENT}
      withSetup={false}
      about="A mail client sends lesson 7’s message to the server chosen above, a line at a time, and reacts to each reply as a real one does: a 451 is tried again later, a refused recipient dropped, a 421 ends the try, and STARTTLS and AUTH come when the server asks for them."
    />
  );
}
