/**
 * Compare: a server the relay reaches, beside the sandbox. The learner picks the
 * server and the sandbox's personality and presses Compare; the safe part of the
 * parity corpus is played against both (nothing is delivered), and each dialogue's
 * two transcripts show side by side with the differences marked and explained, under
 * the server's fingerprint card. The runs live in the compare store.
 */
import { COMPARE_DIALOGUES, type DialogueComparison, summariseComparisons, verdictWords } from '@smtp-playground/shared';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { field } from '../../../components/ui/field';
import { compareTarget, type PersonalityId, useCompareStore } from '../../../stores/compare-store';
import { type RelayStatus, type TargetSummary, useTargetsStore } from '../../../stores/targets-store';
import { FingerprintCard } from './fingerprint-card';
import { SideBySide } from './side-by-side';

const selectRelayStatus = (s: { status: RelayStatus }) => s.status;
const selectTargets = (s: { targets: TargetSummary[] }) => s.targets;
const selectReason = (s: { reason: string | null }) => s.reason;

const PERSONALITY_NAMES: Record<PersonalityId, string> = { exim: 'Exim-like', postfix: 'Postfix-like' };

/** How the page names the sandbox side of a comparison. */
const sandboxTitle = (p: PersonalityId) => `Sandbox (${PERSONALITY_NAMES[p]})`;

export function CompareView() {
  const status = useTargetsStore(selectRelayStatus);
  const reason = useTargetsStore(selectReason);
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6">
      <div>
        <h2 className="text-2xl font-bold">Compare with a real server</h2>
        <p className="mt-1 max-w-3xl text-slate-700 dark:text-slate-300">
          Plays {COMPARE_DIALOGUES.length} short dialogues from the parity corpus against a server the relay reaches and against the sandbox, then shows the two
          transcripts side by side. None of them can deliver a message: every transaction ends with RSET or QUIT before a letter could be completed.
        </p>
      </div>
      {status === 'available' ? (
        <Controls />
      ) : status === 'unknown' ? (
        <p role="status">Asking the relay what it can reach…</p>
      ) : (
        <section
          aria-label="Relay needed"
          className="max-w-3xl rounded-lg border border-amber-400 bg-amber-50 p-4 text-sm dark:border-amber-700 dark:bg-amber-950/40"
        >
          <p>
            Comparing needs the relay, which reaches the server for the page. Start it with the server as a target, then open the page it serves:{' '}
            <code className="font-mono">npm start -- --target NAME=HOST:PORT</code>
          </p>
          {reason && <p className="mt-2 text-slate-700 dark:text-slate-300">{reason}</p>}
          <p className="mt-2 text-slate-700 dark:text-slate-300">
            From a terminal, without the page: <code className="font-mono">npm run compare -- --target HOST:PORT</code>
          </p>
        </section>
      )}
      <Results />
    </div>
  );
}

function Controls() {
  const targets = useTargetsStore(selectTargets);
  const chosen = useCompareStore((s) => s.target);
  const personality = useCompareStore((s) => s.personality);
  const status = useCompareStore((s) => s.status);
  const problem = useCompareStore((s) => s.problem);
  const done = useCompareStore((s) => s.results.length);
  const total = useCompareStore((s) => s.total);
  const targetChosen = useCompareStore((s) => s.targetChosen);
  const personalityChosen = useCompareStore((s) => s.personalityChosen);
  const compareRequested = useCompareStore((s) => s.compareRequested);
  const compareStopped = useCompareStore((s) => s.compareStopped);
  const target = compareTarget(chosen, targets);
  const serverId = useId();
  const personalityId = useId();
  const running = status === 'running';
  return (
    <div className="flex flex-col gap-2">
      <form
        aria-label="Comparison"
        className="flex flex-wrap items-end gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void compareRequested();
        }}
      >
        <div className="flex flex-col">
          <label htmlFor={serverId}>Server to compare</label>
          <select id={serverId} className={field} value={target?.name ?? ''} disabled={running} onChange={(e) => targetChosen(e.target.value)}>
            {targets.map((t) => (
              <option key={t.name} value={t.name}>
                {t.sandbox ? `Relay sandbox — ${t.address}` : `${t.name} — ${t.address}`}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col">
          <label htmlFor={personalityId}>Sandbox personality</label>
          <select
            id={personalityId}
            className={field}
            value={personality}
            disabled={running}
            onChange={(e) => personalityChosen(e.target.value as PersonalityId)}
          >
            {(Object.keys(PERSONALITY_NAMES) as PersonalityId[]).map((p) => (
              <option key={p} value={p}>
                {PERSONALITY_NAMES[p]}
              </option>
            ))}
          </select>
        </div>
        {running ? (
          <Button onClick={compareStopped}>Stop</Button>
        ) : (
          <Button type="submit" variant="primary" disabled={!target}>
            Compare
          </Button>
        )}
      </form>
      {!targets.some((t) => !t.sandbox) && (
        <p className="max-w-3xl text-sm text-slate-700 dark:text-slate-300">
          This relay reaches no real server yet, only its own sandbox. To compare one, start the relay with it:{' '}
          <code className="font-mono">npm start -- --target NAME=HOST:PORT</code>
        </p>
      )}
      <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {problem ??
          (running
            ? `Playing: ${done} of ${total} dialogues done…`
            : status === 'stopped'
              ? `Stopped after ${done} of ${total} dialogues.`
              : status === 'done'
                ? `Done: ${total} dialogues played.`
                : '')}
      </p>
    </div>
  );
}

function Results() {
  const results = useCompareStore((s) => s.results);
  const compared = useCompareStore((s) => s.compared);
  const fingerprint = useCompareStore((s) => s.fingerprint);
  const sandboxFingerprint = useCompareStore((s) => s.sandboxFingerprint);
  const skipped = useCompareStore((s) => s.skipped);
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const filterId = useId();
  if (!compared) return null;
  const leftTitle = compared.target;
  const rightTitle = sandboxTitle(compared.personality);
  const summary = summariseComparisons(results);
  const shown = onlyDiffering ? results.filter((c) => !c.sameText) : results;
  return (
    <>
      {fingerprint && sandboxFingerprint ? (
        <FingerprintCard server={fingerprint} sandbox={sandboxFingerprint} serverTitle={leftTitle} sandboxTitle={rightTitle} />
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">The fingerprint card follows once every dialogue has been played.</p>
      )}
      <section aria-label="Dialogues compared" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-1 text-sm">
          <p>
            <strong>{summary.dialogues}</strong> dialogues compared: <strong>{summary.sameText}</strong> identical, <strong>{summary.sameCodes}</strong> with
            the same reply codes, <strong>{summary.dialogues - summary.sameCodes}</strong> with different codes or lines.
          </p>
          <label htmlFor={filterId} className="flex items-center gap-1">
            <input id={filterId} type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} />
            Only dialogues that differ
          </label>
        </div>
        {skipped.length > 0 && (
          <p className="text-sm text-slate-700 dark:text-slate-300">
            Not played: {skipped.length} dialogues, which {skipped[0]?.why}.
          </p>
        )}
        <ul aria-label="Dialogues" className="flex flex-col gap-1">
          {shown.map((c) => (
            <li key={c.id}>
              <DialogueResult comparison={c} leftTitle={leftTitle} rightTitle={rightTitle} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

const VERDICT_CLASS = {
  identical: 'border-emerald-600 text-emerald-800 dark:border-emerald-500 dark:text-emerald-300',
  'same codes, other words': 'border-amber-600 text-amber-800 dark:border-amber-500 dark:text-amber-300',
  'different codes or lines': 'border-red-600 text-red-800 dark:border-red-500 dark:text-red-300',
} as Record<string, string>;

/** A dialogue, folded to one line; its side-by-side is drawn only while it is open. */
function DialogueResult({ comparison, leftTitle, rightTitle }: { comparison: DialogueComparison; leftTitle: string; rightTitle: string }) {
  const [open, setOpen] = useState(false);
  const verdict = verdictWords(comparison);
  const differences = comparison.lines.filter((l) => l.mark !== 'same').length;
  return (
    <details className="rounded-md border border-slate-200 dark:border-slate-700" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-3 px-3 py-1.5 text-sm">
        <span className="font-mono font-semibold">{comparison.id}</span>
        <span className={`rounded border px-1.5 text-xs ${VERDICT_CLASS[verdict] ?? ''}`}>
          {verdict}
          {differences > 0 ? `, ${differences} ${differences === 1 ? 'difference' : 'differences'}` : ''}
        </span>
        <span className="text-slate-700 dark:text-slate-300">{comparison.about}</span>
      </summary>
      {open && (
        <div className="overflow-x-auto border-t border-slate-200 px-3 py-2 dark:border-slate-700">
          <SideBySide comparison={comparison} leftTitle={leftTitle} rightTitle={rightTitle} />
        </div>
      )}
    </details>
  );
}
