import { afterAll, beforeAll, describe } from 'vitest';
import { openSpanStore } from '../../src/index.js';
import { describeSpanStoreContract } from '../contract/span-store-contract.js';
import {
  ClickHouseTestServer,
  findClickHouseServer,
} from './clickhouse-test-server.js';

const command = findClickHouseServer();
let n = 0;

describe.skipIf(command === null)('clickhouse single node', () => {
  const server = new ClickHouseTestServer(command ?? []);
  beforeAll(() => server.start(), 60_000);
  afterAll(() => server.dispose(), 120_000);

  // A database per store keeps the contract's tests apart on one server.
  describeSpanStoreContract('clickhouse', (options) =>
    openSpanStore({
      kind: 'clickhouse',
      url: server.url,
      database: `contract_${process.pid}_${n++}`,
      ...options,
    }),
  );
});
