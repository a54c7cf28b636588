/**
 * Waits until the spans of a load run have reached the store: the services
 * export in batches, so spans trickle in after the last answer. Done when at
 * least `expectedTraces` traces started in the window and the span count has
 * not moved over `settleMillis`; gives up at the deadline and reports what
 * arrived.
 */
import type { Micros } from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';

export interface WaitForTracesOptions {
  readonly startMicros: Micros;
  readonly endMicros: () => Micros;
  readonly expectedTraces: number;
  readonly deadlineMillis: number;
  readonly settleMillis?: number;
  readonly pollMillis?: number;
}

export interface ArrivedTraces {
  readonly traces: number;
  readonly spans: number;
  readonly complete: boolean;
}

export async function waitForTraces(
  store: SpanStore,
  options: WaitForTracesOptions,
): Promise<ArrivedTraces> {
  const pollMillis = options.pollMillis ?? 250;
  const settleMillis = options.settleMillis ?? 1000;
  const deadline = Date.now() + options.deadlineMillis;
  let last = { traces: -1, spans: -1 };
  let stableSince = Date.now();
  for (;;) {
    const now = await countTraces(
      store,
      options.startMicros,
      options.endMicros(),
    );
    if (now.spans !== last.spans || now.traces !== last.traces) {
      last = now;
      stableSince = Date.now();
    }
    const enough = now.traces >= options.expectedTraces;
    if (enough && Date.now() - stableSince >= settleMillis) {
      return { ...now, complete: true };
    }
    if (Date.now() >= deadline) {
      return { ...now, complete: enough };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMillis));
  }
}

async function countTraces(
  store: SpanStore,
  startMicros: Micros,
  endMicros: Micros,
): Promise<{ traces: number; spans: number }> {
  let traces = 0;
  let spans = 0;
  for await (const trace of store.streamTraces({ startMicros, endMicros })) {
    traces += 1;
    spans += trace.spans.length;
  }
  return { traces, spans };
}
