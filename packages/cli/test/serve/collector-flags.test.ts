import { describe, expect, it } from 'vitest';
import { TOKEN_ENV } from '../../src/serve/collector-defaults.js';
import {
  COLLECTOR_MESSAGES,
  parseCollectorFlags,
} from '../../src/serve/collector-flags.js';
import { UsageError } from '../../src/shared/usage-error.js';

describe('parseCollectorFlags', () => {
  it('defaults to loopback, the well-known ports, ./pathprof-data and 72h retention', () => {
    expect(parseCollectorFlags({}, {})).toEqual({
      host: '127.0.0.1',
      otlpPort: 4318,
      zipkinPort: 9411,
      queryPort: 16686,
      otlpGrpcPort: 4317,
      jaegerThriftHttpPort: 14268,
      jaegerThriftCompactPort: 6831,
      jaegerThriftBinaryPort: 6832,
      jaegerGrpcPort: 14250,
      queryGrpcPort: 16685,
      data: './pathprof-data',
      basePath: '',
      token: undefined,
      retentionMicros: 72 * 3600 * 1e6,
      corsOrigins: [],
      allowedHosts: [],
      store: { kind: 'embedded' },
      pathIndex: true,
      pathIndexDelayMicros: undefined,
      memoryLimitBytes: 1024 ** 3,
    });
  });

  it('takes --decode-workers from 0 to 64, and leaves the collector its default without it', () => {
    expect(parseCollectorFlags({}, {})).not.toHaveProperty('decodeWorkers');
    for (const [text, n] of [
      ['0', 0],
      ['2', 2],
      ['64', 64],
    ] as const) {
      expect(
        parseCollectorFlags({ decodeWorkers: text }, {}).decodeWorkers,
      ).toBe(n);
    }
    for (const bad of ['', '-1', '1.5', '65', 'two', '1e1', '0x2']) {
      expect(() => parseCollectorFlags({ decodeWorkers: bad }, {})).toThrow(
        new UsageError(
          '--decode-workers',
          COLLECTOR_MESSAGES.badDecodeWorkers(bad),
        ),
      );
    }
  });

  it('takes --memory-limit with a binary unit, and refuses less than 256 MiB or no size', () => {
    const limit = (text: string): number =>
      parseCollectorFlags({ memoryLimit: text }, {}).memoryLimitBytes;
    expect([
      limit('512MiB'),
      limit('2G'),
      limit('1.5GiB'),
      limit('268435456'),
    ]).toEqual([
      512 * 1024 ** 2,
      2 * 1024 ** 3,
      1.5 * 1024 ** 3,
      256 * 1024 ** 2,
    ]);
    for (const bad of ['100MiB', 'lots', '1TB', '']) {
      expect(() => parseCollectorFlags({ memoryLimit: bad }, {})).toThrow(
        new UsageError(
          '--memory-limit',
          `--memory-limit: "${bad}" is not a size of at least 256MiB such as 512MiB, 1GiB or 2G`,
        ),
      );
    }
  });

  it('takes --path-index on/off and a --path-index-delay duration', () => {
    const s = parseCollectorFlags(
      { pathIndex: 'off', pathIndexDelay: '2m' },
      {},
    );
    expect([s.pathIndex, s.pathIndexDelayMicros]).toEqual([false, 120e6]);
    expect(() => parseCollectorFlags({ pathIndex: 'yes' }, {})).toThrow(
      new UsageError('--path-index', '--path-index: "yes" is not on or off'),
    );
    expect(() => parseCollectorFlags({ pathIndexDelay: 'soon' }, {})).toThrow(
      new UsageError(
        '--path-index-delay',
        '--path-index-delay: "soon" is not a duration such as 30s, 2m or 0s',
      ),
    );
  });

  it('takes port 0 for a free port and "off" to turn a receiver off', () => {
    const s = parseCollectorFlags(
      { otlpPort: '0', zipkinPort: 'off', queryPort: '0' },
      {},
    );
    expect([s.otlpPort, s.zipkinPort, s.queryPort]).toEqual([0, null, 0]);
  });

  it('takes 0 and "off" for every receiver and the gRPC query port', () => {
    const s = parseCollectorFlags(
      {
        otlpGrpcPort: '0',
        jaegerThriftHttpPort: 'off',
        jaegerThriftCompactPort: '6001',
        jaegerThriftBinaryPort: 'off',
        jaegerGrpcPort: '0',
        queryGrpcPort: 'off',
      },
      {},
    );
    expect([
      s.otlpGrpcPort,
      s.jaegerThriftHttpPort,
      s.jaegerThriftCompactPort,
      s.jaegerThriftBinaryPort,
      s.jaegerGrpcPort,
      s.queryGrpcPort,
    ]).toEqual([0, null, 6001, null, 0, null]);
  });

  it('refuses a gRPC port that is also an HTTP port', () => {
    expect(() => parseCollectorFlags({ otlpGrpcPort: '4318' }, {})).toThrow(
      new UsageError(
        '--otlp-grpc-port',
        '--otlp-grpc-port 4318 is also --otlp-port: a gRPC port cannot be shared with an HTTP one',
      ),
    );
    expect(() => parseCollectorFlags({ queryGrpcPort: '16686' }, {})).toThrow(
      new UsageError(
        '--query-grpc-port',
        '--query-grpc-port 16686 is also --query-port: a gRPC port cannot be shared with an HTTP one',
      ),
    );
  });

  it.each([
    ['otlpPort', '--otlp-port', '65536'],
    ['zipkinPort', '--zipkin-port', '-1'],
    ['otlpGrpcPort', '--otlp-grpc-port', 'x'],
    ['jaegerThriftHttpPort', '--jaeger-thrift-http-port', '70000'],
    ['jaegerThriftCompactPort', '--jaeger-thrift-compact-port', '1.5'],
    ['jaegerThriftBinaryPort', '--jaeger-thrift-binary-port', 'on'],
    ['jaegerGrpcPort', '--jaeger-grpc-port', ''],
    ['queryGrpcPort', '--query-grpc-port', '-2'],
  ] as const)('refuses %s %s', (key, flag, value) => {
    expect(() => parseCollectorFlags({ [key]: value }, {})).toThrow(
      new UsageError(
        flag,
        `${flag}: "${value}" is not a port number from 0 to 65535 (0 picks a free port; "off" turns the receiver off)`,
      ),
    );
  });

  it.each(['off', '80a'])(
    'refuses --query-port %s, which cannot be off',
    (value) => {
      expect(() => parseCollectorFlags({ queryPort: value }, {})).toThrow(
        new UsageError(
          '--query-port',
          `--query-port: "${value}" is not a port number from 0 to 65535 (0 picks a free port)`,
        ),
      );
    },
  );

  it.each([
    ['72h', 72 * 3600],
    ['1h30m', 5400],
    ['90m', 5400],
    ['7d', 7 * 86_400],
    ['3600', 3600],
    ['1.5h', 5400],
    // One duration grammar (docs/time.md): --retention used to read only
    // whole days, and refused 1.5d and 1w that --lookback and the query API read.
    ['1.5d', 36 * 3600],
    ['1w', 7 * 86_400],
  ])(
    'reads --retention %s as %d seconds, as docs/collector.md says',
    (text, seconds) => {
      expect(parseCollectorFlags({ retention: text }, {}).retentionMicros).toBe(
        seconds * 1e6,
      );
    },
  );

  it.each(['0', '0s', '0h', '0d', '0ms', '00', '0.0s', '0.', '0w'])(
    'keeps everything with --retention %s',
    (text) => {
      expect(parseCollectorFlags({ retention: text }, {}).retentionMicros).toBe(
        undefined,
      );
    },
  );

  it.each(['0x', '0days', '7D', '-1h', 'soon', ''])(
    'refuses --retention %j',
    (text) => {
      expect(() => parseCollectorFlags({ retention: text }, {})).toThrow(
        new UsageError('--retention', COLLECTOR_MESSAGES.badRetention(text)),
      );
    },
  );

  it('keeps everything with --retention 0 and refuses a duration it cannot read', () => {
    expect(parseCollectorFlags({ retention: '0' }, {}).retentionMicros).toBe(
      undefined,
    );
    expect(parseCollectorFlags({ retention: '30m' }, {}).retentionMicros).toBe(
      30 * 60 * 1e6,
    );
    expect(parseCollectorFlags({ retention: '0s' }, {}).retentionMicros).toBe(
      undefined,
    );
    expect(parseCollectorFlags({ retention: '7d' }, {}).retentionMicros).toBe(
      7 * 86_400 * 1e6,
    );
    expect(() => parseCollectorFlags({ retention: 'soon' }, {})).toThrow(
      /--retention: "soon" is not a duration/,
    );
  });

  it('normalises the base path and refuses one with spaces', () => {
    expect(parseCollectorFlags({ basePath: 'jaeger/' }, {}).basePath).toBe(
      '/jaeger',
    );
    expect(() => parseCollectorFlags({ basePath: '/a b' }, {})).toThrow(
      /--base-path/,
    );
  });

  it('reads the token from the environment unless the flag gives one', () => {
    expect(parseCollectorFlags({}, { [TOKEN_ENV]: 'env' }).token).toBe('env');
    expect(
      parseCollectorFlags({ token: 'flag' }, { [TOKEN_ENV]: 'env' }).token,
    ).toBe('flag');
    expect(parseCollectorFlags({}, {}).token).toBe(undefined);
  });

  it('takes --allowed-host names and refuses URLs, ports and paths', () => {
    expect(
      parseCollectorFlags(
        { allowedHost: ['pathprof.internal', 'my-laptop.local.', '[::2]'] },
        {},
      ).allowedHosts,
    ).toEqual(['pathprof.internal', 'my-laptop.local.', '[::2]']);
    for (const bad of ['http://x', 'x:8080', 'x/y', '', '-x']) {
      expect(() => parseCollectorFlags({ allowedHost: [bad] }, {})).toThrow(
        new UsageError(
          '--allowed-host',
          COLLECTOR_MESSAGES.badAllowedHost(bad),
        ),
      );
    }
  });

  it('drops whitespace around the token, which a header cannot carry', () => {
    expect(parseCollectorFlags({ token: ' s3cret\n' }, {}).token).toBe(
      's3cret',
    );
    expect(parseCollectorFlags({}, { [TOKEN_ENV]: 's3cret\n' }).token).toBe(
      's3cret',
    );
  });

  it.each(['', ' ', '\t\n'])(
    'refuses the token %j, as an unset variable gives it, rather than serving without one',
    (token) => {
      expect(() => parseCollectorFlags({ token }, {})).toThrow(
        new UsageError('--token', COLLECTOR_MESSAGES.emptyToken),
      );
      expect(() => parseCollectorFlags({}, { [TOKEN_ENV]: token })).toThrow(
        COLLECTOR_MESSAGES.emptyTokenEnv,
      );
      expect(() =>
        parseCollectorFlags({ token }, { [TOKEN_ENV]: 'env' }),
      ).toThrow(COLLECTOR_MESSAGES.emptyToken);
    },
  );

  it('chooses a ClickHouse server with --store clickhouse and its URL', () => {
    expect(
      parseCollectorFlags(
        {
          store: 'clickhouse',
          clickhouseUrl: 'http://127.0.0.1:8123',
          clickhouseDatabase: 'traces',
        },
        {},
      ).store,
    ).toEqual({
      kind: 'clickhouse',
      url: 'http://127.0.0.1:8123',
      database: 'traces',
      shardInserts: false,
    });
  });

  it('shards over a ClickHouse cluster with --clickhouse-cluster and its shard URLs', () => {
    expect(
      parseCollectorFlags(
        {
          store: 'clickhouse',
          clickhouseUrl: 'http://ch-lb:8123',
          clickhouseCluster: 'pathprof_shards',
          clickhouseShardUrl: ['http://ch-1:8123', 'http://ch-2:8123'],
        },
        {},
      ).store,
    ).toEqual({
      kind: 'clickhouse',
      url: 'http://ch-lb:8123',
      database: undefined,
      cluster: 'pathprof_shards',
      shardUrls: ['http://ch-1:8123', 'http://ch-2:8123'],
      shardInserts: false,
    });
  });

  it('writes straight to the shards with --clickhouse-shard-inserts', () => {
    expect(
      parseCollectorFlags(
        {
          store: 'clickhouse',
          clickhouseUrl: 'http://ch-1:8123',
          clickhouseCluster: 'pathprof_shards',
          clickhouseShardInserts: true,
        },
        {},
      ).store,
    ).toMatchObject({ cluster: 'pathprof_shards', shardInserts: true });
  });

  it.each([
    [{ store: 'clickhouse' }, '--clickhouse-url', 'needs --clickhouse-url'],
    [
      { clickhouseCluster: 'shards' },
      '--clickhouse-cluster',
      'needs --store clickhouse',
    ],
    [
      {
        store: 'clickhouse',
        clickhouseUrl: 'http://x:8123',
        clickhouseShardUrl: ['http://y:8123'],
      },
      '--clickhouse-shard-url',
      'pass the cluster too',
    ],
    [
      {
        store: 'clickhouse',
        clickhouseUrl: 'http://x:8123',
        clickhouseShardInserts: true,
      },
      '--clickhouse-shard-inserts',
      'pass the cluster too',
    ],
    [
      {
        store: 'clickhouse',
        clickhouseUrl: 'http://x:8123',
        clickhouseCluster: 'two shards',
      },
      '--clickhouse-cluster',
      'is not a cluster name',
    ],
    [
      { store: 'mysql' },
      '--store',
      '"mysql" is not one of embedded, clickhouse',
    ],
    [
      { clickhouseUrl: 'http://x:8123' },
      '--clickhouse-url',
      'needs --store clickhouse',
    ],
    [
      { store: 'clickhouse', clickhouseUrl: 'http://x:8123', data: './d' },
      '--data',
      'names the embedded store',
    ],
  ])('refuses the store flags %j', (flags, flag, message) => {
    let error: unknown;
    try {
      parseCollectorFlags(flags, {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).flag).toBe(flag);
    expect((error as UsageError).message).toContain(message);
  });
});
