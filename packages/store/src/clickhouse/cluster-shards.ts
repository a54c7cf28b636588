/**
 * The HTTP URL and weight of every shard of a `remote_servers` cluster, checked.
 *
 * ClickHouse 18.16 runs `ON CLUSTER` DDL only through ZooKeeper, so the store
 * creates the local tables on each shard itself and needs each shard's HTTP
 * interface; `system.clusters` lists native TCP ports only. The URLs are the
 * ones given (`--clickhouse-shard-url`), or else the entry URL with each
 * shard's `host_name` (same scheme, port, user and password: the usual
 * deployment with every server on 8123). Every URL must answer as exactly one
 * shard (`is_local` in its own `system.clusters`), and every shard must have
 * one URL, so a wrong port cannot point two shards at one server.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { StoreError } from '../store-error.js';
import { describeServer, toStoreError } from './clickhouse-errors.js';
import { quoteString } from './clickhouse-sql.js';
import { selectRows } from './run-query.js';

interface ClusterRow {
  shard_num: number | string;
  shard_weight: number | string;
  replica_num: number | string;
  host_name: string;
}

/** One shard of the cluster, in shard order. */
export interface ClusterShard {
  /** Its HTTP interface. */
  readonly url: string;
  /** Its `shard_weight`: its share of the slots a `Distributed` table deals traces into. */
  readonly weight: number;
}

export interface ShardLookup {
  /** A client of the server at `url`, closed by the caller of `resolveShards`. */
  readonly connect: (url: string) => ClickHouseClient;
  readonly entryUrl: string;
  readonly cluster: string;
  readonly shardUrls: readonly string[] | undefined;
}

/**
 * The shards in shard order, with the weights the entry's `remote_servers`
 * gives them; rejects with `PATHPROF_ERR_STORE_OPEN`.
 */
export async function resolveShards(
  entry: ClickHouseClient,
  lookup: ShardLookup,
): Promise<ClusterShard[]> {
  const { cluster } = lookup;
  const rows = await selectRows<ClusterRow>(
    entry,
    `SELECT shard_num, shard_weight, replica_num, host_name FROM system.clusters
     WHERE cluster = ${quoteString(cluster)} ORDER BY shard_num, replica_num`,
  );
  const entryServer = describeServer(lookup.entryUrl);
  if (rows.length === 0) {
    throw openError(
      `ClickHouse at ${entryServer} has no cluster ${cluster} in its remote_servers`,
    );
  }
  if (rows.some((r) => Number(r.replica_num) > 1)) {
    throw openError(
      `cluster ${cluster} has a shard with several replicas; pathprof creates plain MergeTree tables and supports one replica per shard`,
    );
  }
  const urls =
    lookup.shardUrls ??
    deriveShardUrls(
      lookup.entryUrl,
      rows.map((r) => r.host_name),
    );
  const byShard = new Map<number, string>();
  for (const url of urls) {
    const shard = await readLocalShard(lookup, url);
    if (byShard.has(shard)) {
      throw openError(
        `${describeServer(url)} and ${describeServer(byShard.get(shard)!)} are both shard ${shard} of cluster ${cluster}; give one URL per shard`,
      );
    }
    byShard.set(shard, url);
  }
  const missing = rows
    .map((r) => Number(r.shard_num))
    .filter((n) => !byShard.has(n));
  if (missing.length > 0) {
    throw openError(
      `no shard URL reaches shard ${missing.join(', ')} of cluster ${cluster}; pass one --clickhouse-shard-url per shard`,
    );
  }
  return rows.map((r) => ({
    url: byShard.get(Number(r.shard_num))!,
    weight: Number(r.shard_weight),
  }));
}

/** The entry URL with each host name in turn; IPv6 addresses get brackets. */
export function deriveShardUrls(
  entryUrl: string,
  hostNames: readonly string[],
): string[] {
  return hostNames.map((host) => {
    const url = new URL(entryUrl);
    url.hostname = host.includes(':') ? `[${host}]` : host;
    return url.href;
  });
}

async function readLocalShard(
  lookup: ShardLookup,
  url: string,
): Promise<number> {
  const server = describeServer(url);
  const client = lookup.connect(url);
  let rows: { shard_num: number | string }[];
  try {
    rows = await selectRows(
      client,
      `SELECT shard_num FROM system.clusters
       WHERE cluster = ${quoteString(lookup.cluster)} AND is_local = 1`,
    );
  } catch (err) {
    throw toStoreError(err, 'PATHPROF_ERR_STORE_OPEN', 'cluster check', server);
  } finally {
    await client.close();
  }
  if (rows.length !== 1) {
    throw openError(
      `ClickHouse at ${server} is ${rows.length === 0 ? 'not a server' : 'several servers'} of cluster ${lookup.cluster}; check the shard URLs and the ports in remote_servers`,
    );
  }
  return Number(rows[0]!.shard_num);
}

function openError(message: string): StoreError {
  return new StoreError('PATHPROF_ERR_STORE_OPEN', message);
}
