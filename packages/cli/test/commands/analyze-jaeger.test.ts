import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.js';
import {
  findClosedPort,
  json,
  readSharedTrace,
  startFakeJaeger,
  V1_EMPTY,
} from '../../../sources/test/jaeger/fake-jaeger.js';
import type { FakeJaeger } from '../../../sources/test/jaeger/fake-jaeger.js';
import { buildSeedDocument } from '../seed-shaped-document.js';

let fake: FakeJaeger | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('pathprof analyze --jaeger', () => {
  it('profiles the traces a v1 Jaeger returns under a base path', async () => {
    const doc = buildSeedDocument(5);
    fake = await startFakeJaeger((req) => {
      if (req.path === '/jaeger/api/services') {
        return json(
          '{"data":["svc-a"],"total":1,"limit":0,"offset":0,"errors":null}',
        );
      }
      if (req.path === '/jaeger/api/traces') {
        return json(
          JSON.stringify({
            ...doc,
            total: 0,
            limit: 0,
            offset: 0,
            errors: null,
          }),
        );
      }
      return undefined;
    });
    const r = await runCli([
      'analyze',
      '--jaeger',
      `${fake.url}/jaeger`,
      '--service',
      'svc-a',
      '--lookback',
      '10m',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      totals: { traces: number };
      paths: { key: string; count: number }[];
    };
    expect(report.totals.traces).toBe(5);
    expect(report.paths.map((p) => [p.key, p.count])).toEqual([
      ['svc-a:a1 > svc-b:b1 > svc-c:c1', 5],
    ]);
    const search = fake.requests.find((q) => q.path === '/jaeger/api/traces')!;
    expect(search.query.get('service')).toBe('svc-a');
    expect(
      Number(search.query.get('end')) - Number(search.query.get('start')),
    ).toBeLessThanOrEqual(600_000_000);
  });

  it('profiles api_v3 answers (OTLP JSON) when the server has no v1 API', async () => {
    const hotrod = readSharedTrace('hotrod-jaeger-apiv3-getTrace.otlp.json');
    let served = false;
    fake = await startFakeJaeger((req) => {
      if (req.path === '/api/v3/services') {
        return json('{"services":["frontend"]}');
      }
      if (req.path === '/api/v3/traces') {
        if (served) {
          return json(
            '{"error":{"httpCode":404,"message":"No traces found"}}',
            404,
          );
        }
        served = true;
        return json(hotrod);
      }
      return undefined;
    });
    const r = await runCli([
      'analyze',
      '--jaeger',
      fake.url,
      '--service',
      'frontend',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as {
      totals: { traces: number; spans: number };
    };
    expect(report.totals).toMatchObject({ traces: 1, spans: 40 });
  });

  it('gives an empty report when nothing is found', async () => {
    fake = await startFakeJaeger((req) =>
      req.path === '/api/services'
        ? json('{"data":["a"],"total":1,"limit":0,"offset":0,"errors":null}')
        : json(V1_EMPTY),
    );
    const r = await runCli([
      'analyze',
      '--jaeger',
      fake.url,
      '--service',
      'a',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      totals: { traces: 0 },
      paths: [],
    });
  });

  it('exits 1 naming the URL when Jaeger cannot be reached', async () => {
    const port = await findClosedPort();
    const r = await runCli([
      'analyze',
      '--jaeger',
      `http://127.0.0.1:${port}`,
      '--service',
      'a',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`127.0.0.1:${port}`);
  });

  it('exits 2 for a bad --jaeger flag value', async () => {
    const r = await runCli([
      'analyze',
      '--jaeger',
      'ftp://x',
      '--service',
      'a',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--jaeger: "ftp:\/\/x" is not an http\(s\) URL/);
  });
});
