import { diag } from '@opentelemetry/api';

/** A propagation format, named as in `OTEL_PROPAGATORS`. */
export type PropagatorName =
  'tracecontext' | 'baggage' | 'b3' | 'b3multi' | 'jaeger';

const PROPAGATOR_NAMES: readonly PropagatorName[] = [
  'tracecontext',
  'baggage',
  'b3',
  'b3multi',
  'jaeger',
];

/**
 * The formats when neither the option nor `OTEL_PROPAGATORS` says otherwise.
 * Extraction takes the first valid context in this order, so B3 comes first:
 * behind Istio's Zipkin tracer the sidecars rewrite the B3 headers and leave
 * `traceparent` as the caller wrote it.
 */
export const DEFAULT_PROPAGATORS: readonly PropagatorName[] = [
  'b3multi',
  'tracecontext',
  'baggage',
];

export function isPropagatorName(value: unknown): value is PropagatorName {
  return PROPAGATOR_NAMES.includes(value as PropagatorName);
}

/**
 * Parses `OTEL_PROPAGATORS` (comma-separated, case-insensitive). `none` gives an
 * empty list; unknown names are reported and skipped; an unset or blank value
 * gives `undefined`.
 * https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration
 */
export function parsePropagatorList(
  value: string | undefined,
): PropagatorName[] | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const names: PropagatorName[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') {
      continue;
    }
    if (name === 'none') {
      return [];
    }
    if (isPropagatorName(name)) {
      if (!names.includes(name)) {
        names.push(name);
      }
    } else {
      diag.warn(`@pathprof/sdk: OTEL_PROPAGATORS: unsupported "${name}"`);
    }
  }
  return names;
}
