/**
 * Which server the page talks to: the in-tab sandbox, the relay's sandbox, each real
 * server the relay was started with, or watching the relay's sandbox port; and for
 * POP3 the in-tab POP3 sandbox, the relay's, and watching its port. With no relay
 * behind the page, only the in-tab sandboxes, and a sentence saying why.
 */
import { useId } from 'react';
import { field } from '../../../components/ui/field';
import { relayLabel } from '../../../stores/connection-store';
import { type ConnectionChoice, useSettingsStore } from '../../../stores/settings-store';
import { effectiveChoice, pop3Port, type RelayStatus, sandboxPort, type TargetSummary, useTargetsStore } from '../../../stores/targets-store';

const selectChoice = (s: { connection: ConnectionChoice }) => s.connection;
const selectStatus = (s: { status: RelayStatus }) => s.status;
const selectTargets = (s: { targets: TargetSummary[] }) => s.targets;
const selectReason = (s: { reason: string | null }) => s.reason;

/** How a real target is offered: its name, where it is, and how it does TLS. */
function describeTarget(t: TargetSummary): string {
  const tls = t.tls === 'none' ? 'no TLS' : t.tls === 'implicit' ? 'implicit TLS' : 'STARTTLS';
  return `${relayLabel(t.name)} — ${t.address}, ${tls}${t.insecure ? ', certificate not verified' : ''}`;
}

/** A saved choice not in the list: still asking the relay, or one it doesn't offer. */
function unlisted(choice: ConnectionChoice, status: RelayStatus): string {
  const name =
    choice === 'watch' ? 'Watch the relay’s sandbox port' : choice === 'watch-pop3' ? 'Watch the relay’s POP3 port' : relayLabel(choice.slice('relay:'.length));
  return status === 'available' ? `${name} — not offered by this relay` : name;
}

export function ConnectionPicker() {
  const saved = useSettingsStore(selectChoice);
  const status = useTargetsStore(selectStatus);
  const targets = useTargetsStore(selectTargets);
  const reason = useTargetsStore(selectReason);
  const chosen = useSettingsStore((s) => s.connectionChosen);
  const id = useId();
  const choice = effectiveChoice(saved, status);
  const sandbox = targets.find((t) => t.sandbox && t.name !== 'pop3');
  const pop3 = targets.find((t) => t.sandbox && t.name === 'pop3');
  const real = targets.filter((t) => !t.sandbox);
  // A saved choice the relay no longer lists stays visible, so the select never lies about what is open.
  const watchable = choice === 'watch' || (choice === 'watch-pop3' && !!pop3);
  const listed = choice === 'tab' || choice === 'tab-pop3' || (status === 'available' && (watchable || targets.some((t) => `relay:${t.name}` === choice)));
  return (
    <div className="flex flex-col">
      <label htmlFor={id}>Server</label>
      <select
        id={id}
        value={choice}
        onChange={(e) => chosen(e.target.value as ConnectionChoice)}
        // A long server name must not widen the page on a phone.
        className={`${field} max-w-full`}
        aria-describedby={reason ? `${id}-why` : undefined}
      >
        <option value="tab">In-tab sandbox (no server needed)</option>
        <option value="tab-pop3">In-tab POP3 sandbox (no server needed)</option>
        {status === 'available' && (
          <optgroup label="Through the relay">
            {sandbox && <option value="relay:sandbox">Relay sandbox — {sandbox.address}</option>}
            {real.map((t) => (
              <option key={t.name} value={`relay:${t.name}`}>
                {describeTarget(t)}
              </option>
            ))}
            <option value="watch">Watch port {sandboxPort(targets)}</option>
            {pop3 && <option value="relay:pop3">Relay POP3 sandbox — {pop3.address}, STLS</option>}
            {pop3 && <option value="watch-pop3">Watch POP3 port {pop3Port(targets)}</option>}
          </optgroup>
        )}
        {!listed && <option value={choice}>{unlisted(choice, status)}</option>}
      </select>
      {reason && (
        <p id={`${id}-why`} className="mt-1 max-w-md text-xs text-slate-600 dark:text-slate-400">
          {reason}
        </p>
      )}
    </div>
  );
}
