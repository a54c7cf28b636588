/**
 * The Grafana dashboard the chart ships: valid JSON that Grafana can
 * provision, in a ConfigMap, and every metric it queries is one a real
 * collector exports on /metrics.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '@pathprof/collector';
import type { RunningCollector } from '@pathprof/collector';
import { HOP_ATTR, HOP_PATH_ATTR, PATH_SEPARATOR } from '@pathprof/model';
import type { Span, SpanId, TraceId } from '@pathprof/model';
import { createMemoryStore } from '@pathprof/store';
import { REPO_ROOT } from './helm-binary.js';
import {
  listMetricNames,
  listVariableMetricNames,
} from './promql-metric-names.js';
import { findObjects, renderChart } from './render-chart.js';

interface Panel {
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { expr: string; refId: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
}

const DASHBOARD_FILE = join(
  REPO_ROOT,
  'deploy/helm/pathprof/dashboards/pathprof.json',
);
const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;

function queriedMetricNames(): string[] {
  const fromPanels = dashboard.panels.flatMap((p) =>
    (p.targets ?? []).flatMap((t) => listMetricNames(t.expr)),
  );
  const fromVariables = dashboard.templating.list.flatMap((v) =>
    v.type === 'query'
      ? listVariableMetricNames((v.query as { query: string }).query)
      : [],
  );
  return [...new Set([...fromPanels, ...fromVariables])].sort();
}

describe('reading metric names from PromQL', () => {
  it('finds metrics but not functions, labels, keywords or numbers', () => {
    expect(
      listMetricNames(
        'histogram_quantile(0.95, sum by (path, le) (rate(a_bucket{path=~"x|y"}[5m]))) / on (path) b_total offset 5m',
      ),
    ).toEqual(['a_bucket', 'b_total']);
  });
});

describe('the Grafana dashboard', () => {
  let collector: RunningCollector;
  let exported: Set<string>;

  beforeAll(async () => {
    collector = await startCollector({
      store: createMemoryStore(),
      otlpPort: 0,
      zipkinPort: 0,
      queryPort: 0,
      log: null,
    });
    collector.metrics.observeStoredSpans([hopSpan(['svc-a:a1', 'svc-b:b1'])]);
    const text = await (await fetch(`${collector.urls.query!}/metrics`)).text();
    exported = new Set(
      text
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)![0]),
    );
  });

  afterAll(async () => {
    await collector.close();
  });

  it('queries only metrics the collector exports', () => {
    const names = queriedMetricNames();
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !exported.has(n))).toEqual([]);
  });

  it('shows per-path rate, errors and latency percentiles', () => {
    const exprs = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).map((t) => t.expr),
    );
    expect(
      exprs.some((e) => e.includes('rate(pathprof_path_requests_total')),
    ).toBe(true);
    expect(exprs.some((e) => e.includes('pathprof_path_errors_total'))).toBe(
      true,
    );
    for (const quantile of ['0.5', '0.95', '0.99']) {
      expect(
        exprs.some((e) =>
          e.startsWith(`histogram_quantile(${quantile}, sum by (path, le)`),
        ),
      ).toBe(true);
    }
  });

  it("shows the collector's own health", () => {
    const names = queriedMetricNames();
    for (const name of [
      'pathprof_spans_received_total',
      'pathprof_spans_rejected_total',
      'pathprof_write_queue_spans',
      'process_resident_memory_bytes',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('has unique panel ids and ref ids, and fits a 24-column grid', () => {
    const ids = dashboard.panels.map(
      (p) => (p as unknown as { id: number }).id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
    expect(dashboard.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  });

  it('ships in a ConfigMap that Grafana dashboard sidecars pick up', () => {
    const [configMap] = findObjects(
      renderChart('values-multi-svc.yaml'),
      'ConfigMap',
    );
    expect(configMap!.metadata.labels?.['grafana_dashboard']).toBe('1');
    expect(JSON.parse(configMap!.data!['pathprof.json']!)).toEqual(dashboard);
  });

  it("is imported by the chart's Job script into a Grafana HTTP API", async () => {
    const [configMap] = findObjects(
      renderChart('values-multi-svc.yaml'),
      'ConfigMap',
    );
    const received: {
      url: string;
      body: { dashboard: Dashboard; overwrite: boolean };
    }[] = [];
    const grafana = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({
          url: req.url ?? '',
          body: JSON.parse(body) as (typeof received)[number]['body'],
        });
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"success"}');
      });
    });
    await new Promise<void>((resolve) =>
      grafana.listen(0, '127.0.0.1', resolve),
    );
    const dir = mkdtempSync(join(tmpdir(), 'pathprof-grafana-'));
    try {
      writeFileSync(
        join(dir, 'pathprof.json'),
        configMap!.data!['pathprof.json']!,
      );
      writeFileSync(
        join(dir, 'import-dashboard.mjs'),
        configMap!.data!['import-dashboard.mjs']!,
      );
      const port = (grafana.address() as AddressInfo).port;
      const code = await runNode(join(dir, 'import-dashboard.mjs'), {
        GRAFANA_URL: `http://127.0.0.1:${port}`,
        DASHBOARD_FILE: join(dir, 'pathprof.json'),
      });
      expect(code).toBe(0);
      expect(received).toHaveLength(1);
      expect(received[0]!.url).toBe('/api/dashboards/db');
      expect(received[0]!.body.overwrite).toBe(true);
      expect(received[0]!.body.dashboard.uid).toBe(dashboard.uid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      grafana.close();
    }
  });

  it('never fails the release when Grafana is not there', async () => {
    const [configMap] = findObjects(
      renderChart('values-multi-svc.yaml'),
      'ConfigMap',
    );
    const dir = mkdtempSync(join(tmpdir(), 'pathprof-grafana-'));
    try {
      writeFileSync(
        join(dir, 'pathprof.json'),
        configMap!.data!['pathprof.json']!,
      );
      writeFileSync(
        join(dir, 'import-dashboard.mjs'),
        configMap!.data!['import-dashboard.mjs']!,
      );
      const code = await runNode(join(dir, 'import-dashboard.mjs'), {
        GRAFANA_URL: 'http://127.0.0.1:1',
        DASHBOARD_FILE: join(dir, 'pathprof.json'),
        ATTEMPTS: '2',
        PAUSE_MILLIS: '1',
      });
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function hopSpan(labels: readonly string[]): Span {
  return {
    traceId: '1'.padStart(32, '0') as TraceId,
    spanId: '1'.padStart(16, '0') as SpanId,
    references: [],
    service: 'svc-b',
    operation: 'b1',
    kind: 'internal',
    startMicros: Date.UTC(2024, 4, 1) * 1000,
    durationMicros: 2000,
    status: 'error',
    attributes: {
      [HOP_ATTR]: true,
      [HOP_PATH_ATTR]: labels.join(PATH_SEPARATOR),
    },
    resource: {},
    events: [],
  };
}

function runNode(script: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...env, PATH: process.env['PATH'] ?? '' },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
