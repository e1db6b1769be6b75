/** Which server, its personality and scenario (in the tab), reset, line endings; then where the page is connected. */
import { SCENARIOS, scenarioById } from '@smtp-playground/shared';
import { useId } from 'react';
import { Button } from '../../../components/ui/button';
import { field } from '../../../components/ui/field';
import { useConnectionStore } from '../../../stores/connection-store';
import { type ConnectionChoice, useSettingsStore } from '../../../stores/settings-store';
import { effectiveChoice, type RelayStatus, useTargetsStore } from '../../../stores/targets-store';
import { ConnectionPicker } from './connection-picker';
import { ConnectionStatus } from './connection-status';

const selectChoice = (s: { connection: ConnectionChoice }) => s.connection;
const selectPersonality = (s: { personality: 'exim' | 'postfix' }) => s.personality;
const selectScenario = (s: { scenario: string }) => s.scenario;
const selectShowEndings = (s: { showEndings: boolean }) => s.showEndings;
const selectReset = (s: { connectRequested(): void }) => s.connectRequested;
const selectRelayStatus = (s: { status: RelayStatus }) => s.status;

/** What the page says of a server other than the in-tab SMTP sandbox. */
function serverNote(choice: ConnectionChoice): string {
  if (choice === 'tab-pop3')
    return 'A Dovecot-like POP3 server over this tab’s mailbox: log in as the local part a letter was sent to (USER strategos), password sandbox. STLS is simulated.';
  if (choice === 'relay:pop3' || choice === 'watch-pop3')
    return 'The relay’s POP3 sandbox (Dovecot-like) reads the relay’s mailbox: what was sent to its SMTP sandbox. Every maildrop’s password is sandbox.';
  if (choice === 'relay:sandbox' || choice === 'watch')
    return 'The relay’s sandbox answers with the personality and policy it was started with (npm start -- --personality postfix, --require-starttls).';
  return 'A real server: its replies are its own.';
}

export function SettingsBar() {
  const personality = useSettingsStore(selectPersonality);
  const scenario = useSettingsStore(selectScenario);
  const showEndings = useSettingsStore(selectShowEndings);
  const choice = effectiveChoice(useSettingsStore(selectChoice), useTargetsStore(selectRelayStatus));
  const { personalityChosen, scenarioChosen, endingsToggled } = useSettingsStore.getState();
  const reset = useConnectionStore(selectReset);
  const ids = { p: useId(), s: useId() };
  return (
    <div className="flex flex-col gap-3">
      <section aria-label="Settings" className="flex flex-wrap items-start gap-3 text-sm">
        <ConnectionPicker />
        {choice === 'tab' ? (
          <>
            <div className="flex flex-col">
              <label htmlFor={ids.p}>Personality</label>
              <select id={ids.p} value={personality} onChange={(e) => personalityChosen(e.target.value as 'exim' | 'postfix')} className={field}>
                <option value="exim">Exim-like</option>
                <option value="postfix">Postfix-like</option>
              </select>
            </div>
            <div className="flex flex-col">
              <label htmlFor={ids.s}>Scenario</label>
              <select id={ids.s} value={scenario} onChange={(e) => scenarioChosen(e.target.value)} className={field} aria-describedby={`${ids.s}-d`}>
                {SCENARIOS.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <p id={`${ids.s}-d`} className="max-w-xs self-center text-xs text-slate-600 dark:text-slate-400">
              {scenarioById(scenario).describe}
            </p>
          </>
        ) : (
          <p className="max-w-sm self-center text-xs text-slate-600 dark:text-slate-400">{serverNote(choice)}</p>
        )}
        {choice !== 'watch' && choice !== 'watch-pop3' && (
          <Button className="self-center" onClick={reset}>
            Reset session
          </Button>
        )}
        <label className="flex items-center gap-1 self-center">
          <input type="checkbox" checked={showEndings} onChange={endingsToggled} />
          Show line endings and bytes
        </label>
      </section>
      <ConnectionStatus />
    </div>
  );
}
