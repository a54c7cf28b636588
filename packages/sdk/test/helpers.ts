import type { AttributeValue } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { startTracing } from '../src/index.js';
import type { StartTracingOptions, Tracing } from '../src/index.js';

export interface TestTracing {
  readonly tracing: Tracing;
  readonly exporter: InMemorySpanExporter;
  /** Finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** The one finished span named `name`. */
  span(name: string): ReadableSpan;
}

/** Tracing into memory, synchronously, without HTTP instrumentation or the process's env. */
export function startTestTracing(
  options: StartTracingOptions = {},
): TestTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({
    serviceName: 'svc-test',
    exporter,
    spanProcessor: 'simple',
    instrumentHttp: false,
    env: {},
    ...options,
  });
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  return {
    tracing,
    exporter,
    spans,
    span(name) {
      const found = spans().filter((s) => s.name === name);
      if (found.length !== 1) {
        throw new Error(
          `expected one span "${name}", found ${found.length} among ${spans()
            .map((s) => s.name)
            .join(', ')}`,
        );
      }
      return found[0]!;
    },
  };
}

export function attr(
  span: ReadableSpan,
  key: string,
): AttributeValue | undefined {
  return span.attributes[key];
}

export function numberAttr(span: ReadableSpan, key: string): number {
  const value = span.attributes[key];
  if (typeof value !== 'number') {
    throw new Error(`${span.name}: ${key} is ${String(value)}, not a number`);
  }
  return value;
}

/** Spins the CPU for `millis` of wall-clock time. */
export function burnCpu(millis: number): void {
  const end = performance.now() + millis;
  let x = 0;
  while (performance.now() < end) {
    x += Math.sqrt(x + 1);
  }
}

export function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}

export function parentIdOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}
