import { afterEach, describe, expect, it } from 'vitest';
import type { JaegerEnvelope } from '../../src/query/jaeger-envelope.js';
import type { JaegerTraceJson } from '@pathprof/engine';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { T0, getJson, span, spanIdOf, traceIdOf } from './span-builders.js';

type TraceAnswer = JaegerEnvelope<JaegerTraceJson[] | null>;

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const TRACE = 'abcdef0123456789abcdef0123456789';

async function startWithTrace(basePath = ''): Promise<string> {
  collector = await startTestCollector({ basePath });
  await collector.store.appendSpans([
    span({
      trace: TRACE,
      id: 'a1',
      service: 'svc-a',
      op: 'GET /a',
      dur: 5000,
      status: 'error',
      statusMessage: 'boom',
      attributes: {
        'http.status_code': 500,
        zeta: 'z',
        ratio: 0.5,
        ok: false,
        list: ['x', 2],
      },
      resource: { 'host.name': 'h1', 'k8s.pod': 'p' },
      events: [
        {
          timeMicros: T0 + 10,
          name: 'retry',
          attributes: { attempt: 1, zz: 'y' },
        },
      ],
    }),
    span({
      trace: TRACE,
      id: 'b2',
      parent: 'a1',
      service: 'svc-b',
      op: 'GET /b',
      start: 100,
      kind: 'client',
      status: 'ok',
    }),
    span({
      trace: TRACE,
      id: 'c3',
      parent: 'a1',
      service: 'svc-a',
      op: 'work',
      start: 100,
      kind: 'unspecified',
      resource: { 'host.name': 'h1', 'k8s.pod': 'p' },
    }),
  ]);
  return collector.queryUrl;
}

describe.each(['', '/jaeger'])('GET %s/api/traces/:traceID', (basePath) => {
  it('answers the trace as Jaeger UI-model JSON, field by field', async () => {
    const url = await startWithTrace(basePath);
    const { status, body } = await getJson<TraceAnswer>(
      `${url}/api/traces/${TRACE}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 1, limit: 0, offset: 0, errors: null });
    const trace = body.data![0]!;
    expect(Object.keys(trace)).toEqual([
      'traceID',
      'spans',
      'processes',
      'warnings',
    ]);
    expect(trace.traceID).toBe(TRACE);
    expect(trace.warnings).toBeNull();
    expect(trace.processes).toEqual({
      p1: {
        serviceName: 'svc-a',
        tags: [
          { key: 'host.name', type: 'string', value: 'h1' },
          { key: 'k8s.pod', type: 'string', value: 'p' },
        ],
      },
      p2: { serviceName: 'svc-b', tags: [] },
    });
    expect(trace.spans.map((s) => [s.spanID, s.processID])).toEqual([
      [spanIdOf('a1'), 'p1'],
      [spanIdOf('b2'), 'p2'],
      [spanIdOf('c3'), 'p1'],
    ]);
    expect(trace.spans[0]).toEqual({
      traceID: TRACE,
      spanID: spanIdOf('a1'),
      flags: 1,
      operationName: 'GET /a',
      references: [],
      startTime: T0,
      duration: 5000,
      tags: [
        { key: 'error', type: 'bool', value: true },
        { key: 'http.status_code', type: 'int64', value: 500 },
        { key: 'list', type: 'string', value: '["x",2]' },
        { key: 'ok', type: 'bool', value: false },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'otel.status_description', type: 'string', value: 'boom' },
        { key: 'ratio', type: 'float64', value: 0.5 },
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'zeta', type: 'string', value: 'z' },
      ],
      logs: [
        {
          timestamp: T0 + 10,
          fields: [
            { key: 'event', type: 'string', value: 'retry' },
            { key: 'attempt', type: 'int64', value: 1 },
            { key: 'zz', type: 'string', value: 'y' },
          ],
        },
      ],
      processID: 'p1',
      warnings: null,
    });
  });

  it('renders parents as CHILD_OF references and kinds and OK status as tags', async () => {
    const url = await startWithTrace(basePath);
    const { body } = await getJson<TraceAnswer>(`${url}/api/traces/${TRACE}`);
    const [, client, internal] = body.data![0]!.spans;
    expect(client!.references).toEqual([
      { refType: 'CHILD_OF', traceID: TRACE, spanID: spanIdOf('a1') },
    ]);
    expect(client!.tags).toEqual([
      { key: 'otel.status_code', type: 'string', value: 'OK' },
      { key: 'span.kind', type: 'string', value: 'client' },
    ]);
    expect(internal!.tags).toEqual([]);
    expect(internal!.logs).toEqual([]);
  });

  it('accepts the id in upper case and with leading zeros trimmed', async () => {
    const url = await startWithTrace(basePath);
    const { body } = await getJson<TraceAnswer>(
      `${url}/api/traces/${TRACE.toUpperCase()}`,
    );
    expect(body.data![0]!.traceID).toBe(TRACE);
  });

  it('answers 404 in the envelope for an unknown trace', async () => {
    const url = await startWithTrace(basePath);
    const { status, body } = await getJson(
      `${url}/api/traces/${'f'.repeat(32)}`,
    );
    expect(status).toBe(404);
    expect(body).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 404, msg: 'trace not found' }],
    });
  });

  it.each(['xyz', '1'.repeat(33), 'abc-def'])(
    'answers 400 for the trace id %s',
    async (id) => {
      const url = await startWithTrace(basePath);
      const { status, body } = await getJson(`${url}/api/traces/${id}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({
        data: null,
        errors: [
          { code: 400, msg: expect.stringContaining('traceID') as string },
        ],
      });
    },
  );

  it('answers 400 for a non-numeric start hint', async () => {
    const url = await startWithTrace(basePath);
    const { status, body } = await getJson(
      `${url}/api/traces/${TRACE}?start=yesterday`,
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      errors: [
        { code: 400, msg: expect.stringContaining("'start'") as string },
      ],
    });
  });
});

describe('Jaeger v1 trace ids', () => {
  it('writes a 64-bit trace id as 16 hex digits, as Jaeger does', async () => {
    collector = await startTestCollector();
    await collector.store.appendSpans([
      span({ trace: 0x1234, id: 1 }),
      span({ trace: 0x1234, id: 2, parent: 1 }),
    ]);
    const { body } = await getJson<TraceAnswer>(
      `${collector.queryUrl}/api/traces/1234`,
    );
    const trace = body.data![0]!;
    expect(trace.traceID).toBe('0000000000001234');
    expect(trace.spans[1]!.traceID).toBe('0000000000001234');
    expect(trace.spans[1]!.references[0]!.traceID).toBe('0000000000001234');
    const padded = await getJson<TraceAnswer>(
      `${collector.queryUrl}/api/traces/${traceIdOf(0x1234)}`,
    );
    expect(padded.body.data![0]!.traceID).toBe('0000000000001234');
  });
});
