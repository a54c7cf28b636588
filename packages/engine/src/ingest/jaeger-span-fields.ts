/**
 * How a Jaeger JSON span's fields become span fields: tag values by their
 * declared type, the span kind from `span.kind`, the status from `error` and
 * `otel.status_code`, times that may be numbers or numeric strings. Shared by
 * the object decoder (`decodeJaegerTrace`) and the byte decoder, so both read
 * the same span from the same JSON.
 */
import type {
  AttributeValue,
  Attributes,
  SpanKind,
  SpanStatus,
} from '@pathprof/model';

/** The attributes that decide a Jaeger span's kind and status. */
export const JAEGER_STATUS_KEYS: readonly string[] = [
  'span.kind',
  'otel.status_code',
  'error',
];

/** A tag's value: `bool` strings become booleans, `int64`/`float64` strings numbers where they are numbers. */
export function jaegerTagValue(
  type: unknown,
  v: string | number | boolean,
): AttributeValue {
  if (type === 'bool' && typeof v === 'string') {
    return v === 'true';
  }
  if ((type === 'int64' || type === 'float64') && typeof v === 'string') {
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  return v;
}

/** A Map, so values such as `__proto__` or `constructor` find nothing. */
const KINDS: ReadonlyMap<string, SpanKind> = new Map([
  ['server', 'server'],
  ['client', 'client'],
  ['producer', 'producer'],
  ['consumer', 'consumer'],
  ['internal', 'internal'],
]);

export function kindFromTags(attrs: Attributes): SpanKind {
  const k = attrs['span.kind'];
  return typeof k === 'string'
    ? (KINDS.get(k.toLowerCase()) ?? 'unspecified')
    : 'unspecified';
}

export function statusFromTags(attrs: Attributes): SpanStatus {
  const code = attrs['otel.status_code'];
  if (
    attrs['error'] === true ||
    attrs['error'] === 'true' ||
    code === 'ERROR'
  ) {
    return 'error';
  }
  return code === 'OK' ? 'ok' : 'unset';
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v : 0;
  }
  if (typeof v === 'string') {
    const n = Number(v);
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
}
