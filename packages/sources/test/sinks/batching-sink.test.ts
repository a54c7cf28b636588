import { describe, expect, it } from 'vitest';
import type { Span } from '@pathprof/model';
import { createBatchingSink } from '@pathprof/sources';
import type { SpanWriter, WriteOutcome } from '@pathprof/sources';
import { span, TRACE_ID } from '../../../engine/test/helpers.js';

/** A writer whose writes resolve only when the test says so. */
function createHeldWriter() {
  const batches: number[] = [];
  const pending: (() => void)[] = [];
  const writer: SpanWriter = {
    target: 'test',
    write(spans: readonly Span[]) {
      batches.push(spans.length);
      return new Promise<WriteOutcome>((resolve) =>
        pending.push(() =>
          resolve({ stored: spans.length, duplicates: 0, rejected: 0 }),
        ),
      );
    },
    close: () => Promise.resolve(),
  };
  const releaseAll = () => pending.splice(0).forEach((release) => release());
  return { writer, batches, releaseAll };
}

const spans = (n: number) =>
  Array.from({ length: n }, (_, i) => span({ id: `s${i}`, start: i, dur: 1 }));

describe('createBatchingSink', () => {
  it('writes full batches while reading and the rest at the end, counting what the writer stored', async () => {
    const { writer, batches, releaseAll } = createHeldWriter();
    const sink = createBatchingSink(writer, 4);
    sink.trace(TRACE_ID, spans(3));
    expect(batches).toEqual([]);
    sink.trace(TRACE_ID, spans(2));
    expect(batches).toEqual([5]);
    sink.trace(TRACE_ID, spans(1));
    const finished = sink.finish();
    expect(batches).toEqual([5, 1]);
    releaseAll();
    await finished;
    expect(sink.counts).toMatchObject({ traces: 3, spans: 6, stored: 6 });
  });

  it('holds the reader back in drain() while as many writes as allowed are pending', async () => {
    const { writer, releaseAll } = createHeldWriter();
    const sink = createBatchingSink(writer, 1, 2);
    sink.trace(TRACE_ID, spans(1));
    sink.trace(TRACE_ID, spans(1));
    let drained = false;
    const drain = Promise.resolve(sink.drain?.()).then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    releaseAll();
    await drain;
    expect(drained).toBe(true);
  });

  it('reports a failed write from drain() and finish(), and says it failed', async () => {
    expect.assertions(3);
    const writer: SpanWriter = {
      target: 'test',
      write: () => Promise.reject(new Error('target refused')),
      close: () => Promise.resolve(),
    };
    const sink = createBatchingSink(writer, 1);
    sink.trace(TRACE_ID, spans(1));
    await expect(sink.finish()).rejects.toThrow('target refused');
    expect(sink.failed).toBe(true);
    await expect(Promise.resolve(sink.drain?.())).rejects.toThrow(
      'target refused',
    );
  });
});
