/**
 * Starts the collector: up to four HTTP servers (OTLP/HTTP, Zipkin, Jaeger
 * Thrift over HTTP, query), or fewer when roles share a port; gRPC servers
 * (OTLP/gRPC, Jaeger's gRPC collector, the gRPC query API; roles on one port
 * share a server); the Jaeger agent's UDP sockets. All write through one
 * bounded queue into one store. Every HTTP server answers `/healthz` and
 * `/readyz`; the query server also holds the Jaeger APIs, the path API and
 * `/metrics`.
 */
import type { AddressInfo } from 'node:net';
import type { SpanStore } from '@pathprof/store';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import { WriteQueue } from '../ingest/write-queue.js';
import { createDecodePool } from '../ingest/decode-pool.js';
import { createCollectorMetrics } from '../metrics/collector-metrics.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { registerMetricsRoute } from '../metrics/register-metrics-route.js';
import { registerOtlpRoutes } from '../otlp/register-otlp-routes.js';
import { PathIndexer } from '../path-index/path-indexer.js';
import { registerPathRoutes } from '../paths/register-path-routes.js';
import { registerCompareRoutes } from '../compare/register-compare-routes.js';
import { registerDrilldownRoutes } from '../drilldown/register-drilldown-routes.js';
import { registerJaegerV1Routes } from '../query/register-jaeger-v1-routes.js';
import { registerJaegerV3Routes } from '../query/register-jaeger-v3-routes.js';
import { registerJaegerUiRoutes } from '../query/register-jaeger-ui-routes.js';
import { registerMetricsQueryRoutes } from '../spm/register-metrics-query-routes.js';
import { registerServiceGraphRoute } from '../service-graph/register-service-graph-route.js';
import { isPublicUiPath } from '../web/is-public-ui-path.js';
import { registerWebUi } from '../web/register-web-ui.js';
import type { SendUiNotFound } from '../web/register-web-ui.js';
import { registerZipkinRoutes } from '../zipkin/register-zipkin-routes.js';
import {
  createJaegerCollectorService,
  createOtlpTraceService,
} from '../grpc/grpc-ingest-services.js';
import type { GrpcService } from '../grpc/grpc-ingest-services.js';
import { createQueryServices } from '../query/grpc-query-services.js';
import { startGrpcServer } from '../grpc/start-grpc-server.js';
import { JAEGER_THRIFT_INGEST_FORMAT } from '../jaeger-thrift/jaeger-thrift-ingest-format.js';
import { startJaegerUdpReceiver } from '../jaeger-thrift/start-jaeger-udp-receiver.js';
import { registerIngestRoute } from '../ingest/register-ingest-route.js';
import { createTokenCheck } from './check-bearer-token.js';
import type { CollectorContext } from './collector-context.js';
import type {
  CollectorLogRecord,
  CollectorOptions,
} from './collector-options.js';
import {
  PATH_INDEX_INTERVAL_MILLIS,
  PATH_INDEX_TICK_BUDGET_MILLIS,
  RETENTION_INTERVAL_MILLIS,
  resolveCollectorOptions,
} from './collector-options.js';
import { applyCors } from './apply-cors.js';
import { createBrowserGuard } from './guard-browser-requests.js';
import { isLoopbackHost } from './loopback-host.js';
import { MemoryGovernor, PROCESS_MEMORY_PROBE } from './memory-governor.js';
import type { MemoryProbe } from './memory-governor.js';
import { sendIngestError } from './ingest-error-replies.js';
import {
  sendJaegerError,
  sendV3Error,
  setQueryErrorHandler,
} from './query-error-replies.js';

/** HTTP roles. */
type HttpRole = 'otlp' | 'zipkin' | 'jaegerThriftHttp' | 'query';
type GrpcRole = 'otlpGrpc' | 'jaegerGrpc' | 'queryGrpc';
type UdpRole = 'jaegerThriftCompact' | 'jaegerThriftBinary';
export type CollectorRole = HttpRole | GrpcRole | UdpRole;

export interface RunningCollector {
  /**
   * Base URL per role, e.g. `{ otlp: 'http://127.0.0.1:4318', … }`; gRPC
   * roles as `http://host:port` (plaintext HTTP/2), UDP roles as
   * `udp://host:port`; absent when the role is off.
   */
  readonly urls: { readonly [role in CollectorRole]?: string };
  readonly ports: { readonly [role in CollectorRole]?: number };
  /** The query API's base URL including the base path, e.g. `http://127.0.0.1:16686/jaeger`. */
  readonly queryUrl: string;
  readonly metrics: CollectorMetrics;
  /** Spans accepted but not yet durable. */
  readonly queueDepth: number;
  /** Resolves once every accepted span is durable. */
  flush(): Promise<void>;
  /** Stops accepting, finishes requests in flight, drains the queue, closes the store. Idempotent. */
  close(): Promise<void>;
}

/** Logged at startup when the servers are reachable from other machines and no token is set. */
export const OPEN_COLLECTOR_WARNING =
  'listening beyond loopback without a token: anyone who can reach these ports can read every trace and write spans; set a token (--token or PATHPROF_TOKEN) or listen on 127.0.0.1';

const INGEST_PATHS = ['/v1/traces', '/api/v2/spans'];
/** `POST /api/traces` is Jaeger Thrift ingest; `GET /api/traces` is the query API. */
const JAEGER_THRIFT_INGEST = 'POST /api/traces';
const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

/** Health checks answer without the token, at the root and under the base path. */
function isHealthPath(path: string, basePath: string): boolean {
  return (
    HEALTH_PATHS.has(path) ||
    (basePath !== '' &&
      path.startsWith(basePath) &&
      HEALTH_PATHS.has(path.slice(basePath.length)))
  );
}

export async function startCollector(
  options: CollectorOptions,
): Promise<RunningCollector> {
  const resolved = resolveCollectorOptions(options);
  const log =
    options.log === null ? () => undefined : (options.log ?? logJsonLine);
  const nowMicros = options.nowMicros ?? (() => Date.now() * 1000);
  let queue: WriteQueue | undefined = undefined;
  let indexer: PathIndexer | undefined = undefined;
  const memory =
    resolved.memory === undefined
      ? undefined
      : createMemoryGovernor(
          resolved.memory.limitBytes,
          options.memoryProbe ?? PROCESS_MEMORY_PROBE,
          options.store,
          log,
        );
  const metrics = createCollectorMetrics({
    maxPaths: resolved.maxMetricPaths,
    queueDepth: () => queue?.depth ?? 0,
    queueCapacity: resolved.maxQueuedSpans,
    ...(resolved.memory === undefined ? {} : { memory: resolved.memory }),
    ...(memory === undefined
      ? {}
      : {
          memoryState: () => ({
            pressure: memory.underPressure(),
            rssBytes: memory.rssBytes,
          }),
        }),
    storeBacklog: () => options.store.writeBacklog(),
    ...(resolved.pathIndex.enabled
      ? { pathIndexLagSeconds: () => (indexer?.lagMicros() ?? 0) / 1e6 }
      : {}),
  });
  queue = new WriteQueue({
    store: options.store,
    maxQueuedSpans: resolved.maxQueuedSpans,
    nowMicros,
    onWrite: (w) => metrics.observeWrite(w.spans, w.seconds, w.ok),
  });
  const decodePool = createDecodePool(resolved.decodeWorkers, {
    spares: resolved.decodeSpareWorkers,
    spareAllowed: () => roomForSpareWorker(options.store, memory),
  });
  const context: CollectorContext = {
    ...(decodePool === undefined ? {} : { decodePool }),
    ...(memory === undefined ? {} : { memory }),
    store: options.store,
    queue,
    metrics,
    options: resolved,
    log,
    nowMicros,
  };

  let closing = false;
  const servers = groupByPort<HttpRole>([
    ['otlp', resolved.otlpPort],
    ['zipkin', resolved.zipkinPort],
    ['jaegerThriftHttp', resolved.jaegerThriftHttpPort],
    ['query', resolved.queryPort],
  ]);
  const grpcServers = groupByPort<GrpcRole>([
    ['otlpGrpc', resolved.otlpGrpcPort],
    ['jaegerGrpc', resolved.jaegerGrpcPort],
    ['queryGrpc', resolved.queryGrpcPort],
  ]);
  for (const [key, roles] of grpcServers) {
    const shared = typeof key === 'number' ? servers.get(key) : undefined;
    if (shared !== undefined) {
      throw new RangeError(
        `port ${key} is given to ${[...shared].join(', ')} (HTTP) and ${[...roles].join(', ')} (gRPC); a gRPC role needs a port without HTTP roles`,
      );
    }
  }

  const apps: FastifyInstance[] = [];
  const closers: (() => Promise<void>)[] = [];
  const urls: { [role in CollectorRole]?: string } = {};
  const ports: { [role in CollectorRole]?: number } = {};
  const host = resolved.host.includes(':')
    ? `[${resolved.host}]`
    : resolved.host;
  try {
    for (const [key, roles] of servers) {
      const app = buildApp(roles, context, () => closing);
      apps.push(app);
      await app.listen({
        host: resolved.host,
        port: typeof key === 'number' ? key : 0,
      });
      const port = (app.server.address() as AddressInfo).port;
      for (const role of roles) {
        ports[role] = port;
        urls[role] = `http://${host}:${port}`;
      }
    }
    for (const [key, roles] of grpcServers) {
      const services: GrpcService[] = [];
      if (roles.has('otlpGrpc')) {
        services.push(createOtlpTraceService(context));
      }
      if (roles.has('jaegerGrpc')) {
        services.push(createJaegerCollectorService(context));
      }
      if (roles.has('queryGrpc')) {
        services.push(...createQueryServices(context));
      }
      const server = await startGrpcServer(
        context,
        typeof key === 'number' ? key : 0,
        services,
      );
      closers.push(() => server.close());
      for (const role of roles) {
        ports[role] = server.port;
        urls[role] = `http://${host}:${server.port}`;
      }
    }
    const udp: [UdpRole, number | null, 'compact' | 'binary'][] = [
      ['jaegerThriftCompact', resolved.jaegerThriftCompactPort, 'compact'],
      ['jaegerThriftBinary', resolved.jaegerThriftBinaryPort, 'binary'],
    ];
    for (const [role, port, protocol] of udp) {
      if (port !== null) {
        const receiver = await startJaegerUdpReceiver(context, port, protocol);
        closers.push(() => receiver.close());
        ports[role] = receiver.port;
        urls[role] = `udp://${host}:${receiver.port}`;
      }
    }
  } catch (err) {
    // a port that cannot be bound: close what did start, the decode
    // workers too (they would keep the process alive)
    memory?.stop();
    await Promise.allSettled([
      ...apps.map((a) => a.close()),
      ...closers.map((c) => c()),
      decodePool?.close(),
    ]);
    throw err;
  }

  const runRetention = async (): Promise<void> => {
    const retention = resolved.retentionMicros;
    if (retention === undefined) {
      return;
    }
    try {
      // counted from when the spans were received, not from their own times
      const deleted = await options.store.deleteReceivedBefore(
        nowMicros() - retention,
      );
      if (deleted.traces > 0) {
        log({ level: 'info', msg: 'retention deleted traces', ...deleted });
      }
    } catch (err) {
      log({ level: 'error', msg: 'retention failed', error: String(err) });
    }
  };
  indexer = resolved.pathIndex.enabled
    ? new PathIndexer(options.store, {
        delayMicros: resolved.pathIndex.delayMicros,
        backfillMicros: resolved.pathIndex.backfillMicros,
        intervalMillis: PATH_INDEX_INTERVAL_MILLIS,
        tickBudgetMillis: PATH_INDEX_TICK_BUDGET_MILLIS,
        nowMicros,
        log,
        onRun: (run) => metrics.indexRun(run.traces),
      })
    : undefined;
  indexer?.start();
  memory?.start();
  const retentionTimer =
    resolved.retentionMicros === undefined
      ? undefined
      : setInterval(() => void runRetention(), RETENTION_INTERVAL_MILLIS);
  retentionTimer?.unref();
  void runRetention();

  log({ level: 'info', msg: 'collector listening', ...urls });
  if (resolved.token === undefined && !isLoopbackHost(resolved.host)) {
    log({
      level: 'warn',
      msg: OPEN_COLLECTOR_WARNING,
      host: resolved.host,
    });
  }

  let closed: Promise<void> | undefined;
  return {
    urls,
    ports,
    queryUrl: `${urls.query!}${resolved.basePath}`,
    metrics,
    get queueDepth() {
      return queue.depth;
    },
    flush: () => queue.drain(),
    close: () => {
      closed ??= (async () => {
        closing = true;
        if (retentionTimer !== undefined) {
          clearInterval(retentionTimer);
        }
        await indexer?.stop();
        // Refuse new batches first (503 with Retry-After), let requests in
        // flight finish, then wait until everything accepted is durable.
        const drained = queue.close();
        await Promise.allSettled([
          ...apps.map((a) => a.close()),
          ...closers.map((c) => c()),
        ]);
        await drained;
        memory?.stop();
        await decodePool?.close();
        if (options.keepStoreOpen !== true) {
          await options.store.close();
        }
        log({ level: 'info', msg: 'collector stopped' });
      })();
      return closed;
    },
  };
}

/** RSS share of the memory bound below which a spare decode worker may run. */
const SPARE_WORKER_MAX_RSS_SHARE = 0.6;
/** Share of the store's backlog limit below which a spare decode worker may run. */
const SPARE_WORKER_MAX_BACKLOG_SHARE = 0.25;

/**
 * Room for a spare decode worker: no memory pressure and RSS well under the
 * bound, and a store keeping up (a spare's CPU would come out of a loader
 * that is behind, and its heap out of the bound).
 */
function roomForSpareWorker(
  store: SpanStore,
  memory: MemoryGovernor | undefined,
): boolean {
  if (
    memory !== undefined &&
    (memory.underPressure() ||
      memory.rssBytes > SPARE_WORKER_MAX_RSS_SHARE * memory.limitBytes)
  ) {
    return false;
  }
  const backlog = store.writeBacklog();
  return (
    backlog.bytes < SPARE_WORKER_MAX_BACKLOG_SHARE * backlog.limitBytes &&
    backlog.spans < SPARE_WORKER_MAX_BACKLOG_SHARE * backlog.limitSpans
  );
}

/**
 * The memory bound's governor: under pressure, ingest takes one request at a
 * time (admission asks it) and the store shrinks its cache until it ends.
 */
function createMemoryGovernor(
  limitBytes: number,
  probe: MemoryProbe,
  store: SpanStore,
  log: (record: CollectorLogRecord) => void,
): MemoryGovernor {
  return new MemoryGovernor({
    limitBytes,
    ...probe,
    onChange: (pressure, rssBytes) => {
      log({
        level: pressure ? 'warn' : 'info',
        msg: pressure
          ? 'memory pressure: near the memory limit, taking one request at a time'
          : 'memory pressure over',
        rssBytes,
        limitBytes,
      });
      store.setMemoryPressure?.(pressure).catch(() => undefined);
    },
  });
}

/** How long the readiness probe waits for the store. */
const STORE_CHECK_MILLIS = 2_000;

/** null when the store answered a small read in time, else why not. */
async function checkStore(store: SpanStore): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.listServices(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${STORE_CHECK_MILLIS} ms`)),
          STORE_CHECK_MILLIS,
        );
      }),
    ]);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

/** Roles with the same port number share one server; port 0 always gets a server of its own. */
function groupByPort<R extends CollectorRole>(
  plan: readonly [R, number | null][],
): Map<number | string, Set<R>> {
  const byPort = new Map<number | string, Set<R>>();
  plan.forEach(([role, port], i) => {
    if (port === null) {
      return;
    }
    const key = port === 0 ? `free-${role}-${i}` : port;
    byPort.set(key, (byPort.get(key) ?? new Set<R>()).add(role));
  });
  return byPort;
}

function buildApp(
  roles: ReadonlySet<HttpRole>,
  context: CollectorContext,
  isClosing: () => boolean,
): FastifyInstance {
  const { options, log } = context;
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    // While closing, requests on open connections still reach the routes,
    // which answer 503 with Retry-After themselves.
    return503OnClosing: false,
    // Time to receive a whole request, headers included, from its first
    // byte: Node.js and Fastify are given the same deadline, and Node.js
    // checks it often enough to hold it within a second (by default it
    // checks every 30 s, and its headers timeout is 60 s). Ingest bodies
    // keep their own, exact deadline and minimum rate (receiveIngestBody).
    requestTimeout: options.requestTimeoutMillis,
    http: {
      requestTimeout: options.requestTimeoutMillis,
      headersTimeout: options.requestTimeoutMillis,
      connectionsCheckingInterval: connectionsCheckingInterval(
        options.requestTimeoutMillis,
      ),
    },
    forceCloseConnections: 'idle',
    // Jaeger's routes take ids and names with any characters.
    // Path keys in `/api/paths/{key}/traces` can be long (labels up to 1300
    // characters each, percent-encoded).
    routerOptions: { maxParamLength: 16_384 },
  });
  const checkToken =
    options.token === undefined ? undefined : createTokenCheck(options.token);

  const checkBrowser = createBrowserGuard({
    loopbackOnly: isLoopbackHost(options.host),
    allowedHosts: options.allowedHosts,
    corsOrigins: roles.has('query') ? options.corsOrigins : [],
  });

  app.addHook('onRequest', async (request, reply) => {
    const refusal = checkBrowser(request.method, request.headers);
    if (refusal !== null) {
      context.metrics.requestRejected('forbidden');
      const path = request.url.split('?', 1)[0]!;
      return isIngestPath(request.method, path, roles)
        ? sendIngestError(reply, refusal.status, refusal.message)
        : sendJaegerError(reply, refusal.status, refusal.message);
    }
    if (roles.has('query') && options.corsOrigins.length > 0) {
      if (applyCors(request, reply, options.corsOrigins)) {
        return reply;
      }
    }
    const path = request.url.split('?', 1)[0]!;
    if (
      checkToken !== undefined &&
      !isHealthPath(path, options.basePath) &&
      !isPublicUiPath(path, options.basePath) &&
      !checkToken(request.headers.authorization)
    ) {
      reply.header('www-authenticate', 'Bearer');
      context.metrics.requestRejected('unauthorized');
      return isIngestPath(request.method, path, roles)
        ? sendIngestError(reply, 401, 'missing or wrong bearer token')
        : sendJaegerError(reply, 401, 'missing or wrong bearer token');
    }
    return undefined;
  });

  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 400) {
      // A 503 with Retry-After is a refusal (stopping, memory pressure), not a fault.
      const refused =
        reply.statusCode === 503 && reply.hasHeader('retry-after');
      log({
        level: reply.statusCode >= 500 && !refused ? 'error' : 'warn',
        msg: 'request failed',
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        millis: Math.round(reply.elapsedTime),
      });
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400
        ? error.statusCode
        : 500;
    if (status >= 500) {
      log({
        level: 'error',
        msg: 'request error',
        url: request.url,
        error: error.message,
      });
    }
    const message = status >= 500 ? 'internal error' : error.message;
    return isIngestPath(request.method, request.url.split('?', 1)[0]!, roles)
      ? sendIngestError(reply, status, message)
      : sendJaegerError(reply, status, message);
  });

  let sendUiNotFound: SendUiNotFound | undefined;
  app.setNotFoundHandler((request, reply) => {
    const page = sendUiNotFound?.(request, reply);
    if (page !== undefined && page !== null) {
      return page;
    }
    const path = request.url.split('?', 1)[0]!;
    const message = `no route ${request.method} ${path}`;
    return isIngestPath(request.method, path, roles) || !roles.has('query')
      ? sendIngestError(reply, 404, message)
      : sendJaegerError(reply, 404, message);
  });

  const health = (scope: FastifyInstance): void => {
    scope.get('/healthz', (_request, reply) => reply.send({ status: 'ok' }));
    // `?store=1`: ready only while the store answers a small read (for
    // replicas on a shared ClickHouse, which a probe takes out of rotation
    // while they cannot reach it).
    scope.get('/readyz', async (request, reply) => {
      if (isClosing()) {
        return reply.code(503).send({ status: 'shutting down' });
      }
      if ((request.query as { store?: string }).store === '1') {
        const problem = await checkStore(context.store);
        if (problem !== null) {
          return reply
            .code(503)
            .send({ status: 'store unavailable', error: problem });
        }
      }
      return reply.send({ status: 'ready' });
    });
  };
  health(app);

  if (roles.has('otlp')) {
    registerOtlpRoutes(app, context);
  }
  if (roles.has('zipkin')) {
    registerZipkinRoutes(app, context);
  }
  if (roles.has('jaegerThriftHttp')) {
    registerIngestRoute(app, context, JAEGER_THRIFT_INGEST_FORMAT);
  }
  if (roles.has('query')) {
    registerMetricsRoute(app, context);
    sendUiNotFound = registerWebUi(app, { basePath: options.basePath });
    void app.register(
      (scope, _opts, done) => {
        if (options.basePath !== '') {
          health(scope);
        }
        setQueryErrorHandler(scope, context, sendJaegerError);
        registerJaegerV1Routes(scope, context);
        void scope.register((v3, _v3Opts, v3Done) => {
          setQueryErrorHandler(v3, context, sendV3Error);
          registerJaegerV3Routes(v3, context);
          v3Done();
        });
        registerMetricsQueryRoutes(scope, context);
        registerJaegerUiRoutes(scope, context);
        registerPathRoutes(scope, context);
        registerCompareRoutes(scope, context);
        registerServiceGraphRoute(scope, context);
        registerDrilldownRoutes(scope, context);
        done();
      },
      { prefix: options.basePath },
    );
  }
  return app;
}

/** How often Node.js looks for requests past their deadline: 1 s, or a tenth of a shorter deadline. */
function connectionsCheckingInterval(requestTimeoutMillis: number): number {
  return Math.max(10, Math.min(1000, Math.floor(requestTimeoutMillis / 10)));
}

function isIngestPath(
  method: string,
  path: string,
  roles: ReadonlySet<HttpRole>,
): boolean {
  return (
    INGEST_PATHS.includes(path) ||
    (roles.has('jaegerThriftHttp') &&
      `${method} ${path}` === JAEGER_THRIFT_INGEST)
  );
}

function logJsonLine(record: CollectorLogRecord): void {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), ...record })}\n`,
  );
}
