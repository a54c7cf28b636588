/**
 * One profiled call: its span (or the seed's two spans), the context the call
 * runs in (span + `pathprof.path` baggage) and its meter. Every SDK step is
 * fenced; the host's own errors pass through untouched.
 */
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Attributes, Context, Span } from '@opentelemetry/api';
import { getHopTracer, getSdkState } from '../internal/sdk-state.js';
import { reportSdkError } from '../internal/safe-execute.js';
import {
  HOP_ATTR,
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  HOP_MEMORY_KIND_ATTR,
  HOP_MEMORY_SAMPLE_RATE_ATTR,
  HOP_NAME_ATTR,
  HOP_PATH_ATTR,
  HOP_WALL_MS_ATTR,
  MEMORY_KIND_HEAP_GROWTH,
  PATH_BAGGAGE_KEY,
  SEED_CPU_MS_ATTR,
  SEED_EXEC_MS_ATTR,
  SEED_FUNCTION_NAME_ATTR,
  SEED_METRICS_SUFFIX,
  SEED_PEAK_MEM_KB_ATTR,
  SEED_SUMMARY_SUFFIX,
} from './hop-attributes.js';
import { appendHopToPath, formatHopLabel } from './hop-path.js';
import type { HopMeter } from './slice-meter.js';
import {
  closeMeter,
  enterMeter,
  leaveMeter,
  openMeter,
} from './slice-meter.js';

export interface HopSpec {
  readonly name: string;
  readonly kind: SpanKind;
  /** Overrides `startTracing({ seedCompat })` for this hop. */
  readonly seedCompat?: boolean | undefined;
  /** Overrides `startTracing({ memorySampleRate })` for this hop. */
  readonly memorySampleRate?: number | undefined;
  readonly attributes?: Attributes;
}

/** Milliseconds rounded to the nanosecond, so attributes stay short. */
function roundMillis(millis: number): number {
  return Math.round(millis * 1e6) / 1e6;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  try {
    return String(error);
  } catch {
    return 'non-printable error';
  }
}

export class ActiveHop {
  /** The context the call runs in. */
  readonly context: Context;
  /** `performance.now()` at the start; OpenTelemetry times the span from the same clock. */
  private readonly startMillis = performance.now();
  private endMillis: number | undefined;
  private holds = 0;
  private ended = false;
  private failed = false;

  constructor(
    private readonly span: Span,
    private readonly metricsSpan: Span | undefined,
    callContext: Context,
    private readonly meter: HopMeter | undefined,
  ) {
    this.context = callContext;
  }

  /** Runs `fn` (one synchronous slice of the call) in the hop's context and meter. */
  run<T>(fn: () => T): T {
    return context.with(this.context, () => {
      const meter = this.meter;
      if (meter === undefined) {
        return fn();
      }
      const previous = enterMeter(meter);
      try {
        return fn();
      } finally {
        leaveMeter(previous);
      }
    });
  }

  /** Records the call's error: exception event and error status. */
  fail(error: unknown): void {
    this.failed = true;
    try {
      const message = describeError(error);
      for (const span of [this.span, this.metricsSpan]) {
        if (span !== undefined) {
          span.recordException(error instanceof Error ? error : message);
          span.setStatus({ code: SpanStatusCode.ERROR, message });
        }
      }
    } catch (sdkError) {
      reportSdkError('recording an error', sdkError);
    }
  }

  /** Sets attributes on the hop span (the summary span in seed mode). */
  setAttributes(attributes: Attributes): void {
    try {
      this.span.setAttributes(attributes);
    } catch (error) {
      reportSdkError('setting hop attributes', error);
    }
  }

  /** Marks the hop as an error without an exception (e.g. an HTTP 5xx answer), unless {@link fail} did. */
  setErrorStatus(message: string): void {
    if (this.failed) {
      return;
    }
    try {
      this.span.setStatus({ code: SpanStatusCode.ERROR, message });
    } catch (error) {
      reportSdkError('setting hop status', error);
    }
  }

  /**
   * Fixes the hop's end time (a `performance.now()` reading) when its work
   * was over before {@link end} is called, e.g. the response was ended while
   * the handler is still settling. The first call wins, and stops the CPU
   * and memory count there too: what runs after it (writing the answer out,
   * ending the spans, 'finish' listeners) is not the call's work, and a
   * hop's CPU never covers more than its duration.
   */
  endAt(atMillis: number): void {
    if (this.endMillis !== undefined) {
      return;
    }
    this.endMillis = atMillis;
    if (this.meter !== undefined) {
      closeMeter(this.meter);
    }
  }

  /** Delays {@link end} until a matching {@link release}. */
  hold(): void {
    this.holds++;
  }

  release(): void {
    if (--this.holds <= 0) {
      this.end();
    }
  }

  /**
   * Records wall time, CPU and memory, and ends the span(s), at the time
   * given to {@link endAt} if any, else now. Idempotent.
   */
  end(): void {
    if (this.ended) {
      return;
    }
    this.ended = true;
    try {
      const endMillis = this.endMillis ?? performance.now();
      const wallMillis = endMillis - this.startMillis;
      const meter = this.meter;
      if (meter !== undefined) {
        closeMeter(meter);
      }
      const cpuMillis = meter?.cpuMillis ?? 0;
      const memorySampleRate = meter?.memorySampleRate ?? 0;
      if (this.metricsSpan !== undefined) {
        const metrics: Attributes = {};
        metrics[SEED_CPU_MS_ATTR] = roundMillis(cpuMillis);
        metrics[SEED_EXEC_MS_ATTR] = roundMillis(wallMillis);
        if (memorySampleRate > 0) {
          metrics[SEED_PEAK_MEM_KB_ATTR] = meter!.heapBytes / 1024;
        }
        this.metricsSpan.setAttributes(metrics);
        this.metricsSpan.end(endMillis);
      } else {
        const measures: Attributes = {};
        measures[HOP_WALL_MS_ATTR] = roundMillis(wallMillis);
        measures[HOP_CPU_MS_ATTR] = roundMillis(cpuMillis);
        if (memorySampleRate > 0) {
          measures[HOP_MEMORY_BYTES_ATTR] = meter!.heapBytes;
          measures[HOP_MEMORY_KIND_ATTR] = MEMORY_KIND_HEAP_GROWTH;
          measures[HOP_MEMORY_SAMPLE_RATE_ATTR] = memorySampleRate;
        }
        this.span.setAttributes(measures);
      }
      // A number below performance.now() is a performance timestamp to
      // OpenTelemetry: the span ends at its start + (endMillis − its start reading).
      this.span.end(endMillis);
    } catch (error) {
      reportSdkError('ending a hop', error);
    }
  }
}

/*
 * The attribute objects are built by assignment: an object literal with a
 * spread followed by computed keys takes V8's slow path (several µs a call).
 */
function withPath(base: Attributes | undefined, path: string): Attributes {
  const attributes: Attributes = {};
  if (base !== undefined) {
    for (const key of Object.keys(base)) {
      attributes[key] = base[key];
    }
  }
  attributes[HOP_PATH_ATTR] = path;
  return attributes;
}

function hopAttributes(
  base: Attributes | undefined,
  name: string,
  path: string,
): Attributes {
  const attributes = withPath(base, path);
  attributes[HOP_ATTR] = true;
  attributes[HOP_NAME_ATTR] = name;
  return attributes;
}

/**
 * Starts a hop as a child of `parent`: appends `service:name` to the path in
 * the `pathprof.path` baggage entry and opens the call's meter (only when the
 * span is sampled). Returns `undefined` when the SDK fails; the caller then
 * runs the call unprofiled.
 */
export function startHop(
  spec: HopSpec,
  parent: Context,
): ActiveHop | undefined {
  try {
    const state = getSdkState();
    const tracer = getHopTracer();
    const baggage = propagation.getBaggage(parent);
    const path = appendHopToPath(
      baggage?.getEntry(PATH_BAGGAGE_KEY)?.value,
      formatHopLabel(state.serviceName, spec.name),
      state.maxPathLength,
    );
    const seedCompat = spec.seedCompat ?? state.seedCompat;
    const span = seedCompat
      ? tracer.startSpan(
          `${spec.name}${SEED_SUMMARY_SUFFIX}`,
          { kind: spec.kind, attributes: withPath(spec.attributes, path) },
          parent,
        )
      : tracer.startSpan(
          spec.name,
          {
            kind: spec.kind,
            attributes: hopAttributes(spec.attributes, spec.name, path),
          },
          parent,
        );
    let callContext = trace.setSpan(parent, span);
    let metricsSpan: Span | undefined;
    if (seedCompat) {
      metricsSpan = tracer.startSpan(
        `${spec.name}${SEED_METRICS_SUFFIX}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: { [SEED_FUNCTION_NAME_ATTR]: spec.name },
        },
        callContext,
      );
      callContext = trace.setSpan(callContext, metricsSpan);
    }
    callContext = propagation.setBaggage(
      callContext,
      // one copy of the entries, not an empty baggage and then a copy
      baggage === undefined
        ? propagation.createBaggage({ [PATH_BAGGAGE_KEY]: { value: path } })
        : baggage.setEntry(PATH_BAGGAGE_KEY, { value: path }),
    );
    // The seed recorded memory on every call.
    const memorySampleRate = seedCompat
      ? 1
      : (spec.memorySampleRate ?? state.memorySampleRate);
    const meter = span.isRecording() ? openMeter(memorySampleRate) : undefined;
    return new ActiveHop(span, metricsSpan, callContext, meter);
  } catch (error) {
    reportSdkError('starting a hop', error);
    return undefined;
  }
}
