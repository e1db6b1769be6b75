/**
 * Named sandbox scenarios: a policy and a sentence saying what it shows. The page
 * offers them in its settings; lessons will name them too.
 */
import type { Policy } from './policy.js';

export interface Scenario {
  id: string;
  label: string;
  describe: string;
  policy: Partial<Policy>;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'catch-all', label: 'Catch-all', describe: 'Every recipient at every domain is accepted.', policy: {} },
  {
    id: 'strict-mx',
    label: 'Strict MX for example.com',
    describe: 'The server is the destination for example.com only; other domains are relay attempts and are refused unless you log in.',
    policy: { localDomains: ['example.com'] },
  },
  {
    id: 'unknown-users',
    label: 'Unknown users',
    describe: 'Only alice, bob and postmaster exist at example.com; anyone else gets 550 5.1.1.',
    policy: { localDomains: ['example.com'], users: ['alice', 'bob'] },
  },
  {
    id: 'submission',
    label: 'Submission port (AUTH required)',
    describe: 'Like port 587: log in with AUTH (learner / sandbox) before MAIL FROM.',
    policy: { requireAuth: true },
  },
  {
    id: 'starttls-required',
    label: 'STARTTLS required',
    describe: 'Like a careful submission server: MAIL and AUTH are refused with 530 until you say STARTTLS and EHLO again.',
    policy: { requireTls: true },
  },
];

/** The scenario with this id, or the catch-all. */
export function scenarioById(id: string): Scenario {
  return SCENARIOS.find((s) => s.id === id) ?? (SCENARIOS[0] as Scenario);
}
