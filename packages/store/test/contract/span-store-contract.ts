/**
 * The SpanStore contract: every adapter runs this suite unchanged
 * (`describeSpanStoreContract('duckdb :memory:', () => openDuckDbStore(...))`).
 * It speaks only the interface, so a ClickHouse adapter runs it as it is.
 *
 * Time lines in comments: `|` marks search or window bounds, `[──]` spans.
 */
import type { Span } from '@pathprof/model';
import { afterEach, describe } from 'vitest';
import type { SpanStore, TraceQuery } from '../../src/index.js';
import { name } from '../helpers.js';
import { describeAppendContract } from './append-contract.js';
import { describeAttributeValuesContract } from './attribute-values-contract.js';
import { describeCatalogContract } from './catalog-contract.js';
import { describeCloseContract } from './close-contract.js';
import type {
  ContractContext,
  ContractStoreOptions,
  CreateStore,
} from './contract-context.js';
import { describeDependenciesContract } from './dependencies-contract.js';
import { describeGetTracesContract } from './get-traces-contract.js';
import { describePathDrilldownContract } from './path-drilldown-contract.js';
import { describePathIndexContract } from './path-index-contract.js';
import { describeRetentionContract } from './retention-contract.js';
import { describeSearchFilterContract } from './search-filter-contract.js';
import { describeSearchPageContract } from './search-page-contract.js';
import { describeStreamContract } from './stream-contract.js';

export type { ContractStoreOptions, CreateStore } from './contract-context.js';

const CONTRACT_PARTS = {
  append: describeAppendContract,
  getTraces: describeGetTracesContract,
  pathIndex: describePathIndexContract,
  pathDrilldown: describePathDrilldownContract,
  attributeValues: describeAttributeValuesContract,
  searchFilter: describeSearchFilterContract,
  searchPage: describeSearchPageContract,
  catalog: describeCatalogContract,
  dependencies: describeDependenciesContract,
  stream: describeStreamContract,
  retention: describeRetentionContract,
  close: describeCloseContract,
} as const;

/** A part of the contract, for a run that cannot afford all of it. */
export type ContractPart = keyof typeof CONTRACT_PARTS;

export function describeSpanStoreContract(
  adapter: string,
  createStore: CreateStore,
  parts: readonly ContractPart[] = Object.keys(
    CONTRACT_PARTS,
  ) as ContractPart[],
): void {
  describe(`SpanStore contract: ${adapter}`, () => {
    const open: SpanStore[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });
    async function fresh(options?: ContractStoreOptions): Promise<SpanStore> {
      const store = await createStore(options);
      open.push(store);
      return store;
    }
    const ctx: ContractContext = {
      fresh,
      async storeWith(...spans: Span[]): Promise<SpanStore> {
        const store = await fresh();
        await store.appendSpans(spans);
        return store;
      },
      async search(
        store: SpanStore,
        query: Partial<TraceQuery>,
      ): Promise<string[]> {
        const result = await store.searchTraces({ limit: 100, ...query });
        return result.traces.map((t) => name(t.traceId));
      },
      createStore,
    };
    for (const part of parts) {
      CONTRACT_PARTS[part](ctx);
    }
  });
}
