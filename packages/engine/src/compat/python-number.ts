/**
 * Python 3.11 number semantics for the seed compatibility mode. A `PyNumber`
 * remembers whether Python would hold an `int` (arbitrary precision, here a
 * bigint) or a `float` (a double); every operation returns the kind Python
 * returns and the value to the last bit:
 *
 *   addPyNumbers(int 1, float 0.5)  -> float 1.5        (int converted first)
 *   computePyMean([int 1, int 3])   -> int 2            (exact mean is integral)
 *   computePyMean([int 1, int 2])   -> float 1.5
 *   roundPyNumber(float 2.5)        -> int 2            (half to even)
 *   computePyStdev([...])           -> float, correctly rounded sqrt of the
 *                                      exact sample variance
 */
import {
  alignDyadics,
  compareDyadics,
  convertDoubleToDyadic,
  createDyadicFromBigInt,
  type Dyadic,
} from './dyadic.js';
import {
  roundFractionToDouble,
  roundSqrtOfFractionToDouble,
} from './round-fraction-to-double.js';

export type PyNumber =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number };

export function createPyInt(value: bigint | number): PyNumber {
  return { kind: 'int', value: BigInt(value) };
}

export function createPyFloat(value: number): PyNumber {
  return { kind: 'float', value };
}

function convertToDouble(x: PyNumber): number {
  return x.kind === 'float' ? x.value : Number(x.value);
}

function convertToDyadic(x: PyNumber): Dyadic {
  return x.kind === 'int'
    ? createDyadicFromBigInt(x.value)
    : convertDoubleToDyadic(x.value);
}

export function addPyNumbers(a: PyNumber, b: PyNumber): PyNumber {
  if (a.kind === 'int' && b.kind === 'int') {
    return createPyInt(a.value + b.value);
  }
  return createPyFloat(convertToDouble(a) + convertToDouble(b));
}

export function multiplyPyNumbers(a: PyNumber, b: PyNumber): PyNumber {
  if (a.kind === 'int' && b.kind === 'int') {
    return createPyInt(a.value * b.value);
  }
  return createPyFloat(convertToDouble(a) * convertToDouble(b));
}

/** Exact comparison, as Python compares ints with floats. */
export function comparePyNumbers(a: PyNumber, b: PyNumber): -1 | 0 | 1 {
  if (a.kind === 'float' && b.kind === 'float') {
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  return compareDyadics(convertToDyadic(a), convertToDyadic(b));
}

/** Python's `sum()` up to 3.11: a left fold of `+` starting from int 0. */
export function sumPyNumbers(values: readonly PyNumber[]): PyNumber {
  return values.reduce(addPyNumbers, createPyInt(0));
}

/** Python's `max()`: the first of the largest values, keeping its kind. */
export function findPyMax(values: readonly PyNumber[]): PyNumber {
  return findFirstExtreme(values, 1);
}

/** Python's `min()`: the first of the smallest values, keeping its kind. */
export function findPyMin(values: readonly PyNumber[]): PyNumber {
  return findFirstExtreme(values, -1);
}

function findFirstExtreme(
  values: readonly PyNumber[],
  direction: 1 | -1,
): PyNumber {
  const [first, ...rest] = values;
  if (first === undefined) {
    throw new RangeError('max()/min() of an empty sequence');
  }
  return rest.reduce(
    (best, x) => (comparePyNumbers(x, best) === direction ? x : best),
    first,
  );
}

/** Python's `round(x)` without digits: an int, ties to even. */
export function roundPyNumber(x: PyNumber): PyNumber {
  if (x.kind === 'int') {
    return x;
  }
  if (!Number.isFinite(x.value)) {
    throw new RangeError(`cannot round ${x.value}`);
  }
  const floor = Math.floor(x.value);
  const fraction = x.value - floor;
  const roundsUp =
    fraction > 0.5 || (fraction === 0.5 && Math.abs(floor % 2) === 1);
  return createPyInt(BigInt(floor) + (roundsUp ? 1n : 0n));
}

/** `statistics.mean`: the exact mean rounded once, int only if integral and all inputs are ints. */
export function computePyMean(values: readonly PyNumber[]): PyNumber {
  if (values.length === 0) {
    throw new RangeError('mean requires at least one data point');
  }
  const { mantissas, exponent } = alignDyadics(values.map(convertToDyadic));
  const total = mantissas.reduce((sum, m) => sum + m, 0n);
  const count = BigInt(values.length);
  const denominator = count << BigInt(-exponent);
  if (values.every((x) => x.kind === 'int') && total % denominator === 0n) {
    return createPyInt(total / denominator);
  }
  return createPyFloat(roundFractionToDouble(total, denominator));
}

/** `statistics.stdev`: the correctly rounded root of the exact sample variance, always a float. */
export function computePyStdev(values: readonly PyNumber[]): PyNumber {
  if (values.length < 2) {
    throw new RangeError('stdev requires at least two data points');
  }
  const { mantissas, exponent } = alignDyadics(values.map(convertToDyadic));
  const count = BigInt(values.length);
  const sum = mantissas.reduce((acc, m) => acc + m, 0n);
  const sumOfSquares = mantissas.reduce((acc, m) => acc + m * m, 0n);
  // Σ(x − x̄)² / (n − 1) = (n·Σx² − (Σx)²) / (n·(n − 1)), all scaled by 2^(2·exponent).
  const numerator = count * sumOfSquares - sum * sum;
  const denominator = (count * (count - 1n)) << BigInt(-2 * exponent);
  return createPyFloat(roundSqrtOfFractionToDouble(numerator, denominator));
}

/** Python's `repr()` and `str()` of a number: ints in full, floats as in `repr(float)`. */
export function formatPyNumber(x: PyNumber): string {
  return x.kind === 'int' ? x.value.toString() : formatPyFloat(x.value);
}

/**
 * `repr(float)`: the shortest digits that round-trip (which JS also produces),
 * laid out in positional notation for decimal exponents -4..15 (always with a
 * fractional part, `123.0`) and in scientific notation otherwise (`1e-05`,
 * `1.5e+16`).
 */
export function formatPyFloat(value: number): string {
  if (Number.isNaN(value)) {
    return 'nan';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? 'inf' : '-inf';
  }
  if (value === 0) {
    return Object.is(value, -0) ? '-0.0' : '0.0';
  }
  const sign = value < 0 ? '-' : '';
  const { digits, exponent } = extractShortestDigits(Math.abs(value));
  if (exponent < -4 || exponent >= 16) {
    const mantissa =
      digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? '-' : '+';
    const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${exponentSign}${exponentDigits}`;
  }
  if (exponent < 0) {
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const integerLength = exponent + 1;
  if (digits.length <= integerLength) {
    return `${sign}${digits.padEnd(integerLength, '0')}.0`;
  }
  return `${sign}${digits.slice(0, integerLength)}.${digits.slice(integerLength)}`;
}

/** Significant digits `d1d2…` and exponent `e` such that value = d1.d2… × 10^e. */
function extractShortestDigits(positive: number): {
  digits: string;
  exponent: number;
} {
  const [mantissa = '', exponentText = '0'] = String(positive).split('e');
  const [integerPart = '', fractionPart = ''] = mantissa.split('.');
  const allDigits = integerPart + fractionPart;
  const leadingZeros = allDigits.length - allDigits.replace(/^0+/, '').length;
  const pointPosition = integerPart.length + Number(exponentText);
  return {
    digits: allDigits.slice(leadingZeros).replace(/0+$/, ''),
    exponent: pointPosition - leadingZeros - 1,
  };
}
