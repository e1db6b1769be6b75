/** What the learner chose: server personality, scenario, theme, display options. Persisted. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'light' | 'dark';

interface SettingsState {
  personality: 'exim' | 'postfix';
  scenario: string;
  theme: Theme;
  showEndings: boolean;
  personalityChosen(p: 'exim' | 'postfix'): void;
  scenarioChosen(id: string): void;
  themeToggled(): void;
  endingsToggled(): void;
}

const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

export const useSettingsStore = create<SettingsState>()(
  persist(
    (set) => ({
      personality: 'exim',
      scenario: 'catch-all',
      theme: prefersDark ? 'dark' : 'light',
      showEndings: false,
      personalityChosen: (personality) => set({ personality }),
      scenarioChosen: (scenario) => set({ scenario }),
      themeToggled: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
      endingsToggled: () => set((s) => ({ showEndings: !s.showEndings })),
    }),
    { name: 'smtp-playground:settings', version: 1 },
  ),
);
