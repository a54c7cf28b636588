/**
 * Property tests on random span trees: random parents among earlier spans, a
 * few services and kinds, children mostly inside their parents but sometimes
 * overflowing or skewed, SDK hop spans, and now and then orphans, duplicate
 * ids, reference cycles, Zipkin shared servers and spans without timing.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  analyzeTrace,
  buildTraceTree,
  EXACT_LIMIT,
  KEY_BY_SERVICE_COLLAPSED,
  PathProfiler,
  SKETCH_RELATIVE_ACCURACY,
} from '@pathprof/engine';
import type { TraceTree } from '@pathprof/engine';
import { parseTraceId } from '@pathprof/model';
import type { AnalysisReport, Span, SpanKind, TraceId } from '@pathprof/model';
import { freezeSpans, hop, span } from './helpers.js';
import type { SpanSpec } from './helpers.js';

const SERVICES = ['web', 'api', 'db', 'cache'] as const;
const KINDS: readonly SpanKind[] = [
  'server',
  'server',
  'client',
  'client',
  'internal',
  'producer',
  'consumer',
  'unspecified',
];
const ODDITIES = [
  'orphan',
  'duplicate',
  'cycle',
  'shared',
  'missing-timing',
] as const;
type Oddity = 'none' | (typeof ODDITIES)[number];

/** What decides one span; turned into a span by `buildSpans`. */
interface Gene {
  readonly parentPick: number;
  readonly root: boolean;
  readonly service: string;
  readonly op: string;
  readonly kind: SpanKind;
  readonly startPermille: number;
  readonly durPermille: number;
  /** When set, the span is moved by this many µs and stretched: overflow, skew. */
  readonly skew: number | null;
  readonly stretch: number;
  readonly hop: boolean;
  readonly cpuMs: number | undefined;
  readonly memBytes: number | undefined;
  readonly error: boolean;
  readonly follows: boolean;
  readonly oddity: Oddity;
}

const rarely = (oneIn: number): fc.Arbitrary<boolean> =>
  fc.integer({ min: 1, max: oneIn }).map((x) => x === 1);

const geneArb: fc.Arbitrary<Gene> = fc.record({
  parentPick: fc.nat(),
  root: rarely(25),
  service: fc.constantFrom(...SERVICES),
  op: fc.constantFrom('a', 'b', 'c'),
  kind: fc.constantFrom(...KINDS),
  startPermille: fc.integer({ min: 0, max: 1000 }),
  durPermille: fc.integer({ min: 0, max: 1000 }),
  skew: fc.oneof(
    { weight: 5, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.integer({ min: -3000, max: 3000 }) },
  ),
  stretch: fc.integer({ min: 0, max: 3000 }),
  hop: rarely(3),
  cpuMs: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  memBytes: fc.option(fc.integer({ min: -4096, max: 1 << 20 }), {
    nil: undefined,
  }),
  error: rarely(10),
  follows: rarely(12),
  oddity: fc.oneof(
    { weight: 20, arbitrary: fc.constant<Oddity>('none') },
    { weight: 1, arbitrary: fc.constantFrom<Oddity>(...ODDITIES) },
  ),
});

/** A random trace: 1 to 25 spans. */
const genesArb = fc.array(geneArb, { minLength: 1, maxLength: 25 });

/**
 * Builds the spans of one trace from its genes. `scale` multiplies all times,
 * so traces of one template share their structure but not their durations.
 */
function buildSpans(genes: readonly Gene[], trace: TraceId, scale = 1): Span[] {
  const spans: Span[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const parents: (string | undefined)[] = [];
  genes.forEach((g, i) => {
    let id = `s${i}`;
    const p = i === 0 || g.root ? -1 : g.parentPick % i;
    let parent = p < 0 ? undefined : `s${p}`;
    let start: number;
    let dur: number;
    if (p < 0) {
      start = g.startPermille * 10;
      dur = 1000 + g.durPermille * 10;
    } else {
      const ps = starts[p]!;
      const pe = Math.max(ps, ends[p]!);
      start = ps + Math.floor(((pe - ps) * g.startPermille) / 1000);
      dur = Math.floor(((pe - start) * g.durPermille) / 1000);
    }
    if (g.skew !== null) {
      start += g.skew;
      dur += g.stretch;
    }
    let kind = g.kind;
    let shared = false;
    let missingTiming: Span['missingTiming'];
    switch (g.oddity) {
      case 'orphan':
        parent = `gone${i}`;
        break;
      case 'duplicate':
        if (i > 0) {
          id = `s${g.parentPick % i}`;
        }
        break;
      case 'cycle':
        if (genes.length > 1) {
          // a later span: a cycle when that span descends from this one
          parent = `s${(i + 1 + (g.parentPick % (genes.length - 1))) % genes.length}`;
        }
        break;
      case 'shared':
        if (i > 0) {
          // a Zipkin server span reusing an earlier span's id, with that span's parent
          const c = g.parentPick % i;
          id = `s${c}`;
          parent = parents[c];
          kind = 'server';
          shared = true;
        }
        break;
      case 'missing-timing':
        missingTiming = 'both';
        break;
      case 'none':
        break;
    }
    const spec: SpanSpec = {
      id,
      trace,
      ...(parent === undefined
        ? {}
        : g.follows
          ? { follows: parent }
          : { parent }),
      service: g.service,
      op: g.op,
      kind,
      start: missingTiming === undefined ? start * scale : 0,
      dur: missingTiming === undefined ? dur * scale : 0,
      error: g.error,
      shared,
      ...(missingTiming === undefined ? {} : { missingTiming }),
    };
    spans.push(
      g.hop
        ? hop({
            ...spec,
            ...(g.cpuMs === undefined ? {} : { cpuMs: g.cpuMs }),
            ...(g.memBytes === undefined ? {} : { memBytes: g.memBytes }),
          })
        : span(spec),
    );
    starts.push(start);
    ends.push(start + dur);
    parents.push(parent);
  });
  return spans;
}

const traceIdOf = (k: number): TraceId => parseTraceId((k + 1).toString(16))!;
const TRACE = traceIdOf(0);

/** Violations of the tree invariants; empty when the tree is well formed. */
function treeViolations(tree: TraceTree): string[] {
  const out: string[] = [];
  const n = tree.nodes.length;
  const visits = new Array<number>(n).fill(0);
  const stack = [...tree.roots];
  for (const r of tree.roots) {
    if (tree.nodes[r]!.parent !== -1 || tree.nodes[r]!.parentLink !== 'root') {
      out.push(`root ${r} has a parent`);
    }
  }
  let steps = 0;
  while (stack.length > 0 && steps++ <= n) {
    const i = stack.pop()!;
    visits[i]!++;
    for (const c of tree.nodes[i]!.children) {
      if (tree.nodes[c]!.parent !== i) {
        out.push(`child ${c} of ${i} names parent ${tree.nodes[c]!.parent}`);
      }
      if (tree.nodes[c]!.depth !== tree.nodes[i]!.depth + 1) {
        out.push(`depth of ${c}`);
      }
      stack.push(c);
    }
  }
  visits.forEach((v, i) => {
    if (v !== 1) {
      out.push(`node ${i} reached ${v} times from the roots`);
    }
  });
  const sorted = [...tree.preorder].sort((a, b) => a - b);
  if (sorted.length !== n || sorted.some((x, i) => x !== i)) {
    out.push('preorder is not a permutation of the nodes');
  }
  const position = new Map(tree.preorder.map((x, k) => [x, k]));
  tree.nodes.forEach((node, i) => {
    if (node.parent >= 0 && position.get(node.parent)! > position.get(i)!) {
      out.push(`preorder puts ${i} before its parent`);
    }
    if (!(node.endMicros >= node.startMicros)) {
      out.push(`node ${i} ends before it starts`);
    }
  });
  return out;
}

/** Violations of "skew repair keeps CHILD_OF children inside their parents". */
function skewViolations(tree: TraceTree): string[] {
  const out: string[] = [];
  tree.nodes.forEach((node, i) => {
    if (node.parentLink !== 'child_of' && node.parentLink !== 'shared') {
      return;
    }
    const parent = tree.nodes[node.parent]!;
    if (
      ['producer', 'consumer'].includes(node.span.kind) ||
      ['producer', 'consumer'].includes(parent.span.kind)
    ) {
      return; // asynchronous hand-off: may outlive the producer
    }
    if (node.startMicros >= parent.endMicros) {
      return; // began after its parent ended: detached work, kept by design
    }
    if (
      node.startMicros < parent.startMicros ||
      node.endMicros > parent.endMicros
    ) {
      out.push(
        `node ${i} [${node.startMicros}, ${node.endMicros}] outside parent ${node.parent} [${parent.startMicros}, ${parent.endMicros}]`,
      );
    }
  });
  return out;
}

describe('properties of random span trees', () => {
  it('buildTraceTree never throws and every node hangs below exactly one root', () => {
    fc.assert(
      fc.property(genesArb, (genes) => {
        const spans = buildSpans(genes, TRACE);
        const { tree, warnings } = buildTraceTree(TRACE, spans);
        expect(treeViolations(tree)).toEqual([]);
        const dropped = warnings.filter(
          (w) => w.code === 'duplicate-span-id',
        ).length;
        expect(tree.nodes.length).toBe(spans.length - dropped);
        expect(tree.roots.length > 1).toBe(
          warnings.some((w) => w.code === 'multiple-roots'),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('skew repair keeps every CHILD_OF child inside its parent unless it began after the parent ended', () => {
    fc.assert(
      fc.property(genesArb, (genes) => {
        const { tree } = buildTraceTree(TRACE, buildSpans(genes, TRACE));
        expect(skewViolations(tree)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves times alone and warns of nothing when every child fits its parent', () => {
    const tidy = genesArb.map((genes) =>
      genes.map((g) => ({
        ...g,
        skew: null,
        oddity: 'none' as const,
        root: false,
      })),
    );
    fc.assert(
      fc.property(tidy, (genes) => {
        const spans = buildSpans(genes, TRACE);
        const { tree, warnings } = buildTraceTree(TRACE, spans);
        expect(warnings).toEqual([]);
        tree.nodes.forEach((node, i) => {
          expect([node.startMicros, node.endMicros]).toEqual([
            spans[i]!.startMicros,
            spans[i]!.startMicros + spans[i]!.durationMicros,
          ]);
        });
      }),
    );
  });

  it('every leaf hop ends exactly one call path, and there are as many paths as leaf hops', () => {
    fc.assert(
      fc.property(genesArb, fc.boolean(), (genes, keepProxies) => {
        for (const pathKey of [undefined, KEY_BY_SERVICE_COLLAPSED]) {
          const analysis = analyzeTrace(TRACE, buildSpans(genes, TRACE), {
            keepProxies,
            ...(pathKey === undefined ? {} : { pathKey }),
          });
          const { hopTree, callPaths, records } = analysis;
          const leaves = hopTree.hops
            .map((_, h) => h)
            .filter((h) => hopTree.children[h]!.length === 0);
          const ends = callPaths.map((p) => p.positions.at(-1)!.at(-1)!);
          expect([...ends].sort((a, b) => a - b)).toEqual(leaves);
          expect(callPaths).toHaveLength(leaves.length);
          // one record per distinct path of the trace, its calls combined
          expect(records.map((r) => r.key)).toEqual([
            ...new Set(callPaths.map((p) => p.key)),
          ]);
          for (const r of records) {
            const chains = callPaths.filter((p) => p.key === r.key);
            r.positions.forEach((p, i) => {
              const calls = new Set(chains.map((c) => c.positions[i]![0]));
              expect(p.calls).toBe(calls.size);
              expect(p.criticalCalls).toBeLessThanOrEqual(p.calls);
              expect(p.overlap).toBeGreaterThan(0);
              expect(p.inNextMicros).toBeGreaterThanOrEqual(0);
              expect(p.inOtherMicros).toBeGreaterThanOrEqual(0);
              if (i === r.positions.length - 1) {
                expect(p.inNextMicros).toBe(0);
              }
            });
            expect(r.branchMicros).toBeGreaterThanOrEqual(0);
            expect(r.branchMicros).toBeLessThanOrEqual(r.durationMicros + 1e-6);
          }
          // each path walks parent to child from a root hop
          for (const p of callPaths) {
            const chain = p.positions.flat();
            expect(hopTree.parent[chain[0]!]).toBe(-1);
            chain
              .slice(1)
              .forEach((h, k) => expect(hopTree.parent[h]).toBe(chain[k]));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a path’s branch time within its duration when skewed clocks leave a hop between two calls', () => {
    // found by the property above: two zero-length calls of the first
    // position and a later hop, placed by skew, in the gap between them
    const gene = (differs: Record<string, unknown>): unknown => ({
      parentPick: 0,
      root: false,
      service: 'web',
      op: 'a',
      kind: 'server',
      startPermille: 0,
      durPermille: 0,
      skew: null,
      stretch: 0,
      hop: true,
      cpuMs: undefined,
      memBytes: undefined,
      error: true,
      follows: true,
      oddity: 'none',
      ...differs,
    });
    const genes = [
      gene({ root: true, skew: 0, hop: false }),
      gene({ durPermille: 6, hop: false }),
      gene({ root: true }),
      gene({ service: 'cache', skew: 1 }),
      gene({ root: true }),
      gene({ parentPick: 1486565226, service: 'api', durPermille: 167 }),
      gene({ parentPick: 882373488, service: 'cache' }),
      gene({ root: true, oddity: 'orphan' }),
      gene({ root: true, skew: 0 }),
      gene({ parentPick: 564019764, service: 'api' }),
      gene({ root: true }),
    ] as unknown as Parameters<typeof buildSpans>[0];
    const { records } = analyzeTrace(TRACE, buildSpans(genes, TRACE), {
      keepProxies: false,
    });
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(r.branchMicros).toBeLessThanOrEqual(r.durationMicros + 1e-6);
    }
  });

  it('gives each position a share of its root hop’s critical path, together at most all of it', () => {
    fc.assert(
      fc.property(genesArb, (genes) => {
        const { records, hopTree, hopCriticalMicros } = analyzeTrace(
          TRACE,
          buildSpans(genes, TRACE),
        );
        for (const r of records) {
          const shares = r.positions.map((p) => p.criticalShare);
          for (const share of shares) {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(1 + 1e-9);
          }
          expect(shares.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(
            1 + 1e-9,
          );
        }
        // the critical time of a root hop's tree adds up to the root hop's duration
        const total = new Float64Array(hopTree.hops.length);
        for (let h = 0; h < hopTree.hops.length; h++) {
          let root = h;
          while (hopTree.parent[root]! >= 0) {
            root = hopTree.parent[root]!;
          }
          total[root] = total[root]! + hopCriticalMicros[h]!;
        }
        for (const root of hopTree.roots) {
          const hop = hopTree.hops[root]!;
          expect(total[root]).toBeCloseTo(hop.endMicros - hop.startMicros, 6);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('no algorithm mutates its input', () => {
    fc.assert(
      fc.property(genesArb, (genes) => {
        const spans = freezeSpans(buildSpans(genes, TRACE));
        const before = JSON.stringify(spans);
        analyzeTrace(TRACE, spans);
        analyzeTrace(TRACE, spans, {
          keepProxies: true,
          pathKey: KEY_BY_SERVICE_COLLAPSED,
        });
        new PathProfiler().addTrace(TRACE, spans);
        expect(JSON.stringify(spans)).toBe(before);
      }),
      { numRuns: 200 },
    );
  });
});

/** Traces from a few templates, so that paths repeat with varying durations. */
const tracesArb = fc
  .tuple(
    fc.array(genesArb, { minLength: 1, maxLength: 4 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 9 }), fc.boolean()), {
      minLength: 1,
      maxLength: 30,
    }),
  )
  .map(([templates, picks]) =>
    picks.map(([t, scale, inA], k) => ({
      traceId: traceIdOf(k),
      spans: buildSpans(templates[t % templates.length]!, traceIdOf(k), scale),
      inA,
    })),
  );

function profileOf(
  traces: readonly { traceId: TraceId; spans: Span[] }[],
): PathProfiler {
  const p = new PathProfiler();
  for (const t of traces) {
    p.addTrace(t.traceId, t.spans);
  }
  return p;
}

const GROUPINGS = ['path', 'shape', 'hop'] as const;

/**
 * Differences between two reports: exact for everything but means and
 * standard deviations, which may differ by floating-point rounding.
 */
function reportDifferences(a: unknown, b: unknown, where = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    const key = where.slice(where.lastIndexOf('.') + 1);
    if (key === 'mean' || key === 'stddev') {
      const tolerance = 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
      return Math.abs(a - b) <= tolerance ? [] : [`${where}: ${a} vs ${b}`];
    }
    return Object.is(a, b) ? [] : [`${where}: ${a} vs ${b}`];
  }
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      reportDifferences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${where}.${k}`,
      ),
    );
  }
  return Object.is(a, b) ? [] : [`${where}: ${String(a)} vs ${String(b)}`];
}

describe('merge equals union', () => {
  it('merge(profile(A), profile(B)) reports as profile(A ∪ B)', () => {
    fc.assert(
      fc.property(
        tracesArb,
        fc.infiniteStream(fc.nat()),
        (traces, randomness) => {
          const a = profileOf(traces.filter((t) => t.inA));
          const b = profileOf(traces.filter((t) => !t.inA));
          a.merge(b);
          const union = profileOf(shuffle(traces, randomness));
          for (const groupBy of GROUPINGS) {
            const merged = a.report({ groupBy });
            const whole = union.report({ groupBy });
            expect(reportDifferences(merged, whole)).toEqual([]);
            expect(merged.totals.traces).toBe(traces.length);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('merges in any grouping of parts, e.g. three parts merged pairwise', () => {
    fc.assert(
      fc.property(tracesArb, (traces) => {
        const thirds = [0, 1, 2].map((r) =>
          profileOf(traces.filter((_, k) => k % 3 === r)),
        );
        const bc = thirds[1]!;
        bc.merge(thirds[2]!);
        const abc = thirds[0]!;
        abc.merge(bc);
        const union = profileOf(traces);
        expect(reportDifferences(abc.report(), union.report())).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('merges within the sketch bound past the exact limit', () => {
    // web GET / ─ api a: one path, one record per trace, entry duration d
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.boolean()),
          {
            minLength: EXACT_LIMIT + 1,
            maxLength: 2500,
          },
        ),
        (items) => {
          const traces = items.map(([d, inA], k) => ({
            traceId: traceIdOf(k),
            inA,
            spans: [
              span({
                id: 'w',
                service: 'web',
                op: 'GET /',
                kind: 'server',
                start: 0,
                dur: d,
                trace: traceIdOf(k),
              }),
              span({
                id: 'a',
                parent: 'w',
                service: 'api',
                op: 'a',
                kind: 'server',
                start: 0,
                dur: Math.floor(d / 2),
                trace: traceIdOf(k),
              }),
            ],
          }));
          const a = profileOf(traces.filter((t) => t.inA));
          const b = profileOf(traces.filter((t) => !t.inA));
          a.merge(b);
          const union = profileOf(traces);
          const merged = onlyPath(a.report());
          const whole = onlyPath(union.report());
          const durations = items.map(([d]) => d);
          for (const stats of [merged.durationMicros, whole.durationMicros]) {
            expect(stats.exact).toBe(false);
            expect(stats.count).toBe(items.length);
            expect(stats.min).toBe(Math.min(...durations));
            expect(stats.max).toBe(Math.max(...durations));
            expect(withinSketchBound(stats, durations)).toEqual([]);
          }
          const m = merged.durationMicros;
          const w = whole.durationMicros;
          expect(Math.abs(m.mean - w.mean)).toBeLessThanOrEqual(1e-9 * w.mean);
          expect(Math.abs(m.stddev - w.stddev)).toBeLessThanOrEqual(
            1e-9 * Math.max(1, w.stddev),
          );
          expect(merged.count).toBe(whole.count);
          expect(merged.exemplars).toEqual(whole.exemplars);
          expect(merged.hops.map((h) => h.count)).toEqual(
            whole.hops.map((h) => h.count),
          );
        },
      ),
      { numRuns: 8 },
    );
  });
});

function onlyPath(
  report: AnalysisReport,
): NonNullable<AnalysisReport['paths']>[number] {
  expect(report.paths).toHaveLength(1);
  return report.paths![0]!;
}

/** Each reported quantile within the relative accuracy of a value between the order statistics around its rank. */
function withinSketchBound(
  stats: { p50: number; p90: number; p95: number; p99: number },
  values: readonly number[],
): string[] {
  const sorted = [...values].sort((x, y) => x - y);
  const out: string[] = [];
  for (const [q, v] of [
    [0.5, stats.p50],
    [0.9, stats.p90],
    [0.95, stats.p95],
    [0.99, stats.p99],
  ] as const) {
    const rank = q * (sorted.length - 1);
    const lo = sorted[Math.floor(rank)]! * (1 - SKETCH_RELATIVE_ACCURACY);
    const hi = sorted[Math.ceil(rank)]! * (1 + SKETCH_RELATIVE_ACCURACY);
    if (!(v >= lo && v <= hi)) {
      out.push(`p${q * 100} = ${v} not in [${lo}, ${hi}]`);
    }
  }
  return out;
}

function shuffle<T>(items: readonly T[], randomness: Iterable<number>): T[] {
  const out = [...items];
  const it = randomness[Symbol.iterator]();
  for (let i = out.length - 1; i > 0; i--) {
    const j = (it.next().value as number) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
