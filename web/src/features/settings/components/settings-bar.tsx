/** Server personality and scenario, reset, line endings and theme. */
import { SCENARIOS, scenarioById } from '@smtp-playground/shared';
import { useId } from 'react';
import { Button } from '../../../components/ui/button';
import { useConnectionStore } from '../../../stores/connection-store';
import { useSettingsStore } from '../../../stores/settings-store';

const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-800';

export function SettingsBar() {
  const personality = useSettingsStore((s) => s.personality);
  const scenario = useSettingsStore((s) => s.scenario);
  const showEndings = useSettingsStore((s) => s.showEndings);
  const { personalityChosen, scenarioChosen, endingsToggled } = useSettingsStore.getState();
  const reset = useConnectionStore((s) => s.connectRequested);
  const label = useConnectionStore((s) => s.label);
  const simulated = useConnectionStore((s) => s.simulated);
  const ids = { p: useId(), s: useId() };
  return (
    <section aria-label="Settings" className="flex flex-wrap items-end gap-3 text-sm">
      <p className="self-center">
        Server: <strong>{label}</strong>
        {simulated && <span className="text-slate-600 dark:text-slate-400"> (simulated in this tab; no network)</span>}
      </p>
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
      <Button onClick={reset}>Reset session</Button>
      <label className="flex items-center gap-1 self-center">
        <input type="checkbox" checked={showEndings} onChange={endingsToggled} />
        Show line endings and bytes
      </label>
    </section>
  );
}
