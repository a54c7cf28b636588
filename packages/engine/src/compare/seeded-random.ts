/**
 * Deterministic random variates for the bootstrap: mulberry32 uniforms (a
 * 32-bit Weyl state mixed by multiply-xorshift rounds), standard normals by
 * Box–Muller and gammas by Marsaglia & Tsang's squeeze method (shape ≥ 1).
 * Same seed, same sequence on every platform; never for anything secret.
 */
export type Uniform = () => number;

export function createUniform(seed: number): Uniform {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform in (0, 1), never exactly 0 (for logarithms). */
function openUniform(uniform: Uniform): number {
  let u = uniform();
  while (u === 0) {
    u = uniform();
  }
  return u;
}

export function drawNormal(uniform: Uniform): number {
  const r = Math.sqrt(-2 * Math.log(openUniform(uniform)));
  return r * Math.cos(2 * Math.PI * uniform());
}

export function drawGamma(uniform: Uniform, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = drawNormal(uniform);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(uniform);
    if (u < 1 - 0.0331 * x * x * x * x) {
      return d * v;
    }
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v;
    }
  }
}

/** Beta(a, b) for a, b ≥ 1, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function drawBeta(uniform: Uniform, a: number, b: number): number {
  const x = drawGamma(uniform, a);
  const y = drawGamma(uniform, b);
  return x / (x + y);
}

/** FNV-1a (32-bit) of a text: a seed that follows the text, not the call order. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform integer in [0, n): the index of one draw with replacement. */
export function drawIndex(uniform: Uniform, n: number): number {
  return Math.min(n - 1, Math.floor(uniform() * n));
}
