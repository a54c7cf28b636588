import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { IN_MEMORY, openDuckDbStore } from '../../src/index.js';
import { describeSpanStoreContract } from '../contract/span-store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'pathprof-store-contract-'));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeSpanStoreContract('duckdb :memory:', (options) =>
  openDuckDbStore({ path: IN_MEMORY, ...options }),
);

describeSpanStoreContract('duckdb data directory', (options) =>
  openDuckDbStore({ path: join(root, `store-${n++}`), ...options }),
);
