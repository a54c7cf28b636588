/** The collector's command-line options, added to `serve` and (partly) `demo`. */
import type { Command } from 'commander';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_RETENTION,
  TOKEN_ENV,
} from '../serve/collector-defaults.js';

export function addDataOption(command: Command): Command {
  return command.option(
    '--data <dir>',
    `data directory of the embedded store, or :memory: (default ${DEFAULT_DATA_DIR})`,
  );
}

export function addStoreOptions(command: Command): Command {
  return addDataOption(command).option(
    '--retention <duration>',
    `delete traces received (or imported) longer ago than this, e.g. 72h, 7d, 30m; 0 keeps everything (default ${DEFAULT_RETENTION})`,
  );
}

export function addCollectorOptions(command: Command): Command {
  return addStoreOptions(command)
    .option(
      '--store <kind>',
      'embedded (DuckDB in --data, the default) or clickhouse (a ClickHouse server, see --clickhouse-url)',
    )
    .option(
      '--clickhouse-url <url>',
      "ClickHouse's HTTP interface, e.g. http://127.0.0.1:8123 (user and password may be in the URL)",
    )
    .option(
      '--clickhouse-database <name>',
      'database for pathprof tables, created if missing (default pathprof)',
    )
    .option(
      '--clickhouse-cluster <name>',
      'shard over this cluster of remote_servers: local tables on every shard, Distributed tables over them, by trace id',
    )
    .option(
      '--clickhouse-shard-url <url>',
      "HTTP interface of a shard of --clickhouse-cluster (repeatable, one per shard); default: --clickhouse-url with each shard's host",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--clickhouse-shard-inserts',
      "with --clickhouse-cluster, send each trace's spans straight to the shard that owns it (the one the Distributed table would pick) instead of through --clickhouse-url",
    )
    .option(
      '--memory-limit <size>',
      'one memory bound for the collector and its embedded store: DuckDB, acknowledged spans not yet loaded, request bodies and queued spans share it (default 1GiB; at least 256MiB)',
    )
    .option(
      '--decode-workers <n>',
      'threads that decode OTLP/protobuf bodies off the event loop; more lower the acknowledgement latency under bursts but take CPU and memory from the store (default: the cores but one, 1 to 4)',
    )
    .option(
      '--path-index <on|off>',
      "keep the store's path index of one-minute windows current, so path profiles aggregate in the database (default on)",
    )
    .option(
      '--path-index-delay <duration>',
      'index a window this long after it ends, when its spans have arrived (default 30s)',
    )
    .option(
      '--otlp-port <port>',
      'OTLP/HTTP port, 0 for a free one, off to disable (default 4318)',
    )
    .option(
      '--zipkin-port <port>',
      'Zipkin v2 port, 0 for a free one, off to disable (default 9411)',
    )
    .option(
      '--query-port <port>',
      'query API, path API and /metrics port, 0 for a free one (default 16686)',
    )
    .option(
      '--otlp-grpc-port <port>',
      'OTLP/gRPC port, 0 for a free one, off to disable (default 4317)',
    )
    .option(
      '--jaeger-thrift-http-port <port>',
      'Jaeger Thrift over HTTP (POST /api/traces), 0 for a free one, off to disable (default 14268)',
    )
    .option(
      '--jaeger-thrift-compact-port <port>',
      'Jaeger agent UDP, compact Thrift, 0 for a free one, off to disable (default 6831)',
    )
    .option(
      '--jaeger-thrift-binary-port <port>',
      'Jaeger agent UDP, binary Thrift, 0 for a free one, off to disable (default 6832)',
    )
    .option(
      '--jaeger-grpc-port <port>',
      'Jaeger gRPC collector (PostSpans), 0 for a free one, off to disable (default 14250)',
    )
    .option(
      '--query-grpc-port <port>',
      'Jaeger gRPC query API (api_v2 and api_v3, as Kiali reads it), 0 for a free one, off to disable (default 16685)',
    )
    .option(
      '--host <address>',
      'interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface)',
    )
    .option(
      '--base-path <path>',
      'prefix of the query API, e.g. /jaeger (default none)',
    )
    .option(
      '--token <token>',
      `require Authorization: Bearer <token> on ingest and queries (default $${TOKEN_ENV}, else none)`,
    )
    .option(
      '--cors-origin <origin>',
      'allow browser calls to the query API from this origin (repeatable; * for any); default none',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--allowed-host <name>',
      "on loopback, also answer requests whose Host is this name (repeatable; e.g. a local proxy's name); default only loopback names",
      (value: string, previous: string[] = []) => [...previous, value],
    );
}
