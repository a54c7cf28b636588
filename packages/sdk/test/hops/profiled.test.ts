import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  extractContext,
  HOP_ATTR,
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  HOP_MEMORY_KIND_ATTR,
  HOP_MEMORY_SAMPLE_RATE_ATTR,
  HOP_NAME_ATTR,
  HOP_PATH_ATTR,
  HOP_WALL_MS_ATTR,
  PATH_BAGGAGE_KEY,
  profiled,
} from '../../src/index.js';
import { countOpenMeters } from '../../src/hops/slice-meter.js';
import {
  attr,
  burnCpu,
  numberAttr,
  parentIdOf,
  sleep,
  startTestTracing,
} from '../helpers.js';

describe('profiled(name, fn)', () => {
  const t = startTestTracing();
  afterAll(() => t.tracing.shutdown());
  beforeEach(() => t.exporter.reset());

  it('records a sync call as an INTERNAL hop span with the hop attributes', () => {
    const add = profiled('add', (a: number, b: number) => a + b, {
      memorySampleRate: 1,
    });

    expect(add(2, 3)).toBe(5);

    const span = t.span('add');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(attr(span, HOP_ATTR)).toBe(true);
    expect(attr(span, HOP_NAME_ATTR)).toBe('add');
    expect(attr(span, HOP_PATH_ATTR)).toBe('svc-test:add');
    expect(attr(span, HOP_MEMORY_KIND_ATTR)).toBe('heap_growth');
    expect(numberAttr(span, HOP_WALL_MS_ATTR)).toBeGreaterThanOrEqual(0);
    expect(numberAttr(span, HOP_CPU_MS_ATTR)).toBeGreaterThanOrEqual(0);
    expect(numberAttr(span, HOP_MEMORY_BYTES_ATTR)).toBeGreaterThanOrEqual(0);
    expect(attr(span, HOP_MEMORY_SAMPLE_RATE_ATTR)).toBe(1);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ends an async call when its promise settles', async () => {
    const wait = profiled('wait', async (millis: number) => {
      await sleep(millis);
      return 'done';
    });

    const pending = wait(20);
    expect(t.spans()).toHaveLength(0);
    await expect(pending).resolves.toBe('done');

    expect(numberAttr(t.span('wait'), HOP_WALL_MS_ATTR)).toBeGreaterThanOrEqual(
      15,
    );
  });

  it('passes `this` and the arguments through', () => {
    const counter = {
      step: 2,
      next: profiled('next', function (this: { step: number }, n: number) {
        return n + this.step;
      }),
    };

    expect(counter.next(40)).toBe(42);
  });

  it('records a thrown error, ends the span and rethrows the same error', () => {
    const boom = new Error('boom');
    const fail = profiled('fail', () => {
      throw boom;
    });

    expect(() => fail()).toThrow(boom);

    const span = t.span('fail');
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'boom',
    });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('records a rejection and rejects with the same error', async () => {
    const boom = new Error('later');
    const fail = profiled('fail-async', async () => {
      await sleep(1);
      throw boom;
    });

    await expect(fail()).rejects.toBe(boom);

    const span = t.span('fail-async');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events[0]?.attributes?.['exception.message']).toBe('later');
  });

  it('records a non-Error rejection by its string form', async () => {
    const failString = profiled('fail-value', async () => {
      await sleep(0);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- hosts may throw anything
      throw 'plain string';
    });

    await expect(failString()).rejects.toBe('plain string');

    expect(t.span('fail-value').status.message).toBe('plain string');
  });

  it('starts the hop as a child of the active context', () => {
    const parent = extractContext({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    const child = profiled('child', () => trace.getActiveSpan());

    const active = context.with(parent, () => child());

    const span = t.span('child');
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parentIdOf(span)).toBe('b7ad6b7169203331');
    expect(active?.spanContext().spanId).toBe(span.spanContext().spanId);
  });

  it('appends its label to the incoming path and sets it as baggage during the call', () => {
    const parent = extractContext({
      baggage: 'pathprof.path=svc-a%3Aa3%20%3E%20svc-e%3Ae1,other=1',
    });
    const inner = profiled(
      'd2',
      () => propagation.getActiveBaggage()?.getEntry(PATH_BAGGAGE_KEY)?.value,
    );

    const seen = context.with(parent, () => inner());

    expect(seen).toBe('svc-a:a3 > svc-e:e1 > svc-test:d2');
    expect(attr(t.span('d2'), HOP_PATH_ATTR)).toBe(seen);
    expect(propagation.getBaggage(parent)?.getEntry('other')?.value).toBe('1');
  });

  it("gives nested profiled calls child hops and inclusive CPU (the toy's roll inside rolldice)", async () => {
    const roll = profiled('roll', (count: number) => {
      burnCpu(5);
      return Array.from({ length: count }, (_, i) => (i % 6) + 1);
    });
    const rolldice = profiled('rolldice', async (count: number) => {
      await sleep(1);
      const rolls = roll(count);
      await sleep(1);
      return rolls;
    });

    await expect(rolldice(3)).resolves.toEqual([1, 2, 3]);

    const outer = t.span('rolldice');
    const inner = t.span('roll');
    expect(parentIdOf(inner)).toBe(outer.spanContext().spanId);
    expect(attr(inner, HOP_PATH_ATTR)).toBe(
      'svc-test:rolldice > svc-test:roll',
    );
    expect(numberAttr(inner, HOP_CPU_MS_ATTR)).toBeGreaterThanOrEqual(4);
    expect(numberAttr(outer, HOP_CPU_MS_ATTR)).toBeGreaterThanOrEqual(
      numberAttr(inner, HOP_CPU_MS_ATTR),
    );
  });

  it('reports heap growth of the call in bytes', () => {
    let kept: number[] = [];
    const allocate = profiled(
      'allocate',
      () => {
        kept = new Array<number>(250_000).fill(1.5);
        return kept.length;
      },
      { memorySampleRate: 1 },
    );

    allocate();

    expect(
      numberAttr(t.span('allocate'), HOP_MEMORY_BYTES_ATTR),
    ).toBeGreaterThan(1_000_000);
    expect(kept).toHaveLength(250_000);
  });

  it('closes its meter when the call ends', async () => {
    const wait = profiled('wait', () => sleep(1));
    await Promise.all([wait(), wait()]);
    expect(countOpenMeters()).toBe(0);
  });

  it('does not measure a call whose span is not sampled', () => {
    const unsampled = extractContext({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
    });
    let openDuringCall = -1;
    const call = profiled('unsampled', () => {
      openDuringCall = countOpenMeters();
    });

    context.with(unsampled, () => call());

    expect(openDuringCall).toBe(0);
    expect(t.spans()).toHaveLength(0);
  });

  it('keeps the function name of the wrapped function', () => {
    function handleA1(): void {}
    expect(profiled('a1', handleA1).name).toBe('handleA1');
  });
});
