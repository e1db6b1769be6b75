import { describe, expect, it } from 'vitest';
import type { Notice } from '../../stores/transcript-store';
import { layoutRows, lineRow, rowsInWindow } from './transcript-rows';

const lines = (ids: number[]) => ids.map((id) => ({ id }));
const notice = (beforeLineId: number): Notice => ({ beforeLineId, text: `before ${beforeLineId}`, tone: 'secure' });
const shown = (rows: ReturnType<typeof rowsInWindow>) => rows.map((r) => ('notice' in r ? r.notice.text : `line ${r.line}`));

describe('transcript rows', () => {
  it('puts each notice before the line it is pinned to, and at the end until that line comes', () => {
    const layout = layoutRows(lines([10, 11, 12]), [notice(11), notice(13)]);
    expect(layout.total).toBe(5);
    expect(shown(rowsInWindow(0, 5, layout))).toEqual(['line 0', 'before 11', 'line 1', 'line 2', 'before 13']);
    expect([0, 1, 2].map((i) => lineRow(i, layout))).toEqual([0, 2, 3]);
  });

  it('shows any window of rows the same as the whole', () => {
    const layout = layoutRows(lines([0, 1, 2, 3, 4, 5]), [notice(0), notice(2), notice(2), notice(5)]);
    const all = shown(rowsInWindow(0, layout.total, layout));
    for (let first = 0; first <= layout.total; first++) {
      for (let last = first; last <= layout.total + 2; last++) expect(shown(rowsInWindow(first, last, layout))).toEqual(all.slice(first, last));
    }
  });

  it('drops a notice whose line was dropped from the front', () => {
    const layout = layoutRows(lines([50, 51]), [notice(7), notice(51)]);
    expect(shown(rowsInWindow(0, layout.total, layout))).toEqual(['line 0', 'before 51', 'line 1']);
  });

  it('shows the notices alone when there are no lines', () => {
    expect(shown(rowsInWindow(0, 9, layoutRows([], [notice(0)])))).toEqual(['before 0']);
  });
});
