/**
 * Correct rounding of exact fractions to doubles (round half to even, with
 * subnormals), as Python's `int / int` and `float(Fraction)` do, and the
 * correctly rounded square root of a fraction that Python 3.11's
 * `statistics.stdev` returns: an integer square root carried to 109 bits with a
 * round-to-odd sticky bit, which one final rounding to 53 bits cannot double-round.
 */
import { assembleDoubleFromBits, getBitLength } from './dyadic.js';

const SIGNIFICAND_BITS = 53;
const MIN_EXPONENT = -1074;
const EXPONENT_BIAS = 1023n;
const MAX_BIASED_EXPONENT = 2047n;
const HIDDEN_BIT = 1n << 52n;
const SQRT_BIT_WIDTH = 2 * SIGNIFICAND_BITS + 3;

export function roundFractionToDouble(
  numerator: bigint,
  denominator: bigint,
): number {
  if (denominator <= 0n) {
    throw new RangeError('denominator must be positive');
  }
  if (numerator === 0n) {
    return 0;
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  // Scale so that the integer quotient has at least 55 bits: 53 kept, a guard
  // bit, and room for the sticky remainder.
  const shift =
    SIGNIFICAND_BITS +
    2 -
    (getBitLength(magnitude) - getBitLength(denominator));
  const scaledNumerator = shift >= 0 ? magnitude << BigInt(shift) : magnitude;
  const scaledDenominator =
    shift >= 0 ? denominator : denominator << BigInt(-shift);
  const quotient = scaledNumerator / scaledDenominator;
  const inexact = scaledNumerator % scaledDenominator !== 0n;
  const dropped = Math.max(
    getBitLength(quotient) - SIGNIFICAND_BITS,
    shift + MIN_EXPONENT,
  );
  const droppedBits = BigInt(dropped);
  let kept = quotient >> droppedBits;
  const remainder = quotient - (kept << droppedBits);
  const half = 1n << (droppedBits - 1n);
  if (
    remainder > half ||
    (remainder === half && (inexact || (kept & 1n) === 1n))
  ) {
    kept += 1n;
  }
  let lowBitExponent = dropped - shift;
  if (kept === HIDDEN_BIT << 1n) {
    kept = HIDDEN_BIT;
    lowBitExponent += 1;
  }
  let bits: bigint;
  if (kept >= HIDDEN_BIT) {
    const biased = BigInt(lowBitExponent + 52) + EXPONENT_BIAS;
    bits =
      biased >= MAX_BIASED_EXPONENT
        ? MAX_BIASED_EXPONENT << 52n
        : (biased << 52n) | (kept - HIDDEN_BIT);
  } else {
    bits = kept;
  }
  const result = assembleDoubleFromBits(bits);
  return negative ? -result : result;
}

export function computeIntegerSqrt(value: bigint): bigint {
  if (value < 0n) {
    throw new RangeError('square root of a negative integer');
  }
  if (value < 2n) {
    return value;
  }
  let estimate = 1n << BigInt(Math.ceil(getBitLength(value) / 2));
  for (;;) {
    const next = (estimate + value / estimate) >> 1n;
    if (next >= estimate) {
      return estimate;
    }
    estimate = next;
  }
}

function computeSqrtRoundToOdd(numerator: bigint, denominator: bigint): bigint {
  const root = computeIntegerSqrt(numerator / denominator);
  return root * root * denominator === numerator ? root : root | 1n;
}

export function roundSqrtOfFractionToDouble(
  numerator: bigint,
  denominator: bigint,
): number {
  if (numerator < 0n || denominator <= 0n) {
    throw new RangeError('square root of a negative fraction');
  }
  const halfShift = Math.floor(
    (getBitLength(numerator) - getBitLength(denominator) - SQRT_BIT_WIDTH) / 2,
  );
  if (halfShift >= 0) {
    const root = computeSqrtRoundToOdd(
      numerator,
      denominator << BigInt(2 * halfShift),
    );
    return roundFractionToDouble(root << BigInt(halfShift), 1n);
  }
  const root = computeSqrtRoundToOdd(
    numerator << BigInt(-2 * halfShift),
    denominator,
  );
  return roundFractionToDouble(root, 1n << BigInt(-halfShift));
}
