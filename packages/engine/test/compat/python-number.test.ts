import { describe, expect, it } from 'vitest';
import {
  addPyNumbers,
  comparePyNumbers,
  computePyMean,
  computePyStdev,
  createPyFloat,
  createPyInt,
  findPyMax,
  findPyMin,
  formatPyFloat,
  formatPyNumber,
  multiplyPyNumbers,
  roundPyNumber,
  sumPyNumbers,
  type PyNumber,
} from '../../src/compat/python-number.js';

// Expected values are what CPython 3.11 prints for the same expression.
const int = (value: bigint | number): PyNumber => createPyInt(value);
const float = (value: number): PyNumber => createPyFloat(value);
const floats = (...values: number[]): PyNumber[] => values.map(float);
const ints = (...values: (bigint | number)[]): PyNumber[] => values.map(int);
const show = (x: PyNumber): string => `${x.kind} ${formatPyNumber(x)}`;

describe('roundPyNumber', () => {
  it.each([
    [0.5, '0'],
    [1.5, '2'],
    [2.5, '2'],
    [3.5, '4'],
    [-0.5, '0'],
    [-1.5, '-2'],
    [-2.5, '-2'],
    [2.675, '3'],
    [0.49999999999999994, '0'],
    [-0.0, '0'],
  ])('rounds %s half to even, giving int %s', (value, expected) => {
    expect(show(roundPyNumber(float(value)))).toBe(`int ${expected}`);
  });

  it('rounds a float beyond 2^53 to its exact integer value', () => {
    expect(formatPyNumber(roundPyNumber(float(1e300)))).toBe(
      (
        10n ** 300n +
        52504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160n
      ).toString(),
    );
  });

  it('returns an int unchanged', () => {
    expect(show(roundPyNumber(int(2n ** 80n)))).toBe(`int ${2n ** 80n}`);
  });
});

describe('formatPyFloat', () => {
  it.each([
    [0.1, '0.1'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123.0, '123.0'],
    [-0.0, '-0.0'],
    [0.0, '0.0'],
    [0.0001, '0.0001'],
    [1e-5, '1e-05'],
    [-1.5e-7, '-1.5e-07'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e22, '1e+22'],
    [1e100, '1e+100'],
    [123456789.123, '123456789.123'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ])('prints %s as repr() does: %s', (value, expected) => {
    expect(formatPyFloat(value)).toBe(expected);
  });
});

describe('formatPyNumber', () => {
  it('prints ints in full, without a decimal point', () => {
    expect(formatPyNumber(int(-(2n ** 100n)))).toBe(
      '-1267650600228229401496703205376',
    );
    expect(formatPyNumber(int(5))).toBe('5');
  });

  it('prints an integral float with .0', () => {
    expect(formatPyNumber(float(5))).toBe('5.0');
  });
});

describe('computePyMean', () => {
  it('rounds the exact mean once: [0.1, 0.2, 0.3] gives 0.2', () => {
    expect(show(computePyMean(floats(0.1, 0.2, 0.3)))).toBe('float 0.2');
  });

  it('does not lose the small term of [1e16, 1, -1e16]', () => {
    expect(show(computePyMean([float(1e16), int(1), float(-1e16)]))).toBe(
      'float 0.3333333333333333',
    );
  });

  it('returns an int when all inputs are ints and the mean is integral', () => {
    expect(show(computePyMean(ints(1, 3)))).toBe('int 2');
    expect(show(computePyMean(ints(10n ** 30n, 10n ** 30n + 2n)))).toBe(
      'int 1000000000000000000000000000001',
    );
  });

  it('returns a float for ints with a fractional mean', () => {
    expect(show(computePyMean(ints(1, 2)))).toBe('float 1.5');
  });

  it('returns a float as soon as one input is a float', () => {
    expect(show(computePyMean([int(2), float(2)]))).toBe('float 2.0');
  });

  it('rounds a large int mean to the nearest float', () => {
    expect(
      show(computePyMean(ints(2n ** 70n, 2n ** 70n + 1n, 2n ** 70n + 3n))),
    ).toBe('float 1.1805916207174113e+21');
  });
});

describe('computePyStdev', () => {
  it('is correctly rounded for [0.1, 0.2, 0.3]', () => {
    expect(show(computePyStdev(floats(0.1, 0.2, 0.3)))).toBe(
      'float 0.09999999999999999',
    );
  });

  it('is exact for [1e16, 1, -1e16]', () => {
    expect(show(computePyStdev([float(1e16), int(1), float(-1e16)]))).toBe(
      'float 1e+16',
    );
  });

  it('is always a float, 0.0 for equal values', () => {
    expect(show(computePyStdev(ints(5, 5)))).toBe('float 0.0');
    expect(show(computePyStdev(ints(1, 2, 3, 4)))).toBe(
      'float 1.2909944487358056',
    );
  });

  it('resolves differences far below the values', () => {
    expect(
      show(computePyStdev(ints(2n ** 70n, 2n ** 70n + 1n, 2n ** 70n + 3n))),
    ).toBe('float 1.5275252316519468');
    expect(show(computePyStdev(floats(1, 1, 1.0000000000000002)))).toBe(
      'float 1.2819751242557092e-16',
    );
  });

  it('rejects fewer than two values', () => {
    expect(() => computePyStdev([int(1)])).toThrow(RangeError);
  });
});

describe('arithmetic', () => {
  it('adds ints exactly and converts to float when one operand is a float', () => {
    expect(show(addPyNumbers(int(2n ** 60n), int(1)))).toBe(
      `int ${2n ** 60n + 1n}`,
    );
    expect(show(addPyNumbers(int(1), float(0.5)))).toBe('float 1.5');
  });

  it('sums from int 0 left to right, so -0.0 becomes 0.0', () => {
    expect(show(sumPyNumbers([float(-0)]))).toBe('float 0.0');
    expect(show(sumPyNumbers(floats(1e16, 1, -1e16)))).toBe('float 0.0');
    expect(show(sumPyNumbers(ints(1, 2)))).toBe('int 3');
  });

  it('multiplies a float by an int as floats', () => {
    expect(show(multiplyPyNumbers(float(0.1), int(1000)))).toBe('float 100.0');
    expect(show(multiplyPyNumbers(int(3), int(1000)))).toBe('int 3000');
  });

  it('compares ints with floats exactly', () => {
    expect(comparePyNumbers(int(2n ** 53n + 1n), float(2 ** 53))).toBe(1);
    expect(comparePyNumbers(int(5), float(5))).toBe(0);
    expect(comparePyNumbers(float(0.1), int(0))).toBe(1);
  });

  it('keeps the first of equal maxima and minima, with its kind', () => {
    expect(show(findPyMax([int(5), float(5)]))).toBe('int 5');
    expect(show(findPyMax([float(5), int(5)]))).toBe('float 5.0');
    expect(show(findPyMin([float(1), int(1), int(3)]))).toBe('float 1.0');
  });
});
