/** What the learner chose: which server, its personality and scenario, theme, display options. Persisted. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type Theme = 'light' | 'dark';

/**
 * Which server the page talks to: the in-tab sandbox, a relay target by name
 * (`relay:sandbox`, `relay:lab`), or watching the relay's sandbox port; and for POP3
 * the in-tab POP3 sandbox (`tab-pop3`), the relay's POP3 sandbox (`relay:pop3`, a name
 * the relay keeps for it), or watching its port (`watch-pop3`).
 */
export type ConnectionChoice = 'tab' | 'watch' | 'tab-pop3' | 'watch-pop3' | `relay:${string}`;

/** The relay's POP3 sandbox target: the relay refuses the name for any other. */
export const POP3_TARGET = 'pop3';

/** Which protocol a choice speaks. */
export function choiceProtocol(choice: ConnectionChoice): 'smtp' | 'pop3' {
  return choice === 'tab-pop3' || choice === 'watch-pop3' || choice === `relay:${POP3_TARGET}` ? 'pop3' : 'smtp';
}

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
