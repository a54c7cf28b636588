import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_MEMORY_SAMPLE_RATE,
  HOP_MEMORY_BYTES_ATTR,
  HOP_MEMORY_KIND_ATTR,
  HOP_MEMORY_SAMPLE_RATE_ATTR,
  MEMORY_SAMPLE_RATE_ENV,
  profiled,
} from '../../src/index.js';
import { attr, numberAttr, sleep, startTestTracing } from '../helpers.js';

describe('memory sampling', () => {
  const t = startTestTracing();
  afterAll(() => t.tracing.shutdown());
  beforeEach(() => t.exporter.reset());

  it('measures memory on about 1 call in 10 by default, and says so on the span', () => {
    const call = profiled('call', () => 1);
    for (let i = 0; i < 400; i++) {
      call();
    }

    const sampled = t
      .spans()
      .filter((s) => attr(s, HOP_MEMORY_BYTES_ATTR) !== undefined);
    expect(DEFAULT_MEMORY_SAMPLE_RATE).toBe(10);
    // Binomial(400, 0.1): mean 40, standard deviation 6.
    expect(sampled.length).toBeGreaterThanOrEqual(15);
    expect(sampled.length).toBeLessThanOrEqual(70);
    for (const span of sampled) {
      expect(attr(span, HOP_MEMORY_SAMPLE_RATE_ATTR)).toBe(10);
      expect(attr(span, HOP_MEMORY_KIND_ATTR)).toBe('heap_growth');
    }
    for (const span of t.spans()) {
      if (!sampled.includes(span)) {
        expect(attr(span, HOP_MEMORY_KIND_ATTR)).toBeUndefined();
        expect(attr(span, HOP_MEMORY_SAMPLE_RATE_ATTR)).toBeUndefined();
      }
    }
  });

  it('measures no memory at rate 0', () => {
    const call = profiled('call', () => new Array<number>(1000).fill(1), {
      memorySampleRate: 0,
    });
    for (let i = 0; i < 50; i++) {
      call();
    }
    expect(
      t.spans().filter((s) => attr(s, HOP_MEMORY_BYTES_ATTR) !== undefined),
    ).toEqual([]);
  });

  it('measures a nested call exactly when its caller is measured', () => {
    const inner = profiled('inner', () => 1, { memorySampleRate: 0 });
    const outer = profiled('outer', () => inner(), { memorySampleRate: 1 });
    outer();
    expect(attr(t.span('inner'), HOP_MEMORY_SAMPLE_RATE_ATTR)).toBe(1);
    expect(attr(t.span('outer'), HOP_MEMORY_SAMPLE_RATE_ATTR)).toBe(1);
  });

  it("charges a measured call none of a concurrent unmeasured call's allocations", async () => {
    // time ─────────────────────────────────────────►
    // allocator (not measured): [·2ms·][allocates 16 MB, kept]
    // waiter (measured):        [······ await 30 ms ······]
    const kept: number[][] = [];
    const allocator = profiled(
      'allocator',
      async () => {
        await sleep(2);
        for (let i = 0; i < 8; i++) {
          kept.push(new Array<number>(250_000).fill(1.5));
        }
      },
      { memorySampleRate: 0 },
    );
    const waiter = profiled('waiter', () => sleep(30), {
      memorySampleRate: 1,
    });

    await Promise.all([waiter(), allocator()]);

    expect(kept).toHaveLength(8);
    expect(numberAttr(t.span('waiter'), HOP_MEMORY_BYTES_ATTR)).toBeLessThan(
      1_000_000,
    );
  });
});

describe(`${MEMORY_SAMPLE_RATE_ENV}`, () => {
  it('sets the rate of every hop', async () => {
    const t = startTestTracing({ env: { [MEMORY_SAMPLE_RATE_ENV]: '1' } });
    profiled('call', () => 1)();
    expect(attr(t.span('call'), HOP_MEMORY_SAMPLE_RATE_ATTR)).toBe(1);
    await t.tracing.shutdown();
  });

  it('falls back to the default when it is not a whole number', async () => {
    const t = startTestTracing({
      env: { [MEMORY_SAMPLE_RATE_ENV]: 'often' },
      memorySampleRate: 1.5,
    });
    const call = profiled('call', () => 1);
    for (let i = 0; i < 200; i++) {
      call();
    }
    const rates = new Set(
      t
        .spans()
        .map((s) => attr(s, HOP_MEMORY_SAMPLE_RATE_ATTR))
        .filter((r) => r !== undefined),
    );
    expect([...rates]).toEqual([DEFAULT_MEMORY_SAMPLE_RATE]);
    await t.tracing.shutdown();
  });
});
