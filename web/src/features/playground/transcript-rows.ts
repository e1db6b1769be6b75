/**
 * The transcript's rows: the lines, with a notice row (TLS started) before the line
 * each notice is pinned to. Every row has the same height, so a row's position is
 * arithmetic; notices are few (one per upgrade), so placing them is a binary search
 * each, and the visible window costs the same at 10 lines or 100 000.
 */
import type { Notice } from '../../stores/transcript-store';

export interface RowLayout {
  /** Each visible notice with its row and the index of the line it precedes, in order. */
  notices: { row: number; lineIndex: number; notice: Notice }[];
  total: number;
}

export type Row = { row: number; line: number } | { row: number; notice: Notice };

/** The first index whose line id is at least `id` (ids only grow), or the length. */
function lowerBound(lines: readonly { id: number }[], id: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((lines[mid] as { id: number }).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function layoutRows(lines: readonly { id: number }[], notices: readonly Notice[]): RowLayout {
  // A notice whose line was dropped from the front (MAX_LINES) goes with it.
  const firstId = lines[0]?.id ?? Number.NEGATIVE_INFINITY;
  const placed = notices
    .filter((n) => n.beforeLineId >= firstId)
    .map((notice, k) => {
      const lineIndex = lowerBound(lines, notice.beforeLineId);
      return { row: lineIndex + k, lineIndex, notice };
    });
  return { notices: placed, total: lines.length + placed.length };
}

/** The row of the line at `index`. */
export function lineRow(index: number, layout: RowLayout): number {
  let before = 0;
  for (const n of layout.notices) if (n.lineIndex <= index) before++;
  return index + before;
}

/** What rows `first` (inclusive) to `last` (exclusive) show. */
export function rowsInWindow(first: number, last: number, layout: RowLayout): Row[] {
  const rows: Row[] = [];
  const { notices } = layout;
  let k = 0; // notices above the current row
  while (k < notices.length && (notices[k] as RowLayout['notices'][number]).row < first) k++;
  for (let r = first; r < Math.min(last, layout.total); r++) {
    const n = notices[k];
    if (n && n.row === r) {
      rows.push({ row: r, notice: n.notice });
      k++;
    } else {
      rows.push({ row: r, line: r - k });
    }
  }
  return rows;
}
