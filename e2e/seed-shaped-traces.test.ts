import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeJaegerResponse } from '../bench/jaeger-file-writer.mjs';
import {
  generateSeedTraces,
  type JaegerSpan,
  type JaegerTrace,
} from '../bench/seed-shaped-traces.mjs';

const GENERATOR_CLI = fileURLToPath(
  new URL('../bench/generate-seed-traces.mjs', import.meta.url),
);
const ROUTES = ['a1', 'a2', 'a3', 'a4'] as const;
type EntryRoute = (typeof ROUTES)[number];

const traces = [...generateSeedTraces({ traces: 2000, seed: 42 })];

function tagOf(
  span: JaegerSpan,
  key: string,
): string | number | boolean | undefined {
  return span.tags.find((t) => t.key === key)?.value;
}

function routeOf(trace: JaegerTrace): EntryRoute {
  const url = String(tagOf(trace.spans[0]!, 'http.url'));
  const route = ROUTES.find((r) => url.endsWith(`/${r}`));
  if (!route) {
    throw new Error(`no entry route in ${url}`);
  }
  return route;
}

function serviceOf(trace: JaegerTrace, span: JaegerSpan): string {
  return trace.processes[span.processID]!.serviceName;
}

function spanNamed(trace: JaegerTrace, operationName: string): JaegerSpan {
  const span = trace.spans.find((s) => s.operationName === operationName);
  if (!span) {
    throw new Error(`${trace.traceID} has no span ${operationName}`);
  }
  return span;
}

function parentOf(
  trace: JaegerTrace,
  span: JaegerSpan,
): JaegerSpan | undefined {
  const ref = span.references[0];
  return ref && trace.spans.find((s) => s.spanID === ref.spanID);
}

function tracesOf(route: EntryRoute): JaegerTrace[] {
  return traces.filter((t) => routeOf(t) === route);
}

/** Collects everything written to it, slowly, so the writer meets back-pressure. */
function createSlowSink(): { sink: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      setImmediate(callback);
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('generateSeedTraces', () => {
  it('gives the same traces for the same seed and different ones for another seed', () => {
    const again = [...generateSeedTraces({ traces: 2000, seed: 42 })];
    const other = [...generateSeedTraces({ traces: 50, seed: 43 })];
    expect(JSON.stringify(again)).toBe(JSON.stringify(traces));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(traces.slice(0, 50)));
  });

  it('uses Jaeger ids: 16 hex digits, unique within each trace, trace ids unique', () => {
    expect(new Set(traces.map((t) => t.traceID)).size).toBe(traces.length);
    const problems: string[] = [];
    for (const trace of traces) {
      const ids = new Set(trace.spans.map((s) => s.spanID));
      if (ids.size !== trace.spans.length) {
        problems.push(`${trace.traceID}: duplicate span ids`);
      }
      for (const span of trace.spans) {
        if (
          !/^[0-9a-f]{16}$/.test(span.spanID) ||
          span.traceID !== trace.traceID ||
          !trace.processes[span.processID]
        ) {
          problems.push(`${trace.traceID}/${span.spanID}: bad ids or process`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('puts the root first, without references, and every other span inside its CHILD_OF parent', () => {
    const problems: string[] = [];
    for (const trace of traces) {
      const [root, ...rest] = trace.spans;
      expect(root?.references).toEqual([]);
      expect(serviceOf(trace, root!)).toBe('istio-ingressgateway.istio-system');
      const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
      for (const span of rest) {
        const ref = span.references[0];
        const parent = ref && byId.get(ref.spanID);
        const inside =
          parent !== undefined &&
          span.startTime >= parent.startTime &&
          span.startTime + span.duration <= parent.startTime + parent.duration;
        if (
          span.references.length !== 1 ||
          ref?.refType !== 'CHILD_OF' ||
          !inside ||
          span.duration <= 0
        ) {
          problems.push(
            `${trace.traceID}/${span.spanID} ${span.operationName}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('mixes the four entry routes about evenly, with a fixed number of spans each', () => {
    const spansPerRoute = { a1: 13, a2: 13, a3: 21, a4: 11 };
    for (const route of ROUTES) {
      const ofRoute = tracesOf(route);
      expect(ofRoute.length / traces.length).toBeGreaterThan(0.2);
      expect(ofRoute.length / traces.length).toBeLessThan(0.3);
      expect(new Set(ofRoute.map((t) => t.spans.length))).toEqual(
        new Set([spansPerRoute[route]]),
      );
    }
  });

  it('hangs the next hop under the caller’s sidecar span, beside the caller’s summary', () => {
    for (const trace of tracesOf('a1')) {
      const summary = spanNamed(trace, 'a1_summary');
      const nextSidecar = spanNamed(
        trace,
        'svc-b.e2e.svc.cluster.local:5566/*',
      );
      expect(serviceOf(trace, nextSidecar)).toBe('app-b.e2e');
      expect(parentOf(trace, nextSidecar)).toBe(parentOf(trace, summary));
      expect(serviceOf(trace, parentOf(trace, summary)!)).toBe('app-a.e2e');
      expect(parentOf(trace, spanNamed(trace, '/a/v1/a1'))).toBe(
        parentOf(trace, summary),
      );
    }
  });

  it('gives every summary its metrics span as first child, with cpu.ms below exec.ms', () => {
    for (const trace of traces) {
      for (const summary of trace.spans.filter((s) =>
        s.operationName.endsWith('_summary'),
      )) {
        const fn = summary.operationName.slice(0, -'_summary'.length);
        const firstChild = trace.spans.find(
          (s) => s.references[0]?.spanID === summary.spanID,
        );
        expect(firstChild?.operationName).toBe(`${fn}_performance_metrics`);
        expect(tagOf(firstChild!, 'function.name')).toBe(fn);
        const cpu = Number(tagOf(firstChild!, 'cpu.ms'));
        const exec = Number(tagOf(firstChild!, 'exec.ms'));
        expect(cpu).toBeGreaterThan(0);
        expect(cpu).toBeLessThan(exec);
        expect(exec * 1000).toBeLessThanOrEqual(firstChild!.duration);
        expect(Number(tagOf(firstChild!, 'peak_mem.kb'))).toBeGreaterThan(0);
      }
    }
  });

  it('leaves svc-c without summary in a4 traces (c2skip is not decorated)', () => {
    for (const trace of tracesOf('a4')) {
      const svcC = trace.spans.filter((s) => serviceOf(trace, s) === 'svc-c');
      expect(svcC.map((s) => s.operationName)).toEqual(['/c/v1/c2skip']);
      expect(spanNamed(trace, 'e2_summary')).toBeDefined();
    }
  });

  it('runs e1 and g1 concurrently in a3 traces, e1 lasting over 200 ms', () => {
    for (const trace of tracesOf('a3')) {
      const e1 = spanNamed(trace, 'e1_summary');
      const g1 = spanNamed(trace, 'g1_summary');
      expect(e1.startTime).toBeLessThan(g1.startTime + g1.duration);
      expect(g1.startTime).toBeLessThan(e1.startTime + e1.duration);
      expect(e1.duration).toBeGreaterThanOrEqual(200_000);
      const f1 = spanNamed(trace, 'f1_summary');
      const d2 = spanNamed(trace, 'd2_summary');
      expect(
        d2.startTime - (f1.startTime + f1.duration),
      ).toBeGreaterThanOrEqual(200_000);
    }
  });

  it('marks a few requests as failed, with 500 and error tags up to the ingress', () => {
    const failed = traces.filter(
      (t) => tagOf(t.spans[0]!, 'http.status_code') === '500',
    );
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length / traces.length).toBeLessThan(0.03);
    for (const trace of failed) {
      expect(tagOf(trace.spans[0]!, 'error')).toBe('true');
      const framework = trace.spans.filter(
        (s) =>
          s.operationName.startsWith('/') &&
          tagOf(s, 'http.status_code') === 500,
      );
      expect(framework.length).toBeGreaterThan(0);
      expect(framework.every((s) => tagOf(s, 'error') === true)).toBe(true);
    }
  });

  it('makes a few requests much slower in one handler', () => {
    const durations = tracesOf('a1').map((t) => t.spans[0]!.duration);
    const sorted = [...durations].sort((x, y) => x - y);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(sorted.at(-1)!).toBeGreaterThan(2 * median);
  });
});

describe('writeJaegerResponse', () => {
  it('streams a Jaeger query-API response that parses back to the traces, one trace per line', async () => {
    const { sink, text } = createSlowSink();
    const few = traces.slice(0, 300);
    const stats = await writeJaegerResponse(sink, few);
    const written = text();
    expect(stats).toEqual({
      traces: 300,
      spans: few.reduce((n, t) => n + t.spans.length, 0),
      bytes: Buffer.byteLength(written),
    });
    const parsed = JSON.parse(written) as Record<string, unknown>;
    expect(parsed).toEqual({
      data: JSON.parse(JSON.stringify(few)) as unknown,
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect(written.split('\n')).toHaveLength(300 + 3);
  });

  it('writes a valid empty response for no traces', async () => {
    const { sink, text } = createSlowSink();
    await writeJaegerResponse(sink, []);
    expect(JSON.parse(text())).toEqual({
      data: [],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });
});

describe('generate-seed-traces.mjs', () => {
  it('prints N traces as JSON on stdout and its counts on stderr with --stats', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      GENERATOR_CLI,
      '--traces',
      '5',
      '--seed',
      '42',
      '--stats',
    ]);
    const parsed = JSON.parse(stdout) as { data: JaegerTrace[] };
    expect(JSON.stringify(parsed.data)).toBe(
      JSON.stringify(traces.slice(0, 5)),
    );
    const stats = JSON.parse(stderr) as Record<string, number>;
    expect(stats).toMatchObject({
      traces: 5,
      spans: parsed.data.reduce((n, t) => n + t.spans.length, 0),
      bytes: Buffer.byteLength(stdout),
    });
  });
});
