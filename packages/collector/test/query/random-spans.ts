/**
 * Varied, reproducible traces for round-trip tests: a seeded generator
 * picks services, kinds, statuses, attributes of every scalar type,
 * resources, events and extra references. `extraRef` says which reference
 * type a wire format carries besides the parent (Jaeger: FOLLOWS_FROM,
 * OTLP: links); `arrays` adds array attributes (OTLP only: Jaeger JSON
 * flattens them to text).
 */
import type {
  AttributeValue,
  Span,
  SpanId,
  SpanKind,
  SpanRef,
  SpanStatus,
  TraceId,
} from '@pathprof/model';
import { T0 } from './span-builders.js';

export interface RandomTraceOptions {
  readonly traces: number;
  readonly seed: number;
  readonly extraRef: 'follows_from' | 'link';
  readonly arrays: boolean;
}

const KINDS: readonly SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const STATUSES: readonly SpanStatus[] = ['unset', 'ok', 'error'];
const SERVICES = ['svc-a', 'svc-b', 'frontend', 'db proxy', 'ünïcode'];

export function createRandomTraces(options: RandomTraceOptions): Span[][] {
  let state = options.seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const hex = (digits: number): string =>
    Array.from({ length: digits }, (_, i) =>
      (i === 0 ? 1 + int(15) : int(16)).toString(16),
    ).join('');
  const value = (): AttributeValue => {
    switch (int(options.arrays ? 5 : 4)) {
      case 0:
        return pick(['', 'x', 'GET /a?b=c', 'ü "quoted"']);
      case 1:
        return int(2) === 0 ? int(100_000) - 50_000 : 2 ** 40 + int(1000);
      case 2:
        return (int(10_000) + 1) / 8;
      case 3:
        return int(2) === 0;
      default:
        return ['a', int(10), true];
    }
  };
  const attributes = (
    count: number,
    prefix: string,
  ): Record<string, AttributeValue> =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`${prefix}.k${i}`, value()]),
    );

  const traces: Span[][] = [];
  for (let t = 0; t < options.traces; t++) {
    const traceId = (
      t % 4 === 0 ? '0'.repeat(16) + hex(16) : hex(32)
    ) as TraceId;
    const spans: Span[] = [];
    const count = 1 + int(6);
    for (let s = 0; s < count; s++) {
      const spanId = hex(16) as SpanId;
      const parent = s === 0 ? undefined : spans[int(s)]!;
      const references: SpanRef[] = [];
      if (parent !== undefined) {
        references.push({ type: 'child_of', traceId, spanId: parent.spanId });
      }
      if (int(4) === 0) {
        references.push({
          type: options.extraRef,
          traceId: hex(32) as TraceId,
          spanId: hex(16) as SpanId,
        });
      }
      const status = pick(STATUSES);
      const start = (parent?.startMicros ?? T0 + t * 1_000_000) + int(500);
      spans.push({
        traceId,
        spanId,
        ...(parent === undefined ? {} : { parentSpanId: parent.spanId }),
        references,
        service: pick(SERVICES),
        operation: pick(['GET /a', 'op', 'weird:op > x']),
        kind: pick(KINDS),
        startMicros: start,
        durationMicros: int(100_000),
        status,
        ...(status === 'error' && int(2) === 0
          ? { statusMessage: 'failed: timeout' }
          : {}),
        attributes: attributes(int(5), 'attr'),
        resource:
          int(2) === 0
            ? {}
            : { 'host.name': pick(['h1', 'h2']), 'process.pid': 42 },
        events: Array.from({ length: int(3) }, (_, i) => ({
          timeMicros: start + i,
          name: pick(['exception', 'retry']),
          attributes: attributes(int(3), 'ev'),
        })),
      });
    }
    traces.push(spans);
  }
  return traces;
}
