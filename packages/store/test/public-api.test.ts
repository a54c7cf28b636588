import { expect, it } from 'vitest';
import * as store from '../src/index.js';

it('exports exactly the public API', () => {
  expect(Object.keys(store).sort()).toMatchInlineSnapshot(`
    [
      "DUCKDB_FILE_NAME",
      "IN_MEMORY",
      "SPAN_BATCH_FORMATS",
      "STORE_ERROR_CODES",
      "StoreError",
      "createMemoryStore",
      "encodeSpanBatch",
      "isStoreError",
      "openDuckDbStore",
      "openSpanStore",
    ]
  `);
});
