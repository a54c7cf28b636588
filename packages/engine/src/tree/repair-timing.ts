/**
 * Repaired start/end times for an assembled trace (see build-trace-tree.ts):
 * 1. missing timing (Zipkin spans without timestamp or duration) is inferred,
 *    the start from the children or else the parent, the end from the children;
 * 2. CHILD_OF and shared children are brought inside their parent (except
 *    messaging hand-offs: a PRODUCER or CONSUMER parent or child), walking
 *    parents first: a child of another service that fits is shifted together
 *    with its subtree; one that does not fit, or of the same service, is
 *    clipped, unless it began after its parent ended (detached work, kept).
 *    An overhang of at most TIMING_ROUNDING_MICROS is repaired the same way
 *    without a warning: OpenTelemetry JS 2.x starts every span at Date.now()
 *    (whole milliseconds) and measures its duration with performance.now(),
 *    so a child recorded up to 1 ms outside its parent is rounding, not skew.
 */
import type { Span, TraceId, TraceWarning } from '@pathprof/model';
import type { ParentLink } from './trace-tree.js';
import { float64s, uint8s } from '../internal/typed-slab.js';

/** Overhangs this small are the tracer's clock rounding: repaired silently. */
export const TIMING_ROUNDING_MICROS = 1000;

export interface RepairedTiming {
  readonly start: Float64Array;
  readonly end: Float64Array;
}

export function repairTiming(
  traceId: TraceId,
  spans: readonly Span[],
  parent: Int32Array,
  links: readonly ParentLink[],
  children: readonly (readonly number[])[],
  preorder: readonly number[],
  warnings: TraceWarning[],
): RepairedTiming {
  const n = spans.length;
  const start = float64s(n);
  const end = float64s(n);
  let anyMissing = false;
  for (let i = 0; i < n; i++) {
    const s = spans[i]!;
    start[i] = s.startMicros;
    end[i] = s.startMicros + Math.max(0, s.durationMicros);
    anyMissing ||= s.missingTiming !== undefined;
  }
  if (anyMissing) {
    inferMissingTiming(
      traceId,
      spans,
      parent,
      children,
      preorder,
      start,
      end,
      warnings,
    );
  }

  const shift = float64s(n);
  for (const i of preorder) {
    const p = parent[i]!;
    if (p < 0) {
      continue;
    }
    shift[i] = shift[p]!;
    start[i] = start[i]! + shift[i]!;
    end[i] = end[i]! + shift[i]!;
    const link = links[i];
    if (
      (link !== 'child_of' && link !== 'shared') ||
      isAsyncHandoff(spans[p]!, spans[i]!)
    ) {
      continue;
    }
    const ps = start[p]!;
    const pe = end[p]!;
    if (start[i]! >= ps && end[i]! <= pe) {
      continue;
    }
    const duration = end[i]! - start[i]!;
    const span = spans[i]!;
    const rounding =
      Math.max(ps - start[i]!, end[i]! - pe) <= TIMING_ROUNDING_MICROS;
    if (span.service !== spans[p]!.service && duration <= pe - ps) {
      const delta = start[i]! < ps ? ps - start[i]! : pe - end[i]!;
      shift[i] = shift[i]! + delta;
      start[i] = start[i]! + delta;
      end[i] = end[i]! + delta;
      if (rounding) {
        continue;
      }
      warnings.push({
        code: 'clock-skew-shifted',
        traceId,
        spanId: span.spanId,
        message: `span ${span.spanId} (${span.service}) lay outside its parent; shifted by ${delta} µs`,
      });
    } else if (start[i]! >= pe && pe > ps) {
      // began after its parent ended: detached work (a redirect, fire-and-forget); keep it
      continue;
    } else {
      start[i] = Math.min(Math.max(start[i]!, ps), pe);
      end[i] = Math.max(Math.min(end[i]!, pe), start[i]!);
      if (rounding) {
        continue;
      }
      warnings.push({
        code: 'child-clipped',
        traceId,
        spanId: span.spanId,
        message: `span ${span.spanId} (${span.service}) overflowed its parent; clipped to it`,
      });
    }
  }
  return { start, end };
}

function inferMissingTiming(
  traceId: TraceId,
  spans: readonly Span[],
  parent: Int32Array,
  children: readonly (readonly number[])[],
  preorder: readonly number[],
  start: Float64Array,
  end: Float64Array,
  warnings: TraceWarning[],
): void {
  const startKnown = (i: number): boolean => {
    const m = spans[i]!.missingTiming;
    return m !== 'start' && m !== 'both';
  };
  const known = uint8s(spans.length);
  for (let i = 0; i < spans.length; i++) {
    known[i] = startKnown(i) ? 1 : 0;
  }
  // children before parents: take the earliest child start and latest child end
  for (let k = preorder.length - 1; k >= 0; k--) {
    const i = preorder[k]!;
    const m = spans[i]!.missingTiming;
    if (m === undefined) {
      continue;
    }
    let minStart = Infinity;
    let maxEnd = -Infinity;
    for (const c of children[i]!) {
      if (known[c] === 1) {
        minStart = Math.min(minStart, start[c]!);
        maxEnd = Math.max(maxEnd, end[c]!);
      }
    }
    if (known[i] === 0 && minStart !== Infinity) {
      start[i] = minStart;
      known[i] = 1;
    }
    if (m !== 'start') {
      end[i] = Math.max(start[i]!, maxEnd);
    } else {
      end[i] = start[i]! + Math.max(0, spans[i]!.durationMicros);
    }
  }
  // parents before children: a start still unknown is the parent's
  for (const i of preorder) {
    const m = spans[i]!.missingTiming;
    if (m === undefined) {
      continue;
    }
    const p = parent[i]!;
    if (known[i] === 0 && p >= 0) {
      const duration = end[i]! - start[i]!;
      start[i] = start[p]!;
      end[i] = start[i]! + duration;
      known[i] = 1;
    }
    warnings.push({
      code: 'timing-inferred',
      traceId,
      spanId: spans[i]!.spanId,
      message: `span ${spans[i]!.spanId} has no ${m === 'both' ? 'timestamp or duration' : m === 'start' ? 'timestamp' : 'duration'}; inferred`,
    });
  }
}

/**
 * Messaging is asynchronous: a send (PRODUCER) often completes on the broker's
 * acknowledgement after its caller returned, a consumer may run long after its
 * producer ended, and the processing below a consumer span (often a
 * near-instant "poll") may outlive it.
 */
function isAsyncHandoff(parent: Span, child: Span): boolean {
  return isMessaging(child) || isMessaging(parent);
}

function isMessaging(span: Span): boolean {
  return span.kind === 'producer' || span.kind === 'consumer';
}
