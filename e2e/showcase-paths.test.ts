/**
 * The showcase, end to end: the multi-svc and toy systems run locally as
 * child processes, export their spans over OTLP/HTTP protobuf to a receiver in
 * this test, and the engine turns those spans into exactly the seed's call
 * paths, each hop with CPU and memory.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTrace } from '@pathprof/engine';
import type { TraceAnalysis } from '@pathprof/engine';
import type { Span, TraceId } from '@pathprof/model';
import { HOP_ATTR, HOP_NAME_ATTR } from '@pathprof/model';
import { startShowcase } from '@pathprof/showcase';
import type { RunningShowcase } from '@pathprof/showcase';
import type { OtlpReceiver } from './otlp-receiver.js';
import { startOtlpReceiver } from './otlp-receiver.js';

/** GETs `url` as a request of a new sampled W3C trace; resolves to the trace id and the answer. */
async function tracedGet(
  url: string,
): Promise<{ traceId: string; status: number; body: string }> {
  const traceId = randomBytes(16).toString('hex');
  const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  const response = await fetch(url, { headers: { traceparent } });
  return { traceId, status: response.status, body: await response.text() };
}

function spansOf(receiver: OtlpReceiver, traceId: string): Span[] {
  return receiver.spans.filter((s) => s.traceId === traceId);
}

function analyze(receiver: OtlpReceiver, traceId: string): TraceAnalysis {
  return analyzeTrace(traceId as TraceId, spansOf(receiver, traceId));
}

/** Each path of the trace as `a > b > c`, marked `(incomplete)` where a hop is missing. */
function pathsOf(analysis: TraceAnalysis): string[] {
  return analysis.records
    .map((r) => `${r.labels.join(' > ')}${r.incomplete ? ' (incomplete)' : ''}`)
    .sort();
}

function isHopSpan(span: Span): boolean {
  return (
    span.attributes[HOP_ATTR] !== undefined ||
    span.attributes[HOP_NAME_ATTR] !== undefined
  );
}

describe('multi-svc, end to end', () => {
  let receiver: OtlpReceiver;
  let showcase: RunningShowcase;
  const traces = new Map<string, string>();
  const answers = new Map<string, string>();

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    showcase = await startShowcase({
      sys: 'multi-svc',
      otlpEndpoint: receiver.url,
      // memory on every call, not 1 in 10, so that every hop has it
      env: { PATHPROF_MEMORY_SAMPLE_RATE: '1' },
    });
    try {
      for (const route of [
        'a1',
        'a2',
        'a3',
        'a4',
        'a1n',
        'a2n',
        'a3n',
        'a4n',
      ]) {
        const { traceId, status, body } = await tracedGet(
          `${showcase.entryUrl}/${route}`,
        );
        expect(status, `${route}: ${body}`).toBe(200);
        traces.set(route, traceId);
        answers.set(route, body);
      }
    } finally {
      // SIGTERM: every service flushes its spans before it exits
      await showcase.stop();
    }
  }, 120_000);

  afterAll(() => receiver.close());

  it('records no span for the health checks the runner made at start', () => {
    const mentionsHealth = (span: Span): boolean =>
      Object.values(span.attributes).some(
        (v) => typeof v === 'string' && v.includes('/healthz'),
      );
    expect(receiver.spans.length).toBeGreaterThan(0);
    expect(receiver.spans.filter(mentionsHealth)).toEqual([]);
  });

  it('receives the spans of every call and nothing malformed', () => {
    expect(receiver.errors).toEqual([]);
    for (const [route, traceId] of traces) {
      expect(spansOf(receiver, traceId).length, route).toBeGreaterThan(0);
    }
  });

  it.each([
    ['a1', ['svc-a:a1 > svc-b:b1 > svc-c:c1']],
    ['a2', ['svc-a:a2 > svc-b:b2 > svc-d:d1']],
    [
      'a3',
      [
        'svc-a:a3 > svc-e:e1 > svc-d:d2',
        'svc-a:a3 > svc-e:e1 > svc-f:f1',
        'svc-a:a3 > svc-g:g1',
      ],
    ],
    ['a4', ['svc-a:a4 > svc-e:e2 (incomplete)']],
  ])('gives /%s exactly the seed paths', (route, expected) => {
    expect(pathsOf(analyze(receiver, traces.get(route)!))).toEqual(expected);
  });

  it('gives the four entry calls exactly the six seed paths together', () => {
    const all = ['a1', 'a2', 'a3', 'a4'].flatMap((r) =>
      pathsOf(analyze(receiver, traces.get(r)!)),
    );
    expect(all.sort()).toEqual([
      'svc-a:a1 > svc-b:b1 > svc-c:c1',
      'svc-a:a2 > svc-b:b2 > svc-d:d1',
      'svc-a:a3 > svc-e:e1 > svc-d:d2',
      'svc-a:a3 > svc-e:e1 > svc-f:f1',
      'svc-a:a3 > svc-g:g1',
      'svc-a:a4 > svc-e:e2 (incomplete)',
    ]);
  });

  it('measures CPU and memory for every hop', () => {
    for (const route of ['a1', 'a2', 'a3', 'a4']) {
      for (const record of analyze(receiver, traces.get(route)!).records) {
        for (const position of record.positions) {
          expect(
            position.cpuMicros,
            `${route} ${position.label} CPU`,
          ).toBeGreaterThanOrEqual(0);
          expect(
            position.memoryBytes,
            `${route} ${position.label} memory`,
          ).toBeDefined();
          expect(position.durationMicros).toBeGreaterThan(0);
        }
      }
    }
  });

  it('shows e1 waiting 200 ms and g1 running concurrently with e1', () => {
    const { hopTree } = analyze(receiver, traces.get('a3')!);
    const hop = (name: string) =>
      hopTree.hops.find((h) => h.label.endsWith(`:${name}`))!;
    const e1 = hop('e1');
    const f1 = hop('f1');
    const d2 = hop('d2');
    const g1 = hop('g1');
    expect(e1.endMicros - e1.startMicros).toBeGreaterThanOrEqual(200_000);
    expect(d2.startMicros - f1.endMicros).toBeGreaterThanOrEqual(190_000);
    expect(g1.startMicros).toBeLessThan(e1.endMicros);
  });

  it('records no hop span for the undecorated twins, which call the twins downstream', () => {
    expect(answers.get('a1n')).toMatch(
      /^svc-a:a1n #\d+ \(svc-b:b1n #\d+ \(svc-c:c1n #\d+\)\)/,
    );
    expect(answers.get('a3n')).toContain('svc-d:d2n');
    expect(answers.get('a4n')).toContain('svc-e:e2n');
    for (const route of ['a1n', 'a2n', 'a3n', 'a4n']) {
      const spans = spansOf(receiver, traces.get(route)!);
      expect(
        spans.filter(isHopSpan).map((s) => `${s.service}:${s.operation}`),
        route,
      ).toEqual([]);
    }
  });
});

describe('toy, end to end', () => {
  let receiver: OtlpReceiver;
  let showcase: RunningShowcase;
  let traceId: string;
  let metrics: string;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    showcase = await startShowcase({
      sys: 'toy',
      otlpEndpoint: receiver.url,
      env: { PATHPROF_MEMORY_SAMPLE_RATE: '1' },
    });
    try {
      const answer = await tracedGet(`${showcase.entryUrl}/rolldice/3`);
      expect(answer.status, answer.body).toBe(200);
      traceId = answer.traceId;
      metrics = await (
        await fetch(showcase.entryUrl.replace(/\/app_a\/v1$/, '/metrics'))
      ).text();
    } finally {
      await showcase.stop();
    }
  }, 60_000);

  afterAll(() => receiver.close());

  it('profiles rolldice with roll(count) as its child hop', () => {
    const analysis = analyze(receiver, traceId);
    expect(pathsOf(analysis)).toEqual([
      'rolldice-a:rolldice > rolldice-a:roll',
    ]);
    const { hops, parent } = analysis.hopTree;
    const roll = hops.findIndex((h) => h.label === 'rolldice-a:roll');
    expect(hops[parent[roll]!]!.label).toBe('rolldice-a:rolldice');
    for (const position of analysis.records[0]!.positions) {
      expect(position.cpuMicros).toBeGreaterThanOrEqual(0);
      expect(position.memoryBytes).toBeDefined();
    }
  });

  it('counts the three rolls in roll_counter', () => {
    const counts = [
      ...metrics.matchAll(/^roll_counter\{roll_value="[1-6]"\} (\d+)$/gm),
    ].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe('instrumentation levels (PATHPROF_SDK), as pathprof overhead compares them', () => {
  async function spansFor(mode: string): Promise<Span[]> {
    const receiver = await startOtlpReceiver();
    try {
      const showcase = await startShowcase({
        sys: 'toy',
        otlpEndpoint: receiver.url,
        env: { PATHPROF_SDK: mode },
      });
      try {
        const answer = await tracedGet(`${showcase.entryUrl}/rolldice/2`);
        expect(answer.status).toBe(200);
      } finally {
        await showcase.stop();
      }
      return receiver.spans;
    } finally {
      await receiver.close();
    }
  }

  it('records hop spans with full', async () => {
    const hops = (await spansFor('full'))
      .filter(isHopSpan)
      .map((s) => s.operation);
    expect(hops.sort()).toEqual(['roll', 'rolldice']);
  }, 30_000);

  it('records OpenTelemetry spans but no hop with otel-only', async () => {
    const spans = await spansFor('otel-only');
    expect(spans.some((s) => s.kind === 'server')).toBe(true);
    expect(spans.filter(isHopSpan)).toEqual([]);
  }, 30_000);

  it('records nothing with off', async () => {
    expect(await spansFor('off')).toEqual([]);
  }, 30_000);
});
