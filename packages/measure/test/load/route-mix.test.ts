import { describe, expect, it } from 'vitest';
import {
  buildRouteCycle,
  createRouteMix,
  parseWeightedRoutes,
} from '@pathprof/measure';

describe('parseWeightedRoutes', () => {
  it('reads routes with weight 1 by default', () => {
    expect(parseWeightedRoutes('a1,a2')).toEqual([
      { route: 'a1', weight: 1 },
      { route: 'a2', weight: 1 },
    ]);
  });

  it('reads a :weight suffix', () => {
    expect(parseWeightedRoutes('a1:3, /rolldice/6')).toEqual([
      { route: 'a1', weight: 3 },
      { route: '/rolldice/6', weight: 1 },
    ]);
  });

  it.each(['', 'a1,,a2', 'a1:0', 'a1:1001', 'a1,a1', ':2'])(
    'rejects %j',
    (text) => {
      expect(parseWeightedRoutes(text)).toBeNull();
    },
  );
});

describe('buildRouteCycle', () => {
  it('is plain round-robin for equal weights', () => {
    expect(buildRouteCycle([1, 1, 1])).toEqual([0, 1, 2]);
  });

  it('spreads a heavy route out instead of bunching it (smooth weighted round-robin)', () => {
    // a:5 b:1 c:1  ->  a a b a c a a
    expect(buildRouteCycle([5, 1, 1])).toEqual([0, 0, 1, 0, 2, 0, 0]);
  });

  it('gives every route exactly its weight per cycle', () => {
    const weights = [3, 7, 1, 4];
    const cycle = buildRouteCycle(weights);
    expect(cycle).toHaveLength(15);
    expect(weights.map((_, i) => cycle.filter((c) => c === i).length)).toEqual(
      weights,
    );
  });
});

describe('createRouteMix', () => {
  it('repeats the cycle over the arrivals', () => {
    const mix = createRouteMix([2, 1]);
    expect(Array.from({ length: 7 }, (_, i) => mix(i))).toEqual([
      0, 1, 0, 0, 1, 0, 0,
    ]);
  });
});
