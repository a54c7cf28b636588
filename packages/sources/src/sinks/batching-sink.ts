/**
 * Turns the readers' traces into store-sized batches: spans are collected
 * until `batchSpans`, then written while reading goes on; with
 * `maxWritesInFlight` writes pending, `drain()` holds the reader back. So at
 * most (maxWritesInFlight + 1) × batchSpans spans are in memory.
 */
import type { Span, TraceId, TraceWarning } from '@pathprof/model';
import type { TraceSink } from '../readers/read-traces.js';
import type { SpanWriter, WriteOutcome } from './span-writer.js';

export interface ImportCounts {
  traces: number;
  spans: number;
  stored: number;
  duplicates: number;
  rejectedByStore: number;
  /** The first reason the target gave for a rejected span. */
  rejectedMessage: string | undefined;
  warnings: Map<string, number>;
}

export interface BatchingSink extends TraceSink {
  readonly counts: ImportCounts;
  /** Whether a write failed (the target refused or broke); reading should stop. */
  readonly failed: boolean;
  /** Writes what is left and waits for every write. */
  finish(): Promise<void>;
}

export function createBatchingSink(
  writer: SpanWriter,
  batchSpans: number,
  maxWritesInFlight = 2,
): BatchingSink {
  const counts: ImportCounts = {
    traces: 0,
    spans: 0,
    stored: 0,
    duplicates: 0,
    rejectedByStore: 0,
    rejectedMessage: undefined,
    warnings: new Map(),
  };
  let batch: Span[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;

  const take = (outcome: WriteOutcome): void => {
    counts.stored += outcome.stored;
    counts.duplicates += outcome.duplicates;
    counts.rejectedByStore += outcome.rejected;
    counts.rejectedMessage ??= outcome.rejectedMessage;
  };
  const send = (): void => {
    if (batch.length === 0) {
      return;
    }
    const spans = batch;
    batch = [];
    const write: Promise<void> = writer.write(spans).then(take, (err) => {
      failure ??= err instanceof Error ? err : new Error(String(err));
    });
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
  };
  const rethrow = (): void => {
    if (failure !== undefined) {
      throw failure;
    }
  };

  return {
    counts,
    get failed() {
      return failure !== undefined;
    },
    trace(_traceId: TraceId, spans: readonly Span[]) {
      counts.traces += 1;
      counts.spans += spans.length;
      for (const span of spans) {
        batch.push(span);
      }
      if (batch.length >= batchSpans) {
        send();
      }
    },
    warning(w: TraceWarning) {
      counts.warnings.set(w.code, (counts.warnings.get(w.code) ?? 0) + 1);
    },
    async drain() {
      while (inFlight.size >= maxWritesInFlight) {
        await Promise.race(inFlight);
      }
      rethrow();
    },
    async finish() {
      send();
      await Promise.all(inFlight);
      rethrow();
    },
  };
}
