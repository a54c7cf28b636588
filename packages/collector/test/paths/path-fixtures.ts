/**
 * Traces for the path API tests: svc-a's handler `a3` calls svc-e's `e1`
 * through a client span, so each trace holds the path `svc-a:a3 > svc-e:e1`;
 * one more trace holds `svc-b:b1` alone. Trace 10 is ten times slower.
 * Trace 77, after the others (600 ms), fans out: a3 calls e1 and g1.
 */
import type { Span } from '@pathprof/model';
import { span } from '../query/span-builders.js';

export const PATH_AE = 'svc-a:a3 > svc-e:e1';

export function createPathSpans(): Span[] {
  const spans: Span[] = [];
  for (let n = 1; n <= 12; n++) {
    const start = n * 10_000;
    const dur = n === 10 ? 50_000 : 5_000 + n * 10;
    spans.push(
      span({ trace: n, id: n * 10, service: 'svc-a', op: 'a3', start, dur }),
      span({
        trace: n,
        id: n * 10 + 1,
        parent: n * 10,
        service: 'svc-a',
        op: 'call',
        kind: 'client',
        start: start + 10,
        dur: dur - 20,
      }),
      span({
        trace: n,
        id: n * 10 + 2,
        parent: n * 10 + 1,
        service: 'svc-e',
        op: 'e1',
        start: start + 20,
        dur: dur - 40,
      }),
    );
  }
  spans.push(
    span({ trace: 99, id: 990, service: 'svc-b', op: 'b1', start: 5_000 }),
    span({
      trace: 77,
      id: 770,
      service: 'svc-a',
      op: 'a3',
      start: 600_000,
      dur: 5_000,
    }),
    span({
      trace: 77,
      id: 771,
      parent: 770,
      service: 'svc-a',
      op: 'call',
      kind: 'client',
      start: 600_010,
      dur: 4_000,
    }),
    span({
      trace: 77,
      id: 772,
      parent: 771,
      service: 'svc-e',
      op: 'e1',
      start: 600_020,
      dur: 3_900,
    }),
    span({
      trace: 77,
      id: 773,
      parent: 770,
      service: 'svc-a',
      op: 'call',
      kind: 'client',
      start: 600_010,
      dur: 1_000,
    }),
    span({
      trace: 77,
      id: 774,
      parent: 773,
      service: 'svc-g',
      op: 'g1',
      start: 600_020,
      dur: 900,
    }),
  );
  return spans;
}
