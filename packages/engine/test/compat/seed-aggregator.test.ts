import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createSeedAggregator } from '../../src/compat/seed-aggregator.js';
import { EngineError } from '../../src/engine-error.js';
import { buildHopSpans, buildTraceJson } from './helpers.js';

// Golden files: fixtures/build_fixtures.py writes the inputs (JSON Lines, one
// Jaeger trace per line) and runs fixtures/seed_reference.py, which uses Python's
// own json, statistics, round and print, to write the expected reports.
const readFixture = (name: string): string => {
  const bytes = readFileSync(new URL(`fixtures/${name}`, import.meta.url));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
};

const readTraceLines = (name: string): string[] =>
  readFixture(name)
    .split('\n')
    .filter((line) => line.trim() !== '');

const renderDocument = (text: string): string => {
  const aggregator = createSeedAggregator();
  aggregator.addDocumentJson(text);
  return aggregator.render();
};

const EMPTY_REPORT = [
  'request_type,count,max_duration,avg_duration,min_duration,std_duration,max_cpu_time,avg_cpu_time,min_cpu_time,std_cpu_time,max_peak_mem,avg_peak_mem,min_peak_mem,std_peak_mem',
  '== DURATION ANOMALIES ==',
  'request_type,duration,traceID',
  '== CPU.MS ANOMALIES ==',
  'request_type,cpu.ms,traceID',
  '== PEAK_MEM.KB ANOMALIES ==',
  'request_type,peak_mem.kb,traceID',
  '',
].join('\n');

const GOLDEN_FIXTURES = [
  ['multi-svc.jsonl', 'multi-svc.expected.txt'],
  ['toy.jsonl', 'toy.expected.txt'],
  ['edge-cases.jsonl', 'edge-cases.expected.txt'],
  ['number-forms.jsonl', 'number-forms.expected.txt'],
  ['random.jsonl.gz', 'random.expected.txt'],
] as const;

describe('createSeedAggregator, golden reports', () => {
  it.each(GOLDEN_FIXTURES)(
    'prints the reference report for %s, trace by trace',
    (input, expected) => {
      const aggregator = createSeedAggregator();
      for (const line of readTraceLines(input)) {
        aggregator.addTraceJson(line);
      }
      expect(aggregator.render()).toBe(readFixture(expected));
    },
  );

  it.each(GOLDEN_FIXTURES)(
    'prints the reference report for %s as one {"data": [...]} document',
    (input, expected) => {
      const document = `{"data": [\n${readTraceLines(input).join(',\n')}\n]}`;
      expect(renderDocument(document)).toBe(readFixture(expected));
    },
  );

  it('prints the header and three empty anomaly sections for {"data": []}', () => {
    expect(readFixture('empty.expected.txt')).toBe(EMPTY_REPORT);
    expect(renderDocument(readFixture('empty.json'))).toBe(EMPTY_REPORT);
    expect(renderDocument('{"data":[]}')).toBe(EMPTY_REPORT);
  });

  it('renders the same text twice and keeps adding after a render', () => {
    // r ─ s (f_summary, 10 µs) ─ sm (cpu.ms 1, peak_mem.kb 2), then the same with 30 µs
    const aggregator = createSeedAggregator();
    aggregator.addTraceJson(
      buildTraceJson('t1', [
        { id: 'r', op: 'ingress' },
        ...buildHopSpans('s', 'f', 'r', { duration: 10, cpuMs: 1, memKb: 2 }),
      ]),
    );
    const first = aggregator.render();
    expect(aggregator.render()).toBe(first);
    aggregator.addTraceJson(
      buildTraceJson('t2', [
        { id: 'r', op: 'ingress' },
        ...buildHopSpans('s', 'f', 'r', { duration: 30, cpuMs: 1, memKb: 2 }),
      ]),
    );
    expect(aggregator.render().split('\n')[1]).toBe(
      'svc-x:f,2,30,20,10,14.142135623730951,1000,1000,1000,0.0,2,2,2,0.0',
    );
  });
});

describe('createSeedAggregator, hostile shapes', () => {
  it('stops at a reference cycle instead of recursing forever', () => {
    // r ─ p ─ q ┬ a_summary
    //           └ p  (a second span with ID p: its children are p's, so q again)
    const aggregator = createSeedAggregator();
    aggregator.addTraceJson(
      buildTraceJson('cyc', [
        { id: 'r', op: 'ingress' },
        { id: 'p', op: 'proxy', parent: 'r' },
        { id: 'q', op: 'proxy', parent: 'p' },
        { id: 'p', op: 'proxy', parent: 'q' },
        ...buildHopSpans('s', 'a', 'q', { duration: 5, cpuMs: 1, memKb: 1 }),
      ]),
    );
    expect(aggregator.render().split('\n')[1]).toBe(
      'svc-x:a,1,5,5,5,0,1000,1000,1000,0,1,1,1,0',
    );
  });

  it('walks a chain of 50 000 proxies without using the call stack', () => {
    // r ─ p1 ─ p2 ─ … ─ p50000 ─ deep_summary
    const depth = 50_000;
    const chain = Array.from({ length: depth }, (_, i) => ({
      id: `p${i + 1}`,
      op: 'proxy',
      parent: i === 0 ? 'r' : `p${i}`,
    }));
    const aggregator = createSeedAggregator();
    aggregator.addTraceJson(
      buildTraceJson('deep', [
        { id: 'r', op: 'ingress' },
        ...chain,
        ...buildHopSpans('s', 'deep', `p${depth}`, {
          duration: 7,
          cpuMs: 0.5,
          memKb: 3,
        }),
      ]),
    );
    expect(aggregator.render().split('\n')[1]).toBe(
      'svc-x:deep,1,7,7,7,0,0,0,0,0,3,3,3,0',
    );
  });

  it('refuses a trace whose duplicated span IDs multiply its paths', () => {
    // Each level Lk holds two spans with the same ID and a summary, so the paths
    // double per level: 2^20 of them after 20 levels.
    const levels = Array.from({ length: 20 }, (_, k) => {
      const parent = k === 0 ? 'r' : `L${k - 1}`;
      return [
        { id: `L${k}`, op: 'proxy', parent },
        { id: `L${k}`, op: 'proxy', parent },
        ...buildHopSpans(`s${k}`, `f${k}`, parent, {
          duration: 1,
          cpuMs: 1,
          memKb: 1,
        }),
      ];
    });
    const text = buildTraceJson('dup', [
      { id: 'r', op: 'ingress' },
      ...levels.flat(),
    ]);
    expect(() => createSeedAggregator().addTraceJson(text)).toThrow(
      EngineError,
    );
  });
});

describe('createSeedAggregator, bad input', () => {
  it('names the offset of malformed JSON', () => {
    const aggregator = createSeedAggregator();
    expect(() =>
      aggregator.addDocumentJson('{"data": [{"traceID": }]}'),
    ).toThrow(
      new EngineError(
        'PATHPROF_ERR_SEED_JSON',
        'Malformed JSON at offset 22: expecting value',
        { offset: 22 },
      ),
    );
  });

  it('keeps nothing from a document with one unreadable trace', () => {
    const good = buildTraceJson('good', [
      { id: 'r', op: 'ingress' },
      ...buildHopSpans('s', 'f', 'r', { duration: 1, cpuMs: 1, memKb: 1 }),
    ]);
    const aggregator = createSeedAggregator();
    expect(() =>
      aggregator.addDocumentJson(`{"data": [${good}, {"traceID": "x"}]}`),
    ).toThrow('trace x: "spans" must be an array');
    expect(aggregator.render()).toBe(EMPTY_REPORT);
  });

  it('rejects a document without a data array', () => {
    expect(() =>
      createSeedAggregator().addDocumentJson('{"data": null}'),
    ).toThrow(EngineError);
  });

  it('rejects a metric tag that is not a number, naming the span', () => {
    // r ─ s (f_summary) ─ sm (cpu.ms = "fast")
    const text = buildTraceJson('bad', [
      { id: 'r', op: 'ingress' },
      { id: 's', op: 'f_summary', parent: 'r' },
      {
        id: 'sm',
        op: 'f_performance_metrics',
        parent: 's',
        tags: { 'cpu.ms': 'fast' },
      },
    ]);
    expect(() => createSeedAggregator().addTraceJson(text)).toThrow(
      'trace bad, span s: cpu.ms must be a number',
    );
  });

  it('rejects a summary whose process is missing', () => {
    const text = buildTraceJson('orphaned', [
      { id: 'r', op: 'ingress' },
      ...buildHopSpans('s', 'f', 'r', { duration: 1, cpuMs: 1, memKb: 1 }),
    ]).replace('"processes":{"p1":{"serviceName":"svc-x"}}', '"processes":{}');
    expect(() => createSeedAggregator().addTraceJson(text)).toThrow(
      'trace orphaned, span s: no process "p1" in "processes"',
    );
  });
});

describe('createSeedAggregator, errors located in a file', () => {
  it('gives the byte offset in the file of malformed JSON, counting UTF-8 bytes', () => {
    // "é" is two bytes and "😀" four, one and two UTF-16 code units
    const text = '{"traceID": "é😀", "spans": [1e400]}';
    expect(() =>
      createSeedAggregator().addTraceJson(text, {
        file: 't.json',
        offset: 100,
      }),
    ).toThrow(
      new EngineError(
        'PATHPROF_ERR_SEED_JSON',
        't.json: malformed JSON (number out of the range of a double) at byte offset 132',
        { file: 't.json', offset: 132 },
      ),
    );
  });

  it('names the file and where the trace starts for a trace the seed would crash on', () => {
    expect(() =>
      createSeedAggregator().addTraceJson('{"traceID": "x"}', {
        file: 't.json',
        offset: 7,
      }),
    ).toThrow(
      new EngineError(
        'PATHPROF_ERR_SEED_INPUT',
        't.json: trace x: "spans" must be an array (the trace at byte offset 7)',
        { file: 't.json', offset: 7 },
      ),
    );
  });
});
