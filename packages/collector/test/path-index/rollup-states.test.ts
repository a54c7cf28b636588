/**
 * The comparison's sample rollups across formats: a state an older version
 * stored with the whole path profile per path (`samples/v1`, the fixture:
 * the 100 seed-shaped traces of `fixtureTraces(100, T, 29)` added to a
 * sample set and encoded by that version, gzipped) is read into today's
 * state, which keeps only what a comparison reads, and compares exactly as
 * the same traces added one by one; merged with other windows' states, too.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { analyzeTrace, comparePathSamples } from '@pathprof/engine';
import type { ComparisonInput, PathSampleSet } from '@pathprof/engine';
import type { PathIndex } from '@pathprof/store';
import { describe, expect, it } from 'vitest';
import { overlayDistributions } from '../../src/compare/overlay-distributions.js';
import {
  createRollupState,
  decodeRollupState,
  encodeRollupState,
  mergeRollupState,
  readRollupBytes,
  ROLLUP_KINDS,
} from '../../src/path-index/rollup-states.js';
import { fixtureTraces } from './legacy-traces.js';
import type { FixtureTrace } from './legacy-traces.js';

const T = 1_750_000_200_000_000;
const LEGACY = gunzipSync(
  Buffer.from(
    readFileSync(
      new URL('./fixtures/samples-rollup-v1.r2.gz.b64', import.meta.url),
      'utf8',
    ),
    'base64',
  ),
);

function sideOf(traces: readonly FixtureTrace[]): PathSampleSet {
  const set = createRollupState('samples');
  for (const t of traces) {
    set.addAnalysis(analyzeTrace(t.traceId, t.spans));
  }
  return set;
}

const input = (label: string, samples: PathSampleSet): ComparisonInput => ({
  label,
  windowSeconds: 60,
  samples,
});

/** The report and the overlaid distributions of `baseline` against `candidate`. */
function compared(baseline: PathSampleSet, candidate: PathSampleSet): unknown {
  return {
    report: comparePathSamples(
      input('baseline', baseline),
      input('candidate', candidate),
    ),
    distributions: overlayDistributions(baseline, candidate),
  };
}

describe('sample rollups an older version stored', () => {
  const traces = fixtureTraces(100, T, 29);
  const later = fixtureTraces(300, T + 60_000_000, 31);

  it('decode and compare as the same traces added one by one', () => {
    const decoded = decodeRollupState('samples', LEGACY);
    expect(decoded).not.toBeNull();
    // the older format: the profile's whole accumulator per path
    expect(
      [...decoded!.state.paths.values()].map((p) => p.profile.constructor.name),
    ).toEqual(Array(decoded!.state.paths.size).fill('PathAccumulator'));
    const fromLegacy = createRollupState('samples');
    mergeRollupState(fromLegacy, decoded!.state);
    const direct = sideOf(traces);
    expect(fromLegacy.traces).toBe(traces.length);
    const report = compared(fromLegacy, sideOf(later));
    expect(report).toEqual(compared(direct, sideOf(later)));
    expect(compared(sideOf(later), fromLegacy)).toEqual(
      compared(sideOf(later), direct),
    );
    // the paths are large enough to be tested, and one hop is blamed
    const paths = (report as { report: { paths: { test?: unknown }[] } }).report
      .paths;
    expect(paths.filter((p) => p.test !== undefined).length).toBeGreaterThan(0);
  });

  it('merge with current states as the union of their traces', () => {
    const older = decodeRollupState('samples', LEGACY)!.state;
    const current = decodeRollupState(
      'samples',
      encodeRollupState(sideOf(later)),
    )!.state;
    // past 1 024 values per measure the merged parts turn into sketches
    const merged = createRollupState('samples');
    for (const part of [current, older, current, older]) {
      mergeRollupState(merged, part);
    }
    const union = sideOf([...later, ...traces, ...later, ...traces]);
    expect(merged.traces).toBe(union.traces);
    const other = fixtureTraces(150, T + 120_000_000, 37);
    expect(compared(merged, sideOf(other))).toEqual(
      compared(union, sideOf(other)),
    );
  });

  it('are read for runs without a current one, and only for those', async () => {
    const stored = new Map<string, Uint8Array>([
      [`a|${ROLLUP_KINDS.samples}`, new Uint8Array([1])],
      ['a|samples/v1.r2', new Uint8Array([2])],
      ['b|samples/v1.r2', new Uint8Array([3])],
      [`c|${ROLLUP_KINDS.samples}/block10`, new Uint8Array([4])],
      ['d|samples/v1.r2/block10', new Uint8Array([5])],
    ]);
    const asked: string[] = [];
    const index = {
      readPathRollups: (runIds: readonly string[], kind: string) => {
        asked.push(`${runIds.join(',')}|${kind}`);
        const out = new Map<string, Uint8Array>();
        for (const id of runIds) {
          const bytes = stored.get(`${id}|${kind}`);
          if (bytes !== undefined) {
            out.set(id, bytes);
          }
        }
        return Promise.resolve(out);
      },
    } as unknown as PathIndex;
    expect(await readRollupBytes(index, ['a', 'b', 'x'], 'samples')).toEqual(
      new Map([
        ['a', new Uint8Array([1])],
        ['b', new Uint8Array([3])],
      ]),
    );
    expect(asked).toEqual([
      `a,b,x|${ROLLUP_KINDS.samples}`,
      'b,x|samples/v1.r2',
    ]);
    expect(
      await readRollupBytes(index, ['c', 'd'], 'samples', '/block10'),
    ).toEqual(
      new Map([
        ['c', new Uint8Array([4])],
        ['d', new Uint8Array([5])],
      ]),
    );
    asked.length = 0;
    await readRollupBytes(index, ['a'], 'paths');
    expect(asked).toEqual([`a|${ROLLUP_KINDS.paths}`]);
  });
});
