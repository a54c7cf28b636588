/**
 * Deterministic traces that exercise what the path index keeps beyond the
 * seed's shape: a path called several times in one request (sequentially,
 * an N+1 loop, or in parallel), a fan-out whose branches take turns being
 * the slow one, and errors charged to hops by other spans (a folded proxy
 * around a hop, a local span inside one) besides the hops' own.
 *
 *   front  GET /checkout (server, root)
 *   ├─ cart  getItem ×1–4, one after another or all at once
 *   │  ├─ db  query                    (most calls)
 *   │  └─ cart  cache.lookup (internal, errs now and then)
 *   └─ [proxy egress, component=proxy, errs now and then]
 *      └─ price  quote                 (most requests; alongside the cart calls)
 *         └─ tax  rate                 (some)
 */
import { HOP_CPU_MS_ATTR } from '@pathprof/model';
import type { Span, SpanId, SpanKind, TraceId } from '@pathprof/model';
import type { DecodedTrace } from './path-index-helpers.js';

interface Draw {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
}

/** mulberry32: the same seed gives the same traces everywhere. */
function createDraw(seed: number): Draw {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
  };
}

/** `traces` requests, `gapMicros` apart from `startMicros` on. */
export function checkoutTraces(
  traces: number,
  startMicros: number,
  seed = 3,
  gapMicros = 20_000,
): DecodedTrace[] {
  const draw = createDraw(seed);
  const out: DecodedTrace[] = [];
  for (let i = 0; i < traces; i++) {
    const traceId = ('c0ffee' + i.toString(16).padStart(26, '0')).slice(
      -32,
    ) as TraceId;
    const spans = checkoutTrace(traceId, startMicros + i * gapMicros, draw);
    out.push({ traceId, spans, startMicros: startMicros + i * gapMicros });
  }
  return out;
}

function checkoutTrace(traceId: TraceId, t0: number, draw: Draw): Span[] {
  const spans: Span[] = [];
  let next = 0;
  const add = (
    parent: SpanId | undefined,
    service: string,
    operation: string,
    kind: SpanKind,
    start: number,
    duration: number,
    extra: { error?: boolean; attributes?: Span['attributes'] } = {},
  ): SpanId => {
    const spanId = (++next).toString(16).padStart(16, '0') as SpanId;
    spans.push({
      traceId,
      spanId,
      ...(parent === undefined ? {} : { parentSpanId: parent }),
      references:
        parent === undefined
          ? []
          : [{ type: 'child_of', traceId, spanId: parent }],
      service,
      operation,
      kind,
      startMicros: start,
      durationMicros: duration,
      status: extra.error === true ? 'error' : 'unset',
      attributes: extra.attributes ?? {},
      resource: { 'service.name': service },
      events: [],
    });
    return spanId;
  };
  const cpu = (micros: number): Span['attributes'] =>
    draw.chance(0.7)
      ? { [HOP_CPU_MS_ATTR]: Math.round(micros * 0.6) / 1000 }
      : {};

  const rootId = add(undefined, 'svc-front', 'GET /checkout', 'server', t0, 0);
  let end = t0 + 200;
  // the cart calls: one after another (an N+1 loop) or all at once
  const calls = draw.int(1, 4);
  const parallel = draw.chance(0.4);
  let at = t0 + 100;
  for (let c = 0; c < calls; c++) {
    const start = parallel ? t0 + 100 + draw.int(0, 50) : at;
    const dbTime = draw.int(300, 2_500) * (draw.chance(0.03) ? 8 : 1);
    const duration = dbTime + draw.int(200, 900);
    const cartId = add(
      rootId,
      'svc-cart',
      'getItem',
      'server',
      start,
      duration,
      { error: draw.chance(0.04), attributes: cpu(duration) },
    );
    if (draw.chance(0.9)) {
      add(cartId, 'svc-db', 'query', 'server', start + 100, dbTime, {
        attributes: cpu(dbTime),
      });
    }
    if (draw.chance(0.25)) {
      add(cartId, 'svc-cart', 'cache.lookup', 'internal', start + 20, 60, {
        error: draw.chance(0.3),
      });
    }
    at = start + duration + draw.int(50, 150);
    end = Math.max(end, start + duration);
  }
  // the price branch, beside the cart calls, sometimes behind a proxy
  if (draw.chance(0.75)) {
    const start = t0 + 120;
    const slow = draw.chance(0.3);
    const taxTime = draw.chance(0.35) ? draw.int(200, 1_500) : 0;
    const duration =
      (slow ? draw.int(6_000, 12_000) : draw.int(400, 2_000)) + taxTime;
    let parent = rootId;
    if (draw.chance(0.4)) {
      parent = add(
        rootId,
        'svc-front',
        'egress svc-price',
        'client',
        start - 30,
        duration + 60,
        {
          error: draw.chance(0.25),
          attributes: { component: 'proxy', upstream_cluster: 'svc-price' },
        },
      );
    }
    const priceId = add(
      parent,
      'svc-price',
      'quote',
      'server',
      start,
      duration,
      {
        error: draw.chance(0.03),
        attributes: cpu(duration),
      },
    );
    if (taxTime > 0) {
      add(priceId, 'svc-tax', 'rate', 'server', start + 50, taxTime);
    }
    end = Math.max(end, start + duration + 30);
  }
  const root = spans[0]!;
  spans[0] = { ...root, durationMicros: end - t0 + draw.int(50, 300) };
  return spans;
}
