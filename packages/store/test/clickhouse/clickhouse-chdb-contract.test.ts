/**
 * The whole SpanStore contract over the ClickHouse adapter on chDB's current
 * ClickHouse. It takes minutes (every test creates a schema), so it runs on
 * request: `PATHPROF_CHDB_CONTRACT=1 npx vitest run <this file>`. The parts
 * that run by default are in `current-clickhouse.test.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeSpanStoreContract } from '../contract/span-store-contract.js';
import { loadChdb } from './chdb-client.js';
import { openChdbStore } from './chdb-test-store.js';

const requested = process.env['PATHPROF_CHDB_CONTRACT'] === '1';
const available = requested && (await loadChdb());

describe.skipIf(!available)(
  'ClickHouse adapter on chDB, whole contract (PATHPROF_CHDB_CONTRACT=1)',
  () => {
    let dataDir = '';
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'pathprof-chdb-'));
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 60_000);
    describeSpanStoreContract('clickhouse on chDB', (options) =>
      openChdbStore(dataDir, options),
    );
  },
);
