import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/path-index/bounded-cache.js';

describe('BoundedCache', () => {
  it('computes a key once and shares the answer, even while it is computed', async () => {
    const cache = new BoundedCache<number>(2);
    let computed = 0;
    const compute = async (): Promise<number> => {
      computed++;
      await Promise.resolve();
      return 42;
    };
    const [a, b] = await Promise.all([
      cache.answer('k', compute),
      cache.answer('k', compute),
    ]);
    expect([a, b, await cache.answer('k', compute)]).toEqual([42, 42, 42]);
    expect(computed).toBe(1);
  });

  it('keeps at most maxEntries, dropping the least recently asked', async () => {
    const cache = new BoundedCache<string>(2);
    const computed: string[] = [];
    const ask = (key: string): Promise<string> =>
      cache.answer(key, () => {
        computed.push(key);
        return Promise.resolve(key);
      });
    await ask('a');
    await ask('b');
    await ask('a'); // a is now the most recent
    await ask('c'); // drops b
    expect(cache.size).toBe(2);
    await ask('a');
    await ask('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });

  it('forgets a computation that failed, so the next ask tries again', async () => {
    const cache = new BoundedCache<number>(2);
    await expect(
      cache.answer('k', () => Promise.reject(new Error('store closed'))),
    ).rejects.toThrow('store closed');
    await Promise.resolve();
    expect(cache.size).toBe(0);
    expect(await cache.answer('k', () => Promise.resolve(7))).toBe(7);
  });
});
