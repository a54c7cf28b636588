import { expect, it } from 'vitest';
import * as store from '../src/index.js';

it('exports exactly the public API', () => {
  expect(Object.keys(store).sort()).toMatchInlineSnapshot(`
    [
      "DUCKDB_FILE_NAME",
      "IN_MEMORY",
      "STORE_ERROR_CODES",
      "StoreError",
      "createMemoryStore",
      "isStoreError",
      "openDuckDbStore",
      "openSpanStore",
    ]
  `);
});
