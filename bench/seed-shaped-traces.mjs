// Deterministic synthetic traces shaped like those of the seed's Istio mesh
// (shared docs: seed-system.md §1–§2), in Jaeger query-API JSON. One request:
//
//   istio-ingressgateway.istio-system  app-a.dtp.org:80/*      (root, client)
//   └─ app-a.e2e  svc-a.e2e.svc.cluster.local:5566/*           (inbound sidecar)
//      ├─ svc-a  /a/v1/a1                                      (Flask server span)
//      ├─ svc-a  a1_summary
//      │  └─ svc-a  a1_performance_metrics  function.name, cpu.ms, exec.ms, peak_mem.kb
//      └─ app-b.e2e  svc-b.e2e.svc.cluster.local:5566/*  (the next hop is a sibling
//         └─ …                                              of a1_summary: headers
//                                                           are forwarded)
// An undecorated handler (c2skip) has only its sidecar and Flask spans.

import { createRng } from './mulberry32.mjs';
import {
  createTraceBuilder,
  finishTrace,
  openSpan,
} from './jaeger-trace-builder.mjs';
import { createMesh, NAMESPACE } from './seed-mesh.mjs';
import {
  ENTRY_ROUTES,
  ROUTES,
  countHandlers,
  drawHandlerCost,
} from './seed-routes.mjs';
import {
  exceptionLog,
  frameworkTags,
  metricsTags,
  proxyTags,
  summaryTags,
} from './seed-span-tags.mjs';

/** @typedef {import('./mulberry32.mjs').Rng} Rng */
/** @typedef {import('./seed-mesh.mjs').Mesh} Mesh */
/** @typedef {import('./seed-mesh.mjs').AppPod} AppPod */
/** @typedef {import('./seed-routes.mjs').Route} Route */
/** @typedef {import('./jaeger-trace-builder.mjs').JaegerTrace} JaegerTrace */
/**
 * @typedef {object} SeedTraceOptions
 * @property {number} traces          how many traces to yield
 * @property {number} [seed]          PRNG seed (default 1)
 * @property {number} [startMicros]   start of the first request (default 2024-05-01T00:00:00Z)
 * @property {number} [errorRate]     share of requests where one handler fails with 500 (default 0.01)
 * @property {number} [outlierRate]   share of requests where one handler is 5× slower (default 0.01)
 */
/**
 * @typedef {import('./jaeger-trace-builder.mjs').TraceBuilder & {
 *   mesh: Mesh, requestId: string, hopIndex: number, outlierHop: number, errorHop: number
 * }} SeedRequest  hopIndex counts the handlers visited so far, in call order
 */

export const DEFAULT_START_MICROS = Date.UTC(2024, 4, 1) * 1000;
const CURL = 'curl/7.81.0';
const REQUESTS = 'python-requests/2.31.0';

/**
 * Yields seed-shaped traces one at a time; the same options give the same traces.
 * Generated traces share constant objects (tags, processes): treat them as read-only.
 * @param {SeedTraceOptions} options
 * @returns {Generator<JaegerTrace, void, undefined>}
 */
export function* generateSeedTraces(options) {
  const { traces, seed = 1, startMicros = DEFAULT_START_MICROS } = options;
  const { errorRate = 0.01, outlierRate = 0.01 } = options;
  const rng = createRng(seed);
  const mesh = createMesh(rng);
  let clock = startMicros;
  for (let i = 0; i < traces; i++) {
    clock += rng.int(1_000, 39_000);
    const entry = /** @type {string} */ (
      ENTRY_ROUTES[rng.int(0, ENTRY_ROUTES.length - 1)]
    );
    const handlers = countHandlers(entry);
    /** @type {SeedRequest} */
    const request = Object.assign(createTraceBuilder(rng), {
      mesh,
      requestId: uuid(rng),
      hopIndex: 0,
      outlierHop: rng.chance(outlierRate) ? rng.int(0, handlers - 1) : -1,
      errorHop: rng.chance(errorRate) ? rng.int(0, handlers - 1) : -1,
    });
    yield buildTrace(request, entry, clock);
  }
}

/**
 * @param {SeedRequest} r
 * @param {string} entry
 * @param {number} startMicros
 * @returns {JaegerTrace}
 */
function buildTrace(r, entry, startMicros) {
  const { rng, mesh } = r;
  const { app } = lookUp(mesh, entry);
  const root = openSpan(
    r,
    mesh.ingress.process,
    `${app.externalHost}:80/*`,
    null,
    startMicros,
  );
  const result = runHandler(
    r,
    entry,
    root.spanID,
    startMicros + rng.int(80, 250),
    null,
  );
  root.duration = result.endMicros + rng.int(80, 250) - startMicros;
  root.tags = proxyTags({
    role: 'ingress',
    nodeId: mesh.ingress.nodeId,
    requestId: r.requestId,
    url: `http://${app.externalHost}${app.prefix}/${entry}`,
    userAgent: CURL,
    peerAddress: '10.244.0.1',
    canonicalService: 'istio-ingressgateway',
    namespace: 'istio-system',
    upstreamHost: app.clusterHost,
    responseBytes: result.responseBytes,
    statusCode: result.failed ? 500 : 200,
  });
  return finishTrace(r);
}

/**
 * Emits the spans of one handler call and of everything it calls.
 * @param {SeedRequest} r
 * @param {string} name           route name, e.g. `b1`
 * @param {string} parentSpanId   the caller's inbound sidecar span (or the ingress span)
 * @param {number} startMicros    when the request reaches this pod's sidecar
 * @param {AppPod | null} caller  null when called through the ingress gateway
 * @returns {{ endMicros: number, failed: boolean, responseBytes: number }}
 */
function runHandler(r, name, parentSpanId, startMicros, caller) {
  const { rng } = r;
  const { route, app } = lookUp(r.mesh, name);
  const hop = r.hopIndex++;
  const host = caller ? `${app.clusterHost}:5566` : app.externalHost;
  const path = `${app.prefix}/${name}`;
  const userAgent = caller ? REQUESTS : CURL;
  const service = app.serviceProcess;
  const sidecar = openSpan(
    r,
    app.sidecarProcess,
    `${app.clusterHost}:5566/*`,
    parentSpanId,
    startMicros,
  );
  const framework = openSpan(
    r,
    service,
    path,
    sidecar.spanID,
    startMicros + rng.int(30, 120),
  );
  let t = framework.startTime + rng.int(20, 60);
  const summary = route.decorated
    ? openSpan(r, service, `${name}_summary`, sidecar.spanID, t)
    : null;
  const metrics = summary
    ? openSpan(
        r,
        service,
        `${name}_performance_metrics`,
        summary.spanID,
        t + rng.int(4, 12),
      )
    : null;
  const handlerStart = (metrics ? metrics.startTime : t) + rng.int(2, 6);

  const cost = drawHandlerCost(rng, route, hop === r.outlierHop);
  let failed = hop === r.errorHop;
  let responseBytes = rng.int(24, 40);
  t = handlerStart + cost.preMicros;
  for (const step of route.steps) {
    const callees =
      'call' in step ? [step.call] : 'parallel' in step ? step.parallel : [];
    const callStart = t;
    for (const callee of callees) {
      const res = runHandler(
        r,
        callee,
        sidecar.spanID,
        callStart + rng.int(150, 480),
        app,
      );
      t = Math.max(t, res.endMicros + rng.int(100, 300));
      failed ||= res.failed;
      responseBytes += res.responseBytes;
    }
    if ('sleepMicros' in step) {
      t += step.sleepMicros + rng.int(50, 1500);
    }
  }
  const handlerEnd = t + cost.workMicros - cost.preMicros;
  const statusCode = failed ? 500 : 200;

  t = handlerEnd;
  if (summary && metrics) {
    metrics.duration = handlerEnd + rng.int(2, 6) - metrics.startTime;
    const execMs = ((handlerEnd - handlerStart) * 1000 + rng.int(0, 999)) / 1e6;
    metrics.tags = metricsTags(name, cost.cpuMs, execMs, cost.peakMemKb);
    t = metrics.startTime + metrics.duration + rng.int(4, 12);
    summary.duration = t - summary.startTime;
    summary.tags = summaryTags(failed);
    if (hop === r.errorHop) {
      summary.logs = [exceptionLog(handlerEnd, name)];
    }
  }
  framework.duration = t + rng.int(20, 60) - framework.startTime;
  framework.tags = frameworkTags({
    host,
    route: path,
    userAgent,
    peerPort: rng.int(32768, 60999),
    statusCode,
  });
  const endMicros = framework.startTime + framework.duration + rng.int(30, 120);
  sidecar.duration = endMicros - startMicros;
  sidecar.tags = proxyTags({
    role: 'sidecar',
    nodeId: app.nodeId,
    requestId: r.requestId,
    url: `http://${host}${path}`,
    userAgent,
    peerAddress: caller ? caller.ip : r.mesh.ingress.ip,
    canonicalService: app.app,
    namespace: NAMESPACE,
    upstreamHost: app.clusterHost,
    responseBytes,
    statusCode,
  });
  return { endMicros, failed, responseBytes };
}

/**
 * @param {Mesh} mesh
 * @param {string} name
 * @returns {{ route: Route, app: AppPod }}
 */
function lookUp(mesh, name) {
  const route = ROUTES[name];
  const app = route && mesh.apps[route.app];
  if (!route || !app) {
    throw new Error(`unknown route ${name}`);
  }
  return { route, app };
}

/**
 * A version-4 UUID drawn from the PRNG (Envoy's x-request-id).
 * @param {Rng} rng
 * @returns {string}
 */
function uuid(rng) {
  const h = rng.hex64() + rng.hex64();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
