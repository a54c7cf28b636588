import { describe, expect, it } from 'vitest';
import { isStoreError, StoreError } from '../src/index.js';

describe('StoreError', () => {
  it('serialises to its code and message only', () => {
    const err = new StoreError('PATHPROF_ERR_STORE_LOCKED', 'in use', {
      cause: new Error('IO Error: secret detail'),
    });
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      code: 'PATHPROF_ERR_STORE_LOCKED',
      message: 'in use',
    });
  });

  it('is recognised by isStoreError, with or without a code', () => {
    const err = new StoreError('PATHPROF_ERR_STORE_CLOSED', 'closed');
    expect(isStoreError(err)).toBe(true);
    expect(isStoreError(err, 'PATHPROF_ERR_STORE_CLOSED')).toBe(true);
    expect(isStoreError(err, 'PATHPROF_ERR_STORE_LOCKED')).toBe(false);
    expect(isStoreError(new Error('x'))).toBe(false);
  });
});
