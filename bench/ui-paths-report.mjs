// The Markdown summary of bench/ui-paths-render.mjs.

/** @param {number[]} values */
export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** @param {number} millis */
function formatMillis(millis) {
  if (!Number.isFinite(millis)) {
    return 'n/a';
  }
  return millis >= 10_000
    ? `${(millis / 1000).toFixed(1)} s`
    : `${Math.round(millis)} ms`;
}

/**
 * @param {{
 *   date: string,
 *   machine: import('./machine-info.mjs').MachineInfo,
 *   store: { traces: number, spans: number },
 *   rows: number,
 *   renderRows: number,
 *   answerBytes: number | undefined,
 *   replayBytes: number | undefined,
 *   replayPaths: number | undefined,
 *   apiRuns: number,
 *   apiMillis: number,
 *   apiFirstByteMillis: number,
 *   renderRuns: number,
 *   renderMillis: number,
 *   answerToPaintMillis: number,
 *   renderToPaintMillis: number,
 * }} r
 */
export function formatUiPathsTable(r) {
  const m = r.machine;
  const count = (n) => n.toLocaleString('en-US');
  const kib = (bytes) =>
    bytes === undefined ? 'n/a' : `${count(Math.round(bytes / 1024))} KiB`;
  const answered =
    r.replayBytes === undefined
      ? `${count(r.rows)} paths`
      : `answer replayed with ${count(r.replayPaths)} paths, ${kib(r.replayBytes)}`;
  return [
    `Paths view, ${count(r.store.traces)} traces (${count(r.store.spans)} spans), ${r.date}`,
    `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}, commit ${m.commit}`,
    '',
    '| measure | median | runs |',
    '| ------- | -----: | ---: |',
    `| /api/paths answer, request → last byte (${count(r.rows)} paths, ${kib(r.answerBytes)}) | ${formatMillis(r.apiMillis)} | ${r.apiRuns} |`,
    `| /api/paths time to first byte | ${formatMillis(r.apiFirstByteMillis)} | ${r.apiRuns} |`,
    `| first render of the table (${answered}; ${count(r.renderRows)} rows drawn): render start → DOM committed | ${formatMillis(r.renderMillis)} | ${r.renderRuns} |`,
    `| same, render start → table painted | ${formatMillis(r.renderToPaintMillis)} | ${r.renderRuns} |`,
    `| same, answer's last byte → table painted (JSON parse included) | ${formatMillis(r.answerToPaintMillis)} | ${r.renderRuns} |`,
    '',
  ].join('\n');
}
