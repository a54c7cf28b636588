/**
 * What `startCollector` accepts, and the defaults a laptop can live with:
 * loopback only, Jaeger's and OpenTelemetry's well-known ports, bounded
 * bodies and a bounded write queue.
 */
import { availableParallelism } from 'node:os';
import type { Micros } from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import { splitMemoryLimit } from './memory-limit.js';
import type { MemoryShares } from './memory-limit.js';
import type { MemoryProbe } from './memory-governor.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_OTLP_PORT = 4318;
export const DEFAULT_ZIPKIN_PORT = 9411;
export const DEFAULT_QUERY_PORT = 16686;
/**
 * The other receivers' and the gRPC query API's well-known ports (the
 * OpenTelemetry Collector's and Jaeger's). `pathprof serve` opens them by
 * default; `startCollector` opens them only when asked.
 */
export const DEFAULT_OTLP_GRPC_PORT = 4317;
export const DEFAULT_JAEGER_THRIFT_HTTP_PORT = 14268;
export const DEFAULT_JAEGER_THRIFT_COMPACT_PORT = 6831;
export const DEFAULT_JAEGER_THRIFT_BINARY_PORT = 6832;
export const DEFAULT_JAEGER_GRPC_PORT = 14250;
export const DEFAULT_QUERY_GRPC_PORT = 16685;
/** Largest Jaeger agent UDP datagram accepted (the Jaeger agent's own default). */
export const DEFAULT_MAX_UDP_DATAGRAM_BYTES = 65_000;
/** Largest request body accepted, before and after decompression (the OpenTelemetry Collector's default is 20 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
/**
 * Time for a whole HTTP request (headers and body) to arrive; a request still
 * arriving then gets 408 and its connection is closed.
 */
export const DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;
/** Average rate an ingest body must keep once `DEFAULT_MIN_BODY_RATE_GRACE_MILLIS` have passed; slower ones get 408. */
export const DEFAULT_MIN_BODY_BYTES_PER_SECOND = 4096;
export const DEFAULT_MIN_BODY_RATE_GRACE_MILLIS = 5_000;
/** Ingest bodies one client address may be sending at once; more get 429 with `Retry-After`. */
export const DEFAULT_MAX_UPLOADS_PER_CLIENT = 16;
/** Spans accepted but not yet durable; beyond this, ingest answers 429 with `Retry-After`. */
export const DEFAULT_MAX_QUEUED_SPANS = 100_000;
/** Distinct `path` label values of the per-path metrics; further paths share `path="other"`. */
export const DEFAULT_MAX_METRIC_PATHS = 500;
/** How often retention runs when one is set. */
export const RETENTION_INTERVAL_MILLIS = 5 * 60 * 1000;
/** How often the path indexer looks for windows to index, and how long one look may work. */
export const PATH_INDEX_INTERVAL_MILLIS = 5_000;
export const PATH_INDEX_TICK_BUDGET_MILLIS = 2_000;
export const DEFAULT_PATH_INDEX_DELAY_MICROS = 30_000_000;
export const DEFAULT_PATH_INDEX_BACKFILL_MICROS = 24 * 3_600_000_000;

/** One structured log record; `startCollector` turns it into one JSON line. */
export interface CollectorLogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface CollectorOptions {
  /** Where spans go and queries read from. The collector closes it on `close()` unless `keepStoreOpen`. */
  readonly store: SpanStore;
  readonly keepStoreOpen?: boolean;
  /** Interface to listen on; default 127.0.0.1. */
  readonly host?: string;
  /** OTLP/HTTP port (`POST /v1/traces`); 0 picks a free one; `null` turns the receiver off. */
  readonly otlpPort?: number | null;
  /** Zipkin v2 port (`POST /api/v2/spans`); 0 picks a free one; `null` turns it off. */
  readonly zipkinPort?: number | null;
  /** Query API, path API, metrics and health; 0 picks a free one. */
  readonly queryPort?: number;
  /** OTLP/gRPC port (`TraceService/Export`); 0 picks a free one; default `null`, off. */
  readonly otlpGrpcPort?: number | null;
  /** Jaeger Thrift over HTTP (`POST /api/traces`); 0 picks a free one; default off. */
  readonly jaegerThriftHttpPort?: number | null;
  /** Jaeger agent UDP, compact Thrift `emitBatch`; 0 picks a free one; default off. */
  readonly jaegerThriftCompactPort?: number | null;
  /** Jaeger agent UDP, binary Thrift `emitBatch`; 0 picks a free one; default off. */
  readonly jaegerThriftBinaryPort?: number | null;
  /** Jaeger gRPC collector (`CollectorService/PostSpans`); 0 picks a free one; default off. */
  readonly jaegerGrpcPort?: number | null;
  /** Jaeger gRPC query API (api_v2 and api_v3 `QueryService`); 0 picks a free one; default off. */
  readonly queryGrpcPort?: number | null;
  /** Prefix of every query-port route, e.g. `/jaeger`; default none. */
  readonly basePath?: string;
  /**
   * When set, every request but `/healthz` and `/readyz` needs
   * `Authorization: Bearer <token>`. Surrounding whitespace is ignored; an
   * empty or blank token is refused (`RangeError`): it would otherwise start
   * an open collector when a variable meant to hold the token was unset.
   */
  readonly token?: string;
  /** Origins allowed to call the query port from a browser; default none (no CORS headers). */
  readonly corsOrigins?: readonly string[];
  /**
   * Host names accepted in requests' `Host` header beside the loopback ones
   * while listening on loopback (a guard against DNS rebinding); e.g. the
   * name a reverse proxy on this machine passes on. Default none.
   */
  readonly allowedHosts?: readonly string[];
  /** Delete traces older than this, checked every `RETENTION_INTERVAL_MILLIS`. */
  readonly retentionMicros?: Micros;
  /**
   * Keep the store's path index current (when the store has one): default
   * on. `delayMicros` is how long after a one-minute window ends it is
   * indexed (default 30 s), `backfillMicros` how far back (default 24 h).
   */
  readonly pathIndex?: {
    readonly enabled?: boolean;
    readonly delayMicros?: Micros;
    readonly backfillMicros?: Micros;
  };
  readonly maxBodyBytes?: number;
  /** Time for a whole HTTP request to arrive; default 30 s. */
  readonly requestTimeoutMillis?: number;
  /**
   * Average rate an ingest body must keep once `minBodyRateGraceMillis`
   * (default 5 s) have passed since its headers arrived; default 4096
   * bytes/s, 0 for none.
   */
  readonly minBodyBytesPerSecond?: number;
  readonly minBodyRateGraceMillis?: number;
  /** Ingest bodies one client address may be sending at once over HTTP; default 16. */
  readonly maxUploadsPerClient?: number;
  readonly maxQueuedSpans?: number;
  /**
   * One memory bound (`memory-limit.ts`): when set, the write queue holds
   * at most its queue share (unless `maxQueuedSpans` says otherwise) and
   * request bodies in memory at most its body share; the embedded store's
   * share is the caller's to pass to `openSpanStore`. Reported on /metrics.
   * Default: none (bodies up to 4 × `maxBodyBytes`, `maxQueuedSpans` spans).
   */
  readonly memoryLimitBytes?: number;
  /**
   * What the memory bound's governor (`memory-governor.ts`) reads: the
   * process's resident set and a monotonic clock; default
   * `process.memoryUsage.rss` and `performance.now`. Its own clock, not
   * `nowMicros`, which tests often hold still.
   */
  readonly memoryProbe?: MemoryProbe;
  /**
   * Worker threads that decode OTLP/protobuf bodies and encode their spans
   * for the store, off the event loop; 0 decodes on it. Default: the cores
   * but one, at least 1, at most 4. Used from the built package only.
   */
  readonly decodeWorkers?: number;
  /**
   * Decode workers started beyond `decodeWorkers` while every worker has a
   * body waiting and there is room (no memory pressure, RSS under 60 % of
   * the bound, the store's backlog under a quarter of its limit); each
   * stops after 10 s without a body. Default: 1 when `decodeWorkers` is
   * not given, else 0.
   */
  readonly decodeSpareWorkers?: number;
  readonly maxMetricPaths?: number;
  /** Largest UDP datagram kept; larger ones are dropped and counted. Default 65 000. */
  readonly maxUdpDatagramBytes?: number;
  /** Receives one record per log line; default: JSON lines on stderr. `null` silences logging. */
  readonly log?: ((record: CollectorLogRecord) => void) | null;
  /** Clock for defaults such as `end = now`; default `Date.now() * 1000`. */
  readonly nowMicros?: () => Micros;
}

/** Where a collector listens: its host and each receiver's port (`null`: off; 0: a free one). */
export interface CollectorListeners {
  readonly host: string;
  readonly otlpPort: number | null;
  readonly zipkinPort: number | null;
  readonly queryPort: number;
  readonly otlpGrpcPort: number | null;
  readonly jaegerThriftHttpPort: number | null;
  readonly jaegerThriftCompactPort: number | null;
  readonly jaegerThriftBinaryPort: number | null;
  readonly jaegerGrpcPort: number | null;
  readonly queryGrpcPort: number | null;
}

/** The options with every default filled in. */
export interface ResolvedCollectorOptions extends CollectorListeners {
  readonly basePath: string;
  readonly token: string | undefined;
  readonly corsOrigins: readonly string[];
  readonly allowedHosts: readonly string[];
  readonly retentionMicros: Micros | undefined;
  readonly pathIndex: {
    readonly enabled: boolean;
    readonly delayMicros: Micros;
    readonly backfillMicros: Micros;
  };
  readonly maxBodyBytes: number;
  readonly requestTimeoutMillis: number;
  readonly minBodyBytesPerSecond: number;
  readonly minBodyRateGraceMillis: number;
  readonly maxUploadsPerClient: number;
  readonly maxQueuedSpans: number;
  /** Bytes of request bodies in memory at once (the ingest budget). */
  readonly bodyBudgetBytes: number;
  readonly memory: MemoryShares | undefined;
  readonly decodeWorkers: number;
  readonly decodeSpareWorkers: number;
  readonly maxMetricPaths: number;
  readonly maxUdpDatagramBytes: number;
}

/** Body budget without a memory limit, as a multiple of `maxBodyBytes`. */
export const INGEST_BUDGET_BODIES = 4;

export function resolveCollectorOptions(
  options: CollectorOptions,
): ResolvedCollectorOptions {
  const memory =
    options.memoryLimitBytes === undefined
      ? undefined
      : splitMemoryLimit(options.memoryLimitBytes);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    host: options.host ?? DEFAULT_HOST,
    otlpPort:
      options.otlpPort === undefined ? DEFAULT_OTLP_PORT : options.otlpPort,
    zipkinPort:
      options.zipkinPort === undefined
        ? DEFAULT_ZIPKIN_PORT
        : options.zipkinPort,
    queryPort: options.queryPort ?? DEFAULT_QUERY_PORT,
    otlpGrpcPort: options.otlpGrpcPort ?? null,
    jaegerThriftHttpPort: options.jaegerThriftHttpPort ?? null,
    jaegerThriftCompactPort: options.jaegerThriftCompactPort ?? null,
    jaegerThriftBinaryPort: options.jaegerThriftBinaryPort ?? null,
    jaegerGrpcPort: options.jaegerGrpcPort ?? null,
    queryGrpcPort: options.queryGrpcPort ?? null,
    basePath: normaliseBasePath(options.basePath ?? ''),
    token: resolveToken(options.token),
    corsOrigins: options.corsOrigins ?? [],
    allowedHosts: options.allowedHosts ?? [],
    retentionMicros: options.retentionMicros,
    pathIndex: {
      enabled:
        options.pathIndex?.enabled !== false &&
        options.store.pathIndex !== undefined,
      delayMicros:
        options.pathIndex?.delayMicros ?? DEFAULT_PATH_INDEX_DELAY_MICROS,
      backfillMicros:
        options.pathIndex?.backfillMicros ?? DEFAULT_PATH_INDEX_BACKFILL_MICROS,
    },
    maxBodyBytes,
    requestTimeoutMillis: integerAtLeast(
      'requestTimeoutMillis',
      options.requestTimeoutMillis ?? DEFAULT_REQUEST_TIMEOUT_MILLIS,
      1,
    ),
    minBodyBytesPerSecond: integerAtLeast(
      'minBodyBytesPerSecond',
      options.minBodyBytesPerSecond ?? DEFAULT_MIN_BODY_BYTES_PER_SECOND,
      0,
    ),
    minBodyRateGraceMillis: integerAtLeast(
      'minBodyRateGraceMillis',
      options.minBodyRateGraceMillis ?? DEFAULT_MIN_BODY_RATE_GRACE_MILLIS,
      0,
    ),
    maxUploadsPerClient: integerAtLeast(
      'maxUploadsPerClient',
      options.maxUploadsPerClient ?? DEFAULT_MAX_UPLOADS_PER_CLIENT,
      1,
    ),
    maxQueuedSpans:
      options.maxQueuedSpans ?? memory?.queueSpans ?? DEFAULT_MAX_QUEUED_SPANS,
    // A memory limit's body share, but always room for one largest body.
    bodyBudgetBytes:
      memory === undefined
        ? INGEST_BUDGET_BODIES * maxBodyBytes
        : Math.max(maxBodyBytes, memory.bodyBytes),
    memory,
    decodeWorkers:
      options.decodeWorkers ??
      Math.max(1, Math.min(4, availableParallelism() - 1)),
    decodeSpareWorkers:
      options.decodeSpareWorkers ??
      (options.decodeWorkers === undefined ? 1 : 0),
    maxMetricPaths: options.maxMetricPaths ?? DEFAULT_MAX_METRIC_PATHS,
    maxUdpDatagramBytes:
      options.maxUdpDatagramBytes ?? DEFAULT_MAX_UDP_DATAGRAM_BYTES,
  };
}

/** `value` when it is an integer of at least `min`; a `RangeError` naming the option otherwise. */
function integerAtLeast(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `${name} must be an integer of at least ${min}, not ${value}`,
    );
  }
  return value;
}

/** Why `startCollector` refuses an empty or blank `token`. */
export const EMPTY_TOKEN_MESSAGE =
  'the token is empty or only whitespace: give a token, or none to serve without one';

/** The token a request must present; surrounding whitespace cannot travel in a header anyway. */
function resolveToken(token: string | undefined): string | undefined {
  if (token === undefined) {
    return undefined;
  }
  const trimmed = token.trim();
  if (trimmed === '') {
    throw new RangeError(EMPTY_TOKEN_MESSAGE);
  }
  return trimmed;
}

/** `jaeger/` → `/jaeger`, `/` → ``. Throws on characters a URL path cannot hold. */
export function normaliseBasePath(text: string): string {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (trimmed === '') {
    return '';
  }
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(withSlash)) {
    throw new RangeError(
      `base path ${JSON.stringify(text)} must be segments of letters, digits, '.', '_', '~' or '-'`,
    );
  }
  return withSlash;
}
