/**
 * What the page does once, at start, outside React: apply the theme (and follow its
 * changes), ask whether a relay is behind the page, and open the first connection.
 * With a relay, its mailbox is followed from then on; that store loads only then, so a
 * page without a relay never loads it.
 */
import { useConnectionStore } from '../stores/connection-store';
import { useSettingsStore } from '../stores/settings-store';
import { loadTargets, useTargetsStore } from '../stores/targets-store';

export function startPlayground(): void {
  const applyTheme = () => document.documentElement.classList.toggle('dark', useSettingsStore.getState().theme === 'dark');
  applyTheme();
  useSettingsStore.subscribe(applyTheme);
  const connect = () => {
    if (useConnectionStore.getState().status === 'idle') useConnectionStore.getState().connectRequested();
  };
  // The in-tab sandbox needs nothing: open it at once. A relay choice waits for the
  // list of targets, so with no relay behind the page it falls back to the tab at once
  // instead of failing first.
  if (useSettingsStore.getState().connection === 'tab') connect();
  void loadTargets().then(() => {
    connect();
    if (useTargetsStore.getState().status === 'available') void import('../stores/relay-mailbox-store').then((m) => m.relayMailboxFollowed());
  });
}
