import { describe, expect, it } from 'vitest';
import { buildTraceTree, decodeZipkinSpans } from '@pathprof/engine';
import { parseSpanId } from '@pathprof/model';
import type { Span, ZipkinSpan } from '@pathprof/model';
import { dumpTree } from '../helpers.js';
import {
  assemblySummary,
  groupByTrace,
  listTraceFiles,
  normaliseId,
  readTraceJson,
  summarise,
  factsOfDecoded,
} from './real-traces.js';
import type { RawSpanFacts } from './real-traces.js';

const TRACE = '463ac35c9f6413ad48485a3953bb6124';

function zipkin(
  fields: Partial<ZipkinSpan> & Record<string, unknown>,
): Record<string, unknown> {
  return {
    traceId: TRACE,
    id: 'a000000000000001',
    timestamp: 1000,
    duration: 50,
    ...fields,
  };
}

function decodeOne(
  fields: Partial<ZipkinSpan> & Record<string, unknown>,
): Span {
  const { spans, rejected } = decodeZipkinSpans([zipkin(fields)]);
  expect(rejected).toBe(0);
  return spans[0]!;
}

/** Counts straight from the raw Zipkin JSON, without the decoder. */
function rawFacts(list: readonly Record<string, unknown>[]): RawSpanFacts[] {
  return list.map((s) => {
    const local = s['localEndpoint'] as { serviceName?: string } | undefined;
    const parent = s['parentId'] as string | undefined;
    return {
      traceId: normaliseId(s['traceId'] as string, 32),
      spanId: normaliseId(s['id'] as string, 16),
      parentId: parent === undefined ? null : normaliseId(parent, 16),
      service: local?.serviceName || 'unknown',
    };
  });
}

describe('decodeZipkinSpans', () => {
  it('decodes every field of a Zipkin v2 span', () => {
    const span = decodeOne({
      traceId: '463AC35C9F6413AD48485A3953BB6124',
      id: 'B',
      parentId: '000000000000000A',
      name: 'get /users',
      kind: 'SERVER',
      timestamp: 1_700_000_000_000_001,
      duration: 2500,
      localEndpoint: { serviceName: 'users', ipv4: '10.0.0.7', port: 8080 },
      remoteEndpoint: { serviceName: 'web', ipv4: '10.0.0.1' },
      annotations: [
        { timestamp: 1_700_000_000_000_100, value: 'ws' },
        { timestamp: 1_700_000_000_000_900, value: 'wr' },
      ],
      tags: { 'http.method': 'GET', 'http.status_code': '200' },
    });
    expect(span).toEqual({
      traceId: TRACE,
      spanId: '000000000000000b',
      parentSpanId: '000000000000000a',
      references: [
        { type: 'child_of', traceId: TRACE, spanId: '000000000000000a' },
      ],
      service: 'users',
      operation: 'get /users',
      kind: 'server',
      startMicros: 1_700_000_000_000_001,
      durationMicros: 2500,
      status: 'unset',
      attributes: {
        'http.method': 'GET',
        'http.status_code': '200',
        'peer.service': 'web',
      },
      resource: { 'net.host.ip': '10.0.0.7' },
      events: [
        { timeMicros: 1_700_000_000_000_100, name: 'ws', attributes: {} },
        { timeMicros: 1_700_000_000_000_900, name: 'wr', attributes: {} },
      ],
    });
  });

  it('left-pads 64-bit trace ids to 128 bits', () => {
    expect(decodeOne({ traceId: '48485a3953bb6124' }).traceId).toBe(
      '000000000000000048485a3953bb6124',
    );
  });

  it.each([
    ['CLIENT', 'client'],
    ['SERVER', 'server'],
    ['PRODUCER', 'producer'],
    ['CONSUMER', 'consumer'],
    ['BOGUS', 'unspecified'],
    [undefined, 'unspecified'],
  ])('maps kind %s to %s', (kind, expected) => {
    expect(
      decodeOne(kind === undefined ? {} : { kind: kind as ZipkinSpan['kind'] })
        .kind,
    ).toBe(expected);
  });

  it('keeps the shared flag of a server span that reuses its client id', () => {
    expect(decodeOne({ kind: 'SERVER', shared: true }).shared).toBe(true);
    expect(decodeOne({ kind: 'SERVER' })).not.toHaveProperty('shared');
  });

  it('assembles a shared server below its client, with the server’s work below it', () => {
    // web  client a [0---------100]
    // api  server a    [10----90]      shared: same id a
    // api  work b         [20--40]    parentId a: the server's local work
    const { spans } = decodeZipkinSpans([
      zipkin({
        id: 'b',
        parentId: 'a',
        name: 'work',
        timestamp: 20,
        duration: 20,
        localEndpoint: { serviceName: 'api' },
      }),
      zipkin({
        id: 'a',
        name: 'call',
        kind: 'CLIENT',
        timestamp: 0,
        duration: 100,
        localEndpoint: { serviceName: 'web' },
      }),
      zipkin({
        id: 'a',
        name: 'handle',
        kind: 'SERVER',
        shared: true,
        timestamp: 10,
        duration: 80,
        localEndpoint: { serviceName: 'api' },
      }),
    ]);
    const { tree, warnings } = buildTraceTree(spans[0]!.traceId, spans);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "call (web) [0-100]
        handle (api) [10-90] shared
          work (api) [20-40]"
    `);
    expect(warnings).toEqual([]);
  });

  it.each([
    [{ timestamp: undefined }, 'start'],
    [{ duration: undefined }, 'duration'],
    [{ timestamp: undefined, duration: undefined }, 'both'],
  ] as const)(
    'flags missing timing %o as %s, stored as 0',
    (fields, missing) => {
      const span = decodeOne({ ...fields });
      expect(span.missingTiming).toBe(missing);
      if ('timestamp' in fields) {
        expect(span.startMicros).toBe(0);
      }
      expect(span.durationMicros).toBe(missing === 'start' ? 50 : 0);
    },
  );

  it('lets assembly infer missing timing from the children and the parent', () => {
    // a [0-------------100]
    // b    (no timestamp, no duration)
    // c      [30--40]
    // d           [50----70]
    const { spans } = decodeZipkinSpans([
      zipkin({ id: 'a', name: 'a', timestamp: 0, duration: 100 }),
      zipkin({
        id: 'b',
        parentId: 'a',
        name: 'b',
        timestamp: undefined,
        duration: undefined,
      }),
      zipkin({
        id: 'c',
        parentId: 'b',
        name: 'c',
        timestamp: 30,
        duration: 10,
      }),
      zipkin({
        id: 'd',
        parentId: 'b',
        name: 'd',
        timestamp: 50,
        duration: 20,
      }),
    ]);
    const { tree, warnings } = buildTraceTree(spans[0]!.traceId, spans);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "a (unknown) [0-100]
        b (unknown) [30-70]
          c (unknown) [30-40]
          d (unknown) [50-70]"
    `);
    expect(warnings.map((w) => w.code)).toEqual(['timing-inferred']);
  });

  it.each([
    ['no localEndpoint', {}],
    [
      'a localEndpoint without serviceName',
      { localEndpoint: { ipv4: '169.254.65.45' } },
    ],
    ['an empty serviceName', { localEndpoint: { serviceName: '' } }],
  ])('names the service "unknown" for %s', (_, fields) => {
    const span = decodeOne(fields);
    expect(span.service).toBe('unknown');
  });

  it.each(['__proto__', 'constructor', 'toString'])(
    'reads the kind %s, a name every object has, as unspecified',
    (kind) => {
      const span = decodeOne(
        JSON.parse(`{"kind": ${JSON.stringify(kind)}}`) as Partial<ZipkinSpan>,
      );
      expect(span.kind).toBe('unspecified');
    },
  );

  it('keeps tags of string, number and boolean type and drops others', () => {
    const span = decodeOne({
      tags: {
        s: 'x',
        n: 3,
        b: true,
        o: { nested: 1 },
        a: [1],
      } as unknown as Record<string, string>,
    });
    expect(span.attributes).toEqual({ s: 'x', n: 3, b: true });
  });

  it.each([
    [{ error: 'timeout' }, 'error'],
    [{ error: '' }, 'error'],
    [{ error: 'false' }, 'unset'],
    [{}, 'unset'],
  ])('reads the error tag %o as status %s', (tags, status) => {
    expect(decodeOne({ tags }).status).toBe(status);
  });

  it('skips annotations without a numeric timestamp', () => {
    const span = decodeOne({
      annotations: [
        { value: 'x' },
        { timestamp: 5, value: 'ok' },
        null,
      ] as unknown as ZipkinSpan['annotations'],
    });
    expect(span.events).toEqual([
      { timeMicros: 5, name: 'ok', attributes: {} },
    ]);
  });

  it('keeps annotations of scalar value as their text and skips others, however deeply nested', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) {
      deep = [deep];
    }
    const span = decodeOne({
      annotations: [
        { timestamp: 1, value: deep },
        { timestamp: 2, value: { a: 1 } },
        { timestamp: 3 },
        { timestamp: 4, value: 7 },
        { timestamp: 5, value: 'ok' },
      ] as unknown as ZipkinSpan['annotations'],
    });
    expect(span.events).toEqual([
      { timeMicros: 4, name: '7', attributes: {} },
      { timeMicros: 5, name: 'ok', attributes: {} },
    ]);
  });

  it('treats an all-zero or empty parentId as no parent', () => {
    expect(
      decodeOne({ parentId: '0000000000000000' }).parentSpanId,
    ).toBeUndefined();
    expect(decodeOne({ parentId: '' }).references).toEqual([]);
  });

  it('keeps non-hex ids, mapped to stable hex ids that still link parent and child', () => {
    const { spans, rejected } = decodeZipkinSpans([
      zipkin({ traceId: 'legacy', id: 'root' }),
      zipkin({ traceId: 'legacy', id: 'span-1', parentId: 'root' }),
    ]);
    expect(rejected).toBe(0);
    const [root, child] = spans;
    expect(root!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(child!.traceId).toBe(root!.traceId);
    expect(child!.parentSpanId).toBe(root!.spanId);
  });

  it('clamps a negative duration to 0', () => {
    expect(decodeOne({ duration: -5 }).durationMicros).toBe(0);
  });

  it('rejects and counts spans without a valid trace id or span id', () => {
    const { spans, rejected, warnings } = decodeZipkinSpans([
      zipkin({ id: 'a' }),
      zipkin({ id: undefined }),
      zipkin({ id: '0000000000000000' }),
      zipkin({ id: '' }),
      zipkin({ traceId: '000' }),
      zipkin({ traceId: 42 as never }),
      null,
      'span',
    ]);
    expect(spans.map((s) => s.spanId)).toEqual([parseSpanId('a')]);
    expect(rejected).toBe(7);
    expect(warnings).toHaveLength(7);
    expect(new Set(warnings.map((w) => w.code))).toEqual(
      new Set(['invalid-span']),
    );
    expect(warnings.map((w) => w.traceId)).toContain('000');
  });

  it('does not mutate its input', () => {
    const input = [
      zipkin({
        id: 'a',
        kind: 'CLIENT',
        tags: { k: 'v' },
        annotations: [{ timestamp: 1, value: 'cs' }],
      }),
      zipkin({
        id: 'a',
        kind: 'SERVER',
        shared: true,
        localEndpoint: { serviceName: 'x' },
      }),
    ];
    const frozen = structuredClone(input);
    deepFreeze(input);
    const before = JSON.stringify(input);
    decodeZipkinSpans(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(input).toEqual(frozen);
  });
});

/** Golden checks on the real Zipkin files: decoded as counted from the raw JSON, assembled as expected. */
const ZIPKIN_FILES: Record<
  string,
  { roots: number; warnings: Record<string, number> }
> = {
  'zipkin-lens-small/ascend.json': {
    roots: 1,
    warnings: { 'clock-skew-shifted': 1 },
  },
  // an Envoy span without service name
  'zipkin-lens-small/envoy.json': { roots: 1, warnings: {} },
  'zipkin-lens-small/messaging.json': { roots: 1, warnings: {} },
  // parents 0153a596db406c83 and 0153a596db406111 were never reported
  'zipkin-lens-small/messaging2.json': {
    roots: 7,
    warnings: { 'orphan-span': 6, 'multiple-roots': 1 },
  },
  'zipkin-lens-small/simple-db-p6.json': { roots: 1, warnings: {} },
  // serviceb's clock runs 65 ms behind servicea's
  'zipkin-lens-small/skew.json': {
    roots: 1,
    warnings: { 'clock-skew-shifted': 1 },
  },
  // on-message spans overflow their tiny poll span
  'zipkin-messaging-kafka.json': {
    roots: 1,
    warnings: {},
  },
  // five shared "receive" servers on two hosts answer one "send" client with
  // its id: one broadcast, kept as five distinct servers below the client;
  // 19 spans without duration; two more children lie under 1 ms outside
  // their parents and are shifted without a warning
  'zipkin-smartthings-oauth-authorization.json': {
    roots: 1,
    warnings: {
      'timing-inferred': 19,
      'clock-skew-shifted': 4,
      'child-clipped': 2,
    },
  },
  'zipkin-yelp.json': { roots: 1, warnings: {} },
};

describe('decodeZipkinSpans on the real files in fixtures/traces', () => {
  it('covers every Zipkin file there', () => {
    expect(listTraceFiles().filter((f) => f.startsWith('zipkin'))).toEqual(
      Object.keys(ZIPKIN_FILES).sort(),
    );
  });

  describe.each(Object.entries(ZIPKIN_FILES))('%s', (file, expected) => {
    const raw = readTraceJson(file) as Record<string, unknown>[];
    const decoded = decodeZipkinSpans(raw);

    it('decodes every span with its trace, parent and service as in the raw JSON', () => {
      expect(decoded.rejected).toBe(0);
      expect(factsOfDecoded(decoded.spans)).toEqual(rawFacts(raw));
      expect(summarise(factsOfDecoded(decoded.spans))).toEqual(
        summarise(rawFacts(raw)),
      );
    });

    it('assembles with the roots and warnings expected for this file', () => {
      expect(assemblySummary(decoded.spans)).toEqual([expected]);
    });
  });

  it('knows the service names of the SmartThings trace', () => {
    const raw = readTraceJson(
      'zipkin-smartthings-oauth-authorization.json',
    ) as Record<string, unknown>[];
    const { spans } = decodeZipkinSpans(raw);
    expect(summarise(factsOfDecoded(spans))).toMatchInlineSnapshot(`
      {
        "services": [
          "account",
          "auth",
          "bouncer",
          "datamgmt",
          "dove",
          "paperboy",
          "pusher",
          "stlogin",
        ],
        "spans": 175,
        "traceIds": [
          "00000000000000008ce82b2e9ed820ba",
        ],
      }
    `);
    expect(spans.filter((s) => s.missingTiming !== undefined)).toHaveLength(19);
    expect(spans.filter((s) => s.shared === true)).toHaveLength(45);
  });

  it('assembles ascend.json: shared servers below their clients, with their own work', () => {
    expect(treeOf('zipkin-lens-small/ascend.json')).toMatchInlineSnapshot(`
      "get (mobile-gateway) [1531282088533035-1531282088571828]
        get (mobile-gateway) [1531282088533834-1531282088547911]
          http:/parent/auth-service/v1/authentications/ (auth-service) [1531282088543754-1531282088547911] shared
            extend-token-life (auth-service) [1531282088543754-1531282088545045]
        get (mobile-gateway) [1531282088548312-1531282088568645]
          get /content/personal (content-service) [1531282088552037-1531282088567925] shared
            hystrix (content-service) [1531282088555338-1531282088556201]
            get (content-service) [1531282088556600-1531282088565565]"
    `);
  });

  it('assembles envoy.json: one proxy span without a service name', () => {
    expect(treeOf('zipkin-lens-small/envoy.json')).toMatchInlineSnapshot(
      `"localhost:10000 (unknown) [1570523661059232-1570523661186347]"`,
    );
  });

  it('assembles messaging.json: producer to consumer', () => {
    expect(treeOf('zipkin-lens-small/messaging.json')).toMatchInlineSnapshot(`
      "get / (frontend) [1521186011926119-1521186011928958]
        publish (frontend) [1521186011927475-1521186011927488]
          next-message (backend) [1521186011929043-1521186011929057]
            on-message (backend) [1521186011929105-1521186011929476]"
    `);
  });

  it('assembles messaging2.json: orphans of two missing parents become roots', () => {
    expect(treeOf('zipkin-lens-small/messaging2.json')).toMatchInlineSnapshot(`
      "post (mobile-gateway) [1540799212976024-1540799213005075]
        http:/parent/auth-service/v1/authentications/ (auth-service) [1540799212978000-1540799212982057]
          extend-token (auth-service) [1540799212978000-1540799212979241]
        post (mobile-gateway) [1540799212983049-1540799213004862]
      post (transfer-service) [1540799213008149-1540799213787741]
      get (transfer-service) [1540799213788437-1540799213921316]
      send-confirm-transfer (transfer-service) [1540799213921929-1540799216477720]
      publish (transfer-service) [1540799213922139-1540799213922151]
      push-topic-s-n-s (transfer-service) [1540799213922806-1540799214001833]
      consume (notification-service) [1540799214963929-1540799214963969]
        post (notification-service) [1540799214993929-1540799215009789]"
    `);
  });

  it('assembles simple-db-p6.json: a server and its database calls', () => {
    expect(treeOf('zipkin-lens-small/simple-db-p6.json'))
      .toMatchInlineSnapshot(`
      "http:/book (bootifulmeters) [1541485537291342-1541485537543358]
        call (bootifulmeters) [1541485537391810-1541485537397861]
        insert (bootifulmeters) [1541485537470563-1541485537472977]
        insert (bootifulmeters) [1541485537488973-1541485537491006]
        insert (bootifulmeters) [1541485537498305-1541485537499423]"
    `);
  });

  it('assembles skew.json: the skewed server is shifted into its client with its async child', () => {
    expect(treeOf('zipkin-lens-small/skew.json')).toMatchInlineSnapshot(`
      "get (servicea) [1470150004071068-1470150004170479]
        post (servicea) [1470150004074202-1470150004168741]
          post (serviceb) [1470150004074202-1470150004167779] shared
            async (serviceb) [1470150004074203-1470150004139203]"
    `);
  });

  it('assembles zipkin-yelp.json', () => {
    expect(treeOf('zipkin-yelp.json')).toMatchInlineSnapshot(`
      "post /location/update/v4 (routing) [1571896375237354-1571896375369202]
        post (unknown) [1571896375239000-1571896375364000]
          post api proxy proxy (yelp_main/api_proxy) [1571896375264995-1571896375353930] shared
            get my_cache_name_v2 (yelp-main) [1571896375268015-1571896375269008]
            txn: user_get_basic_and_scout_info (yelp-main) [1571896375269210-1571896375273094]
              begin (yelp-main) [1571896375269732-1571896375270177]
              get user_details_cache-20150901 (yelp-main) [1571896375270438-1571896375271506]
              get_multi my_cache_name_v1 (yelp-main) [1571896375272125-1571896375272358]
              commit (yelp-main) [1571896375272604-1571896375272978]
        post (yelp-main) [1571896375287000-1571896375343000]
          post /location/update/v4 (mobile_api) [1571896375297103-1571896375338843] shared
            get_multi mobile_api_nonce (mobile_api) [1571896375300642-1571896375301708]
            set mobile_api_nonce (mobile_api) [1571896375302030-1571896375303056]
            get (mobile_api) [1571896375310000-1571896375313000]
              get (spectre) [1571896375310740-1571896375312230] shared
            post (mobile_api) [1571896375322000-1571896375336000]"
    `);
  });
});

function treeOf(file: string): string {
  const { spans } = decodeZipkinSpans(readTraceJson(file) as unknown[]);
  return [...groupByTrace(spans)]
    .map(([traceId, list]) => dumpTree(buildTraceTree(traceId, list).tree))
    .join('\n---\n');
}

function deepFreeze(v: unknown): void {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    Object.values(v).forEach(deepFreeze);
  }
}
