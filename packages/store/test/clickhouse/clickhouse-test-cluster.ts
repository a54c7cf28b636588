/**
 * A test cluster: `shards` private `clickhouse-server` processes on
 * 127.0.0.1, each one shard of one replica in every server's
 * `remote_servers`, no ZooKeeper (so no `ON CLUSTER` DDL).
 */
import {
  ClickHouseTestServer,
  findFreePort,
} from './clickhouse-test-server.js';

export const TEST_CLUSTER = 'pathprof_test';

export class ClickHouseTestCluster {
  readonly servers: readonly ClickHouseTestServer[];

  readonly #weights: readonly number[] | undefined;

  /** `weights`: each shard's weight in `remote_servers`; default 1 each. */
  constructor(command: readonly string[], shards = 2, weights?: number[]) {
    this.servers = Array.from(
      { length: shards },
      () => new ClickHouseTestServer(command),
    );
    this.#weights = weights;
  }

  /** The HTTP URL of each shard, in shard order. */
  get shardUrls(): string[] {
    return this.servers.map((s) => s.url);
  }

  async start(): Promise<void> {
    const shardTcpPorts: number[] = [];
    for (const server of this.servers) {
      shardTcpPorts.push(await server.reservePorts());
    }
    for (const server of this.servers) {
      server.joinCluster({
        name: TEST_CLUSTER,
        shardTcpPorts,
        ...(this.#weights === undefined ? {} : { shardWeights: this.#weights }),
        interserverHttpPort: await findFreePort(),
      });
    }
    await Promise.all(this.servers.map((s) => s.start()));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.dispose()));
  }
}
