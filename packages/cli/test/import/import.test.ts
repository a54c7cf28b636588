import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCollector } from '@pathprof/collector';
import { createMemoryStore, openSpanStore } from '@pathprof/store';
import { runCli } from '../cli-harness.js';

const SAMPLE = fileURLToPath(
  new URL(
    '../../../../examples/seed-shaped-sample.jaeger.json',
    import.meta.url,
  ),
);
const ZIPKIN = fileURLToPath(
  new URL('../../../../fixtures/traces/zipkin-yelp.json', import.meta.url),
);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pathprof-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function countStored(
  data: string,
): Promise<{ services: string[]; traces: number; spans: number }> {
  const store = await openSpanStore({ path: data });
  try {
    let traces = 0;
    let spans = 0;
    for await (const t of store.streamTraces({
      startMicros: 0,
      endMicros: Number.MAX_SAFE_INTEGER,
    })) {
      traces += 1;
      spans += t.spans.length;
    }
    return { services: await store.listServices(), traces, spans };
  } finally {
    await store.close();
  }
}

describe('pathprof import', () => {
  it('stores every span of a Jaeger file and a Zipkin file and sums them up', async () => {
    const data = join(dir, 'data');
    const result = await runCli([
      'import',
      SAMPLE,
      ZIPKIN,
      '--data',
      data,
      '--format',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      target: string;
      files: { file: string; format: string; traces: number; spans: number }[];
      totals: {
        traces: number;
        spans: number;
        stored: number;
        rejected: number;
      };
    };
    expect(summary.target).toBe(data);
    expect(summary.files.map((f) => f.format)).toEqual(['jaeger', 'zipkin']);
    const stored = await countStored(data);
    expect(summary.totals.spans).toBe(
      summary.files[0]!.spans + summary.files[1]!.spans,
    );
    expect(summary.totals.stored).toBe(summary.totals.spans);
    expect(stored.spans).toBe(summary.totals.spans);
    expect(stored.traces).toBe(summary.totals.traces);
    expect(stored.services).toContain('svc-a');
  });

  it('reads back each span once after a file was imported twice', async () => {
    const data = join(dir, 'data');
    await runCli(['import', SAMPLE, '--data', data]);
    const again = await runCli(['import', SAMPLE, '--data', data]);
    expect(again.code).toBe(0);
    const first = await countStored(data);
    const once = await runCli(['import', SAMPLE, '--data', join(dir, 'other')]);
    expect(once.code).toBe(0);
    expect(first).toEqual(await countStored(join(dir, 'other')));
  });

  it('reports a malformed file with its position, imports the others and exits 1', async () => {
    const data = join(dir, 'data');
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"data": [{"traceID": "ab", "spans": [}]}');
    const result = await runCli(['import', bad, SAMPLE, '--data', data]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /bad\.json .*FAILED: .*bad\.json: malformed JSON/,
    );
    expect(result.stderr).toContain(`${bad}: could not be read to the end`);
    expect((await countStored(data)).spans).toBeGreaterThan(0);
  });

  it('refuses --data together with --to, and a --to that is not a URL', async () => {
    const both = await runCli([
      'import',
      SAMPLE,
      '--data',
      dir,
      '--to',
      'http://127.0.0.1:1',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --data DIR or --to URL, not both');
    const bad = await runCli(['import', SAMPLE, '--to', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--to: "ftp://x" is not an http(s) URL');
  });

  it('posts to a running collector with --to, with its token, and sums up what it stored', async () => {
    const store = createMemoryStore();
    const collector = await startCollector({
      store,
      otlpPort: 0,
      zipkinPort: null,
      queryPort: 0,
      token: 't0k3n',
      log: null,
    });
    try {
      const denied = await runCli([
        'import',
        SAMPLE,
        '--to',
        collector.urls.otlp!,
      ]);
      expect(denied.code).toBe(1);
      expect(denied.stderr).toContain(
        'HTTP 401: missing or wrong bearer token',
      );
      const result = await runCli([
        'import',
        SAMPLE,
        '--to',
        collector.urls.otlp!,
        '--token',
        't0k3n',
        '--batch-spans',
        '100',
        '--format',
        'json',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout) as {
        target: string;
        totals: { traces: number; spans: number; stored: number };
      };
      expect(summary.target).toBe(`${collector.urls.otlp!}/v1/traces`);
      expect(summary.totals.stored).toBe(summary.totals.spans);
      let stored = 0;
      for await (const t of store.streamTraces({
        startMicros: 0,
        endMicros: Number.MAX_SAFE_INTEGER,
      })) {
        stored += t.spans.length;
      }
      expect(stored).toBe(summary.totals.spans);
    } finally {
      await collector.close();
    }
  });
});
