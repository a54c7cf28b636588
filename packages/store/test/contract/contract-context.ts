import type { SpanStore, TraceQuery } from '../../src/index.js';
import type { Span } from '@pathprof/model';

export interface ContractStoreOptions {
  retentionMicros?: number;
  /** The store's clock (dates appends given no receive time). */
  nowMicros?: () => number;
}

export type CreateStore = (
  options?: ContractStoreOptions,
) => Promise<SpanStore>;

/** What every part of the contract gets from the suite. */
export interface ContractContext {
  /** An empty store, closed after the test. */
  readonly fresh: (options?: ContractStoreOptions) => Promise<SpanStore>;
  /** A store holding these spans (one append), closed after the test. */
  readonly storeWith: (...spans: Span[]) => Promise<SpanStore>;
  /** The short names of the trace ids a search returns (limit 100 unless given). */
  readonly search: (
    store: SpanStore,
    query: Partial<TraceQuery>,
  ) => Promise<string[]>;
  /** The adapter's factory, for tests that close the store themselves. */
  readonly createStore: CreateStore;
}

/** One second in µs. */
export const S = 1_000_000;
