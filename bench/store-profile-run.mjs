// One measured run of bench/store-profile.mjs (started under measure-child.mjs):
// the path profile of the traces a DuckDB store holds in a window, read with
// store.streamTraces and fed to the engine's PathProfiler, as the collector's
// profileStoredTraces does. Prints { traces, spans, paths, ... } on stdout.
//
// node bench/store-profile-run.mjs --data DIR --start MICROS --end MICROS [--page-size N]

import { parseArgs } from 'node:util';
import {
  KEY_BY_SERVICE_AND_OPERATION,
  PathProfiler,
} from '../packages/engine/dist/index.js';
import { openDuckDbStore } from '../packages/store/dist/index.js';

const { values: opts } = parseArgs({
  options: {
    data: { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    'page-size': { type: 'string', default: '1000' },
  },
  strict: true,
});

const store = await openDuckDbStore({ path: opts.data, readConnections: 1 });
const t = process.hrtime.bigint();
const profiler = new PathProfiler({
  pathKey: KEY_BY_SERVICE_AND_OPERATION,
  keepProxies: false,
});
let traces = 0;
let spans = 0;
for await (const trace of store.streamTraces(
  { startMicros: Number(opts.start), endMicros: Number(opts.end) },
  { pageSize: Number(opts['page-size']) },
)) {
  profiler.addTrace(trace.traceId, trace.spans);
  traces++;
  spans += trace.spans.length;
}
const report = profiler.report({ groupBy: 'path', anomalies: true });
const profileMillis = Number(process.hrtime.bigint() - t) / 1e6;
await store.close();
process.stdout.write(
  `${JSON.stringify({ traces, spans, paths: report.totals.paths, profiledSpans: report.totals.spans, profileMillis })}\n`,
);
