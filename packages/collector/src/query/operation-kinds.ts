/**
 * Span kinds as the operation endpoints spell them: lowercase names, and
 * `''` (v1) or `internal` (api_v3, jaeger `apiv3/http_gateway.go`) for an
 * unspecified kind.
 */
import { badParam } from '../collector-error.js';
import type { SpanKind } from '@pathprof/model';
import type { QueryParams } from '../request-params/query-params.js';
import { readParam } from '../request-params/query-params.js';

const FILTER_KINDS: readonly SpanKind[] = [
  'server',
  'client',
  'producer',
  'consumer',
  'internal',
];

/** The span kind filter from the first of `names` present; absent or empty means every kind. */
export function parseOperationKind(
  query: QueryParams,
  names: readonly string[],
): SpanKind | undefined {
  for (const name of names) {
    const text = readParam(query, name);
    if (text === undefined) {
      continue;
    }
    return parseOperationKindText(text, name);
  }
  return undefined;
}

/** One span kind filter's text; `''` means every kind. */
export function parseOperationKindText(
  text: string,
  name: string,
): SpanKind | undefined {
  if (text === '') {
    return undefined;
  }
  const kind = text.toLowerCase() as SpanKind;
  if (!FILTER_KINDS.includes(kind)) {
    throw badParam(
      `'${name}' must be one of ${FILTER_KINDS.join(', ')}, got "${text}"`,
    );
  }
  return kind;
}

export function toJaegerOperationKind(kind: SpanKind): string {
  return kind === 'unspecified' ? '' : kind;
}

export function toV3OperationKind(kind: SpanKind): string {
  return kind === 'unspecified' ? 'internal' : kind;
}
