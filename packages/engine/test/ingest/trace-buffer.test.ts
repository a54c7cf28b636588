import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TraceBuffer } from '@pathprof/engine';
import type { BufferedTrace } from '@pathprof/engine';
import { parseTraceId } from '@pathprof/model';
import type { Span, TraceId } from '@pathprof/model';
import { span } from '../helpers.js';

const T: Record<string, TraceId> = {
  a: parseTraceId('a')!,
  b: parseTraceId('b')!,
  c: parseTraceId('c')!,
};

/** Spans of trace `t` named `${t}${n}` for each n. */
function spansOf(t: string, ...ns: number[]): Span[] {
  return ns.map((n) =>
    span({ id: `${t}${n}`, trace: T[t]!, start: n, dur: 1 }),
  );
}

/** `a: a1 a2` per released trace, for readable assertions. */
function dump(traces: readonly BufferedTrace[]): string[] {
  const name = (id: TraceId): string =>
    Object.entries(T).find(([, v]) => v === id)?.[0] ?? id;
  return traces.map(
    (t) => `${name(t.traceId)}: ${t.spans.map((s) => s.operation).join(' ')}`,
  );
}

describe('TraceBuffer', () => {
  it('groups the spans of a trace spread over many add() calls', () => {
    const buffer = new TraceBuffer({ maxSpans: 100 });
    expect(buffer.add([...spansOf('a', 1), ...spansOf('b', 1)])).toEqual([]);
    expect(buffer.add(spansOf('a', 2))).toEqual([]);
    expect(buffer.add([...spansOf('b', 2), ...spansOf('a', 3)])).toEqual([]);
    expect(buffer.heldSpans).toBe(5);
    // least recently extended first: a3 came after b2
    expect(dump(buffer.flush())).toEqual(['b: b1 b2', 'a: a1 a2 a3']);
    expect(buffer.cutTraces).toBe(0);
  });

  it('releases the least recently extended trace first when over the bound', () => {
    // add a1 a2, b1 b2 (full at 4), then a3: a was extended last, b goes
    const buffer = new TraceBuffer({ maxSpans: 4 });
    buffer.add(spansOf('a', 1, 2));
    buffer.add(spansOf('b', 1, 2));
    expect(dump(buffer.add(spansOf('a', 3)))).toEqual(['b: b1 b2']);
    expect(buffer.heldSpans).toBe(3);
    // then c1 c2: a (3 spans) is now the oldest
    expect(dump(buffer.add(spansOf('c', 1, 2)))).toEqual(['a: a1 a2 a3']);
    expect(dump(buffer.flush())).toEqual(['c: c1 c2']);
  });

  it('counts a trace released before all its spans arrived as cut', () => {
    const buffer = new TraceBuffer({ maxSpans: 2 });
    buffer.add(spansOf('a', 1, 2));
    expect(dump(buffer.add(spansOf('b', 1)))).toEqual(['a: a1 a2']);
    expect(buffer.cutTraces).toBe(0);
    buffer.add(spansOf('a', 3)); // late span of the released trace
    expect(buffer.cutTraces).toBe(1);
    expect(dump(buffer.flush())).toEqual(['b: b1', 'a: a3']);
  });

  it('does not count a released trace that receives nothing more', () => {
    const buffer = new TraceBuffer({ maxSpans: 1 });
    buffer.add(spansOf('a', 1));
    buffer.add(spansOf('b', 1));
    buffer.add(spansOf('c', 1));
    expect(buffer.cutTraces).toBe(0);
  });

  it('counts a trace cut into three fragments once', () => {
    // a1 | released, a2 | released, a3: one trace cut, not two
    const buffer = new TraceBuffer({ maxSpans: 1 });
    buffer.add(spansOf('a', 1));
    buffer.add(spansOf('b', 1)); // releases a
    buffer.add(spansOf('a', 2)); // releases b; a is cut
    buffer.add(spansOf('c', 1)); // releases a again
    buffer.add(spansOf('a', 3));
    expect(buffer.cutTraces).toBe(1);
    buffer.add(spansOf('b', 2));
    expect(buffer.cutTraces).toBe(2);
  });

  it('only detects cuts among the last rememberReleased released traces', () => {
    const buffer = new TraceBuffer({ maxSpans: 1, rememberReleased: 1 });
    buffer.add(spansOf('a', 1));
    buffer.add(spansOf('b', 1)); // releases a
    buffer.add(spansOf('c', 1)); // releases b; a is forgotten
    buffer.add(spansOf('a', 2));
    expect(buffer.cutTraces).toBe(0);
  });

  it('flush releases everything still held and leaves the buffer empty', () => {
    const buffer = new TraceBuffer();
    buffer.add([...spansOf('a', 1, 2), ...spansOf('b', 1), ...spansOf('c', 1)]);
    expect(dump(buffer.flush())).toEqual(['a: a1 a2', 'b: b1', 'c: c1']);
    expect(buffer.heldSpans).toBe(0);
    expect(buffer.flush()).toEqual([]);
  });

  it('holds a single trace bigger than the bound until it is released', () => {
    const buffer = new TraceBuffer({ maxSpans: 2 });
    buffer.add(spansOf('b', 1));
    expect(dump(buffer.add(spansOf('a', 1, 2, 3)))).toEqual(['b: b1']);
    expect(buffer.heldSpans).toBe(3);
    expect(dump(buffer.add(spansOf('c', 1)))).toEqual(['a: a1 a2 a3']);
    expect(buffer.heldSpans).toBe(1);
  });

  it('treats a bound below 1 as 1', () => {
    const buffer = new TraceBuffer({ maxSpans: 0 });
    buffer.add(spansOf('a', 1));
    expect(dump(buffer.add(spansOf('b', 1)))).toEqual(['a: a1']);
    expect(buffer.heldSpans).toBe(1);
  });

  it('respects the bound, loses no span and releases in least-recently-extended order', () => {
    const traceIds = Array.from({ length: 8 }, (_, i) =>
      parseTraceId((i + 1).toString(16))!,
    );
    const batch = fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 12 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(batch, { maxLength: 30 }),
        (maxSpans, batches) => {
          const buffer = new TraceBuffer({ maxSpans });
          // model of the open traces: insertion order = least recently extended first
          const model = new Map<TraceId, number>();
          const seen = new Map<TraceId, number>();
          let serial = 0;
          for (const b of batches) {
            const spans = b.map((t) =>
              span({
                id: `s${serial++}`,
                trace: traceIds[t]!,
                start: serial,
                dur: 1,
              }),
            );
            // a batch extends its traces in the order they first appear in it
            const counts = new Map<TraceId, number>();
            for (const s of spans) {
              counts.set(s.traceId, (counts.get(s.traceId) ?? 0) + 1);
            }
            for (const [t, n] of counts) {
              const before = model.get(t) ?? 0;
              model.delete(t);
              model.set(t, before + n);
            }
            const released = buffer.add(spans);
            const oldest = [...model.keys()].slice(0, released.length);
            expect(released.map((r) => r.traceId)).toEqual(oldest);
            for (const r of released) {
              expect(r.spans).toHaveLength(model.get(r.traceId)!);
              model.delete(r.traceId);
              seen.set(r.traceId, (seen.get(r.traceId) ?? 0) + r.spans.length);
            }
            const held = [...model.values()].reduce((x, y) => x + y, 0);
            expect(buffer.heldSpans).toBe(held);
            // within the bound, unless the one trace left is bigger on its own
            expect(held <= maxSpans || model.size === 1).toBe(true);
          }
          for (const r of buffer.flush()) {
            seen.set(r.traceId, (seen.get(r.traceId) ?? 0) + r.spans.length);
          }
          const total = batches.reduce((x, b) => x + b.length, 0);
          expect([...seen.values()].reduce((x, y) => x + y, 0)).toBe(total);
        },
      ),
    );
  });

  it('does not mutate the spans it is given', () => {
    const spans = Object.freeze(
      spansOf('a', 1, 2).map((s) => Object.freeze(s)),
    );
    const buffer = new TraceBuffer({ maxSpans: 1 });
    buffer.add(spans);
    buffer.add(spansOf('b', 1));
    expect(buffer.flush()).toHaveLength(1);
    expect(spans.map((s) => s.operation)).toEqual(['a1', 'a2']);
  });
});
