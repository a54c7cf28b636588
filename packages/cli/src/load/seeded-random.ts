/**
 * A small seeded pseudo-random generator (mulberry32: a 32-bit state advanced
 * by a Weyl sequence and mixed by two multiply-xorshift rounds). Same seed,
 * same sequence, on every platform: runs and bootstrap intervals repeat.
 * Not for anything secret.
 */
export type RandomFn = () => number;

/** Returns a function giving uniform numbers in [0, 1). */
export function createSeededRandom(seed: number): RandomFn {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomIndex(random: RandomFn, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
