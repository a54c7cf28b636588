/**
 * Issue 11 §3: a user imports a file of year-old traces and then runs
 * `pathprof serve` with its defaults (72h retention, run at startup). The
 * retention counts from when the traces were imported, so they are all
 * still there: through the Jaeger API and through the path API.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { toOtlpJson } from '@pathprof/engine';
import type { AnalysisReport } from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '@pathprof/cli';
import { main, runServe } from '@pathprof/cli';
import { checkoutTraces } from './checkout-traces.js';
import { directReport } from './path-index-helpers.js';

const YEAR_MICROS = 365 * 24 * 3_600_000_000;
const TRACES = 120;

function processIo(): CliIo & { out: () => string } {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  return {
    stdin: Readable.from([]),
    stdout,
    stderr: new PassThrough(),
    nowMicros: () => Date.now() * 1000,
    out: () => out,
  };
}

describe('pathprof import of year-old traces, then pathprof serve with its defaults', () => {
  let dir: string;
  const start = Date.now() * 1000 - YEAR_MICROS;
  const traces = checkoutTraces(TRACES, start, 11, 1_000_000);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pathprof-old-import-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps them and answers for them through the Jaeger API and the path API', async () => {
    const file = join(dir, 'year-old.otlp.json');
    await writeFile(
      file,
      JSON.stringify(toOtlpJson(traces.flatMap((t) => t.spans))),
    );
    const data = join(dir, 'data');
    const importIo = processIo();
    expect(await main(['import', file, '--data', data], importIo)).toBe(0);
    expect(importIo.out()).toMatch(
      /kept: pathprof serve keeps these traces for its --retention counted from this import — with the default 72h/,
    );

    const serveIo = processIo();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const serving = runServe(
      {
        format: 'json',
        data,
        otlpPort: '0',
        zipkinPort: 'off',
        queryPort: '0',
        quiet: true,
      },
      serveIo,
      {},
      () => stopped,
    );
    try {
      await expect.poll(() => serveIo.out()).toContain('\n');
      const started = JSON.parse(serveIo.out()) as {
        otlp: string;
        query: string;
        retentionSeconds: number;
      };
      expect(started.retentionSeconds).toBe(72 * 3600);
      // Writes apply in call order: once a span sent now is stored, the
      // retention run the collector started with has finished.
      const now = BigInt(Date.now()) * 1000n;
      const sent = await fetch(started.otlp, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          resourceSpans: [
            {
              resource: {
                attributes: [
                  { key: 'service.name', value: { stringValue: 'svc-now' } },
                ],
              },
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: '0af7651916cd43dd8448eb211c80319c',
                      spanId: 'b7ad6b7169203331',
                      name: 'GET /now',
                      kind: 2,
                      startTimeUnixNano: String(now * 1000n - 5_000_000n),
                      endTimeUnixNano: String(now * 1000n),
                    },
                  ],
                },
              ],
            },
          ],
        }),
      });
      expect(sent.status).toBe(200);

      const first = traces[0]!;
      const byId = (await (
        await fetch(`${started.query}/api/traces/${first.traceId}`)
      ).json()) as { data: { spans: unknown[] }[] };
      expect(byId.data[0]!.spans).toHaveLength(first.spans.length);
      const end = start + TRACES * 1_000_000 + 60_000_000;
      const search = (await (
        await fetch(
          `${started.query}/api/traces?service=svc-front&start=${start}&end=${end}&limit=1000`,
        )
      ).json()) as { data: unknown[] };
      expect(search.data).toHaveLength(TRACES);

      const res = await fetch(
        `${started.query}/api/paths?start=${start}&end=${end}`,
      );
      expect(res.status).toBe(200);
      const report = (await res.json()) as AnalysisReport;
      const expected = directReport(traces);
      expect(report.totals.traces).toBe(TRACES);
      expect(report.paths!.map((p) => [p.key, p.count])).toEqual(
        expected.paths!.map((p) => [p.key, p.count]),
      );
    } finally {
      stop();
      await serving;
    }
  }, 120_000);
});
