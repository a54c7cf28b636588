import type { TextMapGetter } from '@opentelemetry/api';

/*
 * OpenTelemetry's B3 and Jaeger extractors accept more than their formats
 * allow: B3 multi pads a trace ID of any length, B3 single matches its pattern
 * anywhere in the value, and Jaeger takes any text as IDs. This getter hands
 * them a header only when it is well formed (lowercased), so a malformed header
 * is an absent one: extraction leaves the context unchanged and a new trace
 * starts.
 * B3: https://github.com/openzipkin/b3-propagation
 * Jaeger: https://www.jaegertracing.io/docs/1.x/client-libraries/#propagation-format
 */
const B3_TRACE_ID_RE = /^(?:[0-9a-f]{16}){1,2}$/i;
const B3_SPAN_ID_RE = /^[0-9a-f]{16}$/i;
const B3_SINGLE_RE =
  /^(?:[0-9a-f]{16}){1,2}-[0-9a-f]{16}(?:-[01d](?:-[0-9a-f]{16})?)?$/i;
const UBER_TRACE_ID_RE =
  /^[0-9a-f]{1,32}:[0-9a-f]{1,16}:[0-9a-f]{1,16}:[0-9a-f]{1,2}$/i;
const ZERO_ID_RE = /^0+$/;

const HEADER_PATTERNS: Readonly<Record<string, RegExp>> = {
  'x-b3-traceid': B3_TRACE_ID_RE,
  'x-b3-spanid': B3_SPAN_ID_RE,
  'x-b3-parentspanid': B3_SPAN_ID_RE,
  b3: B3_SINGLE_RE,
};

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function decodeUberTraceId(value: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value.trim());
  } catch {
    return undefined;
  }
  if (!UBER_TRACE_ID_RE.test(decoded)) {
    return undefined;
  }
  const [traceId = '', spanId = ''] = decoded.split(':');
  if (ZERO_ID_RE.test(traceId) || ZERO_ID_RE.test(spanId)) {
    return undefined;
  }
  return decoded.toLowerCase();
}

/** Wraps `getter` so that malformed B3 and Jaeger headers read as absent. */
export function createValidatingGetter<Carrier>(
  getter: TextMapGetter<Carrier>,
): TextMapGetter<Carrier> {
  return {
    keys: (carrier) => getter.keys(carrier),
    get(carrier, key) {
      const lower = key.toLowerCase();
      if (lower === 'uber-trace-id') {
        const value = firstValue(getter.get(carrier, key));
        return value === undefined ? undefined : decodeUberTraceId(value);
      }
      const pattern = HEADER_PATTERNS[lower];
      if (pattern === undefined) {
        return getter.get(carrier, key);
      }
      const value = firstValue(getter.get(carrier, key))?.trim();
      return value !== undefined && pattern.test(value)
        ? value.toLowerCase()
        : undefined;
    },
  };
}
