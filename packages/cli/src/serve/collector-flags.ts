/**
 * The collector's flags, shared by `pathprof serve` and `pathprof demo`:
 * validation into `startCollector` options, and the message for a port that
 * is already taken.
 */
import {
  DEFAULT_HOST,
  DEFAULT_JAEGER_GRPC_PORT,
  DEFAULT_JAEGER_THRIFT_BINARY_PORT,
  DEFAULT_JAEGER_THRIFT_COMPACT_PORT,
  DEFAULT_JAEGER_THRIFT_HTTP_PORT,
  DEFAULT_OTLP_GRPC_PORT,
  DEFAULT_OTLP_PORT,
  DEFAULT_QUERY_GRPC_PORT,
  DEFAULT_QUERY_PORT,
  DEFAULT_ZIPKIN_PORT,
  DEFAULT_MEMORY_LIMIT_BYTES,
  MIN_MEMORY_LIMIT_BYTES,
  normaliseBasePath,
} from '@pathprof/collector';
import type { CollectorListeners } from '@pathprof/collector';
import { UsageError } from '../shared/usage-error.js';
import { parseDurationOrSeconds } from '../shared/parse-duration-flag.js';

import {
  DEFAULT_DATA_DIR,
  DEFAULT_RETENTION,
  TOKEN_ENV,
} from './collector-defaults.js';

export interface CollectorFlags {
  otlpPort?: string;
  zipkinPort?: string;
  queryPort?: string;
  otlpGrpcPort?: string;
  jaegerThriftHttpPort?: string;
  jaegerThriftCompactPort?: string;
  jaegerThriftBinaryPort?: string;
  jaegerGrpcPort?: string;
  queryGrpcPort?: string;
  host?: string;
  data?: string;
  basePath?: string;
  token?: string;
  retention?: string;
  corsOrigin?: string[];
  allowedHost?: string[];
  store?: string;
  clickhouseUrl?: string;
  clickhouseDatabase?: string;
  clickhouseCluster?: string;
  clickhouseShardUrl?: string[];
  clickhouseShardInserts?: boolean;
  pathIndex?: string;
  pathIndexDelay?: string;
  memoryLimit?: string;
  decodeWorkers?: string;
}

/** Where spans are kept: the embedded store (a data directory) or a ClickHouse server. */
export type StoreChoice =
  | { readonly kind: 'embedded' }
  | {
      readonly kind: 'clickhouse';
      readonly url: string;
      readonly database: string | undefined;
      /** `--clickhouse-cluster`: shard over this `remote_servers` cluster. */
      readonly cluster: string | undefined;
      /** `--clickhouse-shard-url`, repeated: each shard's HTTP interface. */
      readonly shardUrls: readonly string[] | undefined;
      /** `--clickhouse-shard-inserts`: write each trace straight to the shard that owns it. */
      readonly shardInserts: boolean;
    };

/** The ports that `off` turns off, beside OTLP/HTTP and Zipkin: flag and default of each. */
export const EXTRA_PORT_FLAGS = {
  otlpGrpcPort: ['--otlp-grpc-port', DEFAULT_OTLP_GRPC_PORT, 'OTLP/gRPC'],
  jaegerThriftHttpPort: [
    '--jaeger-thrift-http-port',
    DEFAULT_JAEGER_THRIFT_HTTP_PORT,
    'Jaeger Thrift HTTP',
  ],
  jaegerThriftCompactPort: [
    '--jaeger-thrift-compact-port',
    DEFAULT_JAEGER_THRIFT_COMPACT_PORT,
    'Jaeger agent (compact)',
  ],
  jaegerThriftBinaryPort: [
    '--jaeger-thrift-binary-port',
    DEFAULT_JAEGER_THRIFT_BINARY_PORT,
    'Jaeger agent (binary)',
  ],
  jaegerGrpcPort: [
    '--jaeger-grpc-port',
    DEFAULT_JAEGER_GRPC_PORT,
    'Jaeger gRPC',
  ],
  queryGrpcPort: ['--query-grpc-port', DEFAULT_QUERY_GRPC_PORT, 'gRPC query'],
} as const;

export type ExtraPortName = keyof typeof EXTRA_PORT_FLAGS;

/** Every extra port off: for `pathprof demo` and tests that want only OTLP/HTTP. */
export const EXTRA_PORTS_OFF: { readonly [name in ExtraPortName]: null } = {
  otlpGrpcPort: null,
  jaegerThriftHttpPort: null,
  jaegerThriftCompactPort: null,
  jaegerThriftBinaryPort: null,
  jaegerGrpcPort: null,
  queryGrpcPort: null,
};

export interface CollectorSettings extends CollectorListeners {
  readonly data: string;
  readonly basePath: string;
  readonly token: string | undefined;
  /** `undefined`: keep everything (`--retention 0`). */
  readonly retentionMicros: number | undefined;
  readonly corsOrigins: readonly string[];
  /** `--allowed-host`: names accepted in `Host` beside loopback ones. */
  readonly allowedHosts: readonly string[];
  readonly store: StoreChoice;
  /** `--path-index`: keep the store's path index current (when it has one). */
  readonly pathIndex: boolean;
  /** `--path-index-delay`, µs; undefined for the collector's default. */
  readonly pathIndexDelayMicros: number | undefined;
  /** `--memory-limit`, bytes: the collector's and its embedded store's one bound. */
  readonly memoryLimitBytes: number;
  /** `--decode-workers`; undefined for the collector's default. */
  readonly decodeWorkers?: number;
}

export const COLLECTOR_MESSAGES = {
  badPort: (flag: string, v: string) =>
    `${flag}: "${v}" is not a port number from 0 to 65535 (0 picks a free port; "off" turns the receiver off)`,
  badQueryPort: (v: string) =>
    `--query-port: "${v}" is not a port number from 0 to 65535 (0 picks a free port)`,
  badRetention: (v: string) =>
    `--retention: "${v}" is not a duration such as 72h, 7d, 30m or 0 (keep everything)`,
  badBasePath: (v: string) =>
    `--base-path: "${v}" is not a URL path such as /jaeger`,
  badHost: (v: string) => `--host: "${v}" is empty`,
  badAllowedHost: (v: string) =>
    `--allowed-host: "${v}" is not a host name such as pathprof.internal (no scheme, port or path)`,
  emptyToken:
    '--token: the token is empty or only whitespace (an unset variable?); give the token, or leave --token out to serve without one',
  emptyTokenEnv: `${TOKEN_ENV} is set but empty or only whitespace; give it the token, or unset it to serve without one`,
  badStore: (v: string) => `--store: "${v}" is not one of embedded, clickhouse`,
  needsClickhouseUrl:
    '--store clickhouse needs --clickhouse-url, e.g. http://127.0.0.1:8123',
  clickhouseFlagsWithoutStore: (flag: string) =>
    `${flag} needs --store clickhouse`,
  shardUrlWithoutCluster:
    '--clickhouse-shard-url names the shards of --clickhouse-cluster; pass the cluster too',
  shardInsertsWithoutCluster:
    '--clickhouse-shard-inserts writes into the shards of --clickhouse-cluster; pass the cluster too',
  badCluster: (v: string) =>
    `--clickhouse-cluster: "${v}" is not a cluster name of remote_servers (letters, digits, _, . and -)`,
  dataWithClickhouse:
    '--data names the embedded store; with --store clickhouse the spans go to ClickHouse',
  badPathIndex: (v: string) => `--path-index: "${v}" is not on or off`,
  badMemoryLimit: (v: string) =>
    `--memory-limit: "${v}" is not a size of at least ${MIN_MEMORY_LIMIT_BYTES / 1048576}MiB such as 512MiB, 1GiB or 2G`,
  badDecodeWorkers: (v: string) =>
    `--decode-workers: "${v}" is not a whole number from 0 to ${MAX_DECODE_WORKERS} (0 decodes on the event loop)`,
  badPathIndexDelay: (v: string) =>
    `--path-index-delay: "${v}" is not a duration such as 30s, 2m or 0s`,
  grpcPortShared: (grpcFlag: string, httpFlag: string, port: number) =>
    `${grpcFlag} ${port} is also ${httpFlag}: a gRPC port cannot be shared with an HTTP one`,
  portInUse: (role: string, flag: string, host: string, port: number) =>
    `the ${role} port ${port} on ${host} is in use: stop the process holding it, or pass ${flag} 0 for a free port`,
} as const;

export function parseCollectorFlags(
  flags: CollectorFlags,
  env: Readonly<Record<string, string | undefined>>,
): CollectorSettings {
  const host = flags.host ?? DEFAULT_HOST;
  if (host.trim() === '') {
    throw new UsageError('--host', COLLECTOR_MESSAGES.badHost(host));
  }
  let basePath: string;
  try {
    basePath = normaliseBasePath(flags.basePath ?? '');
  } catch {
    throw new UsageError(
      '--base-path',
      COLLECTOR_MESSAGES.badBasePath(flags.basePath ?? ''),
    );
  }
  const retentionText = flags.retention ?? DEFAULT_RETENTION;
  const retention = parseRetention(retentionText);
  if (retention === null) {
    throw new UsageError(
      '--retention',
      COLLECTOR_MESSAGES.badRetention(retentionText),
    );
  }
  const retentionMicros = retention === 0 ? undefined : retention;
  const queryPort = parsePort(
    '--query-port',
    flags.queryPort,
    DEFAULT_QUERY_PORT,
    false,
  );
  const httpPorts: [string, number | null][] = [
    [
      '--otlp-port',
      parsePort('--otlp-port', flags.otlpPort, DEFAULT_OTLP_PORT, true),
    ],
    [
      '--zipkin-port',
      parsePort('--zipkin-port', flags.zipkinPort, DEFAULT_ZIPKIN_PORT, true),
    ],
    ['--query-port', queryPort],
  ];
  const extra = parseExtraPorts(flags);
  httpPorts.push(['--jaeger-thrift-http-port', extra.jaegerThriftHttpPort]);
  for (const name of [
    'otlpGrpcPort',
    'jaegerGrpcPort',
    'queryGrpcPort',
  ] as const) {
    const port = extra[name];
    const clash = httpPorts.find(
      ([, p]) => p !== null && p !== 0 && p === port,
    );
    if (clash !== undefined) {
      const flag = EXTRA_PORT_FLAGS[name][0];
      throw new UsageError(
        flag,
        COLLECTOR_MESSAGES.grpcPortShared(flag, clash[0], port!),
      );
    }
  }
  return {
    host,
    otlpPort: httpPorts[0]![1],
    zipkinPort: httpPorts[1]![1],
    queryPort: queryPort!,
    ...extra,
    data: flags.data ?? DEFAULT_DATA_DIR,
    basePath,
    token: parseToken(flags.token, env[TOKEN_ENV]),
    retentionMicros,
    corsOrigins: flags.corsOrigin ?? [],
    allowedHosts: parseAllowedHosts(flags.allowedHost ?? []),
    store: parseStoreChoice(flags),
    ...parsePathIndexFlags(flags),
    memoryLimitBytes: parseMemoryLimit(flags.memoryLimit),
    ...parseDecodeWorkers(flags.decodeWorkers),
  };
}

/** The most decode workers `--decode-workers` takes. */
const MAX_DECODE_WORKERS = 64;

/** `--decode-workers`: a whole number of worker threads, 0 to MAX_DECODE_WORKERS. */
function parseDecodeWorkers(
  text: string | undefined,
): Pick<CollectorSettings, 'decodeWorkers'> {
  if (text === undefined) {
    return {};
  }
  const n = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(n <= MAX_DECODE_WORKERS)) {
    throw new UsageError(
      '--decode-workers',
      COLLECTOR_MESSAGES.badDecodeWorkers(text),
    );
  }
  return { decodeWorkers: n };
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `--memory-limit`: bytes with an optional binary unit (K, M, G; KiB, MiB, GiB); default 1 GiB. */
function parseMemoryLimit(text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_MEMORY_LIMIT_BYTES;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m === null ? undefined : SIZE_UNITS[m[2]!.toLowerCase()];
  const bytes =
    m === null || unit === undefined ? NaN : Math.floor(Number(m[1]) * unit);
  if (!(bytes >= MIN_MEMORY_LIMIT_BYTES)) {
    throw new UsageError(
      '--memory-limit',
      COLLECTOR_MESSAGES.badMemoryLimit(text),
    );
  }
  return bytes;
}

function parseExtraPorts(flags: CollectorFlags): {
  [name in ExtraPortName]: number | null;
} {
  const out = { ...EXTRA_PORTS_OFF } as {
    [name in ExtraPortName]: number | null;
  };
  for (const name of Object.keys(EXTRA_PORT_FLAGS) as ExtraPortName[]) {
    const [flag, fallback] = EXTRA_PORT_FLAGS[name];
    out[name] = parsePort(flag, flags[name], fallback, true);
  }
  return out;
}

function parsePathIndexFlags(
  flags: CollectorFlags,
): Pick<CollectorSettings, 'pathIndex' | 'pathIndexDelayMicros'> {
  const onOff = flags.pathIndex ?? 'on';
  if (onOff !== 'on' && onOff !== 'off') {
    throw new UsageError(
      '--path-index',
      COLLECTOR_MESSAGES.badPathIndex(onOff),
    );
  }
  let delay: number | undefined;
  if (flags.pathIndexDelay !== undefined) {
    delay = parseRetention(flags.pathIndexDelay) ?? undefined;
    if (delay === undefined) {
      throw new UsageError(
        '--path-index-delay',
        COLLECTOR_MESSAGES.badPathIndexDelay(flags.pathIndexDelay),
      );
    }
  }
  return { pathIndex: onOff === 'on', pathIndexDelayMicros: delay };
}

function parseStoreChoice(flags: CollectorFlags): StoreChoice {
  const kind = flags.store ?? 'embedded';
  if (kind === 'embedded') {
    for (const [flag, value] of [
      ['--clickhouse-url', flags.clickhouseUrl],
      ['--clickhouse-database', flags.clickhouseDatabase],
      ['--clickhouse-cluster', flags.clickhouseCluster],
      ['--clickhouse-shard-url', flags.clickhouseShardUrl],
      ['--clickhouse-shard-inserts', flags.clickhouseShardInserts],
    ] as const) {
      if (value !== undefined) {
        throw new UsageError(
          flag,
          COLLECTOR_MESSAGES.clickhouseFlagsWithoutStore(flag),
        );
      }
    }
    return { kind: 'embedded' };
  }
  if (kind !== 'clickhouse') {
    throw new UsageError('--store', COLLECTOR_MESSAGES.badStore(kind));
  }
  if (flags.data !== undefined) {
    throw new UsageError('--data', COLLECTOR_MESSAGES.dataWithClickhouse);
  }
  if (flags.clickhouseUrl === undefined || flags.clickhouseUrl === '') {
    throw new UsageError(
      '--clickhouse-url',
      COLLECTOR_MESSAGES.needsClickhouseUrl,
    );
  }
  const cluster = flags.clickhouseCluster;
  if (cluster !== undefined && !/^[A-Za-z0-9_.-]+$/.test(cluster)) {
    throw new UsageError(
      '--clickhouse-cluster',
      COLLECTOR_MESSAGES.badCluster(cluster),
    );
  }
  if (flags.clickhouseShardUrl !== undefined && cluster === undefined) {
    throw new UsageError(
      '--clickhouse-shard-url',
      COLLECTOR_MESSAGES.shardUrlWithoutCluster,
    );
  }
  const shardInserts = flags.clickhouseShardInserts === true;
  if (shardInserts && cluster === undefined) {
    throw new UsageError(
      '--clickhouse-shard-inserts',
      COLLECTOR_MESSAGES.shardInsertsWithoutCluster,
    );
  }
  return {
    kind: 'clickhouse',
    url: flags.clickhouseUrl,
    database: flags.clickhouseDatabase,
    cluster,
    shardUrls: flags.clickhouseShardUrl,
    shardInserts,
  };
}

function parsePort(
  flag: string,
  text: string | undefined,
  fallback: number,
  mayBeOff: boolean,
): number | null {
  if (text === undefined) {
    return fallback;
  }
  if (mayBeOff && text === 'off') {
    return null;
  }
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new UsageError(
      flag,
      mayBeOff
        ? COLLECTOR_MESSAGES.badPort(flag, text)
        : COLLECTOR_MESSAGES.badQueryPort(text),
    );
  }
  return port;
}

/**
 * A retention: a duration (`72h`, `90m`, `1h30m`, `7d`, `1w`; docs/time.md),
 * plain seconds (`3600`), or zero in any of these units (`0`, `0s`, `0d`:
 * keep everything, returned as 0); null if unreadable.
 */
export function parseRetention(text: string): number | null {
  return parseDurationOrSeconds(text);
}

/** Host names as a `Host` header carries them, without port: letters, digits, dots and hyphens, or an IP literal. */
function parseAllowedHosts(names: readonly string[]): string[] {
  return names.map((name) => {
    const trimmed = name.trim();
    if (
      !/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\.?$/.test(trimmed) &&
      !/^\[[0-9A-Fa-f:.]+\]$/.test(trimmed)
    ) {
      throw new UsageError(
        '--allowed-host',
        COLLECTOR_MESSAGES.badAllowedHost(name),
      );
    }
    return trimmed;
  });
}

/**
 * `--token`, else `$PATHPROF_TOKEN`, without surrounding whitespace. An
 * empty or blank one is refused: it is what `--token "$TOKEN"` gives when
 * the variable is unset, and serving without a token then is not what was
 * asked for.
 */
function parseToken(
  flag: string | undefined,
  fromEnv: string | undefined,
): string | undefined {
  if (flag !== undefined) {
    if (flag.trim() === '') {
      throw new UsageError('--token', COLLECTOR_MESSAGES.emptyToken);
    }
    return flag.trim();
  }
  if (fromEnv !== undefined) {
    if (fromEnv.trim() === '') {
      throw new UsageError(TOKEN_ENV, COLLECTOR_MESSAGES.emptyTokenEnv);
    }
    return fromEnv.trim();
  }
  return undefined;
}

/** The role and flag of a port that failed with EADDRINUSE, for the message. */
export function describeBusyPort(
  err: unknown,
  settings: Pick<
    CollectorSettings,
    'otlpPort' | 'zipkinPort' | 'queryPort' | ExtraPortName
  >,
  queryFlag = '--query-port',
): { role: string; flag: string; port: number } | undefined {
  if (
    !(err instanceof Error) ||
    (err as NodeJS.ErrnoException).code !== 'EADDRINUSE'
  ) {
    return undefined;
  }
  const port = (err as { port?: number }).port;
  const roles: [string, string, number | null][] = [
    ['query', queryFlag, settings.queryPort],
    ['OTLP', '--otlp-port', settings.otlpPort],
    ['Zipkin', '--zipkin-port', settings.zipkinPort],
    ...(Object.keys(EXTRA_PORT_FLAGS) as ExtraPortName[]).map(
      (name): [string, string, number | null] => [
        EXTRA_PORT_FLAGS[name][2],
        EXTRA_PORT_FLAGS[name][0],
        settings[name],
      ],
    ),
  ];
  const match = roles.find(([, , p]) => p === port) ?? roles[0]!;
  return { role: match[0], flag: match[1], port: port ?? match[2] ?? 0 };
}
