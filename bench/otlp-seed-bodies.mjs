// OTLP/protobuf request bodies of seed-shaped traces, serialised by the real
// OpenTelemetry serializer (`ProtobufTraceSerializer`), as an SDK exporter would
// send them: each seed span becomes a ReadableSpan of its service's resource.
import { createRequire } from 'node:module';
import { generateSeedTraces } from './seed-shaped-traces.mjs';

const require = createRequire(import.meta.url);
const { SpanKind, SpanStatusCode, TraceFlags } = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { ProtobufTraceSerializer } = require('@opentelemetry/otlp-transformer');

const KINDS = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};
const SCOPE = { name: 'pathprof-bench', version: '0.0.0' };

/** A Jaeger µs timestamp as an OTel HrTime `[seconds, nanoseconds]`. */
function toHrTime(micros) {
  const seconds = Math.floor(micros / 1e6);
  return [seconds, (micros - seconds * 1e6) * 1000];
}

function toAttributes(tags) {
  const attributes = {};
  for (const tag of tags) {
    attributes[tag.key] = tag.value;
  }
  return attributes;
}

/**
 * @param {import('./seed-shaped-traces.d.mts').JaegerTrace} trace
 * @param {Map<string, unknown>} resources one OTel Resource per process
 */
function toReadableSpans(trace, resources) {
  return trace.spans.map((s) => {
    const process = trace.processes[s.processID];
    let resource = resources.get(s.processID + process.serviceName);
    if (resource === undefined) {
      resource = resourceFromAttributes({
        'service.name': process.serviceName,
        ...toAttributes(process.tags),
      });
      resources.set(s.processID + process.serviceName, resource);
    }
    const attributes = toAttributes(s.tags);
    const parent = s.references[0];
    const isError = attributes.error === true;
    return {
      name: s.operationName,
      kind: KINDS[attributes['span.kind']] ?? SpanKind.INTERNAL,
      spanContext: () => ({
        traceId: s.traceID.padStart(32, '0'),
        spanId: s.spanID,
        traceFlags: TraceFlags.SAMPLED,
      }),
      parentSpanContext:
        parent === undefined
          ? undefined
          : {
              traceId: parent.traceID.padStart(32, '0'),
              spanId: parent.spanID,
              traceFlags: TraceFlags.SAMPLED,
            },
      startTime: toHrTime(s.startTime),
      endTime: toHrTime(s.startTime + s.duration),
      duration: toHrTime(s.duration),
      status: { code: isError ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
      attributes,
      links: [],
      events: s.logs.map((log) => ({
        name: String(log.fields.find((f) => f.key === 'event')?.value ?? 'log'),
        time: toHrTime(log.timestamp),
        attributes: toAttributes(log.fields),
      })),
      ended: true,
      resource,
      instrumentationScope: SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

/**
 * Serialises seed-shaped traces (whole traces per body) into bodies of about
 * `spansPerBody` spans until `totalSpans`.
 * @returns {{ bodies: Uint8Array[], spans: number, bytes: number }}
 */
export function buildOtlpSeedBodies({
  totalSpans,
  spansPerBody,
  seed = 7,
  startMicros = undefined,
}) {
  const resources = new Map();
  const bodies = [];
  let pending = [];
  let spans = 0;
  let bytes = 0;
  const flush = () => {
    const body = ProtobufTraceSerializer.serializeRequest(pending);
    bodies.push(body);
    bytes += body.byteLength;
    pending = [];
  };
  for (const trace of generateSeedTraces({
    traces: Math.ceil(totalSpans / 10),
    seed,
    ...(startMicros === undefined ? {} : { startMicros }),
  })) {
    pending.push(...toReadableSpans(trace, resources));
    spans += trace.spans.length;
    if (pending.length >= spansPerBody) {
      flush();
    }
    if (spans >= totalSpans) {
      break;
    }
  }
  if (pending.length > 0) {
    flush();
  }
  return { bodies, spans, bytes };
}

/**
 * Offsets of the 16-byte trace ids in a body built above: `0a 10` and 8 zero
 * bytes (seed ids are 64-bit, padded to 128). One per span.
 * @param {Uint8Array} body
 * @returns {number[]}
 */
export function traceIdOffsets(body) {
  const offsets = [];
  for (let i = 0; i + 18 <= body.length; i++) {
    if (body[i] === 0x0a && body[i + 1] === 0x10) {
      let zero = true;
      for (let k = 2; k < 10 && zero; k++) {
        zero = body[i + k] === 0;
      }
      if (zero) {
        offsets.push(i + 2);
        i += 17;
      }
    }
  }
  return offsets;
}

/**
 * Writes `pass` into the upper half of every trace id of `body` (at
 * `offsets`), so a body sent again carries new traces.
 * @param {Buffer} body
 * @param {number[]} offsets
 * @param {number} pass
 */
export function stampPass(body, offsets, pass) {
  for (const at of offsets) {
    body.writeUInt32BE(pass, at);
  }
}
