// Tags of the four kinds of span in a seed trace, as Jaeger stores them.
// Envoy reports through the Zipkin format, so every proxy tag is a string
// (`http.status_code: "200"`, `error: "true"`); the Python services export
// through OpenTelemetry, so their numbers are int64/float64 and `error` a bool.
// Constant tags are shared objects: treat generated traces as read-only.

/** @typedef {import('./seed-mesh.mjs').JaegerTag} JaegerTag */

/**
 * @param {string} key
 * @param {string} value
 * @returns {JaegerTag}
 */
const str = (key, value) => ({ key, type: 'string', value });
/**
 * @param {string} key
 * @param {number} value
 * @returns {JaegerTag}
 */
const int64 = (key, value) => ({ key, type: 'int64', value });
/**
 * @param {string} key
 * @param {number} value
 * @returns {JaegerTag}
 */
const float64 = (key, value) => ({ key, type: 'float64', value });

const PROXY = str('component', 'proxy');
const GET = str('http.method', 'GET');
const NO_DOWNSTREAM_CLUSTER = str('downstream_cluster', '-');
const HTTP_1_1 = str('http.protocol', 'HTTP/1.1');
const EMPTY_REQUEST = str('request_size', '0');
const NO_RESPONSE_FLAGS = str('response_flags', '-');
const INBOUND = str('upstream_cluster', `inbound|5566||`);
const INBOUND_NAME = str('upstream_cluster.name', `inbound|5566||`);
const REVISION = str('istio.canonical_revision', 'latest');
const MESH_ID = str('istio.mesh_id', 'cluster.local');
const ZIPKIN_FORMAT = str('internal.span.format', 'zipkin');
const PROTO_FORMAT = str('internal.span.format', 'proto');
const CLIENT = str('span.kind', 'client');
const SERVER = str('span.kind', 'server');
const INTERNAL = str('span.kind', 'internal');
const ENVOY_ERROR = str('error', 'true');
const OTEL_ERROR = { key: 'error', type: 'bool', value: true };
const OTEL_STATUS_ERROR = str('otel.status_code', 'ERROR');
const FLASK_LIBRARY = str(
  'otel.library.name',
  'opentelemetry.instrumentation.flask',
);
const FLASK_LIBRARY_VERSION = str('otel.library.version', '0.41b0');
const DECORATOR_LIBRARY = str('otel.library.name', 'profiling_decorators');
const SERVER_NAME = str('http.server_name', '0.0.0.0');
const SCHEME = str('http.scheme', 'http');
const HOST_PORT = int64('net.host.port', 5566);
const ENVOY_PEER = str('net.peer.ip', '127.0.0.6');
const FLAVOR = str('http.flavor', '1.1');

/**
 * @typedef {object} ProxyCall
 * @property {'ingress' | 'sidecar'} role
 * @property {string} nodeId
 * @property {string} requestId   x-request-id, the same along the whole request
 * @property {string} url
 * @property {string} userAgent
 * @property {string} peerAddress
 * @property {string} canonicalService
 * @property {string} namespace
 * @property {string} upstreamHost  for the ingress: the service it routes to
 * @property {number} responseBytes
 * @property {number} statusCode
 */

/**
 * Tags of an Istio proxy span (ingress gateway or inbound sidecar).
 * @param {ProxyCall} c
 * @returns {JaegerTag[]}
 */
export function proxyTags(c) {
  const ingress = c.role === 'ingress';
  const upstream = `outbound|5566||${c.upstreamHost}`;
  const tags = [
    PROXY,
    str('node_id', c.nodeId),
    str('guid:x-request-id', c.requestId),
    str('http.url', c.url),
    GET,
    NO_DOWNSTREAM_CLUSTER,
    str('user_agent', c.userAgent),
    HTTP_1_1,
    str('peer.address', c.peerAddress),
    EMPTY_REQUEST,
    str('response_size', String(c.responseBytes)),
    NO_RESPONSE_FLAGS,
    ingress ? str('upstream_cluster', upstream) : INBOUND,
    ingress ? str('upstream_cluster.name', upstream) : INBOUND_NAME,
    REVISION,
    str('istio.canonical_service', c.canonicalService),
    MESH_ID,
    str('istio.namespace', c.namespace),
    str('http.status_code', String(c.statusCode)),
    ingress ? CLIENT : SERVER,
    ZIPKIN_FORMAT,
  ];
  if (c.statusCode >= 500) {
    tags.push(ENVOY_ERROR);
  }
  return tags;
}

/**
 * @typedef {object} FrameworkCall
 * @property {string} host
 * @property {string} route   `/a/v1/a1`
 * @property {string} userAgent
 * @property {number} peerPort
 * @property {number} statusCode
 */

/**
 * Tags of the web framework's server span (OpenTelemetry Flask instrumentation).
 * @param {FrameworkCall} c
 * @returns {JaegerTag[]}
 */
export function frameworkTags(c) {
  const tags = [
    GET,
    SERVER_NAME,
    SCHEME,
    HOST_PORT,
    str('http.host', c.host),
    str('http.target', c.route),
    ENVOY_PEER,
    int64('net.peer.port', c.peerPort),
    str('http.user_agent', c.userAgent),
    FLAVOR,
    str('http.route', c.route),
    int64('http.status_code', c.statusCode),
    SERVER,
    FLASK_LIBRARY,
    FLASK_LIBRARY_VERSION,
    PROTO_FORMAT,
  ];
  if (c.statusCode >= 500) {
    tags.push(OTEL_STATUS_ERROR, OTEL_ERROR);
  }
  return tags;
}

/**
 * Tags of a `<fn>_summary` span.
 * @param {boolean} failed
 * @returns {JaegerTag[]}
 */
export function summaryTags(failed) {
  const tags = [INTERNAL, DECORATOR_LIBRARY, PROTO_FORMAT];
  if (failed) {
    tags.push(OTEL_STATUS_ERROR, OTEL_ERROR);
  }
  return tags;
}

/**
 * Tags of a `<fn>_performance_metrics` span: the seed's profile of one call.
 * @param {string} functionName
 * @param {number} cpuMs
 * @param {number} execMs
 * @param {number} peakMemKb
 * @returns {JaegerTag[]}
 */
export function metricsTags(functionName, cpuMs, execMs, peakMemKb) {
  return [
    str('function.name', functionName),
    float64('cpu.ms', cpuMs),
    float64('exec.ms', execMs),
    float64('peak_mem.kb', peakMemKb),
    INTERNAL,
    DECORATOR_LIBRARY,
    PROTO_FORMAT,
  ];
}

/**
 * The exception event OpenTelemetry records on a failing span.
 * @param {number} timestampMicros
 * @param {string} functionName
 * @returns {{ timestamp: number, fields: JaegerTag[] }}
 */
export function exceptionLog(timestampMicros, functionName) {
  return {
    timestamp: timestampMicros,
    fields: [
      str('event', 'exception'),
      str('exception.type', 'RuntimeError'),
      str('exception.message', `${functionName} failed`),
      str('exception.escaped', 'False'),
    ],
  };
}
