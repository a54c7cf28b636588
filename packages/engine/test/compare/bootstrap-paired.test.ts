import { describe, expect, it } from 'vitest';
import {
  bootstrapPaired,
  createUniform,
  quantileOfSorted,
} from '@pathprof/engine';

/** The median and mean of `values` at the given rounds. */
function statisticsAt(values: Float64Array, rounds: Uint32Array) {
  const picked = Float64Array.from(rounds, (r) => values[r]!);
  const sum = picked.reduce((a, b) => a + b, 0);
  return {
    p50: quantileOfSorted(picked.sort(), 0.5),
    mean: rounds.length === 0 ? Number.NaN : sum / rounds.length,
  };
}

/** Normal(mean, sd) samples by Box–Muller from a seeded generator. */
function normalSamples(n: number, mean: number, sd: number, seed: number) {
  const random = createUniform(seed);
  return Float64Array.from({ length: n }, () => {
    const u = 1 - random();
    const v = random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  });
}

const medianOf = (values: Float64Array) => (rounds: Uint32Array) => ({
  p50: statisticsAt(values, rounds).p50,
  mean: statisticsAt(values, rounds).mean,
});

describe('bootstrapPaired', () => {
  it('gives the statistic of the data as measured as the estimate', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3]);
    const r = bootstrapPaired(5, medianOf(values));
    expect(r.p50.estimate).toBe(3);
    expect(r.mean.estimate).toBe(3);
    expect(r.p50.low).toBeLessThanOrEqual(3);
    expect(r.p50.high).toBeGreaterThanOrEqual(3);
  });

  it('covers the true median and mean of a known distribution', () => {
    // Normal(10, 2): median = mean = 10
    const values = normalSamples(500, 10, 2, 42);
    const r = bootstrapPaired(500, medianOf(values));
    expect(r.p50.low).toBeLessThan(10);
    expect(r.p50.high).toBeGreaterThan(10);
    expect(r.mean.low).toBeLessThan(10);
    expect(r.mean.high).toBeGreaterThan(10);
    // about ±1.96·2/√500 ≈ ±0.18 for the mean
    expect(r.mean.high - r.mean.low).toBeGreaterThan(0.2);
    expect(r.mean.high - r.mean.low).toBeLessThan(0.5);
  });

  it('covers the true mean in about 95% of repeated experiments', () => {
    let covered = 0;
    const experiments = 60;
    for (let seed = 1; seed <= experiments; seed++) {
      const values = normalSamples(100, 0, 1, seed);
      const r = bootstrapPaired(100, medianOf(values), {
        resamples: 400,
        seed,
        confidence: 0.95,
      });
      if (r.mean.low < 0 && r.mean.high > 0) {
        covered++;
      }
    }
    // binomial(60, 0.95): 57 expected; fewer than 50 would be a broken method
    expect(covered).toBeGreaterThanOrEqual(50);
  });

  it('keeps the arms of a round together, so a shared drift cancels out of their ratio', () => {
    // arm B is arm A plus 10%, round by round, on top of a wild drift
    const a = Float64Array.from({ length: 200 }, (_, i) => 100 + i * i);
    const b = a.map((v) => v * 1.1);
    const r = bootstrapPaired(200, (rounds) => ({
      ratio: statisticsAt(b, rounds).p50 / statisticsAt(a, rounds).p50,
    }));
    expect(r.ratio.estimate).toBeCloseTo(1.1, 12);
    expect(r.ratio.low).toBeCloseTo(1.1, 12);
    expect(r.ratio.high).toBeCloseTo(1.1, 12);
  });

  it('repeats for the same seed and differs for another', () => {
    const values = normalSamples(50, 0, 1, 9);
    const run = (seed: number) =>
      bootstrapPaired(50, medianOf(values), {
        resamples: 200,
        seed,
        confidence: 0.95,
      }).p50;
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('leaves out resampled values that are not finite', () => {
    const zeros = Float64Array.from([0, 0, 0, 1]);
    const r = bootstrapPaired(4, (rounds) => ({
      inverse: 1 / statisticsAt(zeros, rounds).mean,
    }));
    expect(r.inverse.estimate).toBe(4);
    expect(Number.isFinite(r.inverse.high)).toBe(true);
  });

  it('gives NaN intervals for no rounds', () => {
    const r = bootstrapPaired(0, () => ({ x: Number.NaN }));
    expect(r.x.low).toBeNaN();
  });
});
