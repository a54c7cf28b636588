/**
 * The demo's spans nest as the calls did. Every showcase service runs on this
 * host and reads one clock, so a span outside its parent is a fault of how
 * the spans were timed, not clock skew: the engine's repairs
 * (`clock-skew-shifted`, `child-clipped`) are for real skew between hosts and
 * must stay rare here. The load is `pathprof demo`'s: 20 requests/s, open
 * loop, over the system's entry routes, the spans exported as the demo
 * exports them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeTrace } from '@pathprof/engine';
import type { TraceId, TraceWarning } from '@pathprof/model';
import { startShowcase } from '@pathprof/showcase';
import type { OtlpReceiver } from './otlp-receiver.js';
import { groupByTrace, startOtlpReceiver } from './otlp-receiver.js';

const REPAIR_CODES: ReadonlySet<string> = new Set([
  'clock-skew-shifted',
  'child-clipped',
]);
const REQUESTS = 200;
const INTERVAL_MILLIS = 50;
const MAX_REPAIRED_SHARE = 0.01;

/** GETs the URLs in turn, one every `intervalMillis` whatever the answers (open loop). */
async function driveOpenLoop(
  urls: readonly string[],
  requests: number,
  intervalMillis: number,
): Promise<number[]> {
  const started = performance.now();
  const answers: Promise<number>[] = [];
  for (let i = 0; i < requests; i++) {
    const due = started + i * intervalMillis;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    answers.push(
      fetch(urls[i % urls.length]!).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    );
  }
  return Promise.all(answers);
}

describe('multi-svc spans under the demo load', () => {
  let receiver: OtlpReceiver;
  let statuses: number[] = [];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const showcase = await startShowcase({
      sys: 'multi-svc',
      otlpEndpoint: receiver.url,
      env: { OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
    try {
      statuses = await driveOpenLoop(
        ['a1', 'a2', 'a3', 'a4'].map((r) => `${showcase.entryUrl}/${r}`),
        REQUESTS,
        INTERVAL_MILLIS,
      );
    } finally {
      // SIGTERM: every service flushes its spans before it exits
      await showcase.stop();
    }
  }, 120_000);

  afterAll(() => receiver.close());

  it('needs timing repairs on at most 1% of its traces', () => {
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const traces = groupByTrace(receiver.spans);
    expect(traces.size).toBe(REQUESTS);
    const repairs: TraceWarning[] = [];
    let repairedTraces = 0;
    for (const [traceId, spans] of traces) {
      const found = analyzeTrace(traceId as TraceId, spans).warnings.filter(
        (w) => REPAIR_CODES.has(w.code),
      );
      repairs.push(...found);
      repairedTraces += found.length > 0 ? 1 : 0;
    }
    expect(
      repairedTraces / traces.size,
      `${repairedTraces} of ${traces.size} traces repaired, e.g.\n${repairs
        .slice(0, 5)
        .map((w) => w.message)
        .join('\n')}`,
    ).toBeLessThanOrEqual(MAX_REPAIRED_SHARE);
  });
});
