/**
 * What the page does once, at start, outside React: apply the theme (and follow its
 * changes) and open the first connection.
 */
import { useConnectionStore } from '../stores/connection-store';
import { useSettingsStore } from '../stores/settings-store';

export function startPlayground(): void {
  const applyTheme = () => document.documentElement.classList.toggle('dark', useSettingsStore.getState().theme === 'dark');
  applyTheme();
  useSettingsStore.subscribe(applyTheme);
  if (useConnectionStore.getState().status === 'idle') useConnectionStore.getState().connectRequested();
}
