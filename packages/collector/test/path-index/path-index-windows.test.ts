import type { PathIndex } from '@pathprof/store';
import { describe, expect, it } from 'vitest';
import {
  PATH_INDEX_STEP_MICROS,
  readIndexWindows,
} from '../../src/path-index/path-index-windows.js';

const MINUTE = PATH_INDEX_STEP_MICROS;

/** A path index holding 5 spans in each of the first three minutes and no run. */
function countingIndex(): { index: PathIndex; counts: () => number } {
  let counts = 0;
  const index = {
    countSpansByWindow: async () => {
      counts++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return new Map([0, 1, 2].map((i) => [i * MINUTE, 5]));
    },
    listIndexRuns: () => Promise.resolve([]),
  } as unknown as PathIndex;
  return { index, counts: () => counts };
}

describe('readIndexWindows', () => {
  it('shares a read in flight with asks for the same aligned windows', async () => {
    const { index, counts } = countingIndex();
    const [a, b] = await Promise.all([
      readIndexWindows(index, { startMicros: 10, endMicros: 3 * MINUTE - 10 }),
      readIndexWindows(index, { startMicros: 20, endMicros: 3 * MINUTE - 20 }),
    ]);
    expect(counts()).toBe(1);
    expect(a).toEqual(b);
    expect(a.map((w) => [w.startMicros, w.spanCount, w.run])).toEqual([
      [0, 5, undefined],
      [MINUTE, 5, undefined],
      [2 * MINUTE, 5, undefined],
    ]);
  });

  it('counts again once the read is over, and for other windows', async () => {
    const { index, counts } = countingIndex();
    await readIndexWindows(index, { startMicros: 0, endMicros: 3 * MINUTE });
    await readIndexWindows(index, { startMicros: 0, endMicros: 3 * MINUTE });
    await Promise.all([
      readIndexWindows(index, { startMicros: 0, endMicros: 3 * MINUTE }),
      readIndexWindows(index, { startMicros: 0, endMicros: 2 * MINUTE }),
    ]);
    expect(counts()).toBe(4);
  });
});
