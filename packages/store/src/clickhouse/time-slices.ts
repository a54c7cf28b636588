/**
 * Slice widths for `streamTraces`: each slice of the window should hold about
 * three quarters of a page of traces, so that one query usually answers it
 * whole and a slice is rarely paged through twice. Widths follow the traces
 * seen so far: they grow after a sparse slice (at most 8× at a time, so a gap
 * in the data costs a few queries) and shrink after a full page.
 */

const MAX_GROWTH = 8;

/** Traces a slice aims at, out of a page. */
export function targetTraces(pageSize: number): number {
  return Math.max(1, Math.floor((pageSize * 3) / 4));
}

/** The first width, from the window's extent and its estimated trace count. */
export function initialWidth(
  extentMicros: number,
  traces: number,
  pageSize: number,
): number {
  const width = Math.floor(
    (extentMicros * targetTraces(pageSize)) / Math.max(1, traces),
  );
  return clampWidth(width, extentMicros);
}

/** The width after a slice of `width` µs held `traces` traces (fewer than a page). */
export function widthAfterSlice(
  width: number,
  traces: number,
  pageSize: number,
  extentMicros: number,
): number {
  const factor = Math.min(
    MAX_GROWTH,
    targetTraces(pageSize) / Math.max(1, traces),
  );
  return clampWidth(Math.floor(width * factor), extentMicros);
}

function clampWidth(width: number, extentMicros: number): number {
  return Math.max(1, Math.min(width, extentMicros));
}
