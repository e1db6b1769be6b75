/** What the learner chose: which server, its personality and scenario, theme, display options. Persisted. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'light' | 'dark';

/**
 * Which server the page talks to: the in-tab sandbox, a relay target by name
 * (`relay:sandbox`, `relay:lab`), or watching the relay's sandbox port.
 */
export type ConnectionChoice = 'tab' | 'watch' | `relay:${string}`;

interface SettingsState {
  connection: ConnectionChoice;
  personality: 'exim' | 'postfix';
  scenario: string;
  theme: Theme;
  showEndings: boolean;
  connectionChosen(c: ConnectionChoice): void;
  personalityChosen(p: 'exim' | 'postfix'): void;
  scenarioChosen(id: string): void;
  themeToggled(): void;
  endingsToggled(): void;
}

const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

export const useSettingsStore = create<SettingsState>()(
  persist(
    (set) => ({
      connection: 'tab',
      personality: 'exim',
      scenario: 'catch-all',
      theme: prefersDark ? 'dark' : 'light',
      showEndings: false,
      connectionChosen: (connection) => set({ connection }),
      personalityChosen: (personality) => set({ personality }),
      scenarioChosen: (scenario) => set({ scenario }),
      themeToggled: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
      endingsToggled: () => set((s) => ({ showEndings: !s.showEndings })),
    }),
    { name: 'smtp-playground:settings', version: 1 },
  ),
);
