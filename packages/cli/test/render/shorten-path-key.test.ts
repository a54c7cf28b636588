import { describe, expect, it } from 'vitest';
import { shortenPathKey } from '../../src/render/shorten-path-key.js';

describe('shortenPathKey', () => {
  it('leaves a key that fits alone', () => {
    expect(shortenPathKey('a:x > b:y', 9)).toBe('a:x > b:y');
  });

  it('keeps the entry hop and as many hops from the end as fit', () => {
    const key = 'front:GET / > mid:call > auth:check > db:query > cache:get';
    expect(shortenPathKey(key, 40)).toBe(
      'front:GET / > … > db:query > cache:get',
    );
    expect(shortenPathKey(key, 40).length).toBeLessThanOrEqual(40);
    expect(shortenPathKey(key, 30)).toBe('front:GET / > … > cache:get');
  });

  it('cuts the text in the middle when not even the entry and the last hop fit', () => {
    const shortened = shortenPathKey(
      `${'a'.repeat(30)} > ${'z'.repeat(30)}`,
      11,
    );
    expect(shortened).toBe('aaaaa…zzzzz');
  });
});
