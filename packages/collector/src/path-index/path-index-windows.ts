/**
 * Which windows of the path index are current. The index works in windows
 * of `PATH_INDEX_STEP_MICROS`, aligned to multiples of it. A window's run is
 * current while the spans stored with a start in the window still number
 * what the run counted before it read them: a span that arrives later (a
 * late export, an import of old traces) or a deletion makes the run stale,
 * and until it is indexed again the window is profiled from its spans.
 *
 *   windows   |  w0  |  w1  |  w2  |  w3  |
 *   spans        12     0      7      5
 *   runs         12     –      6      –
 *   →          index  empty  stale  unindexed → spans of w2 and w3 streamed
 */
import type { Micros, PathIndexRun } from '@pathprof/model';
import type { PathIndex, TimeWindow } from '@pathprof/store';

/** One minute: the unit the index writes and reads. */
export const PATH_INDEX_STEP_MICROS = 60_000_000;

export interface IndexWindow {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
  /** Stored spans starting in the window, counted now. */
  readonly spanCount: number;
  /** The current run, when the window has one. */
  readonly run: PathIndexRun | undefined;
}

/** Reads in flight per index, by aligned window and step: asks that meet one share it. */
const readingByIndex = new WeakMap<
  PathIndex,
  Map<string, Promise<readonly IndexWindow[]>>
>();

/**
 * The aligned windows covering `window` that hold spans, each with its current
 * run if any. Asks for the same aligned windows while one is being read (the
 * several answers a view asks for at once) share that read: its counts are as
 * fresh as if they had come a moment earlier. The list is shared: not to be changed.
 */
export function readIndexWindows(
  index: PathIndex,
  window: TimeWindow,
  stepMicros: Micros = PATH_INDEX_STEP_MICROS,
): Promise<readonly IndexWindow[]> {
  const aligned = {
    startMicros: Math.max(
      0,
      Math.floor(window.startMicros / stepMicros) * stepMicros,
    ),
    endMicros: Math.ceil(window.endMicros / stepMicros) * stepMicros,
  };
  if (aligned.endMicros <= aligned.startMicros) {
    return Promise.resolve([]);
  }
  let reading = readingByIndex.get(index);
  if (reading === undefined) {
    reading = new Map();
    readingByIndex.set(index, reading);
  }
  const key = `${aligned.startMicros}/${aligned.endMicros}/${stepMicros}`;
  const shared = reading.get(key);
  if (shared !== undefined) {
    return shared;
  }
  const read = readAlignedWindows(index, aligned, stepMicros);
  reading.set(key, read);
  const forget = (): void => {
    reading.delete(key);
  };
  read.then(forget, forget);
  return read;
}

async function readAlignedWindows(
  index: PathIndex,
  aligned: TimeWindow,
  stepMicros: Micros,
): Promise<IndexWindow[]> {
  // A run is current only when nothing was stored or deleted in its window
  // between the run's count and this one; otherwise the spans are streamed.
  const counts = await index.countSpansByWindow(aligned, stepMicros);
  const runs = await index.listIndexRuns(aligned);
  const runOf = new Map(
    runs
      .filter((r) => r.endMicros - r.startMicros === stepMicros)
      .map((r) => [r.startMicros, r]),
  );
  return [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([start, spanCount]) => {
      const run = runOf.get(start);
      return {
        startMicros: start,
        endMicros: start + stepMicros,
        spanCount,
        run: run !== undefined && run.spanCount === spanCount ? run : undefined,
      };
    });
}

/** Adjacent windows joined into intervals, clipped to `within`. */
export function joinWindows(
  windows: readonly TimeWindow[],
  within: TimeWindow,
): TimeWindow[] {
  const out: { startMicros: Micros; endMicros: Micros }[] = [];
  for (const w of windows) {
    const start = Math.max(w.startMicros, within.startMicros);
    const end = Math.min(w.endMicros, within.endMicros);
    if (end <= start) {
      continue;
    }
    const last = out[out.length - 1];
    if (last !== undefined && last.endMicros === start) {
      last.endMicros = end;
    } else {
      out.push({ startMicros: start, endMicros: end });
    }
  }
  return out;
}

/**
 * What a reader of `windows` depends on, as text: each window's start,
 * stored span count and current run. A span stored or deleted in a window
 * changes its count, and indexing it again its run, so answers cached under
 * this text are never stale.
 */
export function describeWindowVersions(
  windows: readonly IndexWindow[],
): string {
  return windows
    .map((w) => `${w.startMicros}:${w.spanCount}:${w.run?.runId ?? '-'}`)
    .join(',');
}
