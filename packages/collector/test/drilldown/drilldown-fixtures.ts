/**
 * Traces for the drill-down routes: 40 requests of `svc-a:a3 > svc-e:e1`,
 * one every 6 s over four whole minutes from M0, and one `svc-b:b1`.
 *
 *   request i   a3 = e1 + 2 ms, e1 = 10 ms + i·0.1 ms (v1, i < 20)
 *                               e1 = 30 ms + i·0.1 ms (v2, i ≥ 20)
 *   errors      e1 fails in requests 0, 10, 20, 30 (one per minute)
 *   resource    service.version v1 / v2 on every span of the request
 */
import type { Span } from '@pathprof/model';
import { span, T0 } from '../query/span-builders.js';

export const PATH_AE = 'svc-a:a3 > svc-e:e1';
const MINUTE = 60_000_000;
/** The first whole minute after T0, µs since the epoch. */
export const M0 = Math.ceil(T0 / MINUTE) * MINUTE;

export function e1Micros(i: number): number {
  return (i < 20 ? 10_000 : 30_000) + i * 100;
}

export function createDrilldownSpans(): Span[] {
  const spans: Span[] = [];
  const at = M0 - T0;
  for (let i = 0; i < 40; i++) {
    const start = at + i * 6_000_000;
    const e1 = e1Micros(i);
    const resource = { 'service.version': i < 20 ? 'v1' : 'v2' };
    const trace = 1000 + i;
    spans.push(
      span({
        trace,
        id: trace * 10,
        service: 'svc-a',
        op: 'a3',
        start,
        dur: e1 + 2000,
        resource,
        attributes: { 'http.route': '/a3' },
      }),
      span({
        trace,
        id: trace * 10 + 1,
        parent: trace * 10,
        service: 'svc-a',
        op: 'call',
        kind: 'client',
        start: start + 500,
        dur: e1 + 1000,
        resource,
      }),
      span({
        trace,
        id: trace * 10 + 2,
        parent: trace * 10 + 1,
        service: 'svc-e',
        op: 'e1',
        start: start + 1000,
        dur: e1,
        status: i % 10 === 0 ? 'error' : 'unset',
        resource,
      }),
    );
  }
  spans.push(
    span({ trace: 99, id: 990, service: 'svc-b', op: 'b1', start: at + 5 }),
  );
  return spans;
}
