/** Builds stored spans for metrics tests: a hop of `path`, with its duration in milliseconds. */
import { HOP_ATTR, HOP_PATH_ATTR, PATH_SEPARATOR } from '@pathprof/model';
import type { Span, SpanId, SpanStatus, TraceId } from '@pathprof/model';

export interface HopSpanSpec {
  /** Hop labels from the root, e.g. `['svc-a:a3', 'svc-e:e1']`, or the attribute's raw value. */
  readonly path?: readonly string[] | string;
  readonly durationMillis?: number;
  readonly status?: SpanStatus;
  readonly missingTiming?: Span['missingTiming'];
}

let nextId = 1;

export function hopSpan(spec: HopSpanSpec = {}): Span {
  const id = (nextId++).toString(16);
  const path =
    typeof spec.path === 'string' ? spec.path : spec.path?.join(PATH_SEPARATOR);
  return {
    traceId: id.padStart(32, '0') as TraceId,
    spanId: id.padStart(16, '0') as SpanId,
    references: [],
    service: 'svc-a',
    operation: 'a3',
    kind: 'internal',
    startMicros: Date.UTC(2024, 4, 1) * 1000,
    durationMicros: (spec.durationMillis ?? 1) * 1000,
    status: spec.status ?? 'unset',
    attributes:
      path === undefined
        ? { [HOP_ATTR]: true }
        : { [HOP_ATTR]: true, [HOP_PATH_ATTR]: path },
    resource: {},
    events: [],
    ...(spec.missingTiming === undefined
      ? {}
      : { missingTiming: spec.missingTiming }),
  };
}

/** The hop spans of one request along `labels`: one span per path prefix, as the SDK writes them. */
export function requestSpans(
  labels: readonly string[],
  durationMillis = 1,
): Span[] {
  return labels.map((_, i) =>
    hopSpan({ path: labels.slice(0, i + 1), durationMillis }),
  );
}
