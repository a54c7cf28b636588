/**
 * Every finite double is exactly `mantissa × 2^exponent` with integer parts, and
 * so is every Python int (exponent 0). Sums, squares and comparisons of these
 * values are therefore exact in BigInt, which is how Python's `statistics`
 * module and its mixed int/float comparisons behave.
 */
export interface Dyadic {
  readonly mantissa: bigint;
  readonly exponent: number;
}

const MANTISSA_BITS = 52n;
const MANTISSA_MASK = (1n << MANTISSA_BITS) - 1n;
const EXPONENT_MASK = 0x7ffn;
const EXPONENT_BIAS = 1075;
const MIN_EXPONENT = -1074;

const scratch = new DataView(new ArrayBuffer(8));

export function convertDoubleToDyadic(value: number): Dyadic {
  if (!Number.isFinite(value)) {
    throw new RangeError(`not a finite number: ${value}`);
  }
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biasedExponent = Number((bits >> MANTISSA_BITS) & EXPONENT_MASK);
  const fraction = bits & MANTISSA_MASK;
  const magnitude =
    biasedExponent === 0 ? fraction : fraction | (1n << MANTISSA_BITS);
  const exponent =
    biasedExponent === 0 ? MIN_EXPONENT : biasedExponent - EXPONENT_BIAS;
  return { mantissa: negative ? -magnitude : magnitude, exponent };
}

export function createDyadicFromBigInt(value: bigint): Dyadic {
  return { mantissa: value, exponent: 0 };
}

export function assembleDoubleFromBits(bits: bigint): number {
  scratch.setBigUint64(0, bits);
  return scratch.getFloat64(0);
}

/** Mantissas of `values` rescaled to one common exponent, never above 0. */
export function alignDyadics(values: readonly Dyadic[]): {
  mantissas: bigint[];
  exponent: number;
} {
  const exponent = values.reduce((min, v) => Math.min(min, v.exponent), 0);
  const mantissas = values.map(
    (v) => v.mantissa << BigInt(v.exponent - exponent),
  );
  return { mantissas, exponent };
}

export function compareDyadics(a: Dyadic, b: Dyadic): -1 | 0 | 1 {
  const {
    mantissas: [left = 0n, right = 0n],
  } = alignDyadics([a, b]);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function getBitLength(value: bigint): number {
  const magnitude = value < 0n ? -value : value;
  return magnitude === 0n ? 0 : magnitude.toString(2).length;
}
