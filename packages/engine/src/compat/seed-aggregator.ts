/**
 * `--compat seed`: the seed aggregator's report, byte for byte, from Jaeger
 * query-API JSON (docs/seed-system.md §3). Records are grouped by path key in
 * order of first appearance; `render()` prints the CSV and anomaly sections for
 * everything added so far.
 *
 * Where §3 is silent, the most literal reading is taken:
 * 1. A trace with no spans yields no paths (the seed would fail on `spans[0]`).
 * 2. A span's parent is the `spanID` of its first reference whose `refType` is
 *    `CHILD_OF`; spans with no such reference, or whose parent is not in the
 *    trace, are unreachable. A root with a reference is still the root.
 * 3. Framework spans (`/…`) are removed before children are listed, so a
 *    summary's "first child" is its first non-framework child in span order;
 *    its tags are read whatever its name. A root that is a framework span
 *    leaves the trace without paths.
 * 4. A summary is a span whose operation name ends with `_summary`. Its
 *    function name is the first child's `function.name` tag (Python `str()`
 *    of the value), else the operation name without `_summary`; its service is
 *    `processes[processID].serviceName`.
 * 5. A missing `cpu.ms` or `peak_mem.kb` tag, like a summary without children,
 *    counts as int 0 (so all-zero memory prints `0`, not `0.0`). A repeated tag
 *    key keeps its last value.
 * 6. Merged sibling hops and path records sum with a left fold from int 0 in
 *    list order (Python ≤ 3.11 `sum()`), take memory with `max()` (the first
 *    of equal maxima keeps its int/float kind), and sort names by code point.
 *    The record key sorts the hop names as strings, merged names included.
 * 7. Lines are printed with `print(','.join(str(v) …))`: no CSV quoting, `\n`
 *    endings, no blank lines; a one-record group's stdev is int `0`; the
 *    anomaly threshold skips groups whose stdev equals 0 (`0` or `0.0`).
 * 8. The traceID in anomaly lines is the trace object's `traceID`.
 * 9. Children are listed by parent span ID, so spans sharing an ID share one
 *    child list (and their paths repeat), as a dict of lists would do.
 * 10. `exec.ms` and the memory sum variant are not computed: nothing prints them.
 *
 * Where the seed would crash or hang, this throws an `EngineError` instead:
 * `PATHPROF_ERR_SEED_JSON` (with the offset) for malformed JSON, including
 * `NaN`/`Infinity` and float literals beyond a double, which Python accepts;
 * `PATHPROF_ERR_SEED_INPUT` for a missing field, a non-numeric metric, or more than
 * `MAX_SEED_PATHS_PER_TRACE` paths (only duplicated span IDs produce that many).
 * A reference cycle, on which the seed recurses forever, adds no paths.
 */
import {
  extractSeedPathRecords,
  type SeedPathRecord,
} from './extract-seed-paths.js';
import {
  isPyJsonObject,
  parsePythonJson,
  type PyJsonValue,
} from './parse-python-json.js';
import { readSeedTrace } from './read-seed-trace.js';
import { renderSeedReport } from './render-seed-report.js';
import {
  EngineError,
  isEngineError,
  type EngineErrorLocation,
} from '../engine-error.js';

export interface SeedAggregator {
  /**
   * Adds one Jaeger trace object, as JSON text. With `from` (where the text
   * starts in a file), an error names the file and the byte offset in it.
   */
  addTraceJson(text: string, from?: EngineErrorLocation): void;
  /** Adds every trace of a `{"data": [trace, …]}` document. */
  addDocumentJson(text: string): void;
  /** The report for all traces added so far, each line ending in `\n`. */
  render(): string;
}

/**
 * An empty aggregation. Each `add…` call parses and walks its traces at once
 * and keeps their records only if all of them could be read, so a call that
 * throws leaves the aggregation unchanged; `render()` computes the statistics.
 */
export function createSeedAggregator(): SeedAggregator {
  const groups = new Map<string, SeedPathRecord[]>();
  const extractRecords = (trace: PyJsonValue): SeedPathRecord[] =>
    extractSeedPathRecords(readSeedTrace(trace));
  const keep = (records: readonly SeedPathRecord[]): void => {
    for (const record of records) {
      const group = groups.get(record.key);
      if (group === undefined) {
        groups.set(record.key, [record]);
      } else {
        group.push(record);
      }
    }
  };
  return {
    addTraceJson(text, from) {
      const trace = parsePythonJson(text, from);
      try {
        keep(extractRecords(trace));
      } catch (err) {
        throw from === undefined ? err : locateTraceError(err, from);
      }
    },
    addDocumentJson(text) {
      const document = parsePythonJson(text);
      const traces = isPyJsonObject(document)
        ? document.get('data')
        : undefined;
      if (!Array.isArray(traces)) {
        throw new EngineError(
          'PATHPROF_ERR_SEED_INPUT',
          'the document must be an object with a "data" array',
        );
      }
      keep(traces.flatMap(extractRecords));
    },
    render() {
      return renderSeedReport(groups);
    },
  };
}

function locateTraceError(err: unknown, from: EngineErrorLocation): unknown {
  if (!isEngineError(err, 'PATHPROF_ERR_SEED_INPUT')) {
    return err;
  }
  return new EngineError(
    err.code,
    `${from.file}: ${err.message} (the trace at byte offset ${from.offset})`,
    from,
  );
}
