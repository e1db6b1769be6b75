import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_DIG_ENTRIES, useDnsStore } from './dns-store';

const dns = () => useDnsStore.getState();

beforeEach(() => useDnsStore.setState({ lookups: [], history: [] }));

describe('dns store', () => {
  it('answers a query from the simulated DNS, keeping the lookup for lessons and dig’s output for the panel', () => {
    dns().queryEntered('  dig MX server.thm ');
    expect(dns().lookups).toHaveLength(1);
    expect(dns().lookups[0]).toMatchObject({ name: 'server.thm', type: 'MX', status: 'NOERROR' });
    expect(dns().history[0]).toMatchObject({ query: 'dig MX server.thm', refused: false });
    expect(dns().history[0]?.output).toContain('server.thm.\t\t3600\tIN\tMX\t10 example.thm.');
  });

  it('shows why a query cannot be asked, and keeps no lookup for it; ignores an empty one', () => {
    dns().queryEntered('dig NS server.thm');
    dns().queryEntered('   ');
    expect(dns().lookups).toEqual([]);
    expect(dns().history).toHaveLength(1);
    expect(dns().history[0]).toMatchObject({ refused: true, output: expect.stringContaining('not NS') });
  });

  it('keeps the last entries only, and clears the history but not the lookups lessons read', () => {
    for (let i = 0; i < MAX_DIG_ENTRIES + 5; i++) dns().queryEntered('dig A example.thm');
    expect(dns().lookups).toHaveLength(MAX_DIG_ENTRIES);
    expect(dns().history).toHaveLength(MAX_DIG_ENTRIES);
    dns().historyCleared();
    expect(dns().history).toEqual([]);
    expect(dns().lookups).toHaveLength(MAX_DIG_ENTRIES);
  });
});
