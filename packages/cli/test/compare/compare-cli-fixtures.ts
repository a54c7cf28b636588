/**
 * Jaeger JSON documents of synthetic chain traces for `pathprof compare`
 * tests: svc-a:a → svc-b:b → svc-c:c, every span a profiled hop, c lasting
 * `cMicros` with seeded multiplicative noise (σ = 10 %). Each process carries
 * `service.version` so the same documents serve `--by`.
 */
import type { JaegerSpan, JaegerTrace } from '@pathprof/model';
import { createUniform } from '@pathprof/engine';

export const PATH_ABC = 'svc-a:a > svc-b:b > svc-c:c';

/** The engine's seeded uniform numbers in [0, 1). */
const seededUniform = createUniform;

export interface ChainOptions {
  readonly count: number;
  readonly cMicros: number;
  readonly seed: number;
  readonly firstId: number;
  readonly version: string;
  /** µs since the epoch of the first trace; traces are 1 s apart. */
  readonly startMicros?: number;
}

export function buildChainTraces(options: ChainOptions): JaegerTrace[] {
  const random = seededUniform(options.seed);
  const noisy = (v: number): number => {
    const z =
      Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(v * Math.exp(0.1 * z));
  };
  return Array.from({ length: options.count }, (_, i) => {
    const traceID = (options.firstId + i).toString(16).padStart(32, '0');
    const start =
      (options.startMicros ?? 1_600_000_000_000_000) + i * 1_000_000;
    const [selfA, selfB, c] = [
      noisy(2000),
      noisy(3000),
      noisy(options.cMicros),
    ];
    const spanOf = (
      n: number,
      op: string,
      offset: number,
      duration: number,
    ): JaegerSpan => ({
      traceID,
      spanID: (n + 1).toString(16).padStart(16, '0'),
      flags: 1,
      operationName: op,
      references:
        n === 0
          ? []
          : [
              {
                refType: 'CHILD_OF',
                traceID,
                spanID: n.toString(16).padStart(16, '0'),
              },
            ],
      startTime: start + offset,
      duration,
      tags: [{ key: 'pathprof.hop', type: 'bool', value: true }],
      logs: [],
      processID: `p${n + 1}`,
      warnings: null,
    });
    const process = (serviceName: string) => ({
      serviceName,
      tags: [
        {
          key: 'service.version',
          type: 'string' as const,
          value: options.version,
        },
      ],
    });
    return {
      traceID,
      spans: [
        spanOf(0, 'a', 0, selfA + selfB + c),
        spanOf(1, 'b', 1000, selfB + c),
        spanOf(2, 'c', 2000, c),
      ],
      processes: {
        p1: process('svc-a'),
        p2: process('svc-b'),
        p3: process('svc-c'),
      },
      warnings: null,
    };
  });
}

export function jaegerDocument(traces: readonly JaegerTrace[]): string {
  return JSON.stringify({
    data: traces,
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  });
}
