import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  HOP_ATTR,
  HOP_PATH_ATTR,
  profiled,
  SEED_CPU_MS_ATTR,
  SEED_EXEC_MS_ATTR,
  SEED_FUNCTION_NAME_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from '../../src/index.js';
import {
  attr,
  burnCpu,
  numberAttr,
  parentIdOf,
  sleep,
  startTestTracing,
} from '../helpers.js';

describe('seed compatibility', () => {
  const t = startTestTracing({ seedCompat: true });
  afterAll(() => t.tracing.shutdown());
  beforeEach(() => t.exporter.reset());

  it('emits <fn>_summary with <fn>_performance_metrics as its first child', async () => {
    const roll = profiled('roll', () => burnCpu(2));
    const rolldice = profiled('rolldice', async () => {
      await sleep(1);
      roll();
    });

    await rolldice();

    const summary = t.span('rolldice_summary');
    const metrics = t.span('rolldice_performance_metrics');
    expect(parentIdOf(metrics)).toBe(summary.spanContext().spanId);
    const children = t
      .spans()
      .filter((s) => parentIdOf(s) === summary.spanContext().spanId);
    expect(children.map((s) => s.name)).toEqual([
      'rolldice_performance_metrics',
    ]);
    expect(attr(metrics, SEED_FUNCTION_NAME_ATTR)).toBe('rolldice');
    expect(numberAttr(metrics, SEED_EXEC_MS_ATTR)).toBeGreaterThanOrEqual(1);
    expect(numberAttr(metrics, SEED_CPU_MS_ATTR)).toBeGreaterThanOrEqual(1.5);
    expect(numberAttr(metrics, SEED_PEAK_MEM_KB_ATTR)).toBeGreaterThanOrEqual(
      0,
    );
    expect(summary.kind).toBe(SpanKind.INTERNAL);
    expect(attr(summary, HOP_ATTR)).toBeUndefined();
    expect(attr(summary, HOP_PATH_ATTR)).toBe('svc-test:rolldice');
  });

  it('nests an inner profiled call under the outer metrics span, as the seed did', async () => {
    const roll = profiled('roll', () => 4);
    const rolldice = profiled('rolldice', () => roll());

    rolldice();
    await Promise.resolve();

    expect(parentIdOf(t.span('roll_summary'))).toBe(
      t.span('rolldice_performance_metrics').spanContext().spanId,
    );
    expect(attr(t.span('roll_summary'), HOP_PATH_ATTR)).toBe(
      'svc-test:rolldice > svc-test:roll',
    );
  });

  it('marks both spans as errors when the call fails', () => {
    const fail = profiled('fail', () => {
      throw new Error('nope');
    });

    expect(() => fail()).toThrow('nope');

    expect(t.span('fail_summary').status.code).toBe(SpanStatusCode.ERROR);
    expect(t.span('fail_performance_metrics').status.code).toBe(
      SpanStatusCode.ERROR,
    );
  });

  it('lets one call opt out with { seedCompat: false }', () => {
    profiled('modern', () => 1, { seedCompat: false })();

    expect(attr(t.span('modern'), HOP_ATTR)).toBe(true);
  });
});

describe('seed compatibility per call', () => {
  it('applies { seedCompat: true } to one function only', async () => {
    const t = startTestTracing();
    profiled('old', () => 1, { seedCompat: true })();
    profiled('new', () => 1)();

    expect(
      t
        .spans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(['new', 'old_performance_metrics', 'old_summary']);
    await t.tracing.shutdown();
  });
});
