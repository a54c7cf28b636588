import { afterAll, beforeAll, describe } from 'vitest';
import { openSpanStore } from '../../src/index.js';
import { describeSpanStoreContract } from '../contract/span-store-contract.js';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from './clickhouse-test-cluster.js';
import { findClickHouseServer } from './clickhouse-test-server.js';

const command = findClickHouseServer();
let n = 0;

describe.skipIf(command === null)('clickhouse two-shard cluster', () => {
  const cluster = new ClickHouseTestCluster(command ?? []);
  beforeAll(() => cluster.start(), 60_000);
  afterAll(() => cluster.dispose(), 120_000);

  // Stores enter through either shard in turn; a database per store.
  describeSpanStoreContract('clickhouse cluster', (options) => {
    const i = n++;
    return openSpanStore({
      kind: 'clickhouse',
      url: cluster.shardUrls[i % 2]!,
      database: `cluster_contract_${process.pid}_${i}`,
      cluster: TEST_CLUSTER,
      shardUrls: cluster.shardUrls,
      ...options,
    });
  });
});
