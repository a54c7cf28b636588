import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../src/format-units.js';

describe('formatCount', () => {
  it('groups thousands as en-US does', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(50_000_000)).toBe('50,000,000');
    expect(formatCount(-1234567)).toBe('-1,234,567');
  });

  it('writes every number as toLocaleString("en-US") does', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1e6, max: 1e6 }),
          fc.maxSafeInteger(),
          fc.double(),
          fc.constantFrom(-0, Number.MAX_SAFE_INTEGER + 2, -1e21),
        ),
        (n) => {
          expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
