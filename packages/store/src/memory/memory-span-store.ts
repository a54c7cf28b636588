/**
 * The reference adapter: everything in process memory, nothing durable beyond
 * the process. For tests and as the executable definition of the contract;
 * `--data :memory:` uses DuckDB's in-memory mode instead, which scales further.
 */
import type {
  Micros,
  Span,
  SpanKind,
  TraceId,
  TraceSpans,
} from '@pathprof/model';
import {
  countTraceDependencies,
  compare,
  toDependencyLinks,
} from '../internal/dependencies.js';
import {
  checkAttributeValuesArgs,
  rankAttributeValues,
} from '../internal/attribute-values.js';
import { attributeText, spanMatchesTag } from '../internal/match-tag.js';
import type { NormalisedQuery } from '../internal/normalise-query.js';
import { normaliseQuery } from '../internal/normalise-query.js';
import { orderTraceSpans } from '../internal/order-trace-spans.js';
import type { StoredSpan } from '../internal/order-trace-spans.js';
import { prepareBatch } from '../internal/prepare-batch.js';
import { spanKey } from '../internal/span-key.js';
import {
  checkStreamArgs,
  checkCutoff,
  checkDependencyArgs,
  resolveReceivedMicros,
  SYSTEM_CLOCK,
} from '../internal/check-args.js';
import type { Clock } from '../internal/check-args.js';
import type {
  AppendOptions,
  AppendResult,
  AttributeValuesOptions,
  AttributeValuesResult,
  DeleteResult,
  DependencyLink,
  OperationInfo,
  SpanStore,
  StreamTracesOptions,
  TimeWindow,
  TraceQuery,
  TraceSearchResult,
} from '../span-store.js';
import { StoreError } from '../store-error.js';
import { MemoryPathIndex } from './memory-path-index.js';

export interface MemoryStoreOptions {
  /** Time since receipt after which `applyRetention` deletes a trace, in µs; none by default. */
  readonly retentionMicros?: Micros;
  /** The clock that dates appends given no receive time; default the system's. */
  readonly nowMicros?: () => Micros;
}

interface StoredTrace {
  readonly traceId: TraceId;
  readonly entries: StoredSpan[];
  readonly keys: Set<string>;
  startMicros: Micros;
  endMicros: Micros;
  /** The latest receive time of its spans. */
  receivedMicros: Micros;
}

/** Opens an empty in-memory store. */
export function createMemoryStore(options: MemoryStoreOptions = {}): SpanStore {
  return new MemorySpanStore(
    options.retentionMicros,
    options.nowMicros ?? SYSTEM_CLOCK,
  );
}

class MemorySpanStore implements SpanStore {
  readonly #traces = new Map<string, StoredTrace>();
  /** `service\0operation\0kind` → number of stored spans. */
  readonly #operations = new Map<string, number>();
  #seq = 0;
  #closed = false;
  readonly pathIndex = new MemoryPathIndex(
    () => this.#spanStarts(),
    (body) => this.#guard(body),
  );

  constructor(
    readonly retentionMicros: Micros | undefined,
    private readonly clock: Clock,
  ) {}

  *#spanStarts(): Iterable<number> {
    for (const trace of this.#traces.values()) {
      for (const e of trace.entries) {
        yield e.storedStart;
      }
    }
  }

  appendSpans(
    spans: readonly Span[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return this.#guard(() => {
      const received = resolveReceivedMicros(options, this.clock);
      const batch = prepareBatch(spans, received);
      for (const { span, storedStart } of batch.spans) {
        let trace = this.#traces.get(span.traceId);
        if (trace === undefined) {
          trace = {
            traceId: span.traceId,
            entries: [],
            keys: new Set(),
            startMicros: storedStart,
            endMicros: storedStart + span.durationMicros,
            receivedMicros: received,
          };
          this.#traces.set(span.traceId, trace);
        }
        // a re-sent copy is dropped on reading, but refreshes the trace's receipt
        trace.receivedMicros = Math.max(trace.receivedMicros, received);
        const key = spanKey(span);
        if (trace.keys.has(key)) {
          continue;
        }
        trace.keys.add(key);
        trace.entries.push({ span, storedStart, seq: this.#seq++ });
        trace.startMicros = Math.min(trace.startMicros, storedStart);
        trace.endMicros = Math.max(
          trace.endMicros,
          storedStart + span.durationMicros,
        );
        const op = operationKey(span.service, span.operation, span.kind);
        this.#operations.set(op, (this.#operations.get(op) ?? 0) + 1);
      }
      return batch.result;
    });
  }

  searchTraces(query: TraceQuery): Promise<TraceSearchResult> {
    return this.#guard(() => {
      const q = normaliseQuery(query);
      const matched = [...this.#traces.values()].filter((t) =>
        t.entries.some((e) => entryMatches(e, q)),
      );
      const key = (t: StoredTrace): number =>
        q.orderBy === 'duration' ? t.endMicros - t.startMicros : t.startMicros;
      const sign = q.direction === 'asc' ? 1 : -1;
      matched.sort(
        (a, b) => sign * (key(a) - key(b)) || compare(a.traceId, b.traceId),
      );
      return {
        traces: matched.slice(q.offset, q.offset + q.limit).map(toTraceSpans),
        total: matched.length,
      };
    });
  }

  getTraces(ids: readonly TraceId[]): Promise<TraceSpans[]> {
    return this.#guard(() => {
      const out: TraceSpans[] = [];
      for (const id of new Set(ids)) {
        const trace = this.#traces.get(id);
        if (trace !== undefined) {
          out.push(toTraceSpans(trace));
        }
      }
      return out;
    });
  }

  listServices(): Promise<string[]> {
    return this.#guard(() => {
      const services = new Set<string>();
      for (const key of this.#operations.keys()) {
        services.add(key.slice(0, key.indexOf('\u0000')));
      }
      return [...services].sort(compare);
    });
  }

  listOperations(
    service: string,
    spanKind?: SpanKind,
  ): Promise<OperationInfo[]> {
    return this.#guard(() => {
      const out: OperationInfo[] = [];
      for (const key of this.#operations.keys()) {
        const [svc, name = '', kind] = key.split('\u0000');
        if (svc === service && (spanKind === undefined || kind === spanKind)) {
          out.push({ name, spanKind: kind as SpanKind });
        }
      }
      return out.sort(
        (a, b) => compare(a.name, b.name) || compare(a.spanKind, b.spanKind),
      );
    });
  }

  listAttributeValues(
    key: string,
    window: TimeWindow,
    options: AttributeValuesOptions,
  ): Promise<AttributeValuesResult> {
    return this.#guard(() => {
      checkAttributeValuesArgs(key, window, options);
      const counts = new Map<string, number>();
      for (const trace of this.#traces.values()) {
        for (const { span, storedStart } of trace.entries) {
          if (
            storedStart < window.startMicros ||
            storedStart >= window.endMicros ||
            (options.service !== undefined && span.service !== options.service)
          ) {
            continue;
          }
          const value = span.attributes[key] ?? span.resource[key];
          if (value !== undefined) {
            const text = attributeText(value);
            counts.set(text, (counts.get(text) ?? 0) + 1);
          }
        }
      }
      return rankAttributeValues(
        [...counts].map(([value, spans]) => ({ value, spans })),
        options.limit,
      );
    });
  }

  getDependencies(
    endMicros: Micros,
    lookbackMicros: Micros,
  ): Promise<DependencyLink[]> {
    return this.#guard(() => {
      checkDependencyArgs(endMicros, lookbackMicros);
      const from = endMicros - lookbackMicros;
      const counts = new Map<string, number>();
      for (const trace of this.#traces.values()) {
        if (
          trace.entries.some(
            (e) => e.storedStart >= from && e.storedStart <= endMicros,
          )
        ) {
          countTraceDependencies(
            trace.entries.map((e) => e.span),
            counts,
          );
        }
      }
      return toDependencyLinks(counts);
    });
  }

  streamTraces(
    window: TimeWindow,
    options: StreamTracesOptions = {},
  ): AsyncIterable<TraceSpans> {
    const traces = this.#traces;
    const isClosed = (): boolean => this.#closed;
    return {
      async *[Symbol.asyncIterator]() {
        if (isClosed()) {
          throw closedError();
        }
        checkStreamArgs(window, options);
        const selected = [...traces.values()]
          .filter(
            (t) =>
              t.startMicros >= window.startMicros &&
              t.startMicros < window.endMicros,
          )
          .sort(
            (a, b) =>
              a.startMicros - b.startMicros || compare(a.traceId, b.traceId),
          );
        for (const trace of selected) {
          if (
            options.service !== undefined &&
            !trace.entries.some((e) => e.span.service === options.service)
          ) {
            continue;
          }
          yield await Promise.resolve(toTraceSpans(trace));
        }
      },
    };
  }

  deleteOlderThan(cutoffMicros: Micros): Promise<DeleteResult> {
    return this.#guard(() => {
      checkCutoff(cutoffMicros);
      return this.#deleteWhere((t) => t.endMicros < cutoffMicros);
    });
  }

  deleteReceivedBefore(cutoffMicros: Micros): Promise<DeleteResult> {
    return this.#guard(() => {
      checkCutoff(cutoffMicros);
      return this.#deleteWhere((t) => t.receivedMicros < cutoffMicros);
    });
  }

  applyRetention(nowMicros: Micros): Promise<DeleteResult> {
    const retention = this.retentionMicros;
    return retention === undefined
      ? this.#guard(() => ({ traces: 0, spans: 0 }))
      : this.deleteReceivedBefore(nowMicros - retention);
  }

  #deleteWhere(doomed: (trace: StoredTrace) => boolean): DeleteResult {
    let traces = 0;
    let spans = 0;
    const deleted = new Set<string>();
    for (const [id, trace] of this.#traces) {
      if (doomed(trace)) {
        this.#traces.delete(id);
        deleted.add(id);
        traces++;
        spans += trace.entries.length;
        for (const { span } of trace.entries) {
          const op = operationKey(span.service, span.operation, span.kind);
          const left = (this.#operations.get(op) ?? 0) - 1;
          if (left > 0) {
            this.#operations.set(op, left);
          } else {
            this.#operations.delete(op);
          }
        }
      }
    }
    this.pathIndex.forgetTraces(deleted);
    return { traces, spans };
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#traces.clear();
    this.#operations.clear();
    this.pathIndex.clear();
    return Promise.resolve();
  }

  /** Runs a synchronous body as the async contract demands, rejecting once closed. */
  #guard<T>(body: () => T): Promise<T> {
    if (this.#closed) {
      return Promise.reject(closedError());
    }
    try {
      return Promise.resolve(body());
    } catch (err) {
      return Promise.reject(
        err instanceof Error ? err : new Error(String(err)),
      );
    }
  }
}

function entryMatches(e: StoredSpan, q: NormalisedQuery): boolean {
  const s = e.span;
  return (
    (q.service === undefined || s.service === q.service) &&
    (q.operation === undefined || s.operation === q.operation) &&
    (q.startMin === undefined || e.storedStart >= q.startMin) &&
    (q.startMax === undefined || e.storedStart <= q.startMax) &&
    (q.durationMin === undefined || s.durationMicros >= q.durationMin) &&
    (q.durationMax === undefined || s.durationMicros <= q.durationMax) &&
    q.tags.every(([k, v]) => spanMatchesTag(s, k, v))
  );
}

function toTraceSpans(trace: StoredTrace): TraceSpans {
  return { traceId: trace.traceId, spans: orderTraceSpans(trace.entries) };
}

function operationKey(
  service: string,
  operation: string,
  kind: SpanKind,
): string {
  return `${service}\u0000${operation}\u0000${kind}`;
}

function closedError(): StoreError {
  return new StoreError('PATHPROF_ERR_STORE_CLOSED', 'the store is closed');
}
