/**
 * The composer: type a command and press Enter, as in telnet (CRLF is added, or a bare
 * LF when the learner chooses it, to see what strict servers do with one). Up and
 * down walk the history. After 354 it becomes a letter editor that sends the lines,
 * dot-stuffed, and the final dot. It lets learners make mistakes; it only warns.
 * Watching, it is disabled and says where to type instead. In a POP3 session it stays a
 * command line (RETR's message comes from the server, there is nothing to write), with
 * POP3's suggestions and warnings.
 */
import type { ObserverState } from '@smtp-playground/shared';
import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { type ConnectionStatus, letterOnWire, type TypedEnding, useConnectionStore } from '../../../stores/connection-store';
import { pop3Port, sandboxPort, type TargetSummary, useTargetsStore } from '../../../stores/targets-store';
import { useTranscriptStore } from '../../../stores/transcript-store';
import { commandHint, letterHint, pop3CommandHint, pop3Suggestions, suggestions } from '../composer-hints';

const selectConversation = (s: { observed: ObserverState }) => s.observed.conversation;
const selectProtocol = (s: { observed: ObserverState }) => s.observed.protocol;
const selectPop3 = (s: { observed: ObserverState }) => s.observed.pop3;
const selectStatus = (s: { status: ConnectionStatus }) => s.status;
const selectReadOnly = (s: { readOnly: boolean }) => s.readOnly;
const selectLabel = (s: { label: string }) => s.label;
const selectClosedReason = (s: { closedReason: string | null; error: { message: string } | null }) =>
  // The same sentence already stands in the connection's alert; don't say it twice.
  s.closedReason && s.error?.message.includes(s.closedReason) ? null : s.closedReason;
const selectTargets = (s: { targets: TargetSummary[] }) => s.targets;
const selectEnding = (s: { lineEnding: TypedEnding }) => s.lineEnding;
const selectEndingChosen = (s: { lineEndingChosen(e: TypedEnding): void }) => s.lineEndingChosen;

export function Composer() {
  const conversation = useTranscriptStore(selectConversation);
  const status = useConnectionStore(selectStatus);
  const readOnly = useConnectionStore(selectReadOnly);
  const protocol = useTranscriptStore(selectProtocol);
  if (readOnly) return <Watching />;
  if (status === 'connecting') return <Connecting />;
  if (status !== 'open') return <Reconnect />;
  return conversation === 'data' && protocol === 'smtp' ? <LetterEditor /> : <CommandLine />;
}

function Connecting() {
  const label = useConnectionStore(selectLabel);
  return <p className="rounded-lg border border-slate-300 p-3 text-sm dark:border-slate-600">Connecting to {label}…</p>;
}

function Reconnect() {
  const connect = useConnectionStore((s) => s.connectRequested);
  const reason = useConnectionStore(selectClosedReason);
  return (
    <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-300 p-3 text-sm dark:border-slate-600">
      <p>The connection is closed.{reason && ` ${reason}`}</p>
      <Button variant="primary" onClick={connect}>
        Connect
      </Button>
    </div>
  );
}

/** Watching: the session is typed elsewhere. The field stays, disabled, so it is clear why nothing can be typed. */
function Watching() {
  const targets = useTargetsStore(selectTargets);
  const pop3 = useConnectionStore((s) => s.protocol === 'pop3');
  const port = pop3 ? (pop3Port(targets) ?? 2110) : sandboxPort(targets);
  const status = useConnectionStore(selectStatus);
  const watchAgain = useConnectionStore((s) => s.connectRequested);
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        {pop3 ? 'POP3 command' : 'SMTP command'}
      </label>
      <input
        id={id}
        disabled
        aria-describedby={`${id}-why`}
        className="rounded-md border border-slate-300 bg-slate-100 px-2 py-1.5 font-mono dark:border-slate-600 dark:bg-slate-800"
      />
      <p id={`${id}-why`} className="text-sm">
        Watching: type in your terminal, e.g. <code className="font-mono">telnet localhost {port}</code>. The transcript and the post office follow along.
      </p>
      {status === 'closed' && (
        <div>
          <Button variant="primary" onClick={watchAgain}>
            Watch again
          </Button>
        </div>
      )}
    </div>
  );
}

function CommandLine() {
  const [text, setText] = useState('');
  const [back, setBack] = useState(0);
  const history = useConnectionStore((s) => s.history);
  const lineTyped = useConnectionStore((s) => s.lineTyped);
  const conversation = useTranscriptStore(selectConversation);
  const pop3 = useTranscriptStore(selectPop3);
  const isPop3 = useTranscriptStore(selectProtocol) === 'pop3';
  const ending = useConnectionStore(selectEnding);
  const id = useId();
  const hint = isPop3 ? pop3CommandHint(text, pop3) : commandHint(text);
  const suggested = isPop3 ? pop3Suggestions(pop3) : suggestions(conversation);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    lineTyped(text);
    setText('');
    setBack(0);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const next = Math.max(0, Math.min(history.length, back + (e.key === 'ArrowUp' ? 1 : -1)));
    setBack(next);
    setText(next === 0 ? '' : (history[history.length - next] ?? ''));
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        {isPop3 ? 'POP3' : 'SMTP'} command{' '}
        <span className="font-normal text-slate-600 dark:text-slate-400">(Enter sends it with {ending === 'lf' ? 'a bare LF' : 'CRLF'}; ↑ ↓ for history)</span>
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hint ? `${id}-hint` : undefined}
          className="min-w-0 flex-1 rounded-md border border-slate-400 bg-white px-2 py-1.5 font-mono text-red-700 dark:border-slate-500 dark:bg-slate-900 dark:text-red-400"
          placeholder={isPop3 ? 'USER strategos' : 'HELO client.thm'}
        />
        <Button type="submit" variant="primary">
          Send
        </Button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-amber-800 dark:text-amber-300">
          Hint: {hint}
        </p>
      )}
      <LineEndingChoice />
      <fieldset className="flex flex-wrap gap-2">
        <legend className="sr-only">Suggested next commands</legend>
        {suggested.map((s) => (
          <Button key={s} variant="suggestion" size="sm" onClick={() => setText(s)}>
            {s}
          </Button>
        ))}
      </fieldset>
    </form>
  );
}

const ENDINGS: readonly { value: TypedEnding; label: string }[] = [
  { value: 'crlf', label: 'CRLF (standard)' },
  { value: 'lf', label: 'LF only (a bare LF)' },
];

/** CRLF is what SMTP requires; a bare LF is what Unix tools send, and what lesson 16 tries on a strict server. */
function LineEndingChoice() {
  const ending = useConnectionStore(selectEnding);
  const chosen = useConnectionStore(selectEndingChosen);
  const name = useId();
  return (
    <fieldset className="flex flex-wrap items-center gap-x-3 text-sm">
      <legend className="float-left mr-3 font-medium">Line ending</legend>
      {ENDINGS.map((e) => (
        <label key={e.value} className="flex items-center gap-1">
          <input type="radio" name={name} value={e.value} checked={ending === e.value} onChange={() => chosen(e.value)} />
          {e.label}
        </label>
      ))}
    </fieldset>
  );
}

function LetterEditor() {
  const [body, setBody] = useState('From: user@client.thm\nTo: strategos@server.thm\nSubject: Hello\n\nHello from the SMTP Playground!');
  const letterSent = useConnectionStore((s) => s.letterSent);
  const id = useId();
  const hint = letterHint(body);
  const { stuffed } = letterOnWire(body);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        letterSent(body);
      }}
      className="flex flex-col gap-2"
    >
      <label htmlFor={id} className="text-sm font-medium">
        Letter <span className="font-normal text-slate-600 dark:text-slate-400">(headers, a blank line, the body; the final dot is added for you)</span>
      </label>
      <textarea
        id={id}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        rows={7}
        spellCheck={false}
        className="rounded-md border border-slate-400 bg-white p-2 font-mono text-sm text-red-700 dark:border-slate-500 dark:bg-slate-900 dark:text-red-400"
      />
      {hint && <p className="text-sm text-amber-800 dark:text-amber-300">Hint: {hint}</p>}
      {stuffed > 0 && (
        <p className="text-sm">
          Dot-stuffing: {stuffed} line{stuffed === 1 ? ' starts' : 's start'} with a dot, so {stuffed === 1 ? 'it is' : 'they are'} sent with a second dot; the
          server removes it. A lone dot would otherwise end the letter early.
        </p>
      )}
      <div>
        <Button type="submit" variant="primary">
          Send letter and final dot
        </Button>
      </div>
    </form>
  );
}
