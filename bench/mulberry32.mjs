// A small seeded PRNG (mulberry32) and the draws the workload generator needs.
// Deterministic for a seed on every platform: only 32-bit integer arithmetic.

/**
 * @typedef {object} Rng
 * @property {() => number} next        uniform in [0, 1)
 * @property {(min: number, max: number) => number} int  integer in [min, max]
 * @property {(p: number) => boolean} chance  true with probability p
 * @property {() => string} hex64       16 lowercase hex digits, never all zeros
 */

/**
 * Creates a mulberry32 generator.
 * @param {number} seed any number; only its low 32 bits matter
 * @returns {Rng}
 */
export function createRng(seed) {
  let state = seed >>> 0;
  const nextUint32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = () => nextUint32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    hex64: () => {
      const high = nextUint32();
      const low = nextUint32() || 1;
      return (
        high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0')
      );
    },
  };
}
