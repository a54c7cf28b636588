// Assembles one Jaeger query-API trace span by span: unique 16-hex-digit span
// ids, `CHILD_OF` references, and the trace's process table (p1, p2, … in order
// of first use). Spans are opened before their children; their duration and
// tags are filled in once the children are known.

/** @typedef {import('./mulberry32.mjs').Rng} Rng */
/** @typedef {import('./seed-mesh.mjs').JaegerTag} JaegerTag */
/** @typedef {import('./seed-mesh.mjs').JaegerProcess} JaegerProcess */
/**
 * @typedef {object} JaegerSpan
 * @property {string} traceID
 * @property {string} spanID
 * @property {number} flags
 * @property {string} operationName
 * @property {{ refType: 'CHILD_OF', traceID: string, spanID: string }[]} references
 * @property {number} startTime  µs since the epoch
 * @property {number} duration   µs
 * @property {JaegerTag[]} tags
 * @property {{ timestamp: number, fields: JaegerTag[] }[]} logs
 * @property {string} processID
 * @property {null} warnings
 */
/**
 * @typedef {object} JaegerTrace
 * @property {string} traceID
 * @property {JaegerSpan[]} spans  the root first, then parents before children
 * @property {Record<string, JaegerProcess>} processes
 * @property {null} warnings
 */
/**
 * @typedef {object} TraceBuilder
 * @property {Rng} rng
 * @property {string} traceID
 * @property {JaegerSpan[]} spans
 * @property {Set<string>} spanIds
 * @property {Map<JaegerProcess, string>} processIds
 */

/**
 * @param {Rng} rng
 * @returns {TraceBuilder}
 */
export function createTraceBuilder(rng) {
  return {
    rng,
    traceID: rng.hex64(),
    spans: [],
    spanIds: new Set(),
    processIds: new Map(),
  };
}

/**
 * Appends a span with zero duration and no tags yet. The root span (parent
 * null) reuses the trace id as its span id, as Envoy's root spans do.
 * @param {TraceBuilder} b
 * @param {JaegerProcess} process
 * @param {string} operationName
 * @param {string | null} parentSpanId
 * @param {number} startMicros
 * @returns {JaegerSpan}
 */
export function openSpan(b, process, operationName, parentSpanId, startMicros) {
  let spanID = parentSpanId === null ? b.traceID : b.rng.hex64();
  while (b.spanIds.has(spanID)) {
    spanID = b.rng.hex64();
  }
  b.spanIds.add(spanID);
  let processID = b.processIds.get(process);
  if (processID === undefined) {
    processID = `p${b.processIds.size + 1}`;
    b.processIds.set(process, processID);
  }
  /** @type {JaegerSpan} */
  const span = {
    traceID: b.traceID,
    spanID,
    flags: 1,
    operationName,
    references:
      parentSpanId === null
        ? []
        : [{ refType: 'CHILD_OF', traceID: b.traceID, spanID: parentSpanId }],
    startTime: startMicros,
    duration: 0,
    tags: [],
    logs: [],
    processID,
    warnings: null,
  };
  b.spans.push(span);
  return span;
}

/**
 * @param {TraceBuilder} b
 * @returns {JaegerTrace}
 */
export function finishTrace(b) {
  /** @type {Record<string, JaegerProcess>} */
  const processes = {};
  for (const [process, id] of b.processIds) {
    processes[id] = process;
  }
  return { traceID: b.traceID, spans: b.spans, processes, warnings: null };
}
