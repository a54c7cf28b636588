// Exports added here are public: list each one by name. Contract: docs/sdk.md.

/** Sets up OpenTelemetry tracing for the process (OTLP/HTTP export, sampler, propagators, HTTP client instrumentation). */
export { startTracing } from './setup.js';
/** The handle `startTracing()` returns: tracer, service name, `forceFlush()`, `shutdown()`. */
export type { Tracing } from './setup.js';
/** Options of `startTracing()`. */
export type {
  HttpServerSpanFilter,
  StartTracingOptions,
} from './config/tracing-options.js';

/** Wraps a function, or decorates a method, so that each call is a hop span. */
export { profiled } from './hops/profiled.js';
/** Options of `profiled()`: per-call seed compatibility. */
export type {
  ProfiledMethodDecorator,
  ProfiledOptions,
} from './hops/profiled.js';

/** Wraps a `node:http` request listener so that each request is a hop. */
export { profileHttpHandler } from './middleware/http-handler.js';
/** A hop name, or a function naming the hop of each request. */
export type { HopNamer } from './middleware/http-handler.js';
/** Express middleware running the rest of the request as a hop. */
export { expressProfiler } from './middleware/express.js';
/** Structural Express types of `expressProfiler()`. */
export type {
  ExpressMiddleware,
  ExpressRequestLike,
} from './middleware/express.js';
/** Fastify plugin making every routed request a hop. */
export { fastifyProfiler } from './middleware/fastify.js';
/** Structural Fastify types and options of `fastifyProfiler`. */
export type {
  FastifyInstanceLike,
  FastifyProfilerOptions,
  FastifyProfilerPlugin,
  FastifyReplyLike,
  FastifyRequestLike,
} from './middleware/fastify.js';

/** The context of incoming headers in any supported format; never throws. */
export { extractContext } from './propagation/extract-context.js';
/** Headers for an outgoing call: the active context injected, plus Istio's tracing headers copied. */
export {
  forwardHeaders,
  FORWARDED_HEADERS,
} from './propagation/forward-headers.js';
/** Incoming headers as `extractContext()` and `forwardHeaders()` accept them. */
export type { HasHeaders } from './propagation/forward-headers.js';
/** Header carriers: Node's `req.headers`, a record, or a fetch `Headers`. */
export type {
  HeaderCarrier,
  HeaderRecord,
  HeadersLike,
} from './propagation/header-carrier.js';
/** Propagation format names (`OTEL_PROPAGATORS`) and the default injection list. */
export { DEFAULT_PROPAGATORS } from './propagation/propagator-names.js';
/** A propagation format: `tracecontext`, `baggage`, `b3`, `b3multi` or `jaeger`. */
export type { PropagatorName } from './propagation/propagator-names.js';
/** 1 call in this many measures memory by default; the variable that sets it. */
export {
  DEFAULT_MEMORY_SAMPLE_RATE,
  MEMORY_SAMPLE_RATE_ENV,
} from './config/memory-sample-rate.js';
/** Bounds of `pathprof.path` (characters). */
export { DEFAULT_MAX_PATH_LENGTH, MAX_LABEL_LENGTH } from './hops/hop-path.js';

/** Attribute names of hop spans and of the seed's convention (docs/hop-attributes.md). */
export {
  HOP_ATTR,
  HOP_NAME_ATTR,
  HOP_WALL_MS_ATTR,
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  HOP_MEMORY_KIND_ATTR,
  HOP_MEMORY_SAMPLE_RATE_ATTR,
  HOP_PATH_ATTR,
  PATH_BAGGAGE_KEY,
  PATH_SEPARATOR,
  SEED_SUMMARY_SUFFIX,
  SEED_METRICS_SUFFIX,
  SEED_FUNCTION_NAME_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_EXEC_MS_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
  MEMORY_KIND_HEAP_GROWTH,
} from './hops/hop-attributes.js';
